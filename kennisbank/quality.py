"""Data quality per gemeente: stale, incomplete or unsourced records (page and `build.py report`)."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass

from .checker import Entry, Kennisbank
from .model import Organisatie

STALE_AFTER_DAYS = 365
NO_GEMEENTE = "zonder gemeente"


@dataclass(frozen=True, order=True)
class Finding:
    gemeente: str
    path: str
    type: str
    id: str
    reasons: tuple[str, ...]


def today() -> dt.date:
    """SOURCE_DATE_EPOCH pins "today", so a build of the same input is byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()


def findings(kb: Kennisbank, on: dt.date | None = None) -> list[Finding]:
    on = on or today()
    found = []
    for type_ in kb.entries:
        for entry in kb.all(type_):
            reasons = tuple(_reasons(entry, on))
            if reasons:
                for gemeente in gemeenten_of(entry) or [NO_GEMEENTE]:
                    found.append(Finding(gemeente, entry.path, type_, entry.id, reasons))
    return sorted(found)


def by_gemeente(found: list[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in found:
        groups[f.gemeente].append(f)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == NO_GEMEENTE, kv[0])))


def _reasons(entry: Entry, on: dt.date) -> list[str]:
    r = entry.record
    reasons = []
    checked = r.laatst_gecontroleerd
    if (on - checked).days > STALE_AFTER_DAYS:
        reasons.append(f"verouderd: laatst gecontroleerd op {checked.isoformat()}")
    if entry.type != "bronnen" and not r.bronnen:
        reasons.append("onvolledig: geen bron")
    if isinstance(r, Organisatie) and not (
        r.contact.website or r.contact.telefoon or r.contact.email
    ):
        reasons.append("onvolledig: geen contactgegevens")
    texts = [getattr(r, "in_gewone_taal", None)] + [
        d.in_gewone_taal for d in getattr(r, "diensten", [])
    ]
    if any(t is not None and (not t.strip() or "TODO" in t) for t in texts):
        reasons.append("onvolledig: geen tekst in gewone taal voor ouders")
    return reasons


def gemeenten_of(entry: Entry) -> list[str]:
    r = entry.record
    if entry.type == "gemeenten":
        return [entry.id]
    ids = list(getattr(r, "gemeenten", []))
    ids += [w.gemeente for w in getattr(r, "werkgebied", [])]
    if getattr(r, "gemeente", None):
        ids.append(r.gemeente)
    return sorted(set(ids))


def report_lines(kb: Kennisbank, on: dt.date | None = None) -> list[str]:
    groups = by_gemeente(findings(kb, on))
    if not groups:
        return ["Geen verouderde of onvolledige records."]
    lines = []
    for gemeente, items in groups.items():
        name = (
            kb.get("gemeenten", gemeente).naam if gemeente in kb.entries["gemeenten"] else gemeente
        )
        lines.append(f"{name} ({len(items)})")
        lines += [f"  {f.path}: {'; '.join(f.reasons)}" for f in items]
    return lines
