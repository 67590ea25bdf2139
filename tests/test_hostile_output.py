"""Defence in depth: hostile records that bypassed the check still put nothing harmful
on a page or in a factsheet.

The checker refuses all of this (tests/data/invalid/). Here the fixture's records are
swapped for hostile copies without validation (``model_copy`` does not validate), the
site is built as usual, and every page is compared with the same page built from the
harmless fixture: no script, event handler, frame, style or dangerous link that the
harmless page does not have. Without the renderer's escaping and nh3 cleaning these
fail (an ``onclick`` from an attribute list, a ``javascript:`` link from Markdown or a
website field).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_DOCS, FIXTURE_NAV, ROOT, VALID, BrowserPage, serve_directory
from pypdf import PdfReader

from kennisbank import factsheets, render
from kennisbank.checker import Kennisbank, check
from kennisbank.site import build_site

SEARCH_SCRIPT = Path("assets/js/zoeken.js")
PLAIN = (
    "<script>alert('plain')</script> <img src=x onerror=alert('plain-img')> "
    "{: onclick=\"alert('plain-attr')\" } { onmouseover=alert('plain-attr2') } "
    "[klik](javascript:alert('plain-link'))"
)
MARKDOWN = """Gewone **tekst** met een [goede link](https://example.org/).

<script>alert('md-script')</script>

<img src=x onerror="alert('md-img')">

<iframe src="https://example.org/frame"></iframe>

<style>body { display: none }</style>

[js](javascript:alert('md-js')), [JS](JaVaScRiPt:alert('md-JS'))

![data](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) ![extern](https://tracker.example/p.png)

Lees [verder][kwaad].

[kwaad]: vbscript:msgbox(1)

Een alinea met attributen.
{: onclick="alert('md-attr')" }

[link met attribuut](https://example.org/){ onmouseover="alert('md-inline-attr')" }

## Kop { onclick=alert('md-kop') }
"""
BAD_SCHEMES = ("javascript", "vbscript", "data")
DANGEROUS = ("script", "iframe", "frame", "object", "embed", "style", "link", "meta", "base")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "poster")


def hostile(kb: Kennisbank) -> Kennisbank:
    """The fixture with hostile text in every kind of field, not validated."""

    def swap(type_: str, id_: str, **changes: object) -> None:
        entry = kb.entries[type_][id_]
        entry.record = entry.record.model_copy(update=changes)

    apm = kb.get("interventies", "ambulant-pedagogisch-medewerker")
    swap(
        "interventies",
        "ambulant-pedagogisch-medewerker",
        naam="Ambulant { onclick=alert('kop') } <script>alert('naam')</script>",
        samenvatting=PLAIN,
        beschrijving=MARKDOWN,
        voor_wie_niet=PLAIN,
        wat_gaat_goed=[PLAIN, *apm.wat_gaat_goed],
    )
    kion = kb.get("organisaties", "kion")
    contact = kion.contact.model_copy(
        update={
            "website": "javascript:alert('website')",
            "telefoon": "javascript:alert('telefoon')",
            "email": "info@kion.nl) [x](javascript:alert('email')",
        }
    )
    swap("organisaties", "kion", beschrijving=MARKDOWN, contact=contact, samenvatting=PLAIN)
    swap("praktijkvoorbeelden", "nijmegen-apm", context=MARKDOWN, aanpak=MARKDOWN, titel=PLAIN)
    swap(
        "rollen",
        "pedagogisch-coach",
        beschrijving=MARKDOWN,
        naam='Coach"] --> X["<img src=x onerror=alert(1)>',
        taken=[PLAIN],
    )
    swap("bronnen", "factsheet-apm", url="javascript:alert('bron')", titel=PLAIN)
    swap("begrippen", "apm", voluit="<b onmouseover=alert('abbr')>x</b>", uitleg=MARKDOWN)
    swap("gemeenten", "nijmegen", samenvatting=PLAIN)
    return kb


def build(kb: Kennisbank, out: Path) -> Path:
    build_site(kb, out, config=ROOT / "mkdocs.yml", docs_dir=str(FIXTURE_DOCS), nav=FIXTURE_NAV)
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    harmless = build(check(VALID).kennisbank, base / "harmless")
    return harmless, build(hostile(check(VALID).kennisbank), base / "hostile")


def _scheme(url: str) -> str:
    return render.safety.url_scheme(url) or ""


def findings(html: str) -> set[str]:
    """Everything in ``html`` that could run or load code, as comparable strings."""
    soup = BeautifulSoup(html, "html.parser")
    found = set()
    for tag in soup.find_all(True):
        if tag.name in DANGEROUS:
            found.add(f"<{tag.name}> {tag.get('src', '')}{tag.get('href', '')}{tag.string or ''}")
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.add(f"<{tag.name} {name}={value}>")
            if name.lower() in URL_ATTRIBUTES and _scheme(str(value)) in BAD_SCHEMES:
                found.add(f"<{tag.name} {name}={value}>")
    return found


def test_hostile_records_add_nothing_that_runs(sites: tuple[Path, Path]) -> None:
    harmless, hostile_site = sites
    pages = sorted(p.relative_to(hostile_site) for p in hostile_site.rglob("*.html"))
    assert len(pages) > 15
    added = {}
    for page in pages:
        before = findings((harmless / page).read_text(encoding="utf-8"))
        extra = findings((hostile_site / page).read_text(encoding="utf-8")) - before
        if extra:
            added[str(page)] = sorted(extra)
    assert not added, added


def test_the_hostile_text_is_there_as_text(sites: tuple[Path, Path]) -> None:
    """Escaped and cleaned, not dropped: the records did reach the pages."""
    page = sites[1] / "interventies" / "ambulant-pedagogisch-medewerker" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    text = soup.select_one("article").get_text(" ")
    assert "<script>alert('plain')</script>" in text
    assert "<script>alert('md-script')</script>" in text
    assert "{ onclick=alert('kop') }" in text
    links = {a.get_text(): a.get("href") for a in soup.select("article a")}
    assert links["goede link"] == "https://example.org/"
    assert links["js"] is None and links["JS"] is None  # the link text stays, the target goes
    kion = BeautifulSoup(
        (sites[1] / "organisaties" / "kion" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert "javascript:alert('website')" in kion.select_one("article").get_text(" ")


def test_the_comparison_can_fail() -> None:
    """``findings`` sees what the renderer must keep out."""
    html = (
        '<p onclick="x">a</p><a href=" JaVa\tScRiPt:x">b</a><img src="data:image/png;base64,A">'
        "<script>x</script><iframe></iframe><style>p{}</style>"
    )
    assert len(findings(html)) == 6


def test_factsheet_pdfs_link_only_to_the_web(sites: tuple[Path, Path]) -> None:
    pdfs = sorted((sites[1] / "factsheets").rglob("*.pdf"))
    assert pdfs
    uris = []
    for pdf in pdfs:
        for page in PdfReader(pdf).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A") or {}
                if "/URI" in action:
                    uris.append(str(action["/URI"]))
    assert uris, "no links found: the test looks in the wrong place"
    bad = [u for u in uris if _scheme(u) not in ("http", "https", "mailto", "tel", "file", "")]
    assert not bad, bad


def test_factsheet_markdown_is_cleaned() -> None:
    links = factsheets.SiteLinks("factsheets/interventies/x.md")
    html = str(factsheets.markdown_html(MARKDOWN, "interventies/x.md", links))
    assert findings(html) == set()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("a", string="js").get("href") is None
    assert soup.find("a", string="verder").get("href") is None
    assert soup.find("a", string="goede link")["href"] == "https://example.org/"


def test_search_results_show_hostile_text_as_text(
    sites: tuple[Path, Path], real_site: Path, tab: BrowserPage
) -> None:
    """Pagefind's excerpts carry the page text; the search page must not make it markup."""
    hostile_site = sites[1]
    (hostile_site / "zoeken").mkdir(exist_ok=True)
    shutil.copy(real_site / "zoeken" / "index.html", hostile_site / "zoeken" / "index.html")
    (hostile_site / SEARCH_SCRIPT).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(real_site / SEARCH_SCRIPT, hostile_site / SEARCH_SCRIPT)
    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    url, server = serve_directory(hostile_site)
    try:
        tab.page.goto(url + "zoeken/?q=alert")
        tab.page.wait_for_selector(".kb-zoekresultaat")
        tab.page.wait_for_load_state("networkidle")
        results = tab.page.locator("#kb-zoekresultaten")
        assert "<script>alert(" in results.inner_text()
        other = "(list) => list.querySelectorAll('*:not(li, p, a, span, mark, ul)').length"
        assert results.evaluate(other) == 0, "the excerpt became markup"
        assert results.locator("mark").count() > 0
    finally:
        server.shutdown()
    assert dialogs == []
