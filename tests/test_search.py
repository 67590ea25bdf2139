"""Search: filter values per record (fast, no build) and Pagefind in real Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import VALID, BrowserPage

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


def _results(tab: BrowserPage) -> list[str]:
    page = tab.page
    page.wait_for_selector(".pagefind-ui__result-title")
    page.wait_for_load_state("networkidle")
    return page.locator(".pagefind-ui__result-inner > .pagefind-ui__result-title").all_inner_texts()


def _count(tab: BrowserPage) -> int:
    message = tab.page.locator(".pagefind-ui__message").inner_text()
    return int(re.match(r"(\d+) resultaten?", message).group(1))


def test_searching_logopedie_lists_the_services(tab: BrowserPage, real_site_url: str) -> None:
    tab.page.goto(real_site_url)
    tab.page.fill("header input[name=q]", "logopedie")
    tab.page.keyboard.press("Enter")
    titles = _results(tab)
    assert "q=logopedie" in tab.page.url
    # Stichting PAS offers logopedie in the kinderopvang in Arnhem; the logopedist is the role.
    assert "Stichting PAS" in titles
    assert "Logopedist" in titles
    assert tab.outside == []


def test_a_gemeente_filter_narrows_the_results(tab: BrowserPage, real_site_url: str) -> None:
    page = tab.page
    page.goto(real_site_url + "zoeken/?q=logopedie")
    assert "Zvw" in _results(tab)
    everything = _count(tab)
    page.locator("summary", has_text="Gemeente").click()
    page.get_by_label(re.compile(r"^Arnhem \(\d+\)$")).check()
    page.wait_for_function(
        "n => !/^"
        + str(everything)
        + " /.test(document.querySelector('.pagefind-ui__message').innerText)",
        arg=everything,
    )
    titles = _results(tab)
    assert 0 < _count(tab) < everything
    # Begrippen have no gemeente, so the filter leaves them out.
    assert "Stichting PAS" in titles and "Zvw" not in titles


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
