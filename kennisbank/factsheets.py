"""Factsheets: one per aanpak, praktijkvoorbeeld and gemeente, as HTML and as an A4 PDF.

Plain Python and Jinja2 with no knowledge of MkDocs. ``Builder.sheets`` lists the
factsheets, ``Builder.parts`` renders one as HTML (the head and the body, for the
site page or for print), ``Builder.pdfs`` turns them into tagged PDFs with
WeasyPrint. A PDF is cached under the hash of everything it is made of: the full
HTML document (which holds the record and every record it mentions, as rendered by
the templates) and the bytes of every file it loads (CSS, fonts, logo, charts).
Only a factsheet whose inputs changed is rendered again, in a process pool.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import difflib
import hashlib
import multiprocessing
import multiprocessing.forkserver
import os
import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol

import jinja2
import markdown as md_lib
from markupsafe import Markup, escape

from . import charts, labels, render, safety, sanitize
from .checker import Entry, Kennisbank
from .model import BronVerwijzing, Contact, Kerncijfer

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "factsheet"
SITE_CSS = ROOT / "docs" / "assets" / "css" / "kennisbank.css"
FONT_DIR = ROOT / "docs" / "assets" / "fonts" / "source-sans-3"
FONT_CSS = FONT_DIR / "source-sans-3.css"
STYLESHEETS = (SITE_CSS, TEMPLATES / "factsheet.css")
HUISSTIJL_DIR = ROOT / "docs" / "assets" / "huisstijl"
CHART_FONTS = ("source-sans-3-latin-400-normal", "source-sans-3-latin-700-normal")
DEFAULT_CACHE = Path(".cache") / "factsheets"
TYPES = ("interventies", "praktijkvoorbeelden", "gemeenten")
KIND = {
    "interventies": "aanpak",
    "praktijkvoorbeelden": "praktijkvoorbeeld",
    "gemeenten": "gemeente",
}
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}
MAX_PAGES = 2
DENSITIES = 6  # 0 = roomy … 3 = tightest, 4-5 = long texts shortened; see factsheet.css
_SOURCE = Path(__file__).read_bytes()
_LOGO_TYPES = {".svg", ".png", ".jpg", ".jpeg"}
_FONT_TYPES = {".ttf", ".otf", ".woff", ".woff2"}


class FactsheetError(Exception):
    """A factsheet cannot be made; the message is Dutch and names the cause."""


# --- style -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """Colours, logo and fonts of a set of factsheets: neutral or a gemeente's huisstijl."""

    primary: str
    accent: str
    logo: Path | None = None
    fonts: tuple[Path, ...] = ()
    partner: str = ""  # the gemeente's name when co-branded

    @property
    def css_variables(self) -> dict[str, str]:
        return {
            "--kb-fs-primair": self.primary,
            "--kb-fs-accent": self.accent,
            "--kb-fs-op-primair": _readable_on(self.primary),
            "--kb-fs-tint": _mix(self.primary, 0.09),
            "--kb-fs-accent-tint": _mix(self.accent, 0.10),
        }


def neutral_style() -> Style:
    """The kennisbank's own colours, read from the site's CSS variables."""
    css = SITE_CSS.read_text(encoding="utf-8")
    found = dict(re.findall(r"(--kb-primair|--kb-accent):\s*(#[0-9a-fA-F]{6})", css))
    return Style(primary=found["--kb-primair"], accent=found["--kb-accent"])


def style_for(kb: Kennisbank, gemeente: str) -> Style:
    """The gemeente's huisstijl; the neutral style for what it does not set."""
    record = kb.get("gemeenten", gemeente)
    neutral = neutral_style()
    huisstijl = record.huisstijl
    if huisstijl is None:
        return neutral
    where = kb.entries["gemeenten"][gemeente].path
    return Style(
        primary=huisstijl.primaire_kleur or neutral.primary,
        accent=huisstijl.accentkleur or neutral.accent,
        logo=_repo_file(huisstijl.logo, _LOGO_TYPES, where, "logo") if huisstijl.logo else None,
        fonts=tuple(_repo_file(f, _FONT_TYPES, where, "lettertype") for f in huisstijl.lettertypen),
        partner=record.naam,
    )


def _repo_file(name: str, kinds: set[str], where: str, what: str) -> Path:
    """A file in the repository: ``name`` from its root or, as the model's help text says
    for logos, from docs/assets/huisstijl/."""
    candidates = [(ROOT / name).resolve(), (HUISSTIJL_DIR / name).resolve()]
    path = next((c for c in candidates if c.is_relative_to(ROOT) and c.is_file()), None)
    if path is None:
        raise FactsheetError(f"{where}: huisstijl: {what} '{name}' bestaat niet in de repository")
    if path.suffix.lower() not in kinds:
        allowed = ", ".join(sorted(kinds))
        raise FactsheetError(f"{where}: huisstijl: {what} '{name}' moet een van {allowed} zijn")
    return path


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _mix(colour: str, share: float) -> str:
    """``colour`` at ``share`` strength on white."""
    r, g, b = (round(255 - (255 - c) * share) for c in _rgb(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _readable_on(colour: str) -> str:
    """White text on dark colours, near-black on light ones (WCAG contrast)."""
    return "#ffffff" if (1.05 / (_luminance(colour) + 0.05)) >= 4.5 else "#1f2328"


# --- links ---------------------------------------------------------------------------------


class Links(Protocol):
    """Where links and images point: relative on the site, absolute in a PDF."""

    def page(self, src: str) -> str:
        """URL of the page made from ``src`` (e.g. 'rollen/x.md'); '' for no link."""
        ...

    def asset(self, path: Path) -> str:
        """URL of a local file such as a chart."""
        ...


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The site URL of a Markdown page, as MkDocs makes it: 'a/b.md' → 'a/b/'."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


@dataclass(frozen=True)
class SiteLinks:
    """Relative links from the factsheet page at ``src`` to other site pages and charts."""

    src: str
    charts: str = "factsheets/grafieken"
    use_directory_urls: bool = True

    def page(self, src: str) -> str:
        return self._relative(page_url(src, self.use_directory_urls))

    def asset(self, path: Path) -> str:
        return self._relative(f"{self.charts}/{path.name}")

    def _relative(self, target: str) -> str:
        here = page_url(self.src, self.use_directory_urls)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        rel = posixpath.relpath(target or ".", base or ".")
        return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


@dataclass(frozen=True)
class PrintLinks:
    """Absolute links to the published site (none without ``site_url``); files by path."""

    site_url: str = ""

    def page(self, src: str) -> str:
        return self.site_url.rstrip("/") + "/" + page_url(src) if self.site_url else ""

    def asset(self, path: Path) -> str:
        return path.resolve().as_uri()


# --- factsheets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One factsheet to make: the record, its style and the charts it shows."""

    entry: Entry
    style: Style
    charts: tuple[tuple[charts.Chart, Path], ...] = ()

    @property
    def name(self) -> str:
        return f"{self.entry.type}/{self.entry.id}"

    @property
    def src(self) -> str:
        """Source path of its site page."""
        return f"factsheets/{self.entry.type}/{self.entry.id}.md"

    @property
    def file_name(self) -> str:
        """Name of the PDF in a set handed out: 'aanpak-<id>.pdf'."""
        return f"{KIND[self.entry.type]}-{self.entry.id}.pdf"


@dataclass(frozen=True)
class Parts:
    head: Markup
    body: Markup


@dataclass
class Report:
    """What ``Builder.pdfs`` did: the PDF per factsheet and which it had to render."""

    pdfs: dict[str, Path] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # of the rendered ones


@dataclass
class Builder:
    kb: Kennisbank
    cache: Path = DEFAULT_CACHE
    site_url: str = ""
    _env: jinja2.Environment | None = field(default=None, init=False, repr=False)
    _fonts: tuple[str, tuple[Path, ...]] | None = field(default=None, init=False, repr=False)

    def sheets(self, gemeente: str | None = None, style: Style | None = None) -> list[Sheet]:
        """Every factsheet, or only a gemeente's set (its aanpakken, voorbeelden, overview)."""
        entries = [e for t in TYPES for e in self.kb.all(t) if gemeente in (None, *_gemeenten(e))]
        style = style or neutral_style()
        return [Sheet(e, style, self._charts(e, style)) for e in entries]

    def parts(self, sheet: Sheet, links: Links) -> Parts:
        """The factsheet as HTML: the head (title, lead, facts) and the body."""
        template = self._environment().get_template(f"{sheet.entry.type}.html.j2")
        module = template.make_module(self._context(sheet, links))
        head, body = module.head(), module.body()  # type: ignore[attr-defined]
        return Parts(_compact(head), _compact(body))

    def site_page(self, sheet: Sheet, use_directory_urls: bool = True, pdf: bool = True) -> str:
        """The Markdown page for the site: the factsheet's HTML and a link to its PDF
        (none with ``pdf=False``)."""
        links = SiteLinks(sheet.src, use_directory_urls=use_directory_urls)
        template = self._environment().get_template("page.md.j2")
        return template.render(
            sheet=sheet,
            factsheet_pdf=pdf,
            parts=self.parts(sheet, links),
            record_src=_record_src(sheet.entry),
            title=heading(sheet.entry),
            description=" ".join(sheet.entry.record.samenvatting.split()),
        )

    def document(self, sheet: Sheet) -> str:
        """The complete HTML document WeasyPrint turns into the PDF."""
        template = self._environment().get_template("document.html.j2")
        return template.render(
            sheet=sheet,
            r=sheet.entry.record,
            parts=self.parts(sheet, PrintLinks(self.site_url)),
            title=heading(sheet.entry),
            stylesheets=[p.as_uri() for p in STYLESHEETS],
            style=sheet.style,
            description=" ".join(sheet.entry.record.samenvatting.split()),
            inline_css=self._inline_css(sheet),
        )

    def pdfs(self, sheets: Sequence[Sheet], workers: int | None = None) -> Report:
        """A PDF per factsheet from the cache, rendering only those whose inputs changed."""
        jobs = [self._job(sheet) for sheet in sheets]
        report = Report()
        todo = [job for job in jobs if not job.target.exists()]
        for job, pages in zip(todo, _run(todo, workers), strict=True):
            report.rendered.append(job.name)
            report.pages[job.name] = pages
        for job in jobs:
            report.pdfs[job.name] = job.target
            os.utime(job.target)  # recently used: kept by prune()
        return report

    def prune(self, keep_days: float = 30) -> None:
        """Remove cached PDFs no build has used for ``keep_days`` (``pdfs`` marks use)."""
        import time

        limit = time.time() - keep_days * 86400
        for path in self.cache.glob("pdf/*.pdf"):
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)

    # --- internals ---

    def _inline_css(self, sheet: Sheet) -> Markup:
        font_css, _ = self._print_fonts()
        fonts = tuple(truetype(f, self.cache) for f in sheet.style.fonts)
        checked = sheet.entry.record.laatst_gecontroleerd
        return Markup(font_css + "\n" + inline_css(sheet.style, checked, fonts))

    def _print_fonts(self) -> tuple[str, tuple[Path, ...]]:
        if self._fonts is None:
            self._fonts = print_fonts(self.cache)
        return self._fonts

    def _assets(self, sheet: Sheet) -> tuple[Path, ...]:
        """Every local file the PDF may load; the URL fetcher refuses all others."""
        files = [*self._print_fonts()[1], *(p.resolve() for p in STYLESHEETS)]
        files += [truetype(f, self.cache) for f in sheet.style.fonts]
        if sheet.style.logo:
            files.append(sheet.style.logo.resolve())
        return tuple(files + [path for _, path in sheet.charts])

    def _job(self, sheet: Sheet) -> Job:
        """The PDF's inputs and its place in the cache, named by their hash."""
        html = self.document(sheet)
        assets = self._assets(sheet)
        digest = hashlib.sha256()
        # Without the paths of the checkout and the cache: the key is also the PDF's /ID,
        # and the same inputs must give the same file wherever they are built.
        html_key = self._portable(html)
        for part in (html_key, repr(sorted(PDF_OPTIONS.items())), _weasyprint_version()):
            digest.update(part.encode() + b"\0")
        digest.update(_SOURCE)
        for path in assets:
            content = hashlib.sha256(path.read_bytes()).digest()
            digest.update(self._portable(str(path)).encode() + content)
        key = digest.hexdigest()
        target = self.cache / "pdf" / f"{sheet.entry.type}-{sheet.entry.id}-{key[:20]}.pdf"
        files = tuple(str(p) for p in assets)
        return Job(sheet.name, html, files, target.resolve(), key[:32].encode())

    def _portable(self, text: str) -> str:
        cache = self.cache.resolve()
        for place, name in ((cache, "cache:"), (ROOT, "root:")):  # the cache may be in ROOT
            text = text.replace(place.as_uri(), name).replace(str(place), name)
        return text

    def _charts(self, entry: Entry, style: Style) -> tuple[tuple[charts.Chart, Path], ...]:
        found = charts.charts_for(getattr(entry.record, "kerncijfers", []))
        if not found:
            return ()
        fonts = chart_fonts(self.cache)
        palette = charts.Palette(bar=style.primary, highlight=style.accent)
        return tuple(
            (c, charts.svg_file(c, palette, fonts, self.cache / "grafieken")) for c in found
        )

    def _environment(self) -> jinja2.Environment:
        if self._env is None:
            self._env = _environment(self.kb)
        return self._env

    def _context(self, sheet: Sheet, links: Links) -> dict[str, Any]:
        entry = sheet.entry
        return {
            "entry": entry,
            "r": entry.record,
            "id": entry.id,
            "sheet": sheet,
            "links": links,
            "bronnen": Sources(self.kb, entry),
            "charts": sheet.charts,
            "charted": charts.in_chart(getattr(entry.record, "kerncijfers", [])),
            "online": links.page(_record_src(entry)),
            "md": lambda text: markdown_html(text, _record_src(entry), links),
            "md_blocks": lambda text: _with_blocks(markdown_html(text, _record_src(entry), links)),
        }


@dataclass(frozen=True)
class Job:
    """What a worker process needs to render one PDF (plain data, picklable)."""

    name: str
    html: str
    assets: tuple[str, ...]
    target: Path
    identifier: bytes  # the PDF's /ID: its cache key, so the same inputs give the same file
    base_url: str = str(ROOT)


def heading(entry: Entry) -> str:
    """The factsheet's title: the record's name, 'Gemeente X' for a gemeente."""
    title = render.title_of(entry)
    return f"Gemeente {title}" if entry.type == "gemeenten" else title


def _compact(html: str) -> Markup:
    """Without blank lines, so Markdown keeps the HTML as one raw block."""
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def _gemeenten(entry: Entry) -> tuple[str, ...]:
    r = entry.record
    if entry.type == "gemeenten":
        return (entry.id,)
    if entry.type == "praktijkvoorbeelden":
        return (r.gemeente,)
    return tuple(r.gemeenten)


def _record_src(entry: Entry) -> str:
    return f"{entry.type}/{entry.id}.md"


def inline_css(style: Style, checked: dt.date, fonts: Sequence[Path] = ()) -> str:
    """The document's own CSS: colours, huisstijl fonts, running header and footer."""
    brand = "Kennisbank Jonge Kind"
    if style.partner:
        brand = f"Gemeente {style.partner} · {brand}"
    families = [f"Huisstijl {i}" for i in range(len(fonts))]
    rules = [
        f"@font-face {{ font-family: {css_string(name)}; "
        f"src: url({css_string(path.as_uri())}) format({css_string(_font_format(path))}); }}"
        for name, path in zip(families, fonts, strict=True)
    ]
    variables = " ".join(f"{key}: {value};" for key, value in style.css_variables.items())
    rules.append(f":root, .kb-factsheet {{ {variables} }}")
    if families:
        stack = ", ".join(css_string(f) for f in [*families, "Source Sans 3"])
        rules.append(f"html {{ font-family: {stack}, sans-serif; }}")
    footer = css_string(f"Laatst gecontroleerd: {render.format_date(checked)}")
    rules.append(
        f"@page {{ @top-right {{ content: {css_string(brand)}; }} "
        f"@bottom-left {{ content: {footer}; }} }}"
    )
    return "\n".join(rules)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + escaped.replace("<", "\\3c ") + '"'


def _font_format(path: Path) -> str:
    return {".ttf": "truetype", ".otf": "opentype"}.get(
        path.suffix.lower(), path.suffix[1:].lower()
    )


def chart_fonts(cache: Path) -> tuple[Path, ...]:
    """The shipped fonts matplotlib draws the chart text with, as TrueType."""
    return tuple(truetype(FONT_DIR / f"{name}.woff2", cache) for name in CHART_FONTS)


def print_fonts(cache: Path) -> tuple[str, tuple[Path, ...]]:
    """The shipped font's @font-face rules, pointing at TrueType copies in the cache:
    WeasyPrint would decode the WOFF2 files again on every render, which is slow."""
    paths: list[Path] = []

    def swap(match: re.Match[str]) -> str:
        paths.append(truetype(FONT_DIR / match[1], cache))
        return f'url({css_string(paths[-1].as_uri())}) format("truetype")'

    css = re.sub(r'url\("([^"]+)"\) format\("woff2?"\)', swap, FONT_CSS.read_text(encoding="utf-8"))
    return css, tuple(paths)


def truetype(font: Path, cache: Path) -> Path:
    """``font`` itself, or for WOFF and WOFF2 a TrueType copy made once in the cache."""
    if font.suffix.lower() not in (".woff", ".woff2"):
        return font.resolve()
    digest = hashlib.sha256(font.read_bytes()).hexdigest()[:12]
    target = cache / "fonts" / f"{font.stem}-{digest}.ttf"
    if not target.exists():
        from fontTools.ttLib import TTFont

        target.parent.mkdir(parents=True, exist_ok=True)
        converted = TTFont(str(font), recalcTimestamp=False)  # no "modified: now" in it
        converted.flavor = None
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        converted.save(str(tmp))
        os.replace(tmp, target)
    return target.resolve()


# --- sources ---------------------------------------------------------------------------------


class Sources:
    """The numbered source list of a factsheet: the record's bronnen, then those of figures,
    quotes and recognition, each once."""

    def __init__(self, kb: Kennisbank, entry: Entry) -> None:
        self.kb = kb
        self.order: list[str] = []
        self.places: dict[str, list[str]] = {}
        r = entry.record
        refs: list[BronVerwijzing] = list(r.bronnen)
        refs += [k.bron for k in getattr(r, "kerncijfers", [])]
        refs += [c.bron for c in getattr(r, "citaten", [])]
        if getattr(r, "erkenning", None):
            refs.append(r.erkenning.bron)
        for ref in refs:
            self._add(ref)

    def _add(self, ref: BronVerwijzing) -> None:
        if ref.bron not in self.places:
            self.order.append(ref.bron)
            self.places[ref.bron] = []
        if ref.vindplaats and ref.vindplaats not in self.places[ref.bron]:
            self.places[ref.bron].append(ref.vindplaats)

    def number(self, ref: BronVerwijzing) -> int:
        return self.order.index(ref.bron) + 1

    def __iter__(self) -> Iterator[tuple[str, Any, list[str]]]:
        for bron_id in self.order:
            yield bron_id, self.kb.get("bronnen", bron_id), self.places[bron_id]

    def __len__(self) -> int:
        return len(self.order)


# --- templates -------------------------------------------------------------------------------


def _environment(kb: Kennisbank) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        datum=render.format_date,
        getal=render.format_number,
        waarde=charts.format_value,
        leeftijd=render.format_age,
        kop=render.one_line,
        contact=contact_lines,
        labelled=lambda values, names: ", ".join(names[v] for v in values),
    )
    env.globals.update(
        kb=kb,
        title=lambda type_, id_: render.title_of(kb.entries[type_][id_]),
        linked_from=kb.linked_from,
        labels=render.TYPE_LABELS,
        kind=KIND,
        tiles=key_figures,
    )
    env.globals.update(labels.TEMPLATE_GLOBALS)
    return env


def key_figures(figures: Sequence[Kerncijfer], charted: Iterable[int]) -> list[Kerncijfer]:
    """The figures no chart shows, in their order."""
    skip = set(charted)
    return [k for i, k in enumerate(figures) if i not in skip]


def contact_lines(contact: Contact) -> list[tuple[str, str, str]]:
    """(label, text, href) for every contact detail that is filled in."""
    lines = []
    if contact.website and safety.url_scheme(contact.website) in safety.WEB_SCHEMES:
        lines.append(
            ("Website", contact.website.removeprefix("https://").rstrip("/"), contact.website)
        )
    if contact.telefoon:
        lines.append(("Telefoon", contact.telefoon, "tel:" + contact.telefoon.replace(" ", "")))
    if contact.email:
        lines.append(("E-mail", contact.email, "mailto:" + contact.email))
    if contact.adres:
        a = contact.adres
        lines.append(
            ("Adres", ", ".join(x for x in (a.straat, f"{a.postcode} {a.plaats}".strip()) if x), "")
        )
    return lines


_HEADING = re.compile(r"<(/?)h([1-6])>")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)


def markdown_html(text: str, record_src: str, links: Links) -> Markup:
    """A Markdown field as HTML: raw HTML stays text, headings go below the section's
    heading, links to other pages point where ``links`` says; last, the HTML is cleaned
    with the allowlist of sanitize.py (no scripts, handlers or javascript: links)."""
    safe = text.replace("&", "&amp;").replace("<", "&lt;")
    html = md_lib.markdown(safe, extensions=["sane_lists"], output_format="html")
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}>", html)
    html = _LINK.sub(lambda m: _link(m[1], m[2], record_src, links), html)
    return Markup(sanitize.clean(html))


class _TopLevel(HTMLParser):
    """Counts the top-level elements of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = self.count = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.count += self.depth == 0
        self.depth += tag not in _VOID

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag not in _VOID


_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


def _with_blocks(html: Markup) -> tuple[Markup, int]:
    """``html`` and its number of top-level blocks (paragraphs, lists, headings)."""
    parser = _TopLevel()
    parser.feed(str(html))
    return html, parser.count


def _link(href: str, text: str, record_src: str, links: Links) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", href):  # https:, mailto:, tel:
        return f'<a href="{href}">{text}</a>'
    path, _, anchor = href.partition("#")
    if not path.endswith(".md"):
        return text
    target = links.page(posixpath.normpath(posixpath.join(posixpath.dirname(record_src), path)))
    if not target:
        return text
    return f'<a href="{escape(target)}{"#" + anchor if anchor else ""}">{text}</a>'


# --- rendering -------------------------------------------------------------------------------


def _run(jobs: Sequence[Job], workers: int | None) -> list[int]:
    """Render ``jobs``: in this process for one, in a process pool for more."""
    workers = workers or os.cpu_count() or 1
    if len(jobs) <= 1 or workers <= 1:
        return [render_pdf(job) for job in jobs]
    context = _pool_context()
    with concurrent.futures.ProcessPoolExecutor(
        min(workers, len(jobs)), mp_context=context
    ) as pool:
        return list(pool.map(render_pdf, jobs))


def _pool_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a server that has imported WeasyPrint once: quick to start, and
    safe in a threaded process such as `serve` (plain fork is not). Spawn where there is
    no forkserver."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kennisbank.factsheets", "weasyprint"])
    return context


def _forget_parents_forkserver() -> None:
    """In a forked child: the forkserver it knows of is its parent's child, which it cannot
    wait for (``ensure_running`` fails with ECHILD). Forget it; the child starts its own
    when it needs one. (A build's factsheets are made in a forked process, and a process
    that builds twice, such as the tests, has started a forkserver before that fork.)"""
    server = multiprocessing.forkserver._forkserver  # type: ignore[attr-defined]
    fd = getattr(server, "_forkserver_alive_fd", None)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)
    for name in ("_forkserver_address", "_forkserver_alive_fd", "_forkserver_pid"):
        if hasattr(server, name):
            setattr(server, name, None)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_parents_forkserver)


def render_pdf(job: Job) -> int:
    """Render one PDF at the first density that fits on MAX_PAGES pages; its page count."""
    from weasyprint import HTML

    fetcher = _local_fetcher(job.assets)
    density = 0
    while True:
        html = job.html.replace('data-dichtheid="0"', f'data-dichtheid="{density}"', 1)
        source = HTML(string=html, base_url=job.base_url, url_fetcher=fetcher)
        document = source.render(**PDF_OPTIONS)
        over = len(document.pages) - MAX_PAGES
        if over <= 0 or density == DENSITIES - 1:
            break
        density = min(density + over, DENSITIES - 1)  # one page too many: one step; more: more
    target = job.target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    document.write_pdf(tmp, **PDF_OPTIONS, pdf_identifier=job.identifier)
    os.replace(tmp, target)
    return len(document.pages)


def _local_fetcher(allowed: Iterable[str]) -> Any:
    """A WeasyPrint URL fetcher that loads only the listed local files: nothing from the
    network, and nothing the cache key does not cover. Anything else stops the render."""
    from urllib.request import url2pathname

    from weasyprint.urls import URLFetcher

    permitted = {str(Path(p).resolve()) for p in allowed}

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = str(Path(url2pathname(url.removeprefix("file://"))).resolve())
            if not url.startswith("file://") or path not in permitted:
                raise FactsheetError(f"factsheet laadt '{url}': alleen bestanden uit de repository")
            return super().fetch(url, headers)

    return LocalOnly(fail_on_errors=True, allowed_protocols=["file"])


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def write_set(report: Report, sheets: Sequence[Sheet], out: Path) -> list[Path]:
    """Copy the PDFs of ``sheets`` into ``out`` under their hand-out names."""
    import shutil

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in sheets:
        target = out / sheet.file_name
        shutil.copyfile(report.pdfs[sheet.name], target)
        written.append(target)
    return written


def cache_dir() -> Path:
    """Where PDFs, charts and converted fonts are cached: $KENNISBANK_CACHE or .cache/factsheets."""
    return Path(os.environ.get("KENNISBANK_CACHE", DEFAULT_CACHE))


def make_set(
    kb: Kennisbank, out: Path, gemeente: str | None = None, cache: Path | None = None
) -> list[Path]:
    """Write the PDFs of all factsheets, or of a gemeente's set in its huisstijl, into ``out``."""
    if gemeente is not None and gemeente not in kb.entries["gemeenten"]:
        known = list(kb.entries["gemeenten"])
        close = difflib.get_close_matches(gemeente, known, n=1)
        hint = f" (bedoelde je '{close[0]}'?)" if close else f"; kies uit: {', '.join(known)}"
        raise FactsheetError(f"gemeente '{gemeente}' bestaat niet{hint}")
    style = style_for(kb, gemeente) if gemeente else None
    builder = Builder(kb, cache=cache or cache_dir(), site_url=site_url())
    sheets = builder.sheets(gemeente, style)
    return write_set(builder.pdfs(sheets), sheets, out)


def site_css() -> str:
    """The factsheet stylesheet for the site: the shared rules and the browser-only ones."""
    return "\n".join(
        (TEMPLATES / n).read_text(encoding="utf-8") for n in ("factsheet.css", "site.css")
    )


def site_url(config: Path = ROOT / "mkdocs.yml") -> str:
    """The published site's address from mkdocs.yml, for the links in a PDF."""
    found = re.search(r"^site_url:\s*(\S+)", config.read_text(encoding="utf-8"), re.M)
    return found[1] if found else ""
