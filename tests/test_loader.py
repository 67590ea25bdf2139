from __future__ import annotations

from pathlib import Path

import pytest

from kennisbank.loader import MAX_BYTES, LoadError, load_file, parse


def test_lines_are_recorded_per_field_path() -> None:
    doc = parse("naam: x\nrollen:\n  - a\n  - b\nleeftijd:\n  van: 1\n", "t.yaml")
    assert doc.data == {"naam": "x", "rollen": ["a", "b"], "leeftijd": {"van": 1}}
    assert doc.lines[("rollen", 1)] == 4
    assert doc.lines[("leeftijd", "van")] == 6
    assert doc.line_of(("leeftijd", "van", "onbekend")) == 6


def test_dates_are_dates() -> None:
    import datetime as dt

    assert parse("d: 2024-05-01\n", "t.yaml").data["d"] == dt.date(2024, 5, 1)


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "groot.yaml"
    big.write_text("naam: " + "x" * (MAX_BYTES + 1) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load_file(big, "data/interventies/groot.yaml")
    assert str(err.value.problem).startswith("data/interventies/groot.yaml:1: bestand is te groot")


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(LoadError, match="ankers en verwijzingen"):
        parse("\n".join(lines) + "\n", "t.yaml")


def test_python_tag_on_a_mapping_is_refused() -> None:
    with pytest.raises(LoadError, match="YAML-label"):
        parse("x: !!python/object:os.system {a: 1}\n", "t.yaml")
