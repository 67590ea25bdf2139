"""``build.py new``: write a new record with every field present and explained in a comment."""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import RECORD_TYPES

SINGULAR = {
    "interventie": "interventies",
    "rol": "rollen",
    "organisatie": "organisaties",
    "praktijkvoorbeeld": "praktijkvoorbeelden",
    "gemeente": "gemeenten",
    "bron": "bronnen",
    "begrip": "begrippen",
}
_TITLE_FIELDS = ("naam", "titel", "term")


class ScaffoldError(Exception):
    pass


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def new_record(kind: str, name: str, data_dir: Path, gemeente: str | None = None) -> Path:
    type_ = SINGULAR[kind]
    path = data_dir / type_ / f"{slugify(name)}.yaml"
    if path.exists():
        raise ScaffoldError(f"{path} bestaat al")
    if type_ == "praktijkvoorbeelden" and not gemeente:
        raise ScaffoldError("een praktijkvoorbeeld hoort bij een gemeente: geef --gemeente <id>")
    values = {"gemeente": gemeente} if gemeente else {}
    lines = [f"# yaml-language-server: $schema=../../schemas/{type_}.schema.json"]
    lines += _fields(RECORD_TYPES[type_], {**values, **dict.fromkeys(_TITLE_FIELDS, name)}, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _fields(model: type[BaseModel], given: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for name, info in model.model_fields.items():
        lines.append(
            f"{pad}# {info.description}{'' if info.is_required() else ' (mag leeg blijven)'}"
        )
        nested = _required_model(info)
        if nested is not None:
            lines.append(f"{pad}{name}:")
            lines += _fields(nested, {}, indent + 2)
            continue
        value = given.get(name, _placeholder(info))
        lines.append(f"{pad}{name}: {_yaml(value)}")
    return lines


def _required_model(info: FieldInfo) -> type[BaseModel] | None:
    annotation = info.annotation
    if info.is_required() and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _placeholder(info: FieldInfo) -> Any:
    if not info.is_required():
        default = info.get_default(call_default_factory=True)
        return default.model_dump() if isinstance(default, BaseModel) else default
    annotation = info.annotation
    if typing.get_origin(annotation) is typing.Literal:
        choices = typing.get_args(annotation)
        return next((c for c in ("onbekend", "overig") if c in choices), choices[0])
    if annotation is dt.date:
        return dt.date.today()
    if annotation is int:
        return dt.date.today().year
    if annotation is bool:
        return False
    return "TODO: vul in"


def _yaml(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    if isinstance(value, list) and not value:
        return "[]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
