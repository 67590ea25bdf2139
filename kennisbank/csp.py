"""The Content-Security-Policy every page carries as a ``<meta>`` element.

The policy lets a page load only from its own site, with two exceptions: map
tiles from OpenStreetMap (the map asks them only after the visitor's click) and
``'wasm-unsafe-eval'`` for the search engine's WebAssembly. Inline scripts run
only when the theme wrote them: the policy lists the SHA-256 of each inline
script of the page *outside* its content, so a script that came in through the
content (a record, a Markdown page) is refused by the browser even if it got
past escaping and sanitising. Site JavaScript belongs in files under
``docs/assets/``.

Inline styles are refused too, except on pages with a Mermaid diagram: Mermaid
writes a ``<style>`` element into every diagram it draws.

A ``<meta>`` policy cannot set ``frame-ancestors``, ``report-uri`` or
``sandbox``; ``docs/_headers`` sends ``frame-ancestors`` as a header on hosts that
read it (see README, "Content-Security-Policy").
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

MAP_TILES = "https://tile.openstreetmap.org"
# Script types a browser runs; any other type is a data block (Material's __config JSON).
_JS_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
}
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_CHARSET = re.compile(r"\s*<meta\s+charset=[^>]*>", re.IGNORECASE)
MERMAID_MARK = 'class="mermaid"'
_SCRIPT_TAG = re.compile(r"<script", re.IGNORECASE)


def policy(script_hashes: list[str], inline_styles: bool = False, preview: bool = False) -> str:
    """The policy for a page whose own inline scripts have these SHA-256 hashes.

    ``preview``: for ``mkdocs serve``, which adds a live-reload script that differs per
    request and cannot be hashed; inline scripts are allowed there, never in a build.
    """
    inline = ["'unsafe-inline'"] if preview else [f"'{h}'" for h in script_hashes]
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *inline])
    styles = "'self' 'unsafe-inline'" if inline_styles else "'self'"
    directives = {
        "default-src": "'self'",
        "script-src": scripts,
        "style-src": styles,
        "img-src": f"'self' data: {MAP_TILES}",
        "font-src": "'self'",
        "connect-src": "'self'",
        "worker-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def sha256(script: str) -> str:
    """The CSP source of an inline script, hashed as the browser hashes it."""
    text = script.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script in ``html`` that a browser would run."""
    if not _SCRIPT_TAG.search(html):
        return []
    parser = _ScriptParser()
    parser.feed(html)
    parser.close()
    return parser.scripts


def protect(output: str, content: str = "", preview: bool = False) -> str:
    """``output`` (a whole page) with its policy as the first element after the charset.

    ``content`` is the page's content as rendered from Markdown: its inline scripts
    are not the theme's and stay refused.
    """
    untrusted = set(inline_scripts(content)) if content else set()
    if content and output.count(content) == 1:
        # The theme's scripts are outside the content, in markup the theme wrote: a
        # pattern finds them (the HTML parser costs milliseconds per page, on tens of
        # thousands of pages). A script in the content stays refused.
        found = theme_scripts(output.replace(content, "", 1))
    else:
        found = inline_scripts(output)
    hashes = [sha256(s) for s in dict.fromkeys(found) if s not in untrusted]
    meta = (
        '<meta http-equiv="Content-Security-Policy" content="'
        f'{policy(hashes, inline_styles=MERMAID_MARK in output, preview=preview)}">'
    )
    head = _HEAD.search(output)
    if head is None:
        raise ValueError("pagina zonder <head>: het beveiligingsbeleid (CSP) kan er niet in")
    at = head.end()
    charset = _CHARSET.match(output, at)
    if charset:
        at = charset.end()
    return f"{output[:at]}\n    {meta}{output[at:]}"


_SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


def theme_scripts(html: str) -> list[str]:
    """``inline_scripts`` for markup the theme wrote (no scripts in comments or attributes)."""
    scripts = []
    for element in _SCRIPT_ELEMENT.finditer(html):
        attributes = {
            name.lower(): value.strip("\"'") for name, value in _ATTRIBUTE.findall(element[1])
        }
        kind = attributes.get("type", "").strip().lower()
        if "src" not in attributes and kind in _JS_TYPES:
            scripts.append(element[2])
    return scripts


class _ScriptParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        found = dict(attrs)
        kind = (found.get("type") or "").strip().lower()
        runs = "src" not in found and kind in _JS_TYPES
        self._current = [] if runs else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None
