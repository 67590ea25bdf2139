"""Phase two: turn the validated kennisbank into Markdown pages.

Plain Python and Jinja2, with no knowledge of MkDocs: the result is a list of
pages (path, Markdown, source file) that any Markdown site engine can render.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup, escape

from . import labels, pagecache, parallel, quality, safety, sanitize, sociale_kaart, wegwijzer
from .checker import Entry, Kennisbank, in_repository
from .fields import fields_markdown
from .model import Begrip

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

TYPE_LABELS = {
    "interventies": ("aanpak", "Aanpakken"),
    "rollen": ("rol", "Rollen"),
    "organisaties": ("organisatie", "Sociale kaart: organisaties"),
    "praktijkvoorbeelden": ("praktijkvoorbeeld", "Praktijkvoorbeelden"),
    "gemeenten": ("gemeente", "Gemeenten"),
    "bronnen": ("bron", "Bronnen"),
    "begrippen": ("begrip", "Begrippen en afkortingen"),
}
_TEMPLATE_NAMES = {
    "interventies": "interventie",
    "rollen": "rol",
    "organisaties": "organisatie",
    "praktijkvoorbeelden": "praktijkvoorbeeld",
    "gemeenten": "gemeente",
    "bronnen": "bron",
    "begrippen": "begrip",
}
_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
QUALITY_PAGE = "redactie/datakwaliteit.md"
# From this many organisations on, "Alle organisaties" lists the beginning letters and each
# letter has a page of its own: one list of thousands is megabytes to download and to scroll
# through, and a rebuild would render all of it again for one changed summary.
ALPHABET_FROM = 500
ALPHABET_DIR = "organisaties/alfabet"
OTHER_LETTERS = ("0-9", "Overige tekens")
# The part of the wegwijzer's gemeenten the forked process makes: measured at national
# scale, the wegwijzer is some two thirds of the generating and the records' pages and
# the sociale kaart (made here meanwhile) the rest.
_FORKED_SHARE = 0.7
# Inline Markdown syntax that must stay literal when it comes from a plain-text field;
# { and } too, or attr_list reads "Naam { onclick=… }" in a heading as attributes.
_MD_ESCAPES = {ord(c): "\\" + c for c in "\\`*_[]|{}"}


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its Markdown, the file to edit for it, and
    whether search should index it (lists repeat what the records' own pages say)."""

    path: str
    markdown: str
    source: str | None = None
    indexed: bool = True


@dataclass(frozen=True)
class Site:
    pages: list[Page]
    abbreviations: str


def generate(
    kb: Kennisbank,
    edit_base: str = "",
    templates: Path = TEMPLATES,
    changed: dict[str, dt.date] | None = None,
    pdf: bool = True,
    memo: pagecache.Memo | None = None,
    fork: bool = False,
) -> Site:
    """All pages; ``changed`` maps a record's path to the date its file last changed (git);
    ``pdf=False``: no links to factsheet PDFs (a build without them). With ``memo``, a
    record's page whose inputs did not change since it was kept is not rendered again.
    ``fork``: most of the wegwijzer's pages (the most pages) are made in a second process
    meanwhile, and the rest here after the records' pages."""
    env = _environment(kb, edit_base, templates)
    env.globals["laatst_gewijzigd"] = (changed or {}).get
    env.globals["factsheet_pdf"] = pdf
    memo = memo or pagecache.Memo(None)
    existing = {f"{t}/{e}.md" for t in kb.entries for e in kb.entries[t]}
    existing |= {f"{t}/index.md" for t in kb.entries} | {"redactie/velden.md", QUALITY_PAGE}
    by_letter = letters(kb)
    existing |= {f"{ALPHABET_DIR}/{slug}.md" for slug in by_letter}
    existing |= set(sociale_kaart.paths(kb))
    if fork:
        guide = parallel.Forked(
            lambda: _guide(env, kb, templates, edit_base, existing, memo, (0.0, _FORKED_SHARE))
        )
    salt = pagecache.code_key("pagina", edit_base, pdf, str(templates))
    pages = [
        memo.near(
            f"pagina:{entry.type}/{entry.id}",
            kb,
            entry,
            (salt, (changed or {}).get(entry.path)),
            lambda entry=entry: _record_page(env, entry),
        )
        for type_ in kb.entries
        for entry in kb.all(type_)
    ]
    pages += [_overview_page(env, type_, kb, by_letter, memo, salt) for type_ in kb.entries]
    pages += _letter_pages(env, by_letter, memo, salt)
    pages.append(Page("redactie/velden.md", fields_markdown(), "kennisbank/model.py"))
    pages.append(_quality_page(env, kb))
    pages += sociale_kaart.pages(env, kb, memo)
    if existing != {p.path for p in pages}:  # the wegwijzer links to what exists
        raise RuntimeError("render.generate: de verwachte paden kloppen niet (sociale_kaart.paths)")
    if fork:
        rest = wegwijzer.pages(
            env, kb, templates, edit_base, existing, memo, share=(_FORKED_SHARE, 1.0)
        )
        made, used, remade = guide.result()
        memo.used.update(used)
        memo.made += remade
        pages += made + rest
    else:
        pages += wegwijzer.pages(env, kb, templates, edit_base, existing, memo)
    return Site(pages, abbreviations(kb))


def _guide(
    env: jinja2.Environment,
    kb: Kennisbank,
    templates: Path,
    edit_base: str,
    existing: set[str],
    memo: pagecache.Memo,
    share: tuple[float, float],
) -> tuple[list[Page], dict, list[str]]:
    """Part of the wegwijzer's pages, made in another process: with the units of the page
    cache it used and made there, for this process to keep."""
    made = wegwijzer.pages(env, kb, templates, edit_base, existing, memo, share)
    used = {unit: value for unit, value in memo.used.items() if unit.startswith("wegwijzer:")}
    return made, used, [unit for unit in memo.made if unit.startswith("wegwijzer:")]


def abbreviations(kb: Kennisbank) -> str:
    """Markdown abbreviation definitions (``*[VVE]: …``) for every abbreviation."""
    lines = []
    for entry in kb.all("begrippen"):
        begrip: Begrip = entry.record
        if begrip.voluit and re.fullmatch(r"[\w+&'’./-]+", begrip.term):
            lines.append(f"*[{begrip.term}]: {one_line(begrip.voluit)}")
    return "\n".join(sorted(set(lines)))


def _record_page(env: jinja2.Environment, entry: Entry) -> Page:
    template = env.select_template(
        [f"pages/{entry.type}/{entry.id}.md.j2", f"pages/{_TEMPLATE_NAMES[entry.type]}.md.j2"]
    )
    markdown = template.render(entry=entry, r=entry.record, id=entry.id, type=entry.type)
    return Page(f"{entry.type}/{entry.id}.md", _tidy(markdown), entry.path)


def _overview_page(
    env: jinja2.Environment,
    type_: str,
    kb: Kennisbank,
    by_letter: dict[str, Any],
    memo: pagecache.Memo,
    salt: str,
) -> Page:
    """A type's overview; the organisations' lists only their letters when ``by_letter``.
    Made again only when one of its records, or a record they name, changed."""
    by_letter = by_letter if type_ == "organisaties" else {}
    entries = [] if by_letter else kb.all(type_)
    shown = {(e.type, e.id): e for e in entries}
    for entry in entries:
        for _, target, ref in entry.outgoing().refs:
            shown.setdefault((target, ref), kb.entries[target][ref])
    counts = [(slug, len(found)) for slug, (_, found) in by_letter.items()]
    path = f"{type_}/index.md"

    def make() -> str:
        template = env.select_template([f"overviews/{type_}.md.j2", "overviews/default.md.j2"])
        title = TYPE_LABELS[type_][1]
        return _tidy(
            template.render(type=type_, entries=entries, page_title=title, letters=by_letter)
        )

    unit_key = pagecache.key(salt, path, counts, entries=[shown[k] for k in sorted(shown)])
    return Page(path, memo.get(f"overzicht:{path}", unit_key, make), None, indexed=False)


def letters(kb: Kennisbank) -> dict[str, tuple[str, list[Entry]]]:
    """The organisations by beginning letter (slug → label, entries), or nothing while
    there are fewer than ALPHABET_FROM."""
    entries = kb.all("organisaties")
    if len(entries) < ALPHABET_FROM:
        return {}
    found: dict[str, tuple[str, list[Entry]]] = {}
    for entry in entries:
        slug, label = _letter(title_of(entry))
        found.setdefault(slug, (label, []))[1].append(entry)
    return dict(sorted(found.items(), key=lambda item: (item[0] == OTHER_LETTERS[0], item[0])))


def _letter(title: str) -> tuple[str, str]:
    """A title's beginning letter without accents ('É' → 'e'), or OTHER_LETTERS."""
    for char in unicodedata.normalize("NFKD", title):
        if char.isascii() and char.isalpha():
            return char.lower(), char.upper()
        if char.isalnum():
            break
    return OTHER_LETTERS


def _letter_pages(
    env: jinja2.Environment,
    found: dict[str, tuple[str, list[Entry]]],
    memo: pagecache.Memo,
    salt: str,
) -> list[Page]:
    """A page per beginning letter (``letters``), made again only when one of its
    organisations changed."""
    pages = []
    for slug, (label, entries) in found.items():
        path = f"{ALPHABET_DIR}/{slug}.md"
        other = slug == OTHER_LETTERS[0]
        title = (
            f"Organisaties: {label.lower()}"
            if other
            else f"Organisaties met de beginletter {label}"
        )
        markdown = memo.get(
            f"overzicht:{path}",
            pagecache.key(salt, path, title, list(found), entries=entries),
            lambda entries=entries, title=title, slug=slug: _tidy(
                env.get_template("overviews/organisaties-letter.md.j2").render(
                    entries=entries, page_title=title, letters=found, slug=slug
                )
            ),
        )
        pages.append(Page(path, markdown, None, indexed=False))
    return pages


def _quality_page(env: jinja2.Environment, kb: Kennisbank) -> Page:
    on = quality.today()
    groups = quality.by_gemeente(quality.findings(kb, on))
    markdown = env.get_template("datakwaliteit.md.j2").render(groepen=groups, peildatum=on)
    return Page(QUALITY_PAGE, _tidy(markdown), None, indexed=False)


def _environment(kb: Kennisbank, edit_base: str, templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=pagecache.template_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_plain_text,
    )
    env.filters.update(
        md=markdown_field,
        weblink=web_link,
        datum=format_date,
        getal=format_number,
        leeftijd=format_age,
        kop=one_line,
        mermaid=mermaid_label,
        kleine_letter=lower_first,
    )
    env.tests["contains"] = lambda seq, item: item in seq
    env.globals.update(
        kb=kb,
        link=lambda type_, id_, up=1: _link(kb, type_, id_, up),
        title=lambda type_, id_: title_of(kb.entries[type_][id_]),
        linked_from=kb.linked_from,
        edit_url=lambda entry: edit_base + entry.path if _editable(edit_base, entry) else "",
        report_url=lambda entry: _report_url(edit_base, entry),
        labels=TYPE_LABELS,
    )
    env.globals.update(labels.TEMPLATE_GLOBALS)
    return env


def _plain_text(value: Any) -> Any:
    """Every plain field is shown literally: HTML-escaped and Markdown-escaped."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(str.translate(escape(value), _MD_ESCAPES))
    return value


def markdown_field(value: str) -> Markup:
    """A Markdown field: its Markdown works, raw HTML is shown as text, and the HTML it
    becomes is cleaned with an allowlist after MkDocs rendered it (see sanitize.py)."""
    return Markup(sanitize.mark(value.replace("&", "&amp;").replace("<", "&lt;")))


def web_link(url: str) -> Markup:
    """A website as a Markdown link; only http(s), other addresses stay text (the model
    refuses them already, this holds for a record that bypassed the check)."""
    if safety.url_scheme(url) not in safety.WEB_SCHEMES:
        return _plain_text(url)
    return Markup(f"[{_plain_text(url)}]({_plain_text(url)})")


def lower_first(value: str) -> str:
    """'Pedagogisch coach' → 'pedagogisch coach', but 'GZ-psycholoog' stays as it is."""
    return value[:1].lower() + value[1:] if value[1:2].islower() else value


def mermaid_label(value: str) -> Markup:
    """Text for a quoted Mermaid label: one line, no double quotes (the fence escapes HTML)."""
    return Markup(one_line(value).replace('"', "#quot;"))


def _editable(edit_base: str, entry: Entry) -> bool:
    """A record outside the repository (``--data /tmp/…``) has nothing to edit there."""
    return bool(edit_base) and in_repository(entry.path)


def _report_url(edit_base: str, entry: Entry) -> str:
    """A pre-filled "new issue" link naming the record, on the repository of edit_base."""
    if not in_repository(entry.path):
        return ""
    body = (
        f"Record: `{entry.path}`\n\nWat klopt er niet?\n\nWat moet het zijn, en wat is de bron?\n"
    )
    return new_issue_url(edit_base, f"Fout in {entry.type}/{entry.id}", body)


def new_issue_url(edit_base: str, title: str, body: str) -> str:
    """A pre-filled "new issue" link on the repository of edit_base; '' without one."""
    if "/edit/" not in edit_base:
        return ""
    repo = edit_base.split("/edit/", 1)[0]
    return f"{repo}/issues/new?{urlencode({'title': title, 'body': body})}"


def title_of(entry: Entry) -> str:
    r = entry.record
    for name in ("naam", "titel", "term"):
        if hasattr(r, name):
            return getattr(r, name)
    raise AttributeError(f"{entry.type} heeft geen titel")


def _link(kb: Kennisbank, type_: str, id_: str, up: int = 1) -> Markup:
    """A Markdown link to a record's page from a page ``up`` folders below docs/."""
    entry = kb.entries[type_][id_]
    return Markup(f"[{_plain_text(title_of(entry))}]({'../' * up}{type_}/{id_}.md)")


def format_date(value: dt.date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_number(value: float) -> str:
    """Dutch notation: 106177 → 106.177, 3.5 → 3,5."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def format_age(leeftijd: Any) -> str:
    def part(months: int) -> str:
        if months == 0:
            return "0"
        if months % 12 == 0:
            return f"{months // 12} jaar"
        if months % 6 == 0 and months > 12:
            return f"{months // 12},5 jaar"
        return f"{months} maanden"

    start, end = part(leeftijd.van_maanden), part(leeftijd.tot_maanden)
    if start.endswith(" jaar") and end.endswith(" jaar"):
        start = start.removesuffix(" jaar")
    return f"{start} tot {end}"


def one_line(text: str) -> str:
    return " ".join(text.split())


def _tidy(markdown: str) -> str:
    """Collapse runs of blank lines the templates leave behind."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
