"""The Content-Security-Policy: on every page, first in <head>, and enforced by the browser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BrowserPage, serve_directory
from site_pages import (
    html_pages,
    open_page,
    page_file,
    record_violations,
    sample_pages,
    violations,
)

from kennisbank import csp

PAGE = """<!doctype html>
<html lang="nl">
  <head>
    <meta charset="utf-8">
    <title>t</title>
    <script>theme()</script>
    <script id="__config" type="application/json">{"a": 1}</script>
  </head>
  <body><article>CONTENT</article><script src="bundle.js"></script></body>
</html>
"""
HOSTILE = "<script>window.kbInjected = 1</script>"
HOSTILE_ATTRIBUTE = '<img src="x" onerror="window.kbHandler = 1" alt="">'


def _policy(html: str) -> str:
    meta = BeautifulSoup(html, "html.parser").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"}
    )
    assert meta is not None, "geen Content-Security-Policy"
    return meta["content"]


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_policy_hashes_the_theme_scripts_and_not_the_content() -> None:
    content = f"<p>tekst</p>{HOSTILE}"
    page = csp.protect(PAGE.replace("CONTENT", content), content)
    scripts = _directives(_policy(page))["script-src"]
    assert f"'{csp.sha256('theme()')}'" in scripts
    assert f"'{csp.sha256('window.kbInjected = 1')}'" not in scripts
    assert not any(csp.sha256('{"a": 1}') in s for s in scripts), "JSON data needs no hash"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts


def test_policy_is_first_after_the_charset() -> None:
    page = csp.protect(PAGE.replace("CONTENT", ""))
    head = page[page.index("<head>") : page.index("</head>")]
    assert re.match(r'<head>\s*<meta charset="utf-8">\s*<meta http-equiv="Content-Security', head)


def test_policy_allows_inline_styles_only_where_mermaid_draws() -> None:
    plain = _directives(_policy(csp.protect(PAGE)))
    assert plain["style-src"] == ["'self'"]
    diagram = PAGE.replace("CONTENT", '<pre class="mermaid"><code>graph TD</code></pre>')
    assert "'unsafe-inline'" in _directives(_policy(csp.protect(diagram)))["style-src"]


def test_policy_lets_nothing_in_from_elsewhere_but_map_tiles() -> None:
    directives = _directives(csp.policy([]))
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    others = {
        name: [v for v in values if v.startswith(("http", "*")) or v in ("https:", "http:")]
        for name, values in directives.items()
    }
    assert {name: v for name, v in others.items() if v} == {"img-src": [csp.MAP_TILES]}


def test_preview_allows_the_live_reload_script_and_a_build_does_not() -> None:
    """`mkdocs serve` injects an inline script per request; only its pages allow inline scripts."""
    from kennisbank import mkdocs_hooks

    try:
        for command, allowed in (("serve", True), ("build", False)):
            mkdocs_hooks.on_startup(command=command, dirty=False)
            page = mkdocs_hooks.on_post_template(PAGE, template_name="404.html")
            assert ("'unsafe-inline'" in _directives(_policy(page))["script-src"]) is allowed
    finally:
        mkdocs_hooks.on_startup(command="build", dirty=False)


def test_a_page_without_head_is_an_error() -> None:
    with pytest.raises(ValueError, match="<head>"):
        csp.protect("<p>geen head</p>")


def test_every_built_page_has_its_policy_before_anything_else(real_site: Path) -> None:
    for page in html_pages(real_site):
        html = (real_site / page).read_text(encoding="utf-8")
        head = BeautifulSoup(html[: html.index("</head>")], "html.parser").head
        first = [
            t for t in head.find_all(recursive=False) if t.name != "meta" or not t.get("charset")
        ]
        assert first and first[0].get("http-equiv") == "Content-Security-Policy", (
            f"{page}: de Content-Security-Policy staat niet vooraan in <head>"
        )
        policy = _directives(first[0]["content"])
        assert "'unsafe-inline'" not in policy["script-src"], page
        if head.find("meta", attrs={"name": "generator"}) is None:
            continue  # not made by MkDocs (the editors' screen has a policy of its own)
        hashes = {v.strip("'") for v in policy["script-src"] if v.startswith("'sha256-")}
        inline = {csp.sha256(s) for s in csp.inline_scripts(html)}
        assert inline <= hashes, (
            f"{page}: inline scripts the policy refuses: {sorted(inline - hashes)}"
            " (a script in the page content? Put it in a file under docs/assets/js/)"
        )
        assert hashes <= inline, f"{page}: the policy allows scripts that are not on the page"


def test_browser_refuses_a_script_that_was_not_in_the_theme(
    tab: BrowserPage, real_site: Path, tmp_path: Path
) -> None:
    """A script smuggled into a built page does not run; the page's own scripts do."""
    site = tmp_path / "site"
    shutil.copytree(real_site, site, ignore=shutil.ignore_patterns("pagefind", "factsheets"))
    original = (site / "ouders" / "index.html").read_text(encoding="utf-8")
    hostile = original.replace("</article>", f"{HOSTILE}{HOSTILE_ATTRIBUTE}</article>", 1)
    assert hostile != original
    (site / "ouders" / "aanval.html").write_text(hostile, encoding="utf-8")
    unprotected = hostile.replace('http-equiv="Content-Security-Policy"', 'name="x"', 1)
    (site / "ouders" / "zonder-csp.html").write_text(unprotected, encoding="utf-8")
    url, server = serve_directory(site)
    ran = "() => [window.kbInjected === 1, window.kbHandler === 1]"
    own = "() => [typeof __md_get === 'function', typeof document$ !== 'undefined']"
    try:
        record_violations(tab.page)
        open_page(tab.page, url + "ouders/aanval.html")
        assert tab.page.evaluate(ran) == [False, False], "the injected script ran"
        refused = violations(tab.page)
        assert any(v.startswith("script-src-elem refused inline") for v in refused), refused
        assert any(v.startswith("script-src-attr refused inline") for v in refused), refused
        assert tab.page.evaluate(own) == [True, True], "the theme's own scripts did not run"
        # The same page without its policy runs both: the policy is what stops them.
        open_page(tab.page, url + "ouders/zonder-csp.html")
        assert tab.page.evaluate(ran) == [True, True]
    finally:
        server.shutdown()


def test_header_file_adds_what_a_meta_policy_cannot(real_site: Path) -> None:
    """`_headers` (Netlify, Cloudflare Pages) forbids framing; it must not restrict scripts or
    styles, or the browser would refuse the pages' own hashed scripts (both policies apply)."""
    lines = (real_site / "_headers").read_text(encoding="utf-8").splitlines()
    headers = dict(
        line.strip().split(": ", 1) for line in lines if line.startswith("  ") and ": " in line
    )
    policy = _directives(headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert not {"default-src", "script-src", "style-src"} & policy.keys(), policy
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_map_works_under_the_policy(
    tab: BrowserPage, real_site: Path, real_site_url: str
) -> None:
    """After "Toon kaart" Leaflet runs without a refusal and only the tiles come from elsewhere."""
    maps = [
        path
        for path in sample_pages(real_site)
        if 'id="kb-toon-kaart"' in page_file(real_site, path).read_text(encoding="utf-8")
    ]
    assert maps, "geen pagina met een kaart"
    record_violations(tab.page)
    for path in maps:
        open_page(tab.page, real_site_url + path)
        tab.outside.clear()
        tab.page.get_by_role("button", name="Toon kaart").click()
        tab.page.locator(".leaflet-tile").first.wait_for(state="attached")
        tab.page.wait_for_load_state("networkidle")
        assert violations(tab.page) == [], path
        assert tab.outside and all(u.startswith(csp.MAP_TILES + "/") for u in tab.outside)
