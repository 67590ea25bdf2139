"""Phase one: load every record, validate it, check references, collect all problems."""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import re
import typing
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import loadcache, parallel, personal_data, safety
from .loader import Document, LoadError, load_file
from .model import RECORD_TYPES, SLUG, Organisatie, Ref, Werkgebied
from .result import Loc, Problem, shorten


@dataclass
class Entry:
    """One validated record with where it came from."""

    type: str
    id: str
    path: str
    record: Any
    doc: Document
    # Its references and werkgebieden, worked out once (and kept with it in the load cache).
    links: Links | None = field(default=None, repr=False, compare=False)

    def outgoing(self) -> Links:
        if self.links is None:
            refs = tuple(iter_refs(self.record))
            areas = tuple(
                (loc, model.gemeente, tuple(model.wijken))
                for loc, model in iter_models(self.record)
                if isinstance(model, Werkgebied)
            )
            self.links = Links(refs, areas)
        return self.links


def digest(entry: Entry) -> str:
    """A fingerprint of the validated record, worked out once per record object (the
    records loaded in a build get theirs then, and keep it in the load cache)."""
    found = getattr(entry, "_digest", None)
    if found is None or found[0] is not entry.record:
        data = f"{entry.type}/{entry.id}\0{entry.path}\0{entry.record.model_dump_json()}"
        found = (entry.record, hashlib.sha256(data.encode()).hexdigest()[:24])
        entry._digest = found  # type: ignore[attr-defined]
    return found[1]


@dataclass(frozen=True)
class Links:
    refs: tuple[tuple[Loc, str, str], ...]  # (field path, target type, id)
    areas: tuple[tuple[Loc, str, tuple[str, ...]], ...]  # (field path, gemeente, wijken)


@dataclass
class Kennisbank:
    """All validated records, by type and id, with the links between them."""

    entries: dict[str, dict[str, Entry]] = field(
        default_factory=lambda: {t: {} for t in RECORD_TYPES}
    )
    backlinks: dict[tuple[str, str], list[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def get(self, type_: str, id_: str) -> Any:
        return self.entries[type_][id_].record

    def all(self, type_: str) -> list[Entry]:
        return sorted(self.entries[type_].values(), key=lambda e: e.id)

    def linked_from(self, target: str, id_: str, source_type: str) -> list[Entry]:
        """Records of ``source_type`` that reference ``target``/``id_``."""
        ids = sorted({i for t, i in self.backlinks.get((target, id_), []) if t == source_type})
        return [self.entries[source_type][i] for i in ids]


@dataclass
class Result:
    kennisbank: Kennisbank
    problems: list[Problem]
    # Personal-looking contact details: shown by `check`, they do not fail it.
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(data_dir: Path, cache: Path | None = None, reuse: bool = True) -> Result:
    """Load and validate every record. With ``cache`` (a directory) the valid records are
    kept there, and (``reuse``) records whose file did not change since are taken from it
    instead of parsed again."""
    with parallel.collector_paused():
        return _check(data_dir, cache, reuse)


def _check(data_dir: Path, cache: Path | None, reuse: bool) -> Result:
    kb = Kennisbank()
    problems: list[Problem] = []
    kept = loadcache.read(cache, data_dir) if cache and reuse else {}
    fresh: loadcache.Kept = {}
    found = []
    files = [(t, p, loadcache.stamp(p)) for t, p in _discover(data_dir, problems)]
    todo = [(t, p) for t, p, stamp in files if kept.get((t, str(p)), ((),))[0] != stamp]
    loaded = _load_all(todo)
    for type_, path, stamp in files:
        if (type_, str(path)) in loaded:
            entry, own, warnings = loaded[(type_, str(path))]
            problems += own
            if entry:
                digest(entry)
        else:
            _, entry, warnings = kept[(type_, str(path))]
        if entry:
            kb.entries[type_][entry.id] = entry
            found += warnings
            fresh[(type_, str(path))] = (stamp, entry, warnings)
    _check_references(kb, problems)
    result = Result(kb, sorted(set(problems)), sorted(set(found)))
    if (
        cache
        and result.ok
        and {k: v[0] for k, v in fresh.items()} != {k: v[0] for k, v in kept.items()}
    ):
        loadcache.write(cache, data_dir, fresh)
    return result


_SPLIT_FROM = 400  # files: below this, a second process costs more than it saves


def _load_all(todo: list[tuple[str, Path]]) -> dict[tuple[str, str], tuple]:
    """Load and validate ``todo``: (entry or None, its problems, its warnings) per file; the
    second half in a forked process when there are many (parsing YAML is most of a check)."""
    if len(todo) < _SPLIT_FROM:
        return _load_some(todo)
    half = len(todo) // 2
    other = parallel.Forked(lambda: _load_some(todo[half:]))
    loaded = _load_some(todo[:half])
    loaded.update(other.result())
    return loaded


def _load_some(todo: list[tuple[str, Path]]) -> dict[tuple[str, str], tuple]:
    loaded = {}
    for type_, path in todo:
        own: list[Problem] = []
        entry = _load_entry(type_, path, own)
        if entry:
            entry.outgoing()  # worked out here, in parallel
        warnings = list(personal_data.warnings(entry.doc)) if entry else []
        loaded[(type_, str(path))] = (entry, own, warnings)
    return loaded


def shown_path(path: Path) -> str:
    """Paths inside the working directory read relative to it, like in the examples."""
    rel = os.path.relpath(path)
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


def in_repository(path: str) -> bool:
    """Whether a path from ``shown_path`` names a file of the repository (the working
    directory): only such a file has an edit link or can be named in an issue."""
    return not (path.startswith("/") or path == ".." or path.startswith("../"))


def _discover(data_dir: Path, problems: list[Problem]) -> Iterator[tuple[str, Path]]:
    if not data_dir.is_dir():
        problems.append(Problem(shown_path(data_dir), 1, (), "de datamap bestaat niet"))
        return
    for child in sorted(data_dir.iterdir()):
        if child.name.startswith(".") or (child.is_file() and child.suffix == ".md"):
            continue
        if not child.is_dir() or child.name not in RECORD_TYPES:
            problems.append(
                Problem(
                    shown_path(child),
                    1,
                    (),
                    f"onbekende map of bestand in de datamap{_did_you_mean(child.name, RECORD_TYPES)}",
                    hint="records horen in " + ", ".join(f"data/{t}/" for t in RECORD_TYPES),
                )
            )
            continue
        for path in sorted(child.iterdir()):
            if path.name.startswith("."):
                continue
            if path.is_symlink():
                problems.append(
                    Problem(
                        shown_path(path),
                        1,
                        (),
                        "een snelkoppeling (symlink) is geen record",
                        hint="zet het record zelf in deze map",
                    )
                )
                continue
            if path.suffix != ".yaml" or not path.is_file():
                problems.append(
                    Problem(
                        shown_path(path),
                        1,
                        (),
                        "alleen .yaml-bestanden horen in deze map",
                        hint="geef het bestand de extensie .yaml",
                    )
                )
                continue
            yield child.name, path


def _load_entry(type_: str, path: Path, problems: list[Problem]) -> Entry | None:
    shown = shown_path(path)
    if not SLUG.fullmatch(path.stem):
        problems.append(
            Problem(
                shown,
                1,
                (),
                f"bestandsnaam '{path.name}' is geen geldige id",
                hint="gebruik alleen kleine letters a-z, cijfers en streepjes, bijvoorbeeld 'peuter-plus.yaml'",
            )
        )
        return None
    try:
        doc = load_file(path, shown)
    except LoadError as exc:
        problems.append(exc.problem)
        return None
    problems.extend(safety.text_problems(doc))
    model = RECORD_TYPES[type_]
    try:
        record = model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_translate(error, doc, model) for error in exc.errors())
        return None
    return Entry(type_, path.stem, shown, record, doc)


# --- pydantic errors in Dutch ---------------------------------------------------------

_SIMPLE = {
    "string_type": ("moet tekst zijn", "zet de waarde tussen aanhalingstekens"),
    "int_type": ("moet een geheel getal zijn", None),
    "int_from_float": ("moet een geheel getal zijn", None),
    "float_type": (
        "moet een getal zijn",
        "schrijf het getal zonder eenheid, met een punt als decimaalteken",
    ),
    "bool_type": ("moet true (ja) of false (nee) zijn", None),
    "date_type": (
        "moet een datum zijn",
        "schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2024-05-01",
    ),
    "list_type": ("moet een lijst zijn", "zet elk item op een eigen regel die begint met '- '"),
    "model_type": ("moet velden bevatten (veld: waarde)", None),
    "dict_type": ("moet velden bevatten (veld: waarde)", None),
    "model_attributes_type": ("moet velden bevatten (veld: waarde)", None),
    "string_too_short": ("mag niet leeg zijn", None),
    "finite_number": ("moet een gewoon getal zijn", "schrijf het getal zelf, zonder eenheid"),
}


def _translate(error: dict[str, Any], doc: Document, model: type[BaseModel]) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    hint: str | None = None
    if kind == "missing":
        message, hint = "verplicht veld ontbreekt", f"voeg '{loc[-1]}:' toe"
        line = doc.line_of(loc[:-1])
    elif kind == "extra_forbidden":
        known = _field_names(model, loc[:-1])
        message = f"onbekend veld{_did_you_mean(str(loc[-1]), known)}"
        hint = "toegestane velden: " + ", ".join(sorted(known))
        line = doc.line_of(loc)
    else:
        line = doc.line_of(loc)
        if kind == "literal_error":
            allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
            message = (
                f"'{shorten(value)}' is geen geldige waarde{_did_you_mean(str(value), allowed)}"
            )
            hint = "kies uit: " + ", ".join(allowed)
        elif kind in ("greater_than_equal", "greater_than"):
            message = f"moet minstens {ctx.get('ge', ctx.get('gt'))} zijn, niet {value}"
        elif kind in ("less_than_equal", "less_than"):
            message = f"mag hoogstens {ctx.get('le', ctx.get('lt'))} zijn, niet {value}"
        elif kind == "value_error":
            message = str(ctx.get("error", error["msg"]))
            hint = getattr(ctx.get("error"), "hint", None)  # safety.Invalid carries a tip
        elif kind in _SIMPLE:
            message, hint = _SIMPLE[kind]
            if value is not None and not isinstance(value, (dict, list)):
                message += (
                    f", niet {shorten(value)!r}" if isinstance(value, str) else f", niet {value!r}"
                )
        else:  # an error type without a translation still says what pydantic says
            message = error["msg"]
    return Problem(doc.path, line, loc, message, hint=hint)


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    cls: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = cls.model_fields.get(part) if _is_model(cls) else None
        cls = _model_in(info.annotation) if info else None
        if cls is None:
            return []
    return list(cls.model_fields) if _is_model(cls) else []


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _did_you_mean(value: str, choices: typing.Iterable[str]) -> str:
    choices = list(choices)
    match = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    match = match or [c for c in choices if value and c.startswith(value)][:1]
    return f" (bedoelde je '{match[0]}'?)" if match else ""


# --- references -----------------------------------------------------------------------


@functools.cache
def _ref_target(cls: type[BaseModel], name: str) -> str | None:
    info = cls.model_fields[name]
    for meta in info.metadata:
        if isinstance(meta, Ref):
            return meta.target
    return _ref_in(info.annotation)


def _ref_in(annotation: Any) -> str | None:
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, Ref):
                return meta.target
    for arg in typing.get_args(annotation):
        found = _ref_in(arg)
        if found:
            return found
    return None


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, str | None, bool], ...]:
    """Per field of ``cls``: its name, the type it refers to, whether it can hold a model.
    Worked out once per class, not once per record."""
    return tuple(
        (name, _ref_target(cls, name), _model_in(info.annotation) is not None)
        for name, info in cls.model_fields.items()
    )


def iter_models(obj: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, BaseModel]]:
    """Every model inside ``obj`` (itself included) with its field path."""
    yield loc, obj
    for name, _, nested in _plan(type(obj)):
        if not nested:
            continue
        value = getattr(obj, name)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            if isinstance(item, BaseModel):
                yield from iter_models(item, (*loc, name) if i is None else (*loc, name, i))


def iter_refs(obj: BaseModel) -> Iterator[tuple[Loc, str, str]]:
    """Every reference in ``obj``: (field path, target type, id)."""
    for loc, model in iter_models(obj):
        for name, target, _ in _plan(type(model)):
            if target is None:
                continue
            value = getattr(model, name)
            if value is None:
                continue
            if isinstance(value, list):
                for i, item in enumerate(value):
                    yield (*loc, name, i), target, item
            else:
                yield (*loc, name), target, value


def _check_references(kb: Kennisbank, problems: list[Problem]) -> None:
    seen: set[tuple[str, str, str, str]] = set()  # a set: a list lookup per link is quadratic
    for type_, entries in kb.entries.items():
        for entry in entries.values():
            for loc, target, ref in entry.outgoing().refs:
                if ref in kb.entries[target]:
                    if (target, ref, type_, entry.id) not in seen:
                        seen.add((target, ref, type_, entry.id))
                        kb.backlinks[(target, ref)].append((type_, entry.id))
                    continue
                problems.append(_missing(entry, loc, target, ref, kb))
            problems.extend(_check_areas(entry, kb))
            if isinstance(entry.record, Organisatie):
                problems.extend(_check_service_ids(entry))


def _missing(entry: Entry, loc: Loc, target: str, ref: str, kb: Kennisbank) -> Problem:
    suggestion = _did_you_mean(ref, kb.entries[target])
    hint = None if suggestion else f"maak data/{target}/{ref}.yaml aan of kies een bestaande id"
    return Problem(
        entry.path, entry.doc.line_of(loc), loc, f"'{ref}' bestaat niet{suggestion}", hint=hint
    )


def _check_areas(entry: Entry, kb: Kennisbank) -> Iterator[Problem]:
    for loc, gemeente, wijken in entry.outgoing().areas:
        if gemeente not in kb.entries["gemeenten"]:
            continue
        known = [w.id for w in kb.get("gemeenten", gemeente).wijken]
        for i, wijk in enumerate(wijken):
            if wijk not in known:
                wloc = (*loc, "wijken", i)
                yield Problem(
                    entry.path,
                    entry.doc.line_of(wloc),
                    wloc,
                    f"wijk '{wijk}' bestaat niet in gemeente '{gemeente}'{_did_you_mean(wijk, known)}",
                    hint=f"voeg de wijk toe aan data/gemeenten/{gemeente}.yaml",
                )


def _check_service_ids(entry: Entry) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, dienst in enumerate(entry.record.diensten):
        if dienst.id in seen:
            loc = ("diensten", i, "id")
            yield Problem(
                entry.path,
                entry.doc.line_of(loc),
                loc,
                f"dienst-id '{dienst.id}' komt twee keer voor",
            )
        seen.add(dienst.id)
