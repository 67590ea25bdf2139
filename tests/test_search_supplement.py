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


def _rebuild(
    out: Path, work: Path, pages: dict[str, str], record: search.IndexRecord, changed: set[str]
) -> search.IndexRecord:
    """A rebuild as site.py makes it: the ``changed`` pages are written into a fresh
    folder, indexed there with ``out`` as the previous site, and put in place in ``out``."""
    new = work / f"new-{len(list(work.iterdir()))}"
    new.mkdir()
    _write(new, {p: pages[p] for p in changed if p in pages})
    kept: set[str] = set()
    now = dict.fromkeys(pages, True)
    result = search.index_site(new, now, (out, record), changed, kept.add)
    before = site._files(out)
    site._put_in_place(new, out, kept | (set(pages) - changed), before)
    return result


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
    bundle = {p: p.stat().st_ino for p in (old / search.BUNDLE).rglob("*") if p.is_file()}

    _write(new, {"b/index.html": _page(f"pagina b {NEW_WORD}", filters["b"])})
    now = {"a/index.html": True, "b/index.html": True}
    kept: list[str] = []
    record = search.index_site(new, now, (old, full), changed={"b/index.html"}, keep=kept.append)

    assert record.full == full.full  # the full index is kept as it was
    assert record.supplement == ["b/index.html", "c/index.html"]
    assert _manifest(new) == {
        "bundel": f"../{search.SUPPLEMENT}/",
        "vervangen": {ids["b/index.html"]: filters["b"], ids["c/index.html"]: filters["c"]},
    }
    # The full index stays where it is, untouched; the new folder has only the manifest
    # of it, and a supplement with b only.
    assert kept == [f"{search.BUNDLE}/"]
    assert {p: p.stat().st_ino for p in bundle} == bundle
    assert _manifest(old) == {}
    assert [p.name for p in (new / search.BUNDLE).iterdir()] == [search.MANIFEST]
    extra = search._page_ids(new / search.SUPPLEMENT)
    assert set(extra) == {"/b/"}


def test_a_supplement_grows_until_the_limit_then_the_site_is_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, work = tmp_path / "site", tmp_path / "work"
    work.mkdir()
    html = {f"{p}/index.html": _page(f"pagina {p}", {"soort": ["Aanpak"]}) for p in "abc"}
    pages = dict.fromkeys(html, True)
    _write(out, html)
    full = search.index_site(out, pages)
    first = _rebuild(out, work, html, full, {"a/index.html"})
    assert first.supplement == ["a/index.html"]
    second = _rebuild(out, work, html, first, {"b/index.html"})
    assert second.supplement == ["a/index.html", "b/index.html"]  # still since the full index
    assert set(_manifest(out)["vervangen"]) == {full.full[p] for p in second.supplement}
    assert search._page_ids(out / search.SUPPLEMENT).keys() == {"/a/", "/b/"}

    monkeypatch.setattr(search, "supplement_limit", lambda indexed: 2)
    third = _rebuild(out, work, html, second, {"c/index.html"})
    assert third.supplement == [] and set(third.full) == set(pages)
    assert _manifest(out) == {} and not (out / search.SUPPLEMENT).exists()
    assert search._page_ids(out / search.BUNDLE).keys() == {"/a/", "/b/", "/c/"}
    assert len(list((out / search.BUNDLE / "fragment").iterdir())) == 3  # the old ones gone
    assert sorted(p.name for p in out.iterdir()) == ["a", "b", "c", search.BUNDLE]


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
