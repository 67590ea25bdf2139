"""`build.py new` writes a valid record with every field present and explained."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kennisbank.checker import check
from kennisbank.cli import main
from kennisbank.model import RECORD_TYPES
from kennisbank.scaffold import SINGULAR


@pytest.mark.parametrize("kind", sorted(SINGULAR))
def test_new_record_is_valid_and_complete(kind: str, data_copy: Path) -> None:
    extra = ["--gemeente", "nijmegen"] if kind == "praktijkvoorbeeld" else []
    assert main(["new", kind, "Peuteropvang Plus één", *extra]) == 0
    type_ = SINGULAR[kind]
    path = data_copy / type_ / "peuteropvang-plus-een.yaml"
    result = check(data_copy)
    assert result.ok, [str(p) for p in result.problems]
    text = path.read_text(encoding="utf-8")
    assert set(yaml.safe_load(text)) == set(RECORD_TYPES[type_].model_fields)
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line and not line.startswith((" ", "#")):
            assert lines[i - 1].startswith("# "), f"field without explanation: {line}"
    assert "Peuteropvang Plus één" in text


def test_new_refuses_to_overwrite(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "rol", "Pedagogisch coach"]) == 1
    assert "bestaat al" in capsys.readouterr().err


def test_practice_example_needs_a_gemeente(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "praktijkvoorbeeld", "Iets"]) == 1
    assert "--gemeente" in capsys.readouterr().err
