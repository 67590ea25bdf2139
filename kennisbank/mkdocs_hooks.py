"""The only module that knows MkDocs: adds the generated pages to its file list.

Swapping the site engine means replacing this adapter; ``render.generate``
stays as it is.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import os
import posixpath
import re
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from kennisbank import (
    engine,
    exports,
    factsheets,
    pagecache,
    parallel,
    render,
    sanitize,
    search,
    site,
    timing,
)
from kennisbank.checker import Kennisbank, check, in_repository
from kennisbank.csp import protect
from kennisbank.decap import SettingsError, admin_files, settings_from_mkdocs
from kennisbank.history import last_changed

MERMAID = "assets/vendor/mermaid/mermaid.min.js"
FACTSHEET_CSS = "assets/css/factsheet.css"
_abbreviations = ""
# Search filter values per generated record page, and pages kept out of the index
# (lists and factsheets repeat the records' own pages; the data-quality report is noise).
_search_filters: dict[str, search.Filters] = {}
_unindexed: set[str] = set()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _abbreviations
    kb = site.prepared or _load()
    changed = last_changed(_data_dir(kb))
    _add_admin(files, config)
    # Factsheets and exports need only the records: a second process makes them meanwhile.
    side = parallel.Forked(lambda: _factsheets_and_exports(config, kb, changed))
    memo = pagecache.Memo(_memo_path(kb, "pages"), reuse=site.reuse)
    with timing.stage("genereren"):
        result = render.generate(
            kb, edit_base=_edit_base(config), changed=changed, pdf=site.pdfs, memo=memo, fork=True
        )
    _search_filters.clear()
    _search_filters.update(search.filters(kb, memo))
    memo.save()
    existing = {file.src_uri for file in files}
    for page in result.pages:
        generated = File.generated(config, page.path, content=page.markdown)
        # "Wijzig deze pagina" must open the YAML record, not Markdown that does not exist.
        generated.edit_uri = _edit_uri(page.source)
        if page.path in existing:
            raise PluginError(f"docs/{page.path} bestaat al en botst met een gegenereerde pagina")
        files.append(generated)
        existing.add(page.path)
    _abbreviations = result.abbreviations
    # Every page explains every abbreviation on hover (Material's abbreviations). As the
    # abbr extension's glossary, not as definitions under every page's Markdown: it
    # parses those one line at a time, a cost that grows with the square of their number.
    config.mdx_configs["abbr"] = {"glossary": _glossary(result.abbreviations)}
    _unindexed.clear()
    _unindexed.update(page.path for page in result.pages if not page.indexed)
    with timing.stage("factsheets en exports: wachten"):
        sheets, charts, made, spent, remade = side.result()
    for name, seconds in spent.items():
        timing.add(name, seconds)
    pagecache.last_made.extend(remade)
    _add_factsheets(files, config, sheets, charts)
    for path, written in made:
        files.append(File.generated(config, path, abs_src_path=written))
    return files


def build_inputs() -> str:
    """What this hook adds to every page besides its Markdown (for engine.py's reuse)."""
    return _abbreviations


def page_inputs(src_uri: str) -> str:
    """What this hook adds to one page besides its Markdown (for engine.py's reuse)."""
    return repr((_search_filters.get(src_uri), src_uri in _unindexed))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """The factsheet pages use the factsheet stylesheet (it also styles their PDFs)."""
    if FACTSHEET_CSS not in config.extra_css:
        config.extra_css.append(FACTSHEET_CSS)
    return config


def _add_admin(files: Files, config: MkDocsConfig) -> None:
    """The editing screen (/admin/): Decap CMS, configured from the model on every build."""
    try:
        settings = settings_from_mkdocs(config.edit_uri or "", config.site_url or "", config.extra)
    except SettingsError as exc:
        raise PluginError(str(exc)) from exc
    for path, content in admin_files(settings).items():
        files.append(File.generated(config, path, content=content))


def _factsheets_and_exports(config: MkDocsConfig, kb: Kennisbank, changed: dict) -> tuple:
    """The factsheets (page, PDF, charts) and the open-data downloads (HSDS JSON, CSV,
    GeoJSON), with the seconds each took and the factsheets that had to be made."""
    start = time.perf_counter()
    memo = pagecache.Memo(_memo_path(kb, "factsheets"), reuse=site.reuse)
    sheets, charts = _factsheet_pages(config, kb, memo)
    memo.save()
    middle = time.perf_counter()
    kept = pagecache.Memo(_memo_path(kb, "exports"), reuse=site.reuse)
    made = exports.exports(kb, site_url=config.site_url or "", changed=changed, memo=kept)
    kept.save()
    site_url = hashlib.sha256((config.site_url or "").encode()).hexdigest()[:8]
    written = _write_exports(made, _memo_path(kb, f"open-data-{site_url}").with_suffix(""))
    spent = {"factsheets": middle - start, "exports": time.perf_counter() - middle}
    return sheets, charts, written, spent, memo.made


def _write_exports(made: list[exports.ExportFile], folder: Path) -> list[tuple[str, str]]:
    """The open-data files written to ``folder`` (site path, file), here in the second
    process: a file whose content did not change keeps its time, so the site keeps it
    too (engine.py), and the parent neither receives nor writes 160 MB."""
    written = []
    for export in made:
        target = folder / export.path
        if not _holds(target, export.content):
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}")
            tmp.write_bytes(export.content)
            os.replace(tmp, target)  # a new file: a site that links the old one keeps it
        written.append((export.path, str(target)))
    return written


def _holds(path: Path, content: bytes) -> bool:
    """Whether ``path`` holds ``content``; read only when the size says it may."""
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _add_factsheets(files: Files, config: MkDocsConfig, sheets: list, charts: list[Path]) -> None:
    files.append(File.generated(config, FACTSHEET_CSS, content=factsheets.site_css()))
    for src, markdown, record_path, pdf_path in sheets:
        page = File.generated(config, src, content=markdown)
        page.edit_uri = _edit_uri(record_path)
        _unindexed.add(src)
        files.append(page)
        if pdf_path:
            pdf = src.removesuffix(".md") + ".pdf"
            files.append(File.generated(config, pdf, abs_src_path=pdf_path))
    for chart in charts:
        files.append(
            File.generated(config, f"factsheets/grafieken/{chart.name}", abs_src_path=str(chart))
        )


def _factsheet_pages(
    config: MkDocsConfig, kb: Kennisbank, memo: pagecache.Memo
) -> tuple[list[tuple[str, str, str, str]], list[Path]]:
    """Each factsheet's page (path, Markdown, record, PDF) and the charts. A factsheet
    whose record and neighbours did not change is taken from ``memo`` as it is: neither
    its page nor its PDF is rendered, not even to work out the PDF's cache key."""
    builder = factsheets.Builder(kb, cache=factsheets.cache_dir(), site_url=config.site_url or "")
    sheets = builder.sheets()
    salt = pagecache.code_key(
        "factsheet", config.site_url, config.use_directory_urls, site.pdfs, _factsheet_assets()
    )
    keys = {
        s.name: memo.near_key(f"factsheet:{s.name}", kb, s.entry, (salt, repr(s.style)))
        for s in sheets
    }
    todo = [s for s in sheets if not memo.has(f"factsheet:{s.name}", keys[s.name], _pdf_exists)]
    report = builder.pdfs(todo) if site.pdfs and todo else None
    charts: set[Path] = set()
    pages = []
    for sheet in sheets:
        markdown, pdf_path = memo.get(
            f"factsheet:{sheet.name}",
            keys[sheet.name],
            lambda sheet=sheet: (
                builder.site_page(sheet, config.use_directory_urls, pdf=site.pdfs),
                str(report.pdfs[sheet.name]) if report else "",
            ),
            _pdf_exists,
        )
        if pdf_path:
            os.utime(pdf_path)  # recently used: kept by prune()
        pages.append((sheet.src, markdown, sheet.entry.path, pdf_path))
        charts.update(path for _, path in sheet.charts)
    builder.prune()
    return pages, sorted(charts)


def _pdf_exists(kept: tuple[str, str]) -> bool:
    return not kept[1] or Path(kept[1]).is_file()


def _factsheet_assets() -> str:
    """The files factsheets are made of besides code and templates, and WeasyPrint's version."""
    digest = hashlib.sha256(importlib.metadata.version("weasyprint").encode())
    for path in [factsheets.SITE_CSS, *sorted(factsheets.FONT_DIR.iterdir())]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _memo_path(kb: Kennisbank, kind: str) -> Path:
    """Where this data directory's generated pages (or factsheets) are kept between builds."""
    name = hashlib.sha256(str(_data_dir(kb)).encode()).hexdigest()[:16]
    return engine.state_dir() / f"{kind}-{name}.pickle"


def _glossary(definitions: str) -> dict[str, str]:
    """``*[VVE]: Voorschoolse educatie`` lines as {"VVE": "Voorschoolse educatie"}."""
    found = (re.fullmatch(r"\*\[(.+?)\]: (.*)", line) for line in definitions.splitlines())
    return {m[1]: m[2].strip() for m in found if m}


def on_page_markdown(markdown: str, page: Page, **_: object) -> str:
    _escape_meta(page)
    return markdown


def _escape_meta(page: Page) -> None:
    """Material prints the front matter's title and description into the HTML as they
    are (its templates do not escape), and the generated pages put a record's name and
    summary there: escaped here, a '<script>' in a name stays text and a quote cannot
    end the description's attribute."""
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key])


def on_page_content(html: str, page: Page, **_: object) -> str:
    """Markdown fields from records are cleaned with an allowlist (sanitize.py), first.
    Diagrams get Mermaid from this site; Material would fetch it from a CDN otherwise."""
    html = sanitize.clean_fragments(html)
    if 'class="mermaid"' in html:
        src = get_relative_url(MERMAID, page.url)
        html = f'<script src="{src}"></script>\n{html}'
    return _searchable(html, page)


def _searchable(html: str, page: Page) -> str:
    """Mark the content area for the search index; front matter ``search: exclude`` opts out."""
    path = page.file.src_uri
    if not _indexed(path, page.meta):
        return html
    return search.body(html, _search_filters.get(path, {"soort": [search.OTHER_PAGES]}))


def _indexed(src_uri: str, meta: dict) -> bool:
    return not (meta.get("search") or {}).get("exclude", False) and src_uri not in _unindexed


def on_post_build(config: MkDocsConfig) -> None:
    """Index the finished pages (also under `serve`, so its search page works). Pagefind
    reads only the folders with indexed pages: the wegwijzer's steps and the factsheets,
    more than half the pages at national scale, would cost it time and memory for nothing.
    In a rebuild, the pages changed since the last full index go into a supplement."""
    site_dir = Path(config.site_dir)
    try:
        with timing.stage("zoekindex"):
            if engine.built_site_dir != config.site_dir:  # MkDocs's own build, as under `serve`
                search.index_site(site_dir)
                return
            pages = {dest: _indexed(src, meta) for src, (dest, meta) in engine.built.items()}
            record = search.index_site(
                site_dir, pages, _previous_index(), _changed_pages(site_dir), engine.kept.add
            )
            engine.extras[SEARCH_RECORD] = record
    except search.SearchIndexError as exc:
        raise PluginError(str(exc)) from exc


SEARCH_RECORD = "zoekindex"


def _previous_index() -> tuple[Path, search.IndexRecord | None] | None:
    """The previous site (this build's unchanged pages stay there) and its search record."""
    previous = engine.previous_build
    if previous is None:
        return None
    record = previous.extras.get(SEARCH_RECORD)
    return previous.site, record if isinstance(record, search.IndexRecord) else None


def _changed_pages(site_dir: Path) -> set[str]:
    """Output files of pages rendered in this build that differ from the previous build's
    (every page taken over is unchanged; a rendered page often is too)."""
    previous = engine.previous_build
    if previous is None:
        return set()
    changed = set()
    for src, (dest, _) in engine.built.items():
        if src in engine.built_reused:
            continue
        old = previous.site / dest
        if not old.is_file() or old.read_bytes() != (site_dir / dest).read_bytes():
            changed.add(dest)
    return changed


def on_page_context(context: dict, page: Page, **_: object) -> dict:
    if page.edit_url:
        parts = urlsplit(page.edit_url)
        page.edit_url = urlunsplit(parts._replace(path=posixpath.normpath(parts.path)))
    return context


def _data_dir(kb) -> Path:
    """The data directory the records came from (for their git history)."""
    for entries in kb.entries.values():
        for entry in entries.values():
            return Path(entry.path).resolve().parent.parent
    return Path(os.environ.get("KENNISBANK_DATA", "data"))


def _load():
    """The records for `serve`, which rebuilds on every change: unchanged files from the cache."""
    data = Path(os.environ.get("KENNISBANK_DATA", "data"))
    result = check(data, cache=engine.state_dir() / "records")
    if not result.ok:
        raise PluginError("\n" + "\n".join(p.with_hint() for p in result.problems))
    return result.kennisbank


def _edit_uri(source: str | None) -> str | None:
    """edit_uri of a generated page: its record, relative to docs/; none outside the repo."""
    return f"../{source}" if source and in_repository(source) else None


def _edit_base(config: MkDocsConfig) -> str:
    """Absolute URL of the repository's edit view, ending in /: edit_uri minus docs/."""
    edit_uri = config.edit_uri or ""
    return edit_uri.removesuffix("docs/") if edit_uri.startswith("http") else ""


_previewing = False


def on_startup(command: str, **_: object) -> None:
    """`mkdocs serve` adds an inline live-reload script to every page it serves."""
    global _previewing
    _previewing = command == "serve"


def on_post_page(output: str, page: Page, **_: object) -> str:
    """Every page carries its Content-Security-Policy; scripts from its content stay refused."""
    return protect(output, page.content or "", preview=_previewing)


def on_post_template(output: str, template_name: str, **_: object) -> str:
    """Theme pages without Markdown (404.html) get the policy too."""
    if not template_name.endswith(".html"):
        return output
    return protect(output, preview=_previewing)
