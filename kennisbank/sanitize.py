"""Clean the HTML that records' Markdown fields become, with nh3 and an allowlist.

The checker already refuses HTML, script links and attribute lists in records
(``safety``); this is the second line of defence, for a record that bypassed the
check. It cleans only what comes from data, never a whole page: Material, MkDocs
and the project's own templates write markup (Mermaid, search attributes, the map,
buttons, admonitions, scripts) that a page-wide allowlist would have to know and
would break. The smallest blast radius:

- Site pages. ``render.markdown_field`` puts every Markdown field between the
  comments ``DATA_START`` and ``DATA_END``. MkDocs renders the Markdown as usual
  (links to other pages resolved and checked, abbreviations, headings in the table
  of contents), then the MkDocs hook passes the page's HTML to ``clean_fragments``,
  which cleans what lies between each pair and drops the markers. A record cannot
  write or close a marker: its ``<`` is escaped before Markdown sees it. A start
  without an end (an unclosed code fence swallowed the end) cleans the rest.
- Factsheets (site page and PDF): ``factsheets.markdown_html`` cleans its output
  with ``clean``.
- Plain fields are escaped by the templates and never become HTML.

The allowlist is what Markdown with the site's extensions makes: paragraphs, lists,
emphasis, links (http, https, mailto, tel and relative), headings with their
permalink, tables, abbreviations, footnotes, admonitions. No scripts, styles,
frames, forms, images from elsewhere or event-handler attributes.
"""

from __future__ import annotations

import re

import nh3

from .safety import LINK_SCHEMES, url_scheme

DATA_START = "<!-- kb:gegevens -->"
DATA_END = "<!-- /kb:gegevens -->"

_HEADINGS = {f"h{n}" for n in range(1, 7)}
TAGS = {
    *_HEADINGS,
    *("p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "span"),
    *("ul", "ol", "li", "dl", "dt", "dd", "a", "abbr", "sup", "sub", "img", "div"),
    *("table", "thead", "tbody", "tr", "th", "td", "details", "summary"),
}
ATTRIBUTES = {
    **{h: {"id"} for h in _HEADINGS},
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
}
_ADMONITIONS = {"admonition", "note", "abstract", "info", "tip", "success", "question"}
_ADMONITIONS |= {"warning", "failure", "danger", "bug", "example", "quote"}
CLASSES = {
    "a": {"headerlink", "footnote-ref", "footnote-backref"},
    "div": {"footnote", *_ADMONITIONS},
    "details": _ADMONITIONS,
    "p": {"admonition-title"},
}
# Removed with everything inside them, not only their tags.
DROPPED = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}

_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROPPED,
    attributes=ATTRIBUTES,
    attribute_filter=lambda tag, name, value: _attribute(tag, name, value),
    url_schemes=set(LINK_SCHEMES),
    allowed_classes=CLASSES,
    filter_style_properties={"text-align"},  # the tables extension aligns columns
    link_rel=None,
    strip_comments=True,
)
_FRAGMENT = re.compile(re.escape(DATA_START) + "(.*?)(?:" + re.escape(DATA_END) + "|\\Z)", re.S)


def _attribute(tag: str, name: str, value: str) -> str | None:
    # An image is loaded, not clicked: only from this site (the privacy rule), never
    # from another host, whatever its scheme.
    if tag == "img" and name == "src" and (url_scheme(value) or value.startswith("//")):
        return None
    return value


def clean(html: str) -> str:
    """``html`` made from a record's Markdown, with only the allowlisted markup left."""
    return _CLEANER.clean(html)


def clean_fragments(html: str) -> str:
    """A page's HTML with every marked fragment from data cleaned and its markers gone."""
    if DATA_START not in html:
        return html
    return _FRAGMENT.sub(lambda m: clean(m[1]), html)


def mark(markdown: str) -> str:
    """A Markdown field between the markers, as blocks of its own."""
    return f"{DATA_START}\n\n{markdown}\n\n{DATA_END}"
