"""The browser harness itself: a real page loads in real Chromium."""

from __future__ import annotations

from conftest import BrowserPage


def test_home_page_loads_in_chromium(tab: BrowserPage, real_site_url: str) -> None:
    response = tab.page.goto(real_site_url)
    assert response is not None and response.ok
    assert tab.page.locator("html").get_attribute("lang") == "nl"
    assert "Kennisbank Jonge Kind" in tab.page.title()
