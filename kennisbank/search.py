"""Search: filter values per record and the Pagefind index of the built site.

Pagefind indexes the built HTML after the site engine ran, so nothing here knows
MkDocs: ``filters`` says which filter values a record's page carries, ``markup``
turns them into the attributes Pagefind reads, and ``index_site`` runs Pagefind
on an output directory. Pagefind stems Dutch because every page says
``lang="nl"``; its index is split into chunks, so a first query loads only a
small part of it.

Pagefind cannot update an index; at national scale indexing takes some twenty seconds.
So a rebuild in which few indexed pages changed keeps the previous index as it is and
indexes only the pages changed since it was made, into a *supplement*
(``pagefind-aanvulling/``). The search page merges the two (Pagefind's ``mergeIndex``)
and hides the replaced pages' old entries, which ``pagefind/aanvulling.json`` lists
with the filter values they carry, so that the counts stay right. When the supplement
outgrows ``supplement_limit``, or in a full build, the whole site is indexed again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from . import labels, pagecache, sociale_kaart
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


def filters(kb: Kennisbank, memo: pagecache.Memo | None = None) -> dict[str, Filters]:
    """Filter values for every record page (``type/id.md``) and sociale kaart page; with
    ``memo``, a record's are worked out again only when it or a neighbour changed."""
    memo = memo or pagecache.Memo(None)
    salt = pagecache.code_key("zoekfilters")
    pages = {
        f"{entry.type}/{entry.id}.md": memo.near(
            f"zoekfilters:{entry.type}/{entry.id}",
            kb,
            entry,
            (salt,),
            lambda entry=entry: _record_filters(kb, entry),
        )
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


BUNDLE = "pagefind"
SUPPLEMENT = "pagefind-aanvulling"
MANIFEST = "aanvulling.json"  # in BUNDLE: the supplement, if any, and the pages it replaces
# Pagefind's bundles hold these besides the index; the search page uses none of them.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)


class SearchIndexError(Exception):
    pass


@dataclass
class IndexRecord:
    """What a build keeps of its search index for the next build: the pages of the full
    index (output file → Pagefind's page id) and the pages indexed since, in the
    supplement (output files)."""

    full: dict[str, str] = field(default_factory=dict)
    supplement: list[str] = field(default_factory=list)


def supplement_limit(indexed: int) -> int:
    """The most pages a supplement holds before the whole site is indexed again. A page in
    it ranks against the few pages there rather than against the whole site, so it stays
    a small share of the site."""
    return max(25, indexed // 50)


def index_site(
    site_dir: Path,
    pages: Mapping[str, bool] | None = None,
    previous: tuple[Path, IndexRecord | None] | None = None,
    changed: Iterable[str] = (),
    keep: Callable[[str], None] = lambda folder: None,
) -> IndexRecord:
    """Write the search index of ``site_dir``. ``pages``: every page's output file
    (relative to ``site_dir``) and whether it is indexed; Pagefind then reads only the
    folders with indexed pages. ``previous``: the previous build's site, whose pages this
    build did not write again into ``site_dir`` (they stay there), and its IndexRecord;
    ``changed``: the output files that differ from it. With a full index there, only a
    supplement is made; its folder is passed to ``keep`` (it stays as it is)."""
    old_site, record = previous if previous is not None else (None, None)
    if pages is not None and old_site is not None and record is not None and record.full:
        pending = set(record.supplement)
        pending |= {p for p in changed if pages.get(p) or p in record.full}
        pending |= {p for p in record.full if not pages.get(p)}  # gone, or no longer indexed
        usable = (old_site / BUNDLE / "pagefind.js").is_file()
        if usable and len(pending) <= supplement_limit(len(record.full)):
            keep(f"{BUNDLE}/")
            return _index_supplement(site_dir, old_site, record, pending, pages)
    if pages is not None and old_site is not None:
        _bring(site_dir, old_site, [p for p, on in pages.items() if on])
    _run_pagefind(site_dir, BUNDLE, page_glob(pages) if pages is not None else None)
    _write_manifest(site_dir, {})
    if pages is None:
        return IndexRecord()
    found = _page_ids(site_dir / BUNDLE)
    return IndexRecord(
        {p: found[page_url(p)] for p, on in pages.items() if on and page_url(p) in found}
    )


def _index_supplement(
    site_dir: Path,
    old_site: Path,
    record: IndexRecord,
    pending: set[str],
    pages: Mapping[str, bool],
) -> IndexRecord:
    """The previous full index stays as it is; the ``pending`` pages go in a supplement.
    The manifest gives each replaced entry's filter values as the full index holds them
    (in its fragment), for the search page to take out of the counts."""
    todo = sorted(p for p in pending if pages.get(p))
    replaced = sorted(record.full[p] for p in pending if p in record.full)
    manifest: dict[str, object] = {
        "vervangen": {
            page_id: _fragment(old_site / BUNDLE, page_id)["filters"] for page_id in replaced
        }
    }
    if todo:
        _bring(site_dir, old_site, todo)
        _run_pagefind(site_dir, SUPPLEMENT, "{" + ",".join(todo) + "}")
        manifest["bundel"] = f"../{SUPPLEMENT}/"
    _write_manifest(site_dir, manifest)
    return IndexRecord(record.full, sorted(pending))


def _bring(site_dir: Path, old_site: Path, pages: Iterable[str]) -> None:
    """The pages Pagefind must read that this build did not write: linked from the old site."""
    for page in pages:
        target = site_dir / page
        if not target.exists() and (old_site / page).is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            _link(str(old_site / page), str(target))


def _run_pagefind(site_dir: Path, subdir: str, glob: str | None) -> str:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
    command += ["--output-subdir", subdir]
    if glob is not None:
        command += ["--glob", glob]
    for selector in NOT_INDEXED:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (site_dir / subdir / "pagefind.js").exists():
        raise SearchIndexError(f"Pagefind kon de zoekindex niet maken:\n{done.stdout}{done.stderr}")
    for name in UNUSED:
        (site_dir / subdir / name).unlink(missing_ok=True)
    return done.stdout


def _write_manifest(site_dir: Path, manifest: Mapping[str, object]) -> None:
    path = site_dir / BUNDLE / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def page_url(output_file: str) -> str:
    """The address Pagefind gives a page: its output file, without a final index.html."""
    url = "/" + output_file
    return url.removesuffix("index.html")


_json = json.JSONDecoder()


def _fragment(bundle: Path, page_id: str) -> dict:
    """A page's fragment in the index: gzip, then Pagefind's signature, then JSON."""
    data = zlib.decompress((bundle / "fragment" / f"{page_id}.pf_fragment").read_bytes(), 31)
    return json.loads(data.removeprefix(b"pagefind_dcd"))


def _page_ids(bundle: Path) -> dict[str, str]:
    """Page address → Pagefind's page id (its fragment's name). A fragment starts with the
    address, so only its first bytes are decompressed."""
    found = {}
    for fragment in (bundle / "fragment").iterdir():
        head = zlib.decompressobj(wbits=31).decompress(fragment.read_bytes()[:2048], 4096)
        text = head.decode("utf-8", errors="ignore")
        url, _ = _json.raw_decode(text, text.index('"url":') + 6)
        found[url] = fragment.name.removesuffix(".pf_fragment")
    return found


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
