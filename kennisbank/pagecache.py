"""Generated pages kept between builds, so a rebuild regenerates only what a change touches.

A *unit* is something that makes pages: a record's page, a factsheet. Each is kept
with a *key*, the fingerprint of everything it was made from (see ``around``). When
the key is unchanged the kept result is used and nothing is rendered. Plain Python,
no MkDocs.

A record's page shows the record itself and what it links to or is linked from (a
name, a summary), never records two links away; so its key covers the record and
those neighbours (``around``), plus the code and templates (``code_key``). A
template that reaches two links away must widen its key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2

from . import parallel
from .checker import Entry, Kennisbank, digest

ROOT = Path(__file__).resolve().parent.parent
# The units the last saved Memo had to make (not taken from earlier builds), for tests.
last_made: list[str] = []


def around(kb: Kennisbank, entry: Entry) -> list[Entry]:
    """The record, the records it links to and the records that link to it."""
    found = {(entry.type, entry.id): entry}
    for _, target, ref in entry.outgoing().refs:
        if ref in kb.entries[target]:
            found[(target, ref)] = kb.entries[target][ref]
    for source_type, source_id in kb.backlinks.get((entry.type, entry.id), []):
        found[(source_type, source_id)] = kb.entries[source_type][source_id]
    return [found[k] for k in sorted(found)]


def area(kb: Kennisbank, entry: Entry) -> list[Entry]:
    """``around`` the record, plus what the records that link to it link to: for pages
    that gather a gemeente's organisations with their diensten, rollen and aanpakken."""
    found = {(e.type, e.id): e for e in around(kb, entry)}
    for source_type, source_id in kb.backlinks.get((entry.type, entry.id), []):
        for _, target, ref in kb.entries[source_type][source_id].outgoing().refs:
            if ref in kb.entries[target]:
                found[(target, ref)] = kb.entries[target][ref]
    return [found[k] for k in sorted(found)]


def key(*parts: object, entries: Iterable[Entry] = ()) -> str:
    """A key from plain values and the content of ``entries``."""
    text = "".join([f"\0{entry.type}/{entry.id}={digest(entry)}" for entry in entries])
    return hashlib.sha256((repr(parts) + text).encode()).hexdigest()


def code_key(*extra: object) -> str:
    """The code and templates every generated page depends on."""
    h = hashlib.sha256(repr(extra).encode())
    paths = sorted((ROOT / "kennisbank").glob("*.py")) + sorted((ROOT / "templates").rglob("*"))
    for path in paths:
        if path.is_file():
            h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def template_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds: compiling all of them takes a second, and a
    rebuild renders only a few pages. Jinja keys each by the template's name and source,
    not by the environment's settings: only ``render``'s environment (and its overlays,
    which change no setting that shapes the compiled code) may use it."""
    directory = parallel.state_dir() / "templates"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


class Memo:
    """Kept units in one file; ``get`` gives the kept result or makes (and keeps) a new one.
    Units not asked for in this build are dropped when it is saved."""

    def __init__(self, path: Path | None, reuse: bool = True) -> None:
        self.path = path
        self.kept: dict[str, tuple[str, Any]] = parallel.read_pickle(path) if path and reuse else {}
        self.used: dict[str, tuple[str, Any]] = {}
        self.made: list[str] = []

    def get(
        self,
        unit: str,
        unit_key: str,
        make: Callable[[], Any],
        usable: Callable[[Any], bool] = lambda _: True,
    ) -> Any:
        old = self.kept.get(unit)
        if old is not None and old[0] == unit_key and usable(old[1]):
            value = old[1]
        else:
            value = make()
            self.made.append(unit)
        self.used[unit] = (unit_key, value)
        return value

    def has(self, unit: str, unit_key: str, usable: Callable[[Any], bool] = lambda _: True) -> bool:
        old = self.kept.get(unit)
        return old is not None and old[0] == unit_key and usable(old[1])

    def save(self) -> None:
        last_made[:] = self.made
        if self.path is not None and (self.made or self.used.keys() != self.kept.keys()):
            parallel.write_pickle_later(self.path, self.used)
