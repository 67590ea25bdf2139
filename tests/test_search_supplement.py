"""A rebuild's search index: the previous full index plus a supplement of the changed pages.

Pagefind cannot update an index, and indexing a national site takes some twenty seconds,
so a rebuild indexes only what changed since the last full index (kennisbank/search.py)
and the search page merges the two. These tests hold the merged search to what a full
index of the same site finds.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURE_DOCS, ROOT, VALID, BrowserPage, build_fixture, serve_directory

from kennisbank import search, site

NEW_WORD = "Zebrapadwoord"


def _manifest(site_dir: Path) -> dict:
    return json.loads((site_dir / search.BUNDLE / search.MANIFEST).read_text(encoding="utf-8"))


def _page(body: str, filters: search.Filters) -> str:
    return f'<html lang="nl"><head><title>t</title></head><body>{search.body(body, filters)}</body></html>'


def _write(site_dir: Path, pages: dict[str, str]) -> None:
    for path, html in pages.items():
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_text(html, encoding="utf-8")


def test_a_supplement_indexes_the_changed_pages_and_lists_what_it_replaces(
    tmp_path: Path,
) -> None:
    """On a three-page site: one page changed, one removed, one kept."""
    filters = {p: {"soort": ["Aanpak"], "gemeente": [p[0].upper()]} for p in ("a", "b", "c")}
    old, new = tmp_path / "old", tmp_path / "new"
    _write(old, {f"{p}/index.html": _page(f"pagina {p} peuter", filters[p]) for p in "abc"})
    pages = {f"{p}/index.html": True for p in "abc"}
    full = search.index_site(old, pages)
    assert set(full.full) == set(pages) and full.supplement == []
    assert _manifest(old) == {}
    ids = full.full
    assert len(set(ids.values())) == 3

    _write(new, {"a/index.html": _page("pagina a peuter", filters["a"])})
    _write(new, {"b/index.html": _page(f"pagina b {NEW_WORD}", filters["b"])})
    now = {"a/index.html": True, "b/index.html": True}
    record = search.index_site(new, now, (old, full), changed={"b/index.html"})

    assert record.full == full.full  # the full index is kept as it was
    assert record.supplement == ["b/index.html", "c/index.html"]
    assert _manifest(new) == {
        "bundel": f"../{search.SUPPLEMENT}/",
        "vervangen": {ids["b/index.html"]: filters["b"], ids["c/index.html"]: filters["c"]},
    }
    # The full index's files are the previous site's, untouched; the supplement holds b only.
    for path in (old / search.BUNDLE).rglob("*"):
        if path.is_file() and path.name != search.MANIFEST:
            twin = new / path.relative_to(old)
            assert twin.stat().st_ino == path.stat().st_ino, path
    assert _manifest(old) == {}
    extra = search._page_ids(new / search.SUPPLEMENT)
    assert set(extra) == {"/b/"}


def test_a_supplement_grows_until_the_limit_then_the_site_is_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new, newer = tmp_path / "old", tmp_path / "new", tmp_path / "newer"
    html = {f"{p}/index.html": _page(f"pagina {p}", {"soort": ["Aanpak"]}) for p in "abc"}
    pages = dict.fromkeys(html, True)
    _write(old, html)
    full = search.index_site(old, pages)
    _write(new, html)
    first = search.index_site(new, pages, (old, full), changed={"a/index.html"})
    assert first.supplement == ["a/index.html"]
    _write(newer, html)
    second = search.index_site(newer, pages, (new, first), changed={"b/index.html"})
    assert second.supplement == ["a/index.html", "b/index.html"]  # still since the full index
    assert set(_manifest(newer)["vervangen"]) == {full.full[p] for p in second.supplement}

    monkeypatch.setattr(search, "supplement_limit", lambda indexed: 2)
    shutil.rmtree(newer)
    _write(newer, html)
    third = search.index_site(newer, pages, (new, first), changed={"b/index.html", "c/index.html"})
    assert third.supplement == [] and set(third.full) == set(pages)
    assert _manifest(newer) == {} and not (newer / search.SUPPLEMENT).exists()


# --- the same site, as a rebuild with a supplement and as a full build ----------------------


def _change(data: Path) -> None:
    record = data / "organisaties" / "kion.yaml"
    text = record.read_text(encoding="utf-8")
    old = "samenvatting: Kinderopvangorganisatie in Nijmegen"
    assert old in text
    record.write_text(text.replace(old, f"samenvatting: {NEW_WORD} in Nijmegen"), "utf-8")


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(rebuilt with a supplement, built in full): the same data, served."""
    work = tmp_path_factory.mktemp("aanvulling")
    data, docs = work / "data", work / "docs"
    shutil.copytree(VALID, data)
    shutil.copytree(FIXTURE_DOCS, docs)  # with the real search page
    for path in ("zoeken.md", "assets/js/zoeken.js", "assets/css/sociale-kaart.css"):
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "docs" / path, docs / path)
    rebuilt, full = work / "rebuilt", work / "full"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(work)
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        patch.setenv("KENNISBANK_BUILD_CACHE", str(work / "cache"))
        build_fixture(rebuilt, data=data, pdf=False, docs_dir=str(docs))
        _change(data)
        build_fixture(rebuilt, data=data, pdf=False, docs_dir=str(docs))
        record = site.last_outcome.extras["zoekindex"]
        build_fixture(full, data=data, pdf=False, incremental=False, docs_dir=str(docs))
    assert record.supplement == ["gemeenten/nijmegen/index.html", "organisaties/kion/index.html"]
    assert (rebuilt / search.SUPPLEMENT).is_dir() and not (full / search.SUPPLEMENT).exists()
    first, first_server = serve_directory(rebuilt)
    second, second_server = serve_directory(full)
    yield first, second
    first_server.shutdown()
    second_server.shutdown()


def _everything(tab: BrowserPage, url: str) -> tuple[str, list[str], list[str]]:
    """The search page at ``url``: its message, every result (all pages of them), and every
    filter value with its count."""
    page = tab.page
    page.goto(url)
    page.wait_for_function("() => document.querySelector('#kb-zoekmelding').innerText !== ''")
    page.wait_for_load_state("networkidle")
    while page.locator("#kb-zoekmeer").is_visible():
        shown = page.locator(".kb-zoekresultaat").count()
        page.locator("#kb-zoekmeer").click()
        page.wait_for_function(
            "(n) => document.querySelectorAll('.kb-zoekresultaat').length > n", arg=shown
        )
    results = page.locator(".kb-zoekresultaat__titel > a").evaluate_all(
        "(links) => links.map((a) => new URL(a.href).pathname)"
    )
    page.locator("#kb-zoekfilters > summary").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.kb-zoekfilter__aantal')]"
        ".every((count) => /^\\(\\d+\\)$/.test(count.textContent))"
        " && document.querySelectorAll('.kb-zoekfilter__aantal').length > 0"
    )
    page.wait_for_load_state("networkidle")
    counts = page.locator(".kb-zoekfilter__keuze").evaluate_all(
        "(labels) => labels.map((l) => l.textContent.replace(/\\s+/g, ' ').trim())"
    )
    return page.locator("#kb-zoekmelding").inner_text(), sorted(results), counts


@pytest.mark.parametrize(
    "query",
    [
        "q=kinderopvang",
        "q=nijmegen",
        "q=kinderopvang&gemeente=Nijmegen",
        "gemeente=Nijmegen",
        "soort=Organisatie",
    ],
)
def test_the_merged_search_finds_what_a_full_index_finds(
    tab: BrowserPage, two_sites: tuple[str, str], query: str
) -> None:
    """Results (all of them) and every filter count. The changed page matches each query
    before and after the change, so it would be counted twice if its old entry stayed."""
    rebuilt, full = two_sites
    merged = _everything(tab, f"{rebuilt}zoeken/?{query}")
    assert merged == _everything(tab, f"{full}zoeken/?{query}")
    assert "/organisaties/kion/" in merged[1]
    assert re.fullmatch(r"\d+ (resultaat|resultaten)( voor .*)?", merged[0])
    assert tab.outside == []


def test_a_word_the_change_added_or_removed(tab: BrowserPage, two_sites: tuple[str, str]) -> None:
    """The new word finds the changed page, once; the old text is not shown any more.
    (Where a word occurs in only one of the two indexes, Pagefind's fallback for a word an
    index does not know, a shorter word it does know, can find other pages than a full
    index would, until the next full index.)"""
    rebuilt, _ = two_sites
    _, results, _ = _everything(tab, f"{rebuilt}zoeken/?q={NEW_WORD}")
    assert results.count("/organisaties/kion/") == 1
    _, results, _ = _everything(tab, f"{rebuilt}zoeken/?q=Kinderopvangorganisatie")
    assert results.count("/organisaties/kion/") <= 1
    texts = tab.page.locator(".kb-zoekresultaat").all_inner_texts()
    assert not [t for t in texts if "Kinderopvangorganisatie" in t]
