"""The JSON Schemas in schemas/ are generated from the model and referenced from every record."""

from __future__ import annotations

import json

from conftest import ROOT

from kennisbank import schemas
from kennisbank.model import RECORD_TYPES


def test_committed_schemas_are_up_to_date() -> None:
    for name, text in schemas.rendered().items():
        path = ROOT / "schemas" / name
        assert path.is_file(), f"schemas/{name} missing: run `python build.py schemas`"
        assert path.read_text(encoding="utf-8") == text, (
            f"schemas/{name} is out of date with kennisbank/model.py: run `python build.py schemas`"
        )


def test_schemas_carry_the_dutch_help_texts() -> None:
    schema = json.loads((ROOT / "schemas" / "interventies.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["in_gewone_taal"]["description"].startswith("Uitleg voor ouders")
    assert schema["additionalProperties"] is False
    assert schema["properties"]["rollen"]["items"]["x-verwijst-naar"] == "rollen"


def test_every_record_points_its_editor_at_its_schema() -> None:
    for type_ in RECORD_TYPES:
        line = f"# yaml-language-server: $schema=../../schemas/{type_}.schema.json"
        for path in sorted((ROOT / "data" / type_).glob("*.yaml")):
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
            assert first == line, (
                f"{path.relative_to(ROOT)}: first line must be `{line}`: run `python build.py headers`"
            )


def test_vscode_maps_the_schemas() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for type_ in RECORD_TYPES:
        assert mapping[f"schemas/{type_}.schema.json"] == f"data/{type_}/*.yaml"
