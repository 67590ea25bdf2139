"""Privacy by default, in real Chromium: no page asks another host for anything.

One page of every kind (tests/site_pages.py) is loaded from a local server; every
request to a host other than 127.0.0.1 is recorded (and refused) by the ``tab``
fixture. A request the Content-Security-Policy stops never reaches the network,
so a policy violation counts as an attempt too. Pages also set no cookies and
store nothing in the browser until the visitor does something.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import BrowserPage, serve_directory
from site_pages import open_page, record_violations, sample_pages, violations

STORAGE = "() => [Object.keys(localStorage), Object.keys(sessionStorage), document.cookie]"
CLEAR = "() => { localStorage.clear(); sessionStorage.clear(); }"
# Kept in the browser without the visitor doing anything, and named in docs/privacy.md:
# the editors' screen (Decap) remembers whether it shows its lists as a list or a grid.
STORAGE_ALLOWED = {"decap-cms.entries.viewStyle"}


def audit(tab: BrowserPage, url: str) -> list[str]:
    """Everything ``url`` did that a visitor did not ask for: other hosts, refusals, storage."""
    if tab.page.url.startswith("http"):
        tab.page.evaluate(CLEAR)  # same origin: what the previous page kept is not this one's
    tab.page.context.clear_cookies()
    tab.outside.clear()
    open_page(tab.page, url)
    found = [f"vraagt {outside} op" for outside in tab.outside]
    found += [f"CSP: {violation}" for violation in violations(tab.page)]
    local, session, cookie = tab.page.evaluate(STORAGE)
    kept = [*(set(local) - STORAGE_ALLOWED), *session]
    if kept or cookie or tab.page.context.cookies():
        found.append(f"bewaart iets in de browser: {kept} {tab.page.context.cookies()}")
    return found


def test_no_page_type_contacts_another_host(
    tab: BrowserPage, real_site: Path, real_site_url: str
) -> None:
    record_violations(tab.page)
    pages = sample_pages(real_site)
    assert len(pages) > 20, pages
    problems = {path or "/": audit(tab, real_site_url + path) for path in pages}
    problems = {path: found for path, found in problems.items() if found}
    assert not problems, "\n".join(
        f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items()
    )


def test_the_audit_catches_a_third_party_font(
    tab: BrowserPage, real_site: Path, tmp_path: Path
) -> None:
    """The audit itself can fail: a Google Font link is refused by the policy and reported,
    and without the policy the request is caught on its way out."""
    site = tmp_path / "site"
    shutil.copytree(real_site, site, ignore=shutil.ignore_patterns("pagefind", "factsheets"))
    page = (site / "ouders" / "index.html").read_text(encoding="utf-8")
    font = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
    with_font = page.replace("</head>", f"{font}</head>", 1)
    (site / "ouders" / "font.html").write_text(with_font, encoding="utf-8")
    without_policy = with_font.replace('http-equiv="Content-Security-Policy"', 'name="x"', 1)
    (site / "ouders" / "font-zonder-csp.html").write_text(without_policy, encoding="utf-8")
    url, server = serve_directory(site)
    try:
        record_violations(tab.page)
        refused = audit(tab, url + "ouders/font.html")
        assert any("style-src" in f and "fonts.googleapis.com" in f for f in refused), refused
        caught = audit(tab, url + "ouders/font-zonder-csp.html")
        assert any("vraagt https://fonts.googleapis.com/" in f for f in caught), caught
    finally:
        server.shutdown()
