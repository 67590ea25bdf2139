"""One page of every kind in a built site, for the privacy and accessibility tests.

The list is derived from the built site, so a new kind of page is tested as soon as
it is built. Pages are of one kind when their addresses differ only in a part that
stands for a record (``interventies/<id>/``, ``sociale-kaart/<gemeente>/``,
``factsheets/gemeenten/<id>/``) or for one of many generated choices
(``wegwijzer/<gemeente>/<leeftijd>/<zorg>/``); of each kind the largest page, which
shows the most parts, is taken. Every other page is its own kind: the top-level
pages, the overviews, ``sociale-kaart/mijn-lijstje/``, ``redactie/velden/`` and
every page written by hand in ``docs/``.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from conftest import ROOT
from playwright.sync_api import Page

from kennisbank.model import RECORD_TYPES

# Not pages: Material's and Pagefind's files, vendored libraries.
NOT_PAGES = {"assets", "pagefind", "search"}
# A folder with more sub-pages than this, none named after a record, holds generated choices.
MANY = 3
# Pages that look different with something in the address: the search page with results,
# and with a filter chosen (the filter panel and its gemeente list open).
STATES = {"zoeken/": ["zoeken/?q=peuter", "zoeken/?q=peuter&gemeente=Heerlen"]}


def html_pages(site: Path) -> list[PurePosixPath]:
    """Every HTML file of the built site, relative to it."""
    return sorted(
        PurePosixPath(path.relative_to(site).as_posix())
        for path in site.rglob("*.html")
        if not NOT_PAGES & set(path.relative_to(site).parts[:-1])
    )


def sample_pages(site: Path) -> list[str]:
    """URL paths (relative to the site root) of one page of every kind."""
    pages = html_pages(site)
    records = {
        child.name
        for type_ in RECORD_TYPES
        if (site / type_).is_dir()
        for child in (site / type_).iterdir()
    }
    by_hand = _hand_written()
    kinds: dict[tuple[str, ...], list[PurePosixPath]] = {}
    for page in pages:
        kind = page.parts if page in by_hand else _kind(site, page, records)
        kinds.setdefault(kind, []).append(page)
    chosen = {
        max(members, key=lambda p: ((site / p).stat().st_size, str(p)))
        for members in kinds.values()
    }
    urls = [url_path(page) for page in sorted(chosen)]
    return urls + [state for url in urls for state in STATES.get(url, [])]


def _kind(site: Path, page: PurePosixPath, records: set[str]) -> tuple[str, ...]:
    """``page``'s address with every part that names a record or a generated choice as ``*``."""
    folders = page.parts[:-1] if page.name == "index.html" else page.parts
    key = []
    for depth, part in enumerate(folders):
        parent = site.joinpath(*folders[:depth])
        if depth > 0 and (part in records or _choices(parent, records)):
            key.append("*")
        else:
            key.append(part)
    return (*key, page.name)


def _choices(folder: Path, records: set[str]) -> bool:
    """A folder whose many sub-pages are generated choices (no record, nothing from docs/)."""
    children = [c.name for c in folder.iterdir() if (c / "index.html").is_file()]
    return len(children) > MANY and not records & set(children)


def url_path(page: PurePosixPath) -> str:
    """``ouders/index.html`` → ``ouders/``; ``index.html`` → ````; ``404.html`` stays."""
    if page.name != "index.html":
        return str(page)
    return "" if page.parent == PurePosixPath(".") else f"{page.parent}/"


def page_file(site: Path, url: str) -> Path:
    """The HTML file behind a URL path from ``sample_pages`` (without its ``?query``)."""
    path = url.split("?", 1)[0]
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def _hand_written() -> set[PurePosixPath]:
    """The built page of every Markdown page in docs/ (directory URLs)."""
    found = set()
    for source in (ROOT / "docs").rglob("*.md"):
        stem = PurePosixPath(source.relative_to(ROOT / "docs").as_posix()).with_suffix("")
        found.add((stem.parent if stem.name == "index" else stem) / "index.html")
    return found


# --- In the browser -----------------------------------------------------------

# Recorded before any page script runs (an init script is not subject to the page's CSP).
RECORD_VIOLATIONS = """
window.__kbViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__kbViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"}` +
      (event.sample ? ` (${event.sample.slice(0, 60)})` : "")
  );
});
"""


def record_violations(page: Page) -> None:
    """From now on, every Content-Security-Policy violation in ``page`` is kept."""
    page.add_init_script(RECORD_VIOLATIONS)


def violations(page: Page) -> list[str]:
    return page.evaluate("() => window.__kbViolations || []")


def open_page(page: Page, url: str) -> None:
    """Load ``url`` until the network is quiet and Material has drawn every diagram."""
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, f"{url}: {response.status if response else None}"
    # Material replaces <pre class="mermaid"> with the drawing once Mermaid has run.
    page.wait_for_function("() => !document.querySelector('pre.mermaid')", timeout=15_000)
