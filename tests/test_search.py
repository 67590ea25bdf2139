"""Search: filter values per record (fast, no build) and Pagefind in real Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOT, VALID, BrowserPage, serve_directory

from kennisbank import search
from kennisbank.checker import check


def test_filters_of_an_organisation_come_from_its_services_and_werkgebied() -> None:
    kb = check(Path("data")).kennisbank
    kion = search.filters(kb)["organisaties/kion.md"]
    assert kion["soort"] == ["Organisatie"]
    assert kion["gemeente"] == ["Nijmegen"]
    assert kion["wijk"] == ["Dukenburg (Nijmegen)", "Lindenholt (Nijmegen)"]
    # The APM dienst is for 24–48 months: two age groups, not the younger ones.
    assert kion["leeftijd"] == ["2 tot 3 jaar", "3 tot 4 jaar"]
    assert kion["toegang"] == [search.REFERRAL]
    assert "praten en taal" in kion["ondersteuningsbehoefte"]


def test_every_record_page_has_a_type_and_only_known_filters() -> None:
    kb = check(VALID).kennisbank
    pages = search.filters(kb)
    records = {f"{t}/{i}.md" for t, entries in kb.entries.items() for i in entries}
    assert records <= set(pages)
    for path in records:
        assert pages[path]["soort"] == [search.TYPE_FILTER[path.split("/")[0]]], path
        assert set(pages[path]) <= set(search.FILTER_NAMES), path
    # Each gemeente's sociale kaart is found under its gemeente.
    assert pages["sociale-kaart/nijmegen.md"] == {
        "soort": ["Sociale kaart"],
        "gemeente": ["Nijmegen"],
    }


def test_age_groups_count_every_year_a_range_overlaps() -> None:
    assert search.age_groups(0, 12) == ["0 tot 1 jaar"]
    assert search.age_groups(18, 30) == ["1 tot 2 jaar", "2 tot 3 jaar"]
    assert search.age_groups(48, 60) == []


def test_filter_values_are_escaped_in_the_markup() -> None:
    html = search.markup({"wijk": ['De "Hoek" <b>']})
    assert html == '<span data-pagefind-filter="wijk:De &#34;Hoek&#34; &lt;b&gt;"></span>'


def test_pagefind_reads_the_folders_with_indexed_pages_only() -> None:
    pages = {
        "index.html": True,
        "zoeken/index.html": False,
        "organisaties/index.html": False,
        "organisaties/kion/index.html": True,
        "organisaties/pas/index.html": True,
        "wegwijzer/index.html": True,
        "wegwijzer/heerlen/index.html": False,
        "wegwijzer/heerlen/2-jaar/index.html": False,
        "factsheets/apm/index.html": False,
    }
    glob = search.page_glob(pages)
    assert glob == "{index.html,organisaties/**/*.html,wegwijzer/index.html}"


def test_built_pages_mark_their_content_for_the_index(real_site: Path) -> None:
    kion = BeautifulSoup((real_site / "organisaties/kion/index.html").read_text(), "html.parser")
    body = kion.select("[data-pagefind-body]")
    assert len(body) == 1 and body[0].find("h1").get_text(strip=True).startswith("KION")
    found = {s["data-pagefind-filter"] for s in body[0].select("[data-pagefind-filter]")}
    assert "gemeente:Nijmegen" in found and "soort:Organisatie" in found
    # Lists and factsheets repeat the records: they stay out of the index.
    for page in ("organisaties/index.html", "zoeken/index.html"):
        soup = BeautifulSoup((real_site / page).read_text(), "html.parser")
        assert not soup.select("[data-pagefind-body]"), page
    assert (real_site / "pagefind" / "pagefind.js").is_file()
    # A sociale kaart page is found by its own text, not by the cards that repeat the
    # organisations' pages (they made the index several times larger at national scale).
    kaart = BeautifulSoup(
        (real_site / "sociale-kaart/nijmegen/index.html").read_text(), "html.parser"
    )
    body = kaart.select_one("[data-pagefind-body]")
    cards = body.select("article.kb-dienst")
    assert len(cards) > 5 and all(c["data-pagefind-ignore"] == "all" for c in cards)


def test_the_header_search_box_is_a_form_that_works_without_javascript(real_site: Path) -> None:
    soup = BeautifulSoup((real_site / "rollen/logopedist/index.html").read_text(), "html.parser")
    form = soup.select_one("header form[role=search]")
    assert form is not None and form["action"] == "../../zoeken/" and form["method"] == "get"
    field = form.select_one("input[name=q]")
    assert soup.select_one(f"label[for={field['id']}]") is not None
    assert not soup.select(".md-search"), "Material's own search is still on the page"


def test_the_search_page_shows_the_filter_groups_in_search_order() -> None:
    """zoeken.js draws the groups in the order the page names; that is FILTER_NAMES."""
    page = BeautifulSoup((ROOT / "docs" / "zoeken.md").read_text(), "html.parser")
    assert page.select_one("#kb-zoeken")["data-filters"].split() == list(search.FILTER_NAMES)


MESSAGE = "#kb-zoekmelding"
TITLES = ".kb-zoekresultaat__titel > a"


def _results(tab: BrowserPage) -> list[str]:
    page = tab.page
    page.wait_for_selector(TITLES)
    page.wait_for_load_state("networkidle")
    return page.locator(TITLES).all_inner_texts()


def _count(tab: BrowserPage) -> int:
    message = tab.page.locator(MESSAGE).inner_text()
    return int(re.match(r"([\d.]+) resultaten?", message).group(1).replace(".", ""))


def _wait_for_other_count(tab: BrowserPage, before: int) -> None:
    tab.page.wait_for_function(
        "([selector, before]) => !document.querySelector(selector).innerText"
        ".replace(/\\./g, '').startsWith(before + ' ')",
        arg=[MESSAGE, str(before)],
    )


def _open_filter(tab: BrowserPage, name: str) -> None:
    tab.page.locator("#kb-zoekfilters > summary").click()
    tab.page.locator(".kb-zoekfilter > summary", has_text=name).click()


def test_searching_logopedie_lists_the_services(tab: BrowserPage, real_site_url: str) -> None:
    tab.page.goto(real_site_url)
    tab.page.fill("header input[name=q]", "logopedie")
    tab.page.keyboard.press("Enter")
    titles = _results(tab)
    assert "q=logopedie" in tab.page.url
    assert tab.page.locator("#kb-zoekterm").input_value() == "logopedie"
    # Stichting PAS offers logopedie in the kinderopvang in Arnhem; the logopedist is the role.
    assert "Stichting PAS" in titles
    assert "Logopedist" in titles
    assert re.fullmatch(r"\d+ resultaten voor logopedie", tab.page.locator(MESSAGE).inner_text())
    # The matched word is marked in the excerpt, and each result says what kind of page it is.
    pas = tab.page.locator(".kb-zoekresultaat", has_text="Stichting PAS").first
    assert "logopedie" in pas.locator("mark").first.inner_text().lower()
    assert pas.locator(".kb-zoekresultaat__soort").inner_text() == "Organisatie"
    assert tab.outside == []


def test_typing_searches_and_the_address_follows(tab: BrowserPage, real_site_url: str) -> None:
    page = tab.page
    page.goto(real_site_url + "zoeken/")
    assert page.evaluate("() => document.activeElement.id") == "kb-zoekterm"
    page.keyboard.type("peuteropvang")
    assert "Peuteropvang" in " ".join(_results(tab))
    assert page.url.endswith("zoeken/?q=peuteropvang")


def test_a_first_search_loads_no_filter_list(tab: BrowserPage, real_site_url: str) -> None:
    """The filter lists (hundreds of gemeenten and wijken nationally) wait for "Filters"."""
    fetched: list[str] = []
    tab.page.on("request", lambda request: fetched.append(request.url))
    tab.page.goto(real_site_url + "zoeken/?q=logopedie")
    _results(tab)
    pagefind = [url.split("/pagefind/", 1)[1] for url in fetched if "/pagefind/" in url]
    assert "pagefind.js" in pagefind and any(p.startswith("index/") for p in pagefind)
    assert not [p for p in pagefind if p.startswith("filter/") or "ui" in p or "worker" in p]
    assert not tab.page.locator(".kb-zoekfilter").count()
    tab.page.locator("#kb-zoekfilters > summary").click()
    tab.page.wait_for_function(
        "() => [...document.querySelectorAll('.kb-zoekfilter__aantal')]"
        ".some((count) => /^\\(\\d+\\)$/.test(count.textContent))"
    )
    assert any("/pagefind/filter/" in url for url in fetched)
    groups = tab.page.locator(".kb-zoekfilter > summary").all_inner_texts()
    assert groups == [name.capitalize() for name in search.FILTER_NAMES]


def test_a_gemeente_filter_narrows_the_results(tab: BrowserPage, real_site_url: str) -> None:
    page = tab.page
    page.goto(real_site_url + "zoeken/?q=logopedie")
    assert "Zvw" in _results(tab)
    everything = _count(tab)
    _open_filter(tab, "Gemeente")
    heerlen = page.locator(".kb-zoekfilter__keuze", has_text="Heerlen")
    heerlen_before = heerlen.inner_text()
    assert re.fullmatch(r"Heerlen \(\d+\)", heerlen_before)
    page.get_by_label(re.compile(r"^Arnhem \(\d+\)$")).check()
    _wait_for_other_count(tab, everything)
    titles = _results(tab)
    assert 0 < _count(tab) < everything
    assert "gemeente=Arnhem" in page.url
    # Begrippen have no gemeente, so the filter leaves them out.
    assert "Stichting PAS" in titles and "Zvw" not in titles
    # Values of one filter add up: Heerlen's count is still what choosing it would add.
    assert heerlen.inner_text() == heerlen_before


def test_a_filter_in_the_address_is_applied(tab: BrowserPage, real_site_url: str) -> None:
    page = tab.page
    page.goto(real_site_url + "zoeken/?q=logopedie&gemeente=Arnhem")
    titles = _results(tab)
    assert "Stichting PAS" in titles and "Zvw" not in titles
    page.wait_for_selector(".kb-zoekfilter")
    assert page.locator("#kb-zoekfilters").get_attribute("open") is not None
    assert page.get_by_label(re.compile(r"^Arnhem \(\d+\)$")).is_checked()
    # Filters alone, without a word, also find pages.
    page.fill("#kb-zoekterm", "")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => !/voor/.test(document.querySelector('{MESSAGE}').innerText)")
    assert _count(tab) > 0 and page.url.endswith("zoeken/?gemeente=Arnhem")


def test_more_results_come_ten_at_a_time(tab: BrowserPage, real_site_url: str) -> None:
    page = tab.page
    page.goto(real_site_url + "zoeken/?q=peuter")
    _results(tab)
    total = _count(tab)
    assert total > 10 and page.locator(TITLES).count() == 10
    page.locator("#kb-zoekmeer").click()
    page.wait_for_function(
        "(n) => document.querySelectorAll('.kb-zoekresultaat').length > n", arg=10
    )
    assert page.locator(TITLES).count() == min(total, 20)
    # The focus moves to the first new result, so a keyboard user goes on reading there.
    index = page.evaluate(
        "() => [...document.querySelectorAll('.kb-zoekresultaat')]"
        ".indexOf(document.activeElement.closest('.kb-zoekresultaat'))"
    )
    assert index == 10
    assert page.locator("#kb-zoekmeer").is_hidden() == (total <= 20)


def test_search_stems_dutch(tab: BrowserPage, real_site_url: str) -> None:
    """'opvoeding' also finds pages that only say 'opvoeden' (Dutch stemmer, lang="nl")."""
    tab.page.goto(real_site_url + "zoeken/")
    words = tab.page.evaluate(
        """async () => {
            const pagefind = await import("../pagefind/pagefind.js");
            const search = await pagefind.search("opvoeding");
            const data = await Promise.all(search.results.map(r => r.data()));
            return data.map(d => d.content.toLowerCase());
        }"""
    )
    assert any("opvoeden" in text and "opvoeding" not in text for text in words)


def test_results_link_inside_a_site_served_under_a_sub_path(
    tab: BrowserPage, real_site: Path, tmp_path: Path
) -> None:
    """A project site lives at https://<owner>.github.io/<repository>/: links must stay there."""
    (tmp_path / "kennisbank").symlink_to(real_site, target_is_directory=True)
    url, server = serve_directory(tmp_path)
    try:
        tab.page.goto(url + "kennisbank/zoeken/?q=logopedie")
        _results(tab)
        hrefs = tab.page.locator(TITLES).evaluate_all("(links) => links.map((a) => a.href)")
        assert hrefs and all(h.startswith(url + "kennisbank/") for h in hrefs), hrefs
        tab.page.locator(TITLES, has_text="Stichting PAS").click()
        tab.page.wait_for_load_state()
        assert tab.page.url == url + "kennisbank/organisaties/stichting-pas/"
    finally:
        server.shutdown()
