"""What a record may not contain, and what its addresses and paths must look like.

Records come from pull requests, so a text may be hostile. The first line of
defence is here, at check time, with a Dutch message and a tip:

- no text field may hold HTML (``<script>``, ``<iframe>``, ``<style>``, an element
  with ``onerror=``…), a Markdown link to anything but http(s), mailto or tel
  (``javascript:``, ``data:``, ``vbscript:``…), or a Markdown attribute list
  (``{: onclick="…"}``, which Python-Markdown's attr_list turns into attributes);
- a website is an http(s) address, an e-mail address is only an address, a phone
  number only digits and separators, a path stays inside the repository.

Editors never need HTML: Markdown fields have Markdown, plain fields are text. The
second line of defence is in the renderer (``render._plain_text`` escapes plain
fields, ``sanitize`` cleans the HTML made from Markdown fields with an allowlist),
so a record that bypasses this check still cannot put a script on a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .result import Loc, Problem, shorten

if TYPE_CHECKING:
    from .loader import Document

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
WEB_SCHEMES = frozenset({"http", "https"})

# Where an HTML tokenizer starts a tag, an end tag, a comment or a declaration.
_TAG_START = re.compile(r"<[a-zA-Z/!?]")
# Markdown link and image targets: [tekst](doel), and reference definitions [x]: doel.
# The whole target, with balanced parentheses: Python-Markdown accepts a tab in it.
_LINK_TARGET = re.compile(r"\]\(((?:[^()\n]|\([^()\n]*\))*)|^ {0,3}\[[^\]\n]+\]:(.*)$", re.M)
# Python-Markdown's attribute lists: {: #id .class key=value} or { onclick=... }.
_ATTR_LIST = re.compile(r"\{:?[ \t]*(?:[#.][\w-]|[\w-]+[ \t]*=)[^}\n]*\}")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop tabs and newlines anywhere in a URL, and spaces and control
# characters around it, before they read the scheme: "java\tscript:" is "javascript:".
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[0-9 ()-]+")
_PATH = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

_HTML_TIP = (
    "schrijf gewone tekst; voor opmaak gebruik je Markdown (**vet**, lijstjes, "
    "[tekst](https://…)) in de velden die dat toestaan"
)
_LINK_TIP = (
    "link naar een webpagina (https://…), een e-mailadres (mailto:…), "
    "een telefoonnummer (tel:…) of een andere pagina van de kennisbank (../rollen/….md)"
)


class Invalid(ValueError):
    """A validation message with a tip for the editor (the checker prints it as 'Tip:')."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


# --- texts ------------------------------------------------------------------------------


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read in ``url`` (lower case), None for a relative link."""
    found = _SCHEME.match(_IGNORED_IN_URL.sub("", url))
    return found[1].lower() if found else None


def allowed_link(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in LINK_SCHEMES


def check_text(text: str) -> None:
    """Raise ``Invalid`` if ``text`` holds HTML, a forbidden link or an attribute list."""
    tag = _TAG_START.search(text)
    if tag:
        end = text.find(">", tag.start())
        snippet = text[tag.start() : end + 1 if 0 <= end < tag.start() + 40 else tag.start() + 40]
        raise Invalid(f"bevat HTML ('{shorten(snippet, 40)}'): dat is niet toegestaan", _HTML_TIP)
    for link in _LINK_TARGET.finditer(text):
        target = (link[1] if link[1] is not None else link[2]).strip()
        if not allowed_link(target):
            raise Invalid(
                f"link naar '{shorten(target, 40)}' is niet toegestaan: "
                "alleen https://, http://, mailto: en tel:",
                _LINK_TIP,
            )
    attributes = _ATTR_LIST.search(text)
    if attributes:
        raise Invalid(
            f"bevat een attribuutlijst ('{shorten(attributes[0], 40)}'): dat is niet toegestaan",
            "haal het stuk tussen { en } weg; opmaak gaat met gewone Markdown",
        )


def strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text in a parsed YAML document, with its field path."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, (*loc, i))


def text_problems(doc: Document) -> Iterator[Problem]:
    """A problem for every text in ``doc`` that ``check_text`` refuses, on its own line."""
    for loc, text in strings(doc.data):
        try:
            check_text(text)
        except Invalid as exc:
            yield Problem(doc.path, doc.line_of(loc), loc, str(exc), hint=exc.hint)


# --- typed fields (used by the model) --------------------------------------------------


def web_url(value: str) -> str:
    """An http(s) address of a web page, or empty."""
    if not value:
        return value
    try:
        parts = urlsplit(value) if not _IGNORED_IN_URL.search(value) else None
    except ValueError:  # an unclosed [ of an IPv6 address
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in WEB_SCHEMES
        or not parts.hostname
        or "@" in parts.netloc
        or any(c in value for c in "<>\"'`\\")
    ):
        raise Invalid(
            f"'{shorten(value, 40)}' is geen webadres: alleen adressen die met https:// "
            "of http:// beginnen zijn toegestaan",
            "kopieer het adres uit de adresbalk van je browser, bijvoorbeeld https://www.voorbeeld.nl/",
        )
    return value


def email_address(value: str) -> str:
    if value and not _EMAIL.fullmatch(value):
        raise Invalid(
            f"'{shorten(value, 40)}' is geen e-mailadres",
            "schrijf alleen het adres, zonder mailto: of naam, bijvoorbeeld info@organisatie.nl",
        )
    return value


def phone_number(value: str) -> str:
    if value and not (_PHONE.fullmatch(value) and sum(c.isdigit() for c in value) >= 3):
        raise Invalid(
            f"'{shorten(value, 40)}' is geen telefoonnummer",
            "gebruik alleen cijfers, spaties, +, - en haakjes, bijvoorbeeld 024 123 45 67",
        )
    return value


def repo_path(value: str) -> str:
    """A relative path inside the repository: no web address, no '..', no absolute path."""
    if value and not (_PATH.fullmatch(value) and ".." not in value.split("/")):
        raise Invalid(
            f"'{shorten(value, 40)}' is geen pad in de repository",
            "schrijf een pad vanaf de hoofdmap, zonder '..' of webadres, "
            "bijvoorbeeld docs/assets/huisstijl/logo.svg",
        )
    return value


def file_name(value: str) -> str:
    """Only a file's name, without a folder."""
    if value and not (_FILE_NAME.fullmatch(value) and ".." not in value):
        raise Invalid(
            f"'{shorten(value, 40)}' is geen bestandsnaam",
            "alleen de naam, zonder map of '..', bijvoorbeeld 004_cefa0159887cd24d.txt",
        )
    return value
