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
    """``around`` the record, plus what the organisations that link to it link to: for
    pages that gather a gemeente's organisations with their diensten, rollen and aanpakken
    (the sociale kaart, the wegwijzer). What other records that name the gemeente link to
    is not on them: a rol that works in 70 gemeenten would otherwise remake all their
    pages whenever one of its organisations changed."""
    found = {(e.type, e.id): e for e in around(kb, entry)}
    for source_type, source_id in kb.backlinks.get((entry.type, entry.id), []):
        if source_type != "organisaties":
            continue
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


Reach = Callable[[Kennisbank, Entry], list[Entry]]


class Memo:
    """Kept units in one file; ``get`` gives the kept result or makes (and keeps) a new one.
    Units not asked for in this build are dropped when it is saved.

    ``near`` is ``get`` for a unit made from one record and the records ``reach`` finds
    from it (``around`` or ``area``), and it avoids working out that key for every unit
    in every build. The memo keeps every record's fingerprint of the build that saved it;
    a unit kept by ``near`` still holds when none of the records it was made from changed
    since (any change to the set would involve a changed record) and its record is not
    next to a changed one (next to a changed record, the set itself may grow). Both
    ``around`` and ``area`` grow only through such a neighbour."""

    def __init__(self, path: Path | None, reuse: bool = True) -> None:
        self.path = path
        stored = parallel.read_pickle(path) if path and reuse else {}
        units, digests = stored.get("units"), stored.get("digests")
        valid = isinstance(units, dict) and isinstance(digests, dict)
        self.kept: dict[str, tuple[Any, ...]] = units if valid else {}
        self.digests: dict[str, str] = digests if valid else {}
        self.used: dict[str, tuple[Any, ...]] = {}
        self.made: list[str] = []
        self._names: dict[tuple[str, str], str] = {}
        self._now: dict[str, str] | None = None  # type/id → fingerprint
        self._changed: set[str] = set()
        self._touched: set[str] | None = None  # None: every record
        self._near: dict[str, tuple[str, tuple[str, ...]]] = {}  # unit → what it covers

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
        self.used[unit] = (unit_key, value, *self._near.get(unit, ()))
        return value

    def near(
        self,
        unit: str,
        kb: Kennisbank,
        entry: Entry,
        parts: tuple[object, ...],
        make: Callable[[], Any],
        reach: Reach = around,
    ) -> Any:
        """``get`` with the key ``key(*parts, entries=reach(kb, entry))`` (``near_key``)."""
        return self.get(unit, self.near_key(unit, kb, entry, parts, reach), make)

    def near_key(
        self,
        unit: str,
        kb: Kennisbank,
        entry: Entry,
        parts: tuple[object, ...],
        reach: Reach = around,
    ) -> str:
        """The key ``key(*parts, entries=reach(kb, entry))``: the kept one as long as no
        record it covers may have changed, else worked out. ``get`` keeps what it covers."""
        self._compare(kb)
        fixed = repr(parts)
        old = self.kept.get(unit)
        if (
            old is not None
            and len(old) == 4
            and old[2] == fixed
            and self._touched is not None
            and self._name(entry) not in self._touched
            and self._changed.isdisjoint(old[3])
        ):
            self._near[unit] = (fixed, old[3])
            return old[0]
        found = reach(kb, entry)
        self._near[unit] = (fixed, tuple(self._name(e) for e in found))
        return key(*parts, entries=found)

    def _name(self, entry: Entry) -> str:
        """``type/id``, one string object per record: the memo names a record once per
        unit it covers (hundreds of thousands of times), and pickle stores a string used
        again as a reference, so the saved memo loads several times faster."""
        found = self._names.get((entry.type, entry.id))
        if found is None:
            found = self._names[(entry.type, entry.id)] = f"{entry.type}/{entry.id}"
        return found

    def _compare(self, kb: Kennisbank) -> None:
        """Which records changed since the memo was saved, and which are next to one."""
        if self._now is not None:
            return
        self._now = {self._name(e): digest(e) for t in kb.entries for e in kb.entries[t].values()}
        old = self.digests
        self._changed = {k for k, d in self._now.items() if old.get(k) != d} | (
            old.keys() - self._now.keys()
        )
        if len(self._changed) > len(self._now) // 2:
            return  # most records: no unit is taken without its key
        touched = set()
        for name in self._changed:
            type_, _, id_ = name.partition("/")
            if id_ in kb.entries.get(type_, {}):
                touched.update(self._name(e) for e in around(kb, kb.entries[type_][id_]))
        self._touched = touched

    def has(self, unit: str, unit_key: str, usable: Callable[[Any], bool] = lambda _: True) -> bool:
        old = self.kept.get(unit)
        return old is not None and old[0] == unit_key and usable(old[1])

    def save(self) -> None:
        last_made[:] = self.made
        if self.path is not None and self._changes_anything():
            data = {"units": self.used, "digests": self._now or {}}
            parallel.write_pickle_later(self.path, data)

    def _changes_anything(self) -> bool:
        if self.made or self.used.keys() != self.kept.keys():
            return True
        return self._now is not None and self._now != self.digests
