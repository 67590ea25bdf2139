"""The wegwijzer in real headless Chromium: with the form (JavaScript) and with links only."""

from __future__ import annotations

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from conftest import BrowserPage
from playwright.sync_api import Browser, Page, Route, expect
from wegwijzer_expect import expected, first_role, records

GEMEENTE, LEEFTIJD, ZORG = "heerlen", "2-jaar", "praten"
ANSWER = f"wegwijzer/{GEMEENTE}/{LEEFTIJD}/{ZORG}/"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _shows_the_answer(page: Page, base: str) -> None:
    """The answer page names the first role (linked) and every matching service."""
    assert page.url == base + ANSWER
    article = page.locator("article")
    expect(article.locator("h1")).to_contain_text(
        f"Praten: hulp in {records('gemeenten')[GEMEENTE]['naam']}"
    )
    first = article.locator(".kb-eerst")
    expect(first).to_contain_text("Praat eerst met")
    role = first_role(expected(GEMEENTE, LEEFTIJD, ZORG).services)
    expect(first.locator(f'a[href$="rollen/{role}/"]')).to_be_visible()
    services = expected(GEMEENTE, LEEFTIJD, ZORG).services
    assert services, "Heerlen has no service for a 2-year-old at all: the test proves nothing"
    for service in services:
        expect(article.locator("h3, li > strong", has_text=service.naam).first).to_be_visible()
    expect(article.get_by_role("heading", name="Wat kost het?")).to_be_visible()


def test_form_jumps_to_the_answer(tab: BrowserPage, real_site_url: str) -> None:
    page = tab.page
    page.goto(real_site_url + "wegwijzer/")
    form = page.locator("form[data-wegwijzer]")
    expect(form).to_be_visible()
    page.get_by_label("In welke gemeente woon je?").select_option(GEMEENTE)
    page.get_by_label("Hoe oud is je kind?").select_option(label="2 jaar")
    page.get_by_label("Waar maak je je zorgen over?").select_option(label="Praten")
    page.get_by_role("button", name="Bekijk het antwoord").click()
    page.wait_for_url(real_site_url + ANSWER)
    _shows_the_answer(page, real_site_url)
    assert not tab.outside, tab.outside


def test_form_does_not_jump_before_all_three_are_chosen(
    tab: BrowserPage, real_site_url: str
) -> None:
    page = tab.page
    page.goto(real_site_url + "wegwijzer/")
    page.get_by_label("In welke gemeente woon je?").select_option(GEMEENTE)
    page.get_by_role("button", name="Bekijk het antwoord").click()
    page.wait_for_timeout(300)
    assert page.url == real_site_url + "wegwijzer/"


def test_without_javascript_the_links_lead_to_the_same_answer(
    browser: Browser, real_site_url: str
) -> None:
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    outside: list[str] = []

    def guard(route: Route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    try:
        page = context.new_page()
        page.goto(real_site_url + "wegwijzer/")
        expect(page.locator("form[data-wegwijzer]")).to_be_hidden()
        article = page.locator("article")
        expect(article.get_by_text("Stap 1 van 3")).to_be_visible()
        article.get_by_role("link", name=records("gemeenten")[GEMEENTE]["naam"], exact=True).click()
        expect(article.get_by_text("Stap 2 van 3")).to_be_visible()
        article.get_by_role("link", name="2 jaar", exact=True).click()
        expect(article.get_by_text("Stap 3 van 3")).to_be_visible()
        article.get_by_role("link", name="Praten:").click()
        page.wait_for_url(real_site_url + ANSWER)
        _shows_the_answer(page, real_site_url)
        # The breadcrumb leads back to step 3.
        article.get_by_role("navigation", name="Kruimelpad").get_by_role(
            "link", name="2 jaar"
        ).click()
        expect(article.get_by_text("Stap 3 van 3")).to_be_visible()
        assert not outside, outside
    finally:
        context.close()


def test_wegwijzer_pages_have_no_wcag_violations(tab: BrowserPage, real_site_url: str) -> None:
    for path in (
        "wegwijzer/",
        f"wegwijzer/{GEMEENTE}/",
        f"wegwijzer/{GEMEENTE}/{LEEFTIJD}/",
        ANSWER,
    ):
        tab.page.goto(real_site_url + path)
        results = Axe().run(
            tab.page, context={"include": [["article.md-content__inner"]]}, options=WCAG
        )
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
