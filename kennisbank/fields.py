"""The editors' field reference ("Velden"), generated from the model's Dutch help texts."""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import RECORD_TYPES, Ref

_SCALARS = {
    str: "tekst",
    int: "geheel getal",
    float: "getal",
    bool: "true of false",
    dt.date: "datum (JJJJ-MM-DD)",
}


def fields_markdown() -> str:
    parts = [
        "---\ntitle: Velden\ndescription: Alle velden van de kennisbank met uitleg, voor redacteuren.\n---\n",
        "# Velden\n",
        "Welke velden een record kan hebben, wat erin hoort en wat verplicht is. "
        "Deze pagina wordt gemaakt uit het gegevensmodel (`kennisbank/model.py`) en is dus altijd actueel.\n",
    ]
    seen: set[type[BaseModel]] = set()
    queue: list[type[BaseModel]] = []
    for type_, model in RECORD_TYPES.items():
        parts.append(
            f"## {type_}\n\nBestanden in `data/{type_}/<id>.yaml`.\n\n{_table(model, queue)}"
        )
    while queue:
        model = queue.pop(0)
        if model not in seen and model not in RECORD_TYPES.values():
            seen.add(model)
            parts.append(
                f"## {model.__name__} {{#{model.__name__.lower()}}}\n\n{_table(model, queue)}"
            )
    return "\n".join(parts)


def _table(model: type[BaseModel], queue: list[type[BaseModel]]) -> str:
    rows = ["| Veld | Soort | Verplicht | Uitleg |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        kind = _describe(info.annotation, info, queue)
        required = "ja" if info.is_required() else "nee"
        rows.append(f"| `{name}` | {kind} | {required} | {info.description} |")
    return "\n".join(rows) + "\n"


def _describe(annotation: Any, info: FieldInfo | None, queue: list[type[BaseModel]]) -> str:
    ref = _ref(annotation, info)
    if ref:
        return f"id van een record in `data/{ref}/`"
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _describe(args[0], None, queue)
    if origin is list:
        return "lijst van " + _describe(args[0], None, queue)
    if origin is typing.Literal:
        return "een van: " + ", ".join(f"`{a}`" for a in args)
    if args and type(None) in args:
        return " of ".join(_describe(a, None, queue) for a in args if a is not type(None))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        queue.append(annotation)
        return f"velden, zie [{annotation.__name__}](#{annotation.__name__.lower()})"
    return _SCALARS.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _ref(annotation: Any, info: FieldInfo | None) -> str | None:
    metadata = list(info.metadata) if info else []
    if typing.get_origin(annotation) is typing.Annotated:
        metadata += list(annotation.__metadata__)
    return next((m.target for m in metadata if isinstance(m, Ref)), None)
