"""JSON Schemas of the record types, generated from the model for editors' tooling.

Every data file's first line points its editor at one of them
(``# yaml-language-server: $schema=../../schemas/<type>.schema.json``), so typing
a record gets completion, the Dutch help texts and red underlines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import RECORD_TYPES

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def schema_for(type_: str) -> dict[str, Any]:
    model = RECORD_TYPES[type_]
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Kennisbank Jonge Kind: {type_}"
    return schema


def rendered() -> dict[str, str]:
    """File name → JSON text, stable so that a test can compare it with the committed files."""
    return {
        f"{type_}.schema.json": json.dumps(schema_for(type_), ensure_ascii=False, indent=2) + "\n"
        for type_ in RECORD_TYPES
    }


def write(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(exist_ok=True)
    written = []
    for name, text in rendered().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
