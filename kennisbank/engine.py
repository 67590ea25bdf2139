"""MkDocs's build for a site of tens of thousands of pages: in parallel and incremental.

This is ``mkdocs.commands.build.build`` of MkDocs 1.6.1 (the pinned version) with two
changes, and otherwise the same events in the same order, the same strict warnings
and the same anchor checks:

1. **Parallel.** The pages are rendered (Markdown, then the theme template) by
   ``workers`` processes, forked after the navigation is known: each renders and
   writes its share. The navigation's own pages are read first, in the parent,
   because every page shows their titles (from their front matter; a page without a
   ``title:`` there is rendered first, for its first heading).
2. **Incremental.** Given the record of the previous build (``Previous``), a page
   whose inputs are unchanged is not rendered and not written: the previous site's
   file stays (``Outcome.kept``; site.py puts the new files in place around it). A
   page's inputs are its Markdown, its edit link, what the hooks add to it (their
   ``page_inputs(src_uri)`` and ``build_inputs()``), the navigation (titles and
   links), and ``build_key``: everything else that shapes every page (configuration,
   theme, code, versions). The anchors and links to anchors of
   every page are kept in the record, so anchors are checked across reused pages too.
   Likewise a static file whose source is unchanged (path, size, time, inode; generated
   content by its hash) stays as the previous site has it, and the theme's templates
   are compiled once (a bytecode cache per MkDocs and Material version).

Per-page events (``on_page_markdown``, ``on_page_content``, ``on_post_page`` …) run in
the worker processes: anything a hook collects in them does not reach
``on_post_build``. The hooks here collect nothing per page.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import importlib.metadata
import logging
import os
import pickle
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import jinja2
from mkdocs import utils
from mkdocs.commands.build import (
    _build_extra_template,
    _build_page,
    _build_theme_template,
    _populate_page,
)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from . import parallel, timing

log = logging.getLogger("mkdocs.commands.build")


# The pages of the build in progress, for ``on_post_build``: source → (output file, front
# matter), the sources taken over from the previous build, and the site directory they are
# for. The per-page events ran in the workers; this is what the parent knows of them.
built: dict[str, tuple[str, dict[str, Any]]] = {}
built_reused: set[str] = set()
built_site_dir = ""
# For hooks: the previous build (None in a full build) and what they keep for the next
# one (``Outcome.extras``; the next build's hooks find it in ``previous_build.extras``).
previous_build: Previous | None = None
extras: dict[str, Any] = {}
# Output files (and folders, ending in /) that this build takes over from the previous
# site as they are, without writing them into its own directory (``Outcome.kept``).
kept: set[str] = set()


# Fewer pages to render than this: the parent renders them, without forking workers (and
# without the full garbage collections that go with it, a second each at national scale).
FORK_MIN = 64


@dataclass
class PageRecord:
    """What a build keeps of one page for the next: its inputs, anchors, title and meta."""

    fingerprint: str  # of everything that shapes the page
    anchors: list[str]
    links: dict[str, dict[str, str]]  # target src_uri → {anchor: link as written}
    source: str = ""  # of the page's own inputs (its Markdown, edit link, the hooks' part)
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Previous:
    """The site of the previous build and what it was made of."""

    site: Path
    pages: dict[str, PageRecord]
    extras: dict[str, Any] = field(default_factory=dict)
    templates: str = ""  # the key of the theme's pages (sitemap, 404) in that site
    files: set[str] = field(default_factory=set)  # every output file of that site
    static: dict[str, str] = field(default_factory=dict)  # output file → its source's stamp


@dataclass
class Outcome:
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    templates: str = ""
    # What the site takes over from the previous build's as it is: output files, and
    # folders (ending in /) whose files this build did not write.
    kept: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)  # every output file, once in place
    static: dict[str, str] = field(default_factory=dict)  # output file → its source's stamp


def build(
    config: MkDocsConfig,
    *,
    workers: int = 1,
    previous: Previous | None = None,
    build_key: str = "",
) -> Outcome:
    """Build the site into ``config.site_dir`` (which should be empty). Given ``previous``,
    that directory receives only what is new; ``Outcome.kept`` is what stays of the
    previous site."""
    global previous_build
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        logging.getLogger("mkdocs").addHandler(counter)
    try:
        outcome, child_warnings = _build(config, workers, previous, build_key)
        counts = dict(counter.get_counts())
        for level, n in child_warnings.items():
            counts[level] = counts.get(level, 0) + n
        if config.strict and counts:
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts.items())
            raise Abort(f"Aborted with {msg} in strict mode!")
        return outcome
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!") from e
        raise
    finally:
        previous_build = None
        logging.getLogger("mkdocs").removeHandler(counter)


def _build(
    config: MkDocsConfig, workers: int, previous: Previous | None, build_key: str
) -> tuple[Outcome, dict[str, int]]:
    global previous_build
    previous_build = previous
    extras.clear()
    kept.clear()
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    env = config.theme.get_env()
    env.bytecode_cache = _theme_template_cache()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = _navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)

    with timing.stage("mkdocs: pagina's"):
        doc_set = set(doc_files)
        in_nav = [page.file for page in nav.pages if page.file in doc_set]
        sources = {f.src_uri: _source(f, config) for f in doc_files}
        for file in in_nav:  # their titles are in every page's navigation
            _title_and_meta(file, sources[file.src_uri], previous, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        key = _site_key(config, nav, build_key)
        fingerprints = {uri: _combine(key, source) for uri, source in sources.items()}
        reuse = _reusable(doc_files, fingerprints, previous)
        todo = [f for f in doc_files if f.src_uri not in reuse]
        _pages_for(todo, config)
        shares = _shares(todo, max(1, workers) if len(todo) >= FORK_MIN else 1)
        job = _Job(config, files, doc_files, nav, env)
        results, child_warnings = _run_shares(job, shares)

    with timing.stage("mkdocs: statische bestanden"):
        static = _copy_static_files(files, previous)
        templates = _templates_key(key, doc_files)
        if not _reuse_templates(config, templates, previous):
            _pages_for(doc_files, config)  # the sitemap lists every page
            for template in config.theme.static_templates:
                _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)

    outcome = Outcome(
        rendered=sorted(results), reused=sorted(reuse), templates=templates, static=static
    )
    kept.update(f.dest_uri for f in doc_files if f.src_uri in reuse)
    for src_uri, (anchors, links, title, meta) in results.items():
        outcome.pages[src_uri] = PageRecord(
            fingerprints[src_uri], anchors, links, sources[src_uri], title, meta
        )
    for src_uri in reuse:
        old = previous.pages[src_uri]  # type: ignore[union-attr]
        outcome.pages[src_uri] = PageRecord(
            fingerprints[src_uri], old.anchors, old.links, sources[src_uri], old.title, old.meta
        )
    _validate_anchors(outcome.pages, files, config.validation.links.anchors)
    _keep_for_post_build(doc_files, outcome, config.site_dir)
    _release(doc_files, collect=len(results) >= FORK_MIN)
    config.plugins.on_post_build(config=config)
    outcome.extras = dict(extras)
    outcome.kept = set(kept)
    return outcome, child_warnings


def _keep_for_post_build(doc_files: Sequence[File], outcome: Outcome, site_dir: str) -> None:
    global built_site_dir
    built.clear()
    built.update({f.src_uri: (f.dest_uri, outcome.pages[f.src_uri].meta) for f in doc_files})
    built_reused.clear()
    built_reused.update(outcome.reused)
    built_site_dir = site_dir


def _release(doc_files: Sequence[File], collect: bool = True) -> None:
    """Every page is written: give back their Markdown and HTML before ``on_post_build``,
    where the search indexer needs the memory (at national scale the generated Markdown
    alone is hundreds of megabytes). Freed strings return to the C allocator, which keeps
    them unless asked to trim. ``collect``: also free what rendering left in reference
    cycles, worth a full collection (a second at national scale) after many pages only."""
    for file in doc_files:
        if file.page is not None:
            file.page.markdown = file.page.content = None  # type: ignore[assignment]
        if file.abs_src_path is None:
            file._content = ""
    if collect:
        gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)  # glibc; elsewhere the memory simply stays


def _copy_static_files(files: Files, previous: Previous | None) -> dict[str, str]:
    """MkDocs's copy_static_files, except that a file whose source is unchanged since the
    previous build stays as that site has it (``kept``): the theme's hundreds of assets
    and the downloads are mostly the same from one build to the next. Returns the stamp
    of every static file's source."""
    stamps = {}
    state = state_dir().resolve()
    for file in files:
        if file.is_documentation_page() or not InclusionLevel.is_included(file.inclusion):
            continue
        stamp = stamps[file.dest_uri] = _stamp(file)
        if (
            previous
            and previous.static.get(file.dest_uri) == stamp
            and file.dest_uri in previous.files
        ):
            kept.add(file.dest_uri)
            continue
        if not _link_from(state, file):
            file.copy_file()
    return stamps


def _link_from(state: Path, file: File) -> bool:
    """A file made into the build cache ``state`` (the open data, tens of megabytes) is
    linked, not copied: such a file is never written again, only replaced by a new one."""
    if file._content is not None or file.abs_src_path is None:
        return False
    source = Path(file.abs_src_path).resolve()
    if not source.is_relative_to(state):
        return False
    target = Path(file.abs_dest_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        return False  # another file system, say: copied
    return True


def _stamp(file: File) -> str:
    """A file from disk: its path, size, time of change and inode (a file replaced by
    another has a new one); generated content: its hash."""
    if file._content is None:
        stat = os.stat(file.abs_src_path)  # type: ignore[arg-type]
        return f"{file.abs_src_path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}"
    content = file._content
    data = content.encode() if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


# --- navigation and the theme's pages -------------------------------------------------------


def _navigation(files: Files, config: MkDocsConfig) -> Navigation:
    """MkDocs's get_navigation, without a ``Page`` for each page outside the navigation
    (a second per 10,000 pages; ``_pages_for`` makes them for the pages rendered). That
    leaves out only its report of pages missing from the navigation, so it is done this
    way when that report is not a warning, and with an explicit ``nav``."""
    level = config.validation.nav.omitted_files
    if config.nav is None or level >= logging.WARNING:
        return get_navigation(files, config)
    listed = {PurePath(path).as_posix() for path in _nav_paths(config.nav)}
    shown = Files(f for f in files if not f.is_documentation_page() or f.src_uri in listed)
    return get_navigation(shown, config)


def _nav_paths(item: Any) -> Iterator[str]:
    if isinstance(item, str):
        yield item
    elif isinstance(item, dict):
        for value in item.values():
            yield from _nav_paths(value)
    elif isinstance(item, list):
        for value in item:
            yield from _nav_paths(value)


def _pages_for(doc_files: Sequence[File], config: MkDocsConfig) -> None:
    for file in doc_files:
        if file.page is None:
            Page(None, file, config)


def _theme_template_cache() -> jinja2.BytecodeCache | None:
    """The theme's templates compiled once, not in every build (half a second; a rebuild
    renders a few pages). Jinja keys each by name and source; the folder is named after
    the versions that make the environment, whose settings shape the compiled code."""
    versions = "-".join(importlib.metadata.version(p) for p in ("mkdocs", "mkdocs-material"))
    directory = state_dir() / f"theme-templates-{versions}"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


def _templates_key(site_key: str, doc_files: Sequence[File]) -> str:
    """What the theme's own pages (404.html, sitemap.xml) are made of: what shapes every
    page, the build date (the sitemap's lastmod) and the address of every page."""
    digest = hashlib.sha256(f"{site_key}\0{utils.get_build_date()}".encode())
    for file in doc_files:
        digest.update(f"\0{file.src_uri}\0{file.dest_uri}".encode())
    return digest.hexdigest()


def _reuse_templates(config: MkDocsConfig, templates: str, previous: Previous | None) -> bool:
    """The theme's pages: kept as the previous site has them if their key is unchanged."""
    if previous is None or previous.templates != templates:
        return False
    names = [n for t in config.theme.static_templates for n in (t, f"{t}.gz")]
    names = [n for n in names if n in previous.files]
    kept.update(names)
    return bool(names)


# --- what to render -------------------------------------------------------------------------


def _site_key(config: MkDocsConfig, nav: Navigation, build_key: str) -> str:
    """Everything that shapes every page: the caller's key, the navigation, the hooks' part."""
    digest = hashlib.sha256(build_key.encode())
    for item in _walk(nav.items):
        digest.update(repr((item.title, getattr(item, "url", None), item.is_section)).encode())
    for inputs in _hook_functions(config, "build_inputs"):
        digest.update(inputs().encode())
    return digest.hexdigest()


def _walk(items: Sequence[Any]) -> Any:
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or [])


def _hook_functions(config: MkDocsConfig, name: str) -> list[Callable[..., str]]:
    found = [getattr(plugin, name, None) for plugin in config.plugins.values()]
    return [f for f in found if callable(f)]


def _title_and_meta(
    file: File, source: str, previous: Previous | None, config: MkDocsConfig, files: Files
) -> None:
    """A navigation page's title and meta: from the previous build if its own inputs are
    unchanged (then it need not be read, and perhaps not rendered), else by reading it."""
    page = file.page
    assert page is not None
    old = previous.pages.get(file.src_uri) if previous else None
    if old is not None and old.source == source and old.title is not None:
        page.title = old.title  # type: ignore[misc]
        page.meta = dict(old.meta)
        return
    _read_page(page, config, files)
    if "title" not in page.meta:  # the title is the rendered first heading
        _render_page(page, config, files)


def _read_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """The first half of MkDocs's _populate_page: read the source, run page_markdown."""
    with _populating(page, config):
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )


def _render_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """The second half of MkDocs's _populate_page: Markdown to HTML, run page_content."""
    with _populating(page, config):
        page.render(config, files)
        page.content = config.plugins.on_page_content(
            page.content, page=page, config=config, files=files
        )


@contextlib.contextmanager
def _populating(page: Page, config: MkDocsConfig) -> Iterator[None]:
    """What _populate_page does around its work: the current page, and the error it logs."""
    config._current_page = page
    try:
        yield
    except Exception as e:
        log.error(f"Error reading page '{page.file.src_uri}':" + _detail(e))
        raise
    finally:
        config._current_page = None


def _detail(e: Exception) -> str:
    return "" if isinstance(e, BuildError) else f" {e}"


def _combine(key: str, source: str) -> str:
    return hashlib.sha256(f"{key}\0{source}".encode()).hexdigest()


def _source(file: File, config: MkDocsConfig) -> str:
    """The fingerprint of a page's own inputs."""
    digest = hashlib.sha256()
    digest.update(b"\0" + file.src_uri.encode() + b"\0" + str(file.edit_uri).encode())
    source = file._content if file._content is not None else None
    if isinstance(source, bytes):
        digest.update(source)
    elif source is not None:
        digest.update(source.encode())
    else:
        digest.update(Path(file.abs_src_path).read_bytes())  # type: ignore[arg-type]
    for inputs in _hook_functions(config, "page_inputs"):
        digest.update(b"\0" + inputs(file.src_uri).encode())
    return digest.hexdigest()


def _reusable(
    doc_files: Sequence[File], fingerprints: dict[str, str], previous: Previous | None
) -> set[str]:
    if previous is None:
        return set()
    reuse = set()
    for file in doc_files:
        old = previous.pages.get(file.src_uri)
        if old is None or old.fingerprint != fingerprints[file.src_uri]:
            continue
        if file.dest_uri in previous.files:  # the site is ours: its files are the record's
            reuse.add(file.src_uri)
    return reuse


def _shares(todo: Sequence[File], workers: int) -> list[list[File]]:
    """Split the pages over the workers, largest first, each to the least loaded."""
    shares: list[list[File]] = [[] for _ in range(workers)]
    load = [0] * workers
    for file in sorted(todo, key=_size, reverse=True):
        i = load.index(min(load))
        shares[i].append(file)
        load[i] += _size(file) + 2000  # a page costs something whatever its size
    return [sorted(s, key=lambda f: f.src_uri) for s in shares]


def _size(file: File) -> int:
    if file._content is not None:
        return len(file._content)
    return os.path.getsize(file.abs_src_path) if file.abs_src_path else 0


# --- rendering ------------------------------------------------------------------------------


@dataclass
class _Job:
    config: MkDocsConfig
    files: Files
    doc_files: Sequence[File]
    nav: Navigation
    env: Any

    def render(self, share: Sequence[File]) -> dict[str, tuple[list[str], dict, Any, dict]]:
        """Render and write the pages of ``share``; their anchors, links to anchors, title
        and meta."""
        result = {}
        for file in share:
            page = file.page
            assert page is not None
            if page.markdown is None:
                _populate_page(page, self.config, self.files)
            elif page.content is None:  # a navigation page, read for its title
                _render_page(page, self.config, self.files)
            _build_page(page, self.config, self.doc_files, self.nav, self.env)
            links = {
                target.src_uri: dict(anchors)
                for target, anchors in (page.links_to_anchors or {}).items()
            }
            anchors = sorted(page.present_anchor_ids or ())
            result[file.src_uri] = (anchors, links, page.title, dict(page.meta))
            # The HTML is written; keep only what the navigation and the checks need.
            if file.page not in self.nav.pages:
                page.content = page.markdown = None  # type: ignore[assignment]
        return result


def _run_shares(
    job: _Job, shares: list[list[File]]
) -> tuple[dict[str, tuple[list[str], dict, Any, dict]], dict[str, int]]:
    """Render share 0 here and every other share in a forked child process."""
    children: list[tuple[int, int]] = []
    forking = any(shares[1:])
    if forking:
        gc.collect()
        gc.freeze()  # the children share these objects; collecting would copy them
    try:
        for share in shares[1:]:
            if not share:
                continue
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                os.close(read_end)
                _child(job, share, write_end)
            os.close(write_end)
            children.append((pid, read_end))
        results = job.render(shares[0])
        warnings: dict[str, int] = {}
        errors = []
        for pid, read_end in children:
            status, payload = _collect(pid, read_end)
            if status == "ok":
                part, counts, spent = payload
                results.update(part)
                for name, seconds in spent.items():
                    timing.add(name, seconds, count=0)
                for level, n in counts.items():
                    warnings[level] = warnings.get(level, 0) + n
            else:
                errors.append(payload)
        children = []
        if errors:
            raise BuildError("\n".join(errors))
        return results, warnings
    finally:
        for pid, read_end in children:  # the parent failed: stop the children
            try:
                os.kill(pid, 15)
                os.waitpid(pid, 0)
            except OSError:
                pass
            os.close(read_end)
        if forking:
            parallel.thaw()


def _child(job: _Job, share: Sequence[File], write_end: int) -> None:  # pragma: no cover
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    before = timing.totals()
    try:
        result = job.render(share)
        spent = {k: v - before.get(k, 0.0) for k, v in timing.totals().items()}
        payload = pickle.dumps(("ok", (result, dict(counter.get_counts()), spent)))
    except BaseException as exc:
        text = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        payload = pickle.dumps(("error", text))
    with os.fdopen(write_end, "wb") as out:
        out.write(payload)
    os._exit(0)


def _collect(pid: int, read_end: int) -> tuple[str, Any]:
    with os.fdopen(read_end, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
    if not data or status != 0:
        return "error", f"een bouwproces stopte onverwacht (status {status})"
    return pickle.loads(data)


def _validate_anchors(pages: dict[str, PageRecord], files: Files, level: int) -> None:
    """MkDocs's check of links to anchors (Page.validate_anchor_links), over all pages."""
    for src_uri, record in sorted(pages.items()):
        for target, anchors in record.links.items():
            target_record = pages.get(target)
            if target_record is None:
                continue
            present = set(target_record.anchors)
            for anchor, original in anchors.items():
                if anchor in present:
                    continue
                context = ""
                if target == src_uri:
                    problem = "there is no such anchor on this page"
                    if anchor.startswith("fnref:"):
                        context = " This seems to be a footnote that is never referenced."
                else:
                    problem = f"the doc '{target}' does not contain an anchor '#{anchor}'"
                log.log(
                    level,
                    f"Doc file '{src_uri}' contains a link '{original}', but {problem}.{context}",
                )


# --- the record of the previous build -------------------------------------------------------

state_dir = parallel.state_dir


def _state_file(site: Path) -> Path:
    name = hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:16]
    return state_dir() / f"{name}.pickle"


def load_previous(site: Path, build_key: str) -> Previous | None:
    """The record of the build that made ``site``, if ``site`` is still that build's output
    and that build had the same ``build_key``. Other code may have kept other things in
    the record (and reuses no page anyway: every fingerprint holds the key)."""
    path = _state_file(site)
    try:
        with path.open("rb") as file, parallel.collector_paused():
            state = pickle.load(file)
        if state["site"] != str(site.resolve()) or state["inode"] != os.stat(site).st_ino:
            return None
        if state["key"] != build_key:
            return None
        return Previous(
            site.resolve(),
            state["pages"],
            state["extras"],
            state["templates"],
            state["files"],
            state["static"],
        )
    except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, AttributeError):
        return None


def remember(site: Path, outcome: Outcome, build_key: str) -> None:
    """Keep the record of the build now in ``site`` (call after the swap)."""
    path = _state_file(site)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "site": str(site.resolve()),
        "inode": os.stat(site).st_ino,
        "key": build_key,
        "pages": outcome.pages,
        "extras": outcome.extras,
        "templates": outcome.templates,
        "files": outcome.files,
        "static": outcome.static,
    }
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as file:
        pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def forget(site: Path) -> None:
    _state_file(site).unlink(missing_ok=True)
