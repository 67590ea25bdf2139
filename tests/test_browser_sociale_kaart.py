"""The sociale kaart in real headless Chromium: filters, the opt-in map, Mijn lijstje.

Expected sets come from the data (the YAML records), not from the page, so a filter
that shows the wrong cards fails.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, BrowserPage
from playwright.sync_api import Browser, Page, expect

from kennisbank.checker import check

GEMEENTE = "nijmegen"
APM = "kion--ambulant-pedagogisch-medewerker"


@pytest.fixture(scope="module")
def diensten() -> dict[str, dict]:
    """Every dienst working in Nijmegen, by key, with what the filters look at."""
    kb = check(ROOT / "data").kennisbank
    found = {}
    for entry in kb.all("organisaties"):
        for dienst in entry.record.diensten:
            areas = [
                w for w in (dienst.werkgebied or entry.record.werkgebied) if w.gemeente == GEMEENTE
            ]
            if not areas:
                continue
            found[f"{entry.id}--{dienst.id}"] = {
                "wijken": set()
                if any(not w.wijken for w in areas)
                else {wijk for w in areas for wijk in w.wijken},
                "leeftijd": dienst.leeftijd,
                "behoeften": set(dienst.ondersteuningsbehoefte),
            }
    return found


def open_kaart(tab: BrowserPage, url: str) -> Page:
    page = tab.page
    page.goto(f"{url}sociale-kaart/{GEMEENTE}/")
    expect(page.locator("#kb-filters")).to_be_visible()
    return page


def visible_cards(page: Page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "article.kb-dienst[data-dienst]",
            "cards => cards.filter(c => !c.hidden && c.offsetParent !== null)"
            ".map(c => c.dataset.dienst)",
        )
    )


def status(page: Page) -> str:
    return page.locator("#kb-teller").inner_text()


def test_every_dienst_is_a_card_and_the_count_is_announced(
    tab: BrowserPage, real_site_url: str, diensten: dict
) -> None:
    page = open_kaart(tab, real_site_url)
    assert visible_cards(page) == set(diensten)
    teller = page.locator("#kb-teller")
    assert teller.get_attribute("role") == "status"
    assert status(page) == f"{len(diensten)} van {len(diensten)} diensten."


def test_filter_by_wijk(tab: BrowserPage, real_site_url: str, diensten: dict) -> None:
    page = open_kaart(tab, real_site_url)
    for wijk in ("dukenburg", "hatert"):
        page.get_by_label("Wijk").select_option(wijk)
        expected = {k for k, d in diensten.items() if not d["wijken"] or wijk in d["wijken"]}
        assert visible_cards(page) == expected
        assert status(page).startswith(f"{len(expected)} van {len(diensten)} diensten")
    assert APM not in visible_cards(page), "the APM pilot is only in Dukenburg and Lindenholt"
    assert len(expected) < len(diensten)
    assert "wijk=hatert" in page.url, "the filter is in the address, to bookmark or share"


def test_filter_by_age_and_need_then_reset(
    tab: BrowserPage, real_site_url: str, diensten: dict
) -> None:
    page = open_kaart(tab, real_site_url)
    page.get_by_label("Leeftijd van je kind").select_option("24-36")
    page.get_by_label("Waar heeft je kind hulp bij nodig?").select_option("taal-spraak")

    def fits(d: dict) -> str:
        age, needs = d["leeftijd"], d["behoeften"]
        if age is not None and not (age.van_maanden < 36 and age.tot_maanden > 24):
            return "nee"
        if needs and "taal-spraak" not in needs:
            return "nee"
        return "ja" if age is not None and needs else "onbekend"

    known = {k for k, d in diensten.items() if fits(d) == "ja"}
    unknown = {k for k, d in diensten.items() if fits(d) == "onbekend"}
    assert known and unknown, "the data should have both kinds for this test to mean something"
    assert APM in known
    assert visible_cards(page) == known
    assert status(page) == (
        f"{len(known)} van {len(diensten)} diensten. "
        f"Bij {len(unknown)} andere diensten weten we dit niet."
    )

    page.get_by_label("Toon ook diensten waarvan we dit niet weten").check()
    assert visible_cards(page) == known | unknown

    page.get_by_role("button", name="Wis filters").click()
    expect(page.locator("#kb-teller")).to_have_text(
        f"{len(diensten)} van {len(diensten)} diensten."
    )
    assert visible_cards(page) == set(diensten)
    assert "?" not in page.url


def test_filters_from_the_address(tab: BrowserPage, real_site_url: str, diensten: dict) -> None:
    tab.page.goto(f"{real_site_url}sociale-kaart/{GEMEENTE}/?wijk=hatert&leeftijd=bestaat-niet")
    expect(tab.page.get_by_label("Wijk")).to_have_value("hatert")
    expect(tab.page.get_by_label("Leeftijd van je kind")).to_have_value("")
    assert APM not in visible_cards(tab.page)


def test_map_loads_nothing_before_the_click(tab: BrowserPage, real_site_url: str) -> None:
    requests: list[str] = []
    tab.page.on("request", lambda request: requests.append(request.url))
    page = open_kaart(tab, real_site_url)
    page.wait_for_load_state("networkidle")
    assert tab.outside == []
    assert not [u for u in requests if "leaflet" in u]
    button = page.get_by_role("button", name="Toon kaart")
    expect(button).to_be_visible()
    expect(page.locator("#kb-kaart")).to_contain_text("OpenStreetMap ziet dan je IP-adres")

    button.click()
    marker = page.locator(".kb-kaart__marker").first
    expect(marker).to_be_visible()
    leaflet = [u for u in requests if u.endswith("/assets/vendor/leaflet/leaflet.js")]
    assert leaflet and leaflet[0].startswith(real_site_url)
    page.wait_for_timeout(300)
    assert tab.outside, "after the click the map asks for tiles"
    assert all(u.startswith("https://tile.openstreetmap.org/") for u in tab.outside)

    assert "midden van de gemeente Nijmegen" in (marker.get_attribute("title") or "")
    marker.click()
    popup = page.locator(".kb-kaart__popup")
    expect(popup).to_contain_text("Plaats op de kaart: midden van de gemeente Nijmegen")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")


def test_map_follows_the_filters(tab: BrowserPage, real_site_url: str, diensten: dict) -> None:
    page = open_kaart(tab, real_site_url)
    page.get_by_role("button", name="Toon kaart").click()
    marker = page.locator(".kb-kaart__marker")
    expect(marker.first).to_be_visible()
    page.get_by_label("Wijk").select_option("hatert")
    expected = sum(1 for d in diensten.values() if not d["wijken"] or "hatert" in d["wijken"])
    # Every Nijmegen dienst sits on the city centre until the data has addresses or wijk points.
    expect(marker.first).to_have_text(str(expected))


LIST = "sociale-kaart/mijn-lijstje/"


def cards_on_list(page: Page) -> list[str]:
    """The cards on the list page, in their order: the page itself has none."""
    return page.eval_on_selector_all(
        "article.kb-dienst[data-dienst]", "cards => cards.map(c => c.dataset.dienst)"
    )


def open_list_with(tab: BrowserPage, url: str, entries: list[str]) -> Page:
    page = tab.page
    page.goto(f"{url}{LIST}")
    page.evaluate("entries => localStorage.setItem('kb-lijstje', JSON.stringify(entries))", entries)
    page.reload()
    return page


def test_bookmarks_list_and_share_link(
    tab: BrowserPage, browser: Browser, real_site_url: str
) -> None:
    page = open_kaart(tab, real_site_url)
    chosen = ["ggd-gelderland-zuid--consultatiebureau", APM]
    for key in chosen:
        button = page.locator(f'article[data-dienst="{key}"] button.kb-bewaar')
        expect(button).to_have_attribute("aria-pressed", "false")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".kb-lijstje-aantal").first).to_have_text("2")
    entries = [f"{GEMEENTE}/{key}" for key in chosen]
    assert page.evaluate("JSON.parse(localStorage.getItem('kb-lijstje'))") == entries

    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.get_by_role("link", name="Mijn lijstje").first.click()
    expect(page.locator("#kb-lijstje-teller")).to_have_text("In je lijstje: 2 diensten")
    assert cards_on_list(page) == chosen, "only the saved cards, in the saved order"
    assert visible_cards(page) == set(chosen)
    gemeente_page = f"{real_site_url}sociale-kaart/{GEMEENTE}/"
    assert fetched.count(gemeente_page) == 1, fetched
    buttons = page.locator("article.kb-dienst button.kb-bewaar")
    expect(buttons).to_have_count(2)
    for i in range(2):
        expect(buttons.nth(i)).to_be_visible()
        expect(buttons.nth(i)).to_have_attribute("aria-pressed", "true")
    # Links in a card still lead where they led on the gemeente page.
    org = page.locator(f'article[data-dienst="{APM}"] a[href$="/organisaties/kion/"]')
    expect(org).to_have_attribute("href", f"{real_site_url}organisaties/kion/")

    page.get_by_role("button", name="Deel als link").click()
    link = page.get_by_label("Link naar dit lijstje").input_value()
    assert link == f"{real_site_url}{LIST}#diensten={','.join(entries)}"

    other = browser.new_context(locale="nl-NL", service_workers="block")
    try:
        fresh = other.new_page()
        fresh.goto(link)
        expect(fresh.locator("#kb-lijstje-teller")).to_have_text(
            "In het gedeelde lijstje: 2 diensten"
        )
        assert cards_on_list(fresh) == chosen
        assert fresh.evaluate("localStorage.getItem('kb-lijstje')") is None
        fresh.get_by_role("button", name="Zet deze diensten in mijn lijstje").click()
        expect(fresh.locator("#kb-lijstje-teller")).to_have_text("In je lijstje: 2 diensten")
        assert fresh.evaluate("JSON.parse(localStorage.getItem('kb-lijstje'))") == entries
        assert "#" not in fresh.url
    finally:
        other.close()

    # Removing a dienst from the list removes its card and keeps the focus on the page.
    page.locator(f'article[data-dienst="{APM}"] button.kb-bewaar').click()
    expect(page.locator("#kb-lijstje-teller")).to_have_text("In je lijstje: 1 dienst")
    assert cards_on_list(page) == [chosen[0]]
    assert page.evaluate("document.activeElement.id") == "kb-lijstje-teller"
    expect(page.locator("#kb-lijstje-melding")).to_contain_text("Uit je lijstje gehaald")
    assert page.evaluate("JSON.parse(localStorage.getItem('kb-lijstje'))") == entries[:1]


def dienst_in_two_gemeenten() -> tuple[str, str, str]:
    """A dienst of the real data that is on two gemeente pages, and those two gemeenten."""
    for entry in check(ROOT / "data").kennisbank.all("organisaties"):
        for dienst in entry.record.diensten:
            areas = dienst.werkgebied or entry.record.werkgebied
            gemeenten = sorted({w.gemeente for w in areas})
            if len(gemeenten) > 1:
                return f"{entry.id}--{dienst.id}", gemeenten[0], gemeenten[1]
    pytest.fail("the data has no dienst in two gemeenten")


def test_a_dienst_saved_in_two_gemeenten_is_one_entry(tab: BrowserPage, real_site_url: str) -> None:
    key, first, second = dienst_in_two_gemeenten()
    page = tab.page
    page.goto(f"{real_site_url}sociale-kaart/{first}/")
    page.locator(f'article[data-dienst="{key}"] button.kb-bewaar').click()
    page.goto(f"{real_site_url}sociale-kaart/{second}/")
    button = page.locator(f'article[data-dienst="{key}"] button.kb-bewaar')
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".kb-lijstje-aantal").first).to_have_text("1")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("localStorage.getItem('kb-lijstje')") == "[]"


def test_a_dienst_no_longer_on_the_kaart_is_reported_not_dropped(
    tab: BrowserPage, real_site_url: str
) -> None:
    entries = [
        f"{GEMEENTE}/{APM}",
        f"{GEMEENTE}/bestaat-niet--nergens",
        f"verdwenen-gemeente/{APM.replace('kion', 'ook-weg')}",
    ]
    page = open_list_with(tab, real_site_url, entries)
    expect(page.locator("#kb-lijstje-teller")).to_have_text(
        "In je lijstje: 1 dienst. 2 bewaarde diensten staan niet meer op de sociale kaart."
    )
    assert cards_on_list(page) == [APM]
    assert page.evaluate("JSON.parse(localStorage.getItem('kb-lijstje'))") == entries

    page.get_by_role("button", name="Haal ontbrekende diensten uit mijn lijstje").click()
    expect(page.locator("#kb-lijstje-teller")).to_have_text("In je lijstje: 1 dienst")
    assert page.evaluate("JSON.parse(localStorage.getItem('kb-lijstje'))") == entries[:1]
    expect(page.locator("#kb-lijstje-opruimen")).to_be_hidden()


def test_a_gemeente_page_that_does_not_load_is_not_called_gone(
    tab: BrowserPage, real_site_url: str
) -> None:
    tab.page.route(f"**/sociale-kaart/{GEMEENTE}/", lambda route: route.abort())
    page = open_list_with(tab, real_site_url, [f"{GEMEENTE}/{APM}"])
    expect(page.locator("#kb-lijstje-teller")).to_have_text(
        "In je lijstje: 0 diensten. 1 dienst kon niet worden geladen. Probeer het later opnieuw."
    )
    expect(page.locator("#kb-lijstje-opruimen")).to_be_hidden()
    expect(page.get_by_role("button", name="Deel als link")).to_be_disabled()
    assert page.evaluate("localStorage.getItem('kb-lijstje')") == f'["{GEMEENTE}/{APM}"]'


def test_without_javascript_every_card_shows_and_no_controls(
    browser: Browser, real_site_url: str, diensten: dict
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{real_site_url}sociale-kaart/{GEMEENTE}/")
        assert page.locator("article.kb-dienst:visible").count() == len(diensten)
        for hidden in ("#kb-filters", "#kb-kaart", ".kb-dienst__acties >> nth=0"):
            expect(page.locator(hidden)).to_be_hidden()
    finally:
        context.close()


def test_sociale_kaart_has_no_wcag_violations(tab: BrowserPage, real_site_url: str) -> None:
    page = open_kaart(tab, real_site_url)
    page.get_by_role("button", name="Toon kaart").click()
    expect(page.locator(".kb-kaart__marker").first).to_be_visible()
    results = Axe().run(
        page,
        context={"include": [["article.md-content__inner"]]},
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    assert results.violations_count == 0, results.generate_report()


def test_filters_and_bookmarks_work_by_keyboard(tab: BrowserPage, real_site_url: str) -> None:
    page = open_kaart(tab, real_site_url)
    wijk = page.get_by_label("Wijk")
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kb-filter-wijk":
            break
    else:
        pytest.fail("the wijk filter is not reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "focus must be visible"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(wijk).to_have_value("hatert")
    expect(page.locator("#kb-teller")).not_to_have_text(re.compile(r"^(\d+) van \1 "))

    button = page.locator('article[data-dienst="ggd-gelderland-zuid--consultatiebureau"] button')
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#kb-lijstje-melding")).to_contain_text("Bewaard in je lijstje")
