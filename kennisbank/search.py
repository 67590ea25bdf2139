"""Search: filter values per record and the Pagefind index of the built site.

Pagefind indexes the built HTML after the site engine ran, so nothing here knows
MkDocs: ``filters`` says which filter values a record's page carries, ``markup``
turns them into the attributes Pagefind reads, and ``index_site`` runs Pagefind
on an output directory. Pagefind stems Dutch because every page says
``lang="nl"``; its index is split into chunks, so a first query loads only a
small part of it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from markupsafe import escape

from . import labels, sociale_kaart
from .checker import Entry, Kennisbank

# The order here is the order of the filter groups on the search page.
FILTER_NAMES = (
    "soort",
    "gemeente",
    "wijk",
    "leeftijd",
    "ondersteuningsbehoefte",
    "toegang",
    "financiering",
)
TYPE_FILTER = {
    "interventies": "Aanpak",
    "rollen": "Rol",
    "organisaties": "Organisatie",
    "praktijkvoorbeelden": "Praktijkvoorbeeld",
    "gemeenten": "Gemeente",
    "bronnen": "Bron",
    "begrippen": "Begrip",
}
OTHER_PAGES = "Uitleg"
SOCIAL_MAP = "Sociale kaart"
# Age groups a parent thinks in; a range counts for every year it overlaps.
AGE_GROUPS = (
    (0, 12, "0 tot 1 jaar"),
    (12, 24, "1 tot 2 jaar"),
    (24, 36, "2 tot 3 jaar"),
    (36, 48, "3 tot 4 jaar"),
)
OPEN_ACCESS = "Zelf aanmelden of binnenlopen"
REFERRAL = "Via een professional of verwijzing"

# Page furniture inside the content that is not text to search: heading permalinks
# ("¶") and diagram source (the diagram's text alternative is indexed instead).
NOT_INDEXED = (".headerlink", ".mermaid")

Filters = dict[str, list[str]]


def filters(kb: Kennisbank) -> dict[str, Filters]:
    """Filter values for every record page (``type/id.md``) and sociale kaart page."""
    pages = {
        f"{entry.type}/{entry.id}.md": _record_filters(kb, entry)
        for type_ in kb.entries
        for entry in kb.all(type_)
    }
    for entry in kb.all("gemeenten"):
        pages[f"{sociale_kaart.ROOT}/{entry.id}.md"] = {
            "soort": [SOCIAL_MAP],
            "gemeente": [entry.record.naam],
        }
    return pages


def _record_filters(kb: Kennisbank, entry: Entry) -> Filters:
    values = _Values(kb)
    values.add("soort", [TYPE_FILTER[entry.type]])
    r = entry.record
    if entry.type == "interventies":
        values.places([(g, []) for g in r.gemeenten])
        values.offer(r.doelgroep.leeftijd, r.doelgroep.ondersteuningsbehoefte, r.toegang)
        values.add("financiering", [labels.FINANCIERING[f] for f in r.financiering])
    elif entry.type == "organisaties":
        values.places((w.gemeente, w.wijken) for w in r.werkgebied)
        for dienst in r.diensten:
            values.places((w.gemeente, w.wijken) for w in dienst.werkgebied)
            values.offer(dienst.leeftijd, dienst.ondersteuningsbehoefte, dienst.toegang)
            values.add("financiering", [labels.FINANCIERING[f] for f in dienst.financiering])
    elif entry.type == "rollen":
        values.places([(g, []) for g in r.gemeenten])
    elif entry.type == "praktijkvoorbeelden":
        values.places([(r.gemeente, [])])
    elif entry.type == "gemeenten":
        values.places([(entry.id, [])])
    return values.result()


class _Values:
    """Collects filter values without duplicates, in a stable order."""

    def __init__(self, kb: Kennisbank) -> None:
        self.kb = kb
        self.values: dict[str, dict[str, None]] = {name: {} for name in FILTER_NAMES}

    def add(self, name: str, values: Iterable[str]) -> None:
        self.values[name].update(dict.fromkeys(values))

    def places(self, places: Iterable[tuple[str, list[str]]]) -> None:
        for gemeente_id, wijk_ids in places:
            gemeente = self.kb.get("gemeenten", gemeente_id)
            self.add("gemeente", [gemeente.naam])
            names = {w.id: w.naam for w in gemeente.wijken}
            self.add("wijk", [f"{names[w]} ({gemeente.naam})" for w in wijk_ids if w in names])

    def offer(self, leeftijd, behoeften: Iterable[str], toegang) -> None:
        if leeftijd is not None:
            self.add("leeftijd", age_groups(leeftijd.van_maanden, leeftijd.tot_maanden))
        self.add("ondersteuningsbehoefte", [labels.BEHOEFTEN[b] for b in behoeften])
        if toegang is not None:
            self.add("toegang", [OPEN_ACCESS if toegang.vrij_toegankelijk else REFERRAL])

    def result(self) -> Filters:
        return {name: list(found) for name, found in self.values.items() if found}


def age_groups(from_months: int, to_months: int) -> list[str]:
    return [label for start, end, label in AGE_GROUPS if from_months < end and to_months > start]


def markup(page_filters: Filters) -> str:
    """Empty elements whose attributes give Pagefind the filter values of a page."""
    return "".join(
        f'<span data-pagefind-filter="{escape(name)}:{escape(value)}"></span>'
        for name, values in page_filters.items()
        for value in values
    )


def body(html: str, page_filters: Filters) -> str:
    """Mark ``html`` as the part of a page that search indexes, with its filters."""
    return f"<div data-pagefind-body>{markup(page_filters)}\n{html}\n</div>"


class SearchIndexError(Exception):
    pass


def index_site(site_dir: Path, pages: Mapping[str, bool] | None = None) -> str:
    """Write the Pagefind index into ``site_dir/pagefind``; returns Pagefind's summary.
    ``pages``: every page's output file (relative to ``site_dir``) and whether it is
    indexed; Pagefind then reads only the folders with indexed pages."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
    if pages is not None:
        command += ["--glob", page_glob(pages)]
    for selector in NOT_INDEXED:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").exists():
        raise SearchIndexError(f"Pagefind kon de zoekindex niet maken:\n{done.stdout}{done.stderr}")
    return done.stdout


def page_glob(pages: Mapping[str, bool]) -> str:
    """A Pagefind glob for the indexed ``pages``: a folder of the site with mostly indexed
    pages as a whole (a page without ``data-pagefind-body`` costs Pagefind little), the
    few indexed pages of other folders one by one."""
    folders: dict[str, list[str]] = {}
    totals: dict[str, int] = {}
    for page, indexed in pages.items():
        top, _, rest = page.partition("/")
        folder = top if rest else ""
        totals[folder] = totals.get(folder, 0) + 1
        if indexed:
            folders.setdefault(folder, []).append(page)
    parts = sorted(folders.pop("", []))
    for folder, found in sorted(folders.items()):
        whole = 2 * len(found) >= totals[folder]
        parts += [f"{folder}/**/*.html"] if whole else sorted(found)
    return "{" + ",".join(parts) + "}"
