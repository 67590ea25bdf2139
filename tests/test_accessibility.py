"""Accessibility in real Chromium, on one page of every kind (tests/site_pages.py).

- axe-core (shipped inside axe-playwright-python) with the WCAG 2.0 and 2.1 A and AA
  rules, at computer and phone width, in every colour scheme the site offers;
- the keyboard: the first Tab stop is the skip link, every Tab stop shows a focus
  ring with enough contrast, and on pages with controls every control is reachable;
- the toegankelijkheidsverklaring and privacyverklaring exist and every page links them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from conftest import ROOT, BrowserPage
from mkdocs.utils import yaml_load
from playwright.sync_api import Page
from site_pages import html_pages, open_page, page_file, sample_pages

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"computer": (1280, 800), "telefoon": (360, 740)}
TAB_STOPS = 40
CONTENT_TAB_STOPS = 15
_axe = Axe()


def color_schemes() -> list[str]:
    """The colour schemes of mkdocs.yml's palette (a list when the site has a toggle)."""
    palette = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["palette"]
    entries = palette if isinstance(palette, list) else [palette]
    return [entry.get("scheme", "default") for entry in entries]


def axe_violations(page: Page) -> list[str]:
    options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    found = _axe.run(page, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n      "
        + "\n      ".join(" ".join(node["target"]) for node in v["nodes"][:8])
        + (f"\n      … en nog {len(v['nodes']) - 8}" if len(v["nodes"]) > 8 else "")
        for v in found
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finds_no_wcag_a_or_aa_violation(
    tab: BrowserPage, real_site: Path, real_site_url: str, viewport: str
) -> None:
    tab.page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[viewport], strict=True)))
    problems = []
    for path in sample_pages(real_site):
        open_page(tab.page, real_site_url + path)
        for scheme in color_schemes():
            tab.page.evaluate(
                "(scheme) => document.body.setAttribute('data-md-color-scheme', scheme)", scheme
            )
            problems += [f"/{path} ({scheme}): {v}" for v in axe_violations(tab.page)]
    assert not problems, f"axe-core, {viewport}:\n" + "\n".join(problems)


def test_axe_catches_materials_own_footer_colour(tab: BrowserPage, real_site_url: str) -> None:
    """Material's default footer text (#ffffff73 on its dark footer) fails 4.5:1; only the
    override in kennisbank.css makes the footer pass."""
    open_page(tab.page, real_site_url + "ouders/")
    tab.page.evaluate(
        """() => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync('[data-md-color-scheme] { --md-footer-fg-color--lighter: #ffffff73 }');
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }"""
    )
    assert any(
        v.startswith("color-contrast") and ".md-copyright" in v for v in axe_violations(tab.page)
    )


# --- Keyboard -----------------------------------------------------------------

# What a focused element looks like: its name, and whether its focus ring shows.
DESCRIBE = """(el) => {
  if (!el || el === document.body) return null;
  el.getAnimations().forEach((a) => a.finish()); // the state a fade-in ends in (¶, skip link)
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || c[3] > 0.5) return c;
    }
    return [255, 255, 255];
  };
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const [a, b] = [lum(rgb(style.outlineColor)), lum(background(el.parentElement))];
  const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const label = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim();
  return {
    name: `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${label.slice(0, 40)}"`,
    skip: el.classList.contains("md-skip"),
    href: el.getAttribute("href"),
    shows: (ring && contrast >= 3) || style.boxShadow !== "none",
    ring: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}, contrast ${contrast.toFixed(1)}`,
    visible:
      box.width > 0 && box.height > 0 &&
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
  };
}"""
FOCUSED = f"() => ({DESCRIBE})(document.activeElement)"
# Describes every element as it takes the focus, so Tab can be pressed without a round trip each.
LISTEN = f"""() => {{
  window.__kbFocus = [];
  if (!window.__kbListening) {{
    document.addEventListener("focusin", (event) => window.__kbFocus.push(({DESCRIBE})(event.target)));
    window.__kbListening = true;
  }}
}}"""


def focused(page: Page) -> dict | None:
    state = page.evaluate(FOCUSED)
    if state and not (state["shows"] and state["visible"]):
        page.wait_for_timeout(400)  # a transition (the skip link fades in)
        state = page.evaluate(FOCUSED)
    return state


def tab_stops(page: Page, stops: int) -> list[str]:
    """Press Tab ``stops`` times; a problem for every stop that is hidden or shows no focus."""
    page.evaluate(LISTEN)
    for _ in range(stops):
        page.keyboard.press("Tab")
    problems = []
    for number, state in enumerate(page.evaluate("() => window.__kbFocus"), start=1):
        if state is None:
            break
        if not state["visible"]:
            problems.append(f"Tab-stop {number} is onzichtbaar: {state['name']}")
        elif not state["shows"]:
            problems.append(
                f"Tab-stop {number} toont geen focus: {state['name']} ({state['ring']})"
            )
    return problems


def skip_link_problems(page: Page) -> list[str]:
    """The first Tab stop is a visible "Ga naar inhoud" that moves on to the page's content.

    A page that puts the focus in its content on load (the search field) needs no skip link,
    nor does the editors' screen (Decap's login, no navigation to skip).
    """
    if page.evaluate("() => document.activeElement?.closest('article') != null"):
        return []
    if not page.locator("meta[name=generator]").count():
        return []  # not a MkDocs page: the editors' screen is one login button
    page.keyboard.press("Tab")
    state = focused(page)
    if state is None or not state["skip"] or '"Ga naar inhoud"' not in state["name"]:
        return [f"de eerste Tab-stop is niet 'Ga naar inhoud' maar {state and state['name']}"]
    if not (state["visible"] and state["shows"]):
        return [f"'Ga naar inhoud' is niet te zien als het de focus heeft ({state['ring']})"]
    page.keyboard.press("Enter")
    target = page.evaluate(
        "() => { const t = document.getElementById(decodeURIComponent(location.hash.slice(1)));"
        " return t && t.closest('article') ? 'article' : location.hash; }"
    )
    return [] if target == "article" else [f"'Ga naar inhoud' gaat naar {target}, niet de inhoud"]


def test_skip_link_then_visible_focus_in_the_content(
    tab: BrowserPage, real_site: Path, real_site_url: str
) -> None:
    """Every kind of page: the skip link, then the first Tab stops of the content itself."""
    problems = []
    for path in sample_pages(real_site):
        open_page(tab.page, real_site_url + path)
        found = skip_link_problems(tab.page)
        found += tab_stops(tab.page, CONTENT_TAB_STOPS) if not found else []
        problems += [f"/{path}: {p}" for p in found]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["", "ouders/", "interventies/"])
def test_visible_focus_from_the_top(tab: BrowserPage, real_site_url: str, path: str) -> None:
    """Header, search box and navigation: the first Tab stops from the top of the page."""
    open_page(tab.page, real_site_url + path)
    tab.page.evaluate("() => document.activeElement?.blur()")
    problems = tab_stops(tab.page, TAB_STOPS)
    assert not problems, "\n".join(problems)


def test_the_focus_check_fails_without_focus_styles(tab: BrowserPage, real_site_url: str) -> None:
    """Without any focus ring (a site that set `*:focus { outline: none }`) the check fails."""
    open_page(tab.page, real_site_url + "ouders/")
    tab.page.evaluate(
        """() => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(
            "*:focus, *:focus-visible { outline: none !important; box-shadow: none !important }");
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }"""
    )
    problems = skip_link_problems(tab.page) + tab_stops(tab.page, 5)
    assert len(problems) >= 5, problems


def test_the_skip_link_check_fails_without_a_skip_link(
    tab: BrowserPage, real_site_url: str
) -> None:
    open_page(tab.page, real_site_url + "ouders/")
    tab.page.evaluate("() => document.querySelectorAll('.md-skip').forEach((a) => a.remove())")
    assert skip_link_problems(tab.page), "a page without a skip link went unnoticed"


# Every control a visitor can see, and the ones Tab reached (marked while tabbing).
NATIVE = "a[href], button, input:not([type=hidden]), select, textarea, summary"
CONTROLS = f"{NATIVE}, [tabindex]"
UNREACHED = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.matches(NATIVE) || /^\\s*\\d+\\s*$/.test(el.getAttribute("tabindex")))
  .filter((el) => !el.disabled && !el.closest("[inert], [aria-hidden='true']"))
  .filter((el) => el.checkVisibility({ visibilityProperty: true }))
  .filter((el) => !el.hasAttribute("data-kb-bereikt"))
  .filter((el) => !(el.type === "radio" && el.name &&
    document.querySelector(`input[type=radio][name="${el.name}"][data-kb-bereikt]`)))
  .map((el) => `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ||
    el.textContent || el.name || "").trim().slice(0, 40)}"`)"""
MARK = """() => { const el = document.activeElement;
  if (!el || el === document.body) return "leeg";
  if (el.hasAttribute("data-kb-bereikt")) return "rond";
  el.setAttribute("data-kb-bereikt", ""); return "nieuw"; }"""


def unreachable(page: Page, limit: int = 1500) -> list[str]:
    """Tab through the whole page; the visible controls Tab never reached."""
    page.evaluate("() => document.activeElement?.blur()")
    empty = 0
    for _ in range(limit):
        page.keyboard.press("Tab")
        step = page.evaluate(MARK)
        if step == "rond" or (step == "leeg" and (empty := empty + 1) > 2):
            break
    return page.evaluate(UNREACHED.replace("NATIVE", repr(NATIVE)), CONTROLS)


def pages_with_controls(site: Path) -> list[str]:
    """Sample pages whose content has form controls (search, filters, the map's button)."""
    found = []
    for path in sample_pages(site):
        if "?" in path:
            continue  # a state of a page that is already on the list
        html = page_file(site, path).read_text(encoding="utf-8")
        article = BeautifulSoup(html, "html.parser").find("article")
        if article and article.find(["input", "select", "textarea", "button", "summary"]):
            found.append(path)
    return found


def test_every_control_is_reachable_with_tab(
    tab: BrowserPage, real_site: Path, real_site_url: str
) -> None:
    pages = [*pages_with_controls(real_site), ""]
    problems = []
    for path in pages:
        open_page(tab.page, real_site_url + path)
        problems += [f"/{path}: niet te bereiken met Tab: {c}" for c in unreachable(tab.page)]
    assert not problems, "\n".join(problems)


def test_the_reach_check_finds_a_control_tab_skips(tab: BrowserPage, real_site_url: str) -> None:
    open_page(tab.page, real_site_url)
    tab.page.evaluate(
        "() => document.querySelector('article a[href]').setAttribute('tabindex', '-1')"
    )
    assert unreachable(tab.page), "a link taken out of the Tab order went unnoticed"


# --- Statements -----------------------------------------------------------------

FOOTER = re.compile(r'<footer class="md-footer">.*?<nav class="kb-voettekst".*?</nav>', re.S)


def test_statements_exist_and_every_page_links_them(real_site: Path) -> None:
    for statement, heading in (
        ("toegankelijkheid", "Toegankelijkheidsverklaring"),
        ("privacy", "Privacyverklaring"),
    ):
        html = (real_site / statement / "index.html").read_text(encoding="utf-8")
        assert f">{heading}<" in html, statement
    checked = 0
    for page in html_pages(real_site):
        html = (real_site / page).read_text(encoding="utf-8")
        if '<meta name="generator"' not in html:
            continue  # not a MkDocs page (the editors' screen)
        found = FOOTER.search(html)
        assert found is not None, f"{page}: geen links naar de verklaringen onderaan"
        footer = BeautifulSoup(found.group(0), "html.parser")
        links = {a.get_text(strip=True): a["href"] for a in footer.find_all("a")}
        for text, target in (("Toegankelijkheid", "toegankelijkheid"), ("Privacy", "privacy")):
            href = links.get(text, "-")
            base = real_site if href.startswith("/") else real_site / page.parent
            resolved = (base / href.lstrip("/")).resolve()
            assert resolved == (real_site / target).resolve(), f"{page}: {text} → {links.get(text)}"
        assert "/issues/new?" in links.get("Meld een probleem", ""), page
        checked += 1
    assert checked > 20
