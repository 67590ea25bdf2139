"""The model is the editors' field reference: every field needs a Dutch help text."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from kennisbank.model import RECORD_TYPES


def _models() -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()

    def visit(tp: typing.Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in found:
                return
            found.add(tp)
            for info in tp.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(tp):
            visit(arg)

    for model in RECORD_TYPES.values():
        visit(model)
    return found


def test_every_field_has_a_help_text() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for model in _models()
        for name, info in model.model_fields.items()
        if not (info.description and len(info.description) > 5)
    ]
    assert not missing, f"fields without help text: {missing}"


def test_records_reject_unknown_fields() -> None:
    for model in _models():
        assert model.model_config.get("extra") == "forbid", model.__name__
        assert model.model_config.get("strict") is True, model.__name__


def test_field_reference_documents_every_field() -> None:
    """The "Velden" page lists every field of every (nested) model with its help text."""
    from kennisbank.fields import fields_markdown

    page = fields_markdown()
    for model in _models():
        for name, info in model.model_fields.items():
            assert f"| `{name}` |" in page, f"{model.__name__}.{name} missing from Velden"
            assert info.description in page
        if model.__name__ not in {
            "Interventie",
            "Rol",
            "Organisatie",
            "Praktijkvoorbeeld",
            "Gemeente",
            "Bron",
            "Begrip",
        }:
            assert f"{{#{model.__name__.lower()}}}" in page, model.__name__
