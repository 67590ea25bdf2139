"""Every file in tests/data/invalid/ fails with exactly the message in its .expected file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kennisbank.cli import main

INVALID = Path(__file__).parent / "data" / "invalid"
CASES = sorted(p for p in INVALID.rglob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_invalid_record_fails_with_exact_message(
    case: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(case, data_copy / case.parent.name / case.name)
    assert main(["check"]) == 1
    report = capsys.readouterr().err.split("\n\n")[0].strip()
    assert report == case.with_suffix(".expected").read_text(encoding="utf-8").strip()


def test_every_invalid_case_has_an_expectation() -> None:
    assert CASES, "no invalid cases found"
    for case in CASES:
        assert case.with_suffix(".expected").is_file(), case


def test_all_errors_are_collected_before_failing(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("rol-bestaat-niet", "ongeldige-status", "dubbel-veld"):
        shutil.copy(INVALID / "interventies" / f"{name}.yaml", data_copy / "interventies")
    shutil.copy(INVALID / "organisaties" / "onbekende-wijk.yaml", data_copy / "organisaties")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.count("data/") == 4 + 1  # four errors, plus the hint naming data/gemeenten/
    assert err.rstrip().endswith("4 fouten in 4 bestanden.")


def test_unknown_folder_and_extension_are_reported(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_copy / "intervneties").mkdir()
    (data_copy / "rollen" / "coach.yml").write_text("naam: x\n", encoding="utf-8")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert (
        "data/intervneties:1: onbekende map of bestand in de datamap (bedoelde je 'interventies'?)"
        in err
    )
    assert "data/rollen/coach.yml:1: alleen .yaml-bestanden horen in deze map" in err


def test_github_format_annotates_the_line(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(INVALID / "interventies" / "rol-bestaat-niet.yaml", data_copy / "interventies")
    assert main(["check", "--format", "github"]) == 1
    out = capsys.readouterr().out.strip()
    assert out == (
        "::error file=data/interventies/rol-bestaat-niet.yaml,line=10::rollen[1]: "
        "'pedagogisch-coch' bestaat niet (bedoelde je 'pedagogisch-coach'?)"
    )


def test_a_record_from_the_load_cache_reports_the_line_of_a_broken_reference(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged records come from the load cache without their parsed YAML; a reference
    that breaks because another record went away still names its file, line and field."""
    from kennisbank import parallel
    from kennisbank.checker import check
    from kennisbank.loader import KeptDocument

    monkeypatch.setattr(parallel, "write_pickle_later", parallel.write_pickle)
    cache = data_copy.parent / "cache"
    assert check(Path("data"), cache=cache).ok
    (data_copy / "rollen" / "pedagogisch-coach.yaml").unlink()
    kept = check(Path("data"), cache=cache)
    assert isinstance(kept.kennisbank.entries["organisaties"]["kion"].doc, KeptDocument)
    fresh = check(Path("data"))
    assert [p.with_hint() for p in kept.problems] == [p.with_hint() for p in fresh.problems]
    assert "data/organisaties/kion.yaml:17: diensten[0].toegang.via_rollen[0]" in str(
        [p.with_hint() for p in kept.problems]
    )
