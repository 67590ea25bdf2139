"""Guards on the real content: sources, plain-language texts, privacy, and counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from personal_data import EMAIL, SEEDS, personal_names

from kennisbank.checker import Kennisbank, check, iter_models
from kennisbank.model import Kerncijfer

# Lower bounds: content may grow, but must not silently disappear. Raise them when you add.
MINIMUM_COUNTS = {
    "interventies": 51,
    "rollen": 33,
    "organisaties": 42,
    "praktijkvoorbeelden": 6,
    "gemeenten": 5,
    "bronnen": 5,
    "begrippen": 89,
}


@pytest.fixture(scope="module")
def kb() -> Kennisbank:
    result = check(ROOT / "data")
    assert result.ok, "\n".join(str(p) for p in result.problems)
    return result.kennisbank


def test_counts_do_not_shrink(kb: Kennisbank) -> None:
    counts = {t: len(e) for t, e in kb.entries.items()}
    for type_, minimum in MINIMUM_COUNTS.items():
        assert counts[type_] >= minimum, f"{type_}: {counts[type_]} < {minimum}"


def test_every_record_has_a_source(kb: Kennisbank) -> None:
    missing = [
        e.path
        for type_, entries in kb.entries.items()
        if type_ != "bronnen"
        for e in entries.values()
        if not e.record.bronnen
    ]
    assert not missing, f"records without bronnen: {missing}"


def test_every_source_document_is_used(kb: Kennisbank) -> None:
    for bron in kb.entries["bronnen"]:
        assert kb.backlinks.get(("bronnen", bron)), f"bron {bron} is cited nowhere"


def test_every_service_has_a_source_through_its_organisation(kb: Kennisbank) -> None:
    for entry in kb.all("organisaties"):
        for dienst in entry.record.diensten:
            assert dienst.bronnen or entry.record.bronnen, f"{entry.path}: {dienst.id}"


def _plain_texts(kb: Kennisbank) -> list[tuple[str, str]]:
    texts = []
    for type_ in ("interventies", "rollen", "organisaties", "praktijkvoorbeelden"):
        for e in kb.all(type_):
            texts.append((e.path, e.record.in_gewone_taal))
            for d in getattr(e.record, "diensten", []):
                texts.append((f"{e.path}#{d.id}", d.in_gewone_taal))
    return texts


def test_plain_language_summaries_are_short_and_simple(kb: Kennisbank) -> None:
    """B1 rule of thumb: sentences of on average at most 15 words, none over 25."""
    for where, text in _plain_texts(kb):
        sentences = [s for s in re.split(r"[.!?]+\s", text.strip()) if s.strip()]
        words = len(text.split())
        assert text.strip(), f"{where}: in_gewone_taal is empty"
        assert words / len(sentences) <= 15, f"{where}: sentences too long ({words} words)"
        longest = max(len(s.split()) for s in sentences)
        assert longest <= 25, f"{where}: a sentence of {longest} words"


def _published_text() -> list[tuple[Path, str]]:
    files = [*ROOT.joinpath("data").rglob("*.yaml"), *ROOT.joinpath("docs").rglob("*.md")]
    return [(p, p.read_text(encoding="utf-8")) for p in files]


def test_no_names_of_private_persons() -> None:
    names = personal_names()
    assert len(names) > 30, "the interview list was not found in the seeds"
    for path, text in _published_text():
        found = [n for n in names if n in text]
        assert not found, f"{path.relative_to(ROOT)} names private persons: {found}"


def test_no_email_addresses_of_persons() -> None:
    for path, text in _published_text():
        assert not EMAIL.findall(text), f"{path.relative_to(ROOT)} contains an e-mail address"


def test_theme_pages_cite_sources() -> None:
    for page in sorted(ROOT.joinpath("docs", "thema").glob("*.md")):
        if page.name != "index.md":
            assert "../bronnen/" in page.read_text(encoding="utf-8"), f"{page.name} cites no bron"


def _number_forms(value: float) -> set[str]:
    """How a source may write a number: 106177 → 106177, 106.177; 3.5 → 3,5."""
    if float(value).is_integer():
        whole = int(value)
        return {str(whole), f"{whole:,}".replace(",", "."), f"{whole:,}".replace(",", " ")}
    return {f"{value:.{d}f}".replace(".", ",") for d in (1, 2)} | {f"{value:g}".replace(".", ",")}


def test_every_figure_appears_in_its_source(kb: Kennisbank) -> None:
    """Faithfulness: a kerncijfer's value is written in the source document it cites."""
    seeds = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    missing = []
    for entries in kb.entries.values():
        for entry in entries.values():
            for loc, model in iter_models(entry.record):
                if not isinstance(model, Kerncijfer):
                    continue
                text = seeds[kb.get("bronnen", model.bron.bron).bestand]
                if not any(
                    re.search(rf"(?<![\d,.]){re.escape(form)}(?!\d|,\d)", text)
                    for form in _number_forms(model.waarde)
                ):
                    missing.append(f"{entry.path}: {loc}: {model.waarde:g} {model.eenheid}")
    assert not missing, "figures not found in their source:\n" + "\n".join(missing)


def test_no_unfilled_scaffold_placeholders() -> None:
    for path, text in _published_text():
        assert "TODO: vul in" not in text, (
            f"{path.relative_to(ROOT)} still has a TODO from `build.py new`"
        )
