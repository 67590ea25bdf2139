"""Write the site: hand the generated pages to MkDocs and swap the result into place.

A build goes into a fresh directory next to the target and is put in place only
when MkDocs finished without a warning, so a failed build leaves the previous
site intact. A full build replaces the whole directory; an incremental build wrote
only what is new, and its files replace the old ones one by one (each in one step)
while the unchanged pages stay where they are.

A build is reproducible: the same input gives byte-identical output. The one
clock it reads is SOURCE_DATE_EPOCH (MkDocs' sitemap dates and the gzip header of
sitemap.xml.gz, the Datakwaliteit page's peildatum); unless the caller sets it,
the build sets it to the time of the repository's last commit.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from . import timing
from .checker import Kennisbank

CONFIG = Path("mkdocs.yml")

# The kennisbank that build.py validated, for the MkDocs hook to render without
# loading everything a second time. None means: the hook loads data/ itself.
prepared: Kennisbank | None = None
# False: the build renders no factsheet PDFs (`build.py build --no-pdf`); pages stay.
pdfs: bool = True
# False: nothing is taken from earlier builds (`build.py build --volledig`).
reuse: bool = True
# What the last build_site did (engine.Outcome): which pages it rendered and which it reused.
last_outcome = None


class BuildError(Exception):
    pass


def build_site(
    kb: Kennisbank,
    out: Path,
    config: Path = CONFIG,
    pdf: bool = True,
    incremental: bool = True,
    workers: int | None = None,
    **overrides: object,
) -> None:
    """Build ``kb`` into ``out``; ``overrides`` replace settings of the MkDocs config.
    ``pdf=False`` leaves out the factsheet PDFs (and the links to them). ``incremental``
    takes the pages whose inputs did not change from the previous build in ``out``;
    ``workers`` processes render the pages (default: $KENNISBANK_WORKERS or one per core)."""
    from . import parallel

    with parallel.long_lived():
        _build_site(kb, out, config, pdf, incremental, workers, overrides)


def _build_site(
    kb: Kennisbank,
    out: Path,
    config: Path,
    pdf: bool,
    incremental: bool,
    workers: int | None,
    overrides: dict[str, object],
) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from . import engine

    global prepared, pdfs, reuse, last_outcome
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    key = build_key(config, overrides)
    with timing.stage("vorige bouw lezen"):
        previous = engine.load_previous(out, key) if incremental and out.is_dir() else None
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    prepared, pdfs, reuse = kb, pdf, incremental
    try:
        _quiet_mkdocs()
        cfg = load_config(str(config), strict=True, site_dir=str(tmp), **overrides)
        _time_events(cfg)
        with _source_date(config), timing.stage("mkdocs"):
            outcome = engine.build(
                cfg,
                workers=workers or _workers(),
                previous=previous,
                build_key=key,
            )
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(str(exc) or type(exc).__name__) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        prepared, pdfs, reuse = None, True, True
    with timing.stage("wisselen en bouwrecord bewaren"):
        engine.forget(out)  # the record describes the old site until the new one is in place
        if previous is None:
            _swap(tmp, out)
            outcome.files = _files(out)
        else:
            outcome.files = _put_in_place(tmp, out, outcome.kept, previous.files)
        engine.remember(out, outcome, key)
    last_outcome = outcome


def _workers() -> int:
    return int(os.environ.get("KENNISBANK_WORKERS") or os.cpu_count() or 1)


def build_key(config: Path, overrides: dict[str, object]) -> str:
    """What shapes every page besides its own Markdown: settings, theme overrides, our code
    (hooks and templates), the versions of the site engine. A change rebuilds every page."""
    from importlib.metadata import version

    from . import pagecache

    settings = sorted((k, repr(v)) for k, v in overrides.items())
    packages = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "nh3")
    versions = [f"{package}={version(package)}" for package in packages]
    return pagecache.code_key(config.read_bytes(), settings, versions)


def _time_events(cfg: object) -> None:
    """Time every hook event (`timing`), per event name."""
    events = cfg.plugins.events  # type: ignore[attr-defined]
    for name, methods in events.items():
        events[name] = [_timed(f"hook: {name}", method) for method in methods]


def _timed(label: str, method):  # type: ignore[no-untyped-def]
    def run(*args, **kwargs):  # type: ignore[no-untyped-def]
        with timing.stage(label):
            return method(*args, **kwargs)

    return run


@contextlib.contextmanager
def _source_date(config: Path) -> Iterator[None]:
    """SOURCE_DATE_EPOCH for the build: the caller's, or the last commit's time."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    run = subprocess.run(
        ["git", "log", "-1", "--format=%ct"],
        cwd=config.resolve().parent,
        capture_output=True,
        text=True,
    )
    epoch = run.stdout.strip() if run.returncode == 0 else ""
    if epoch:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if epoch:
            del os.environ["SOURCE_DATE_EPOCH"]


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` in the place of ``out``. The old site is removed by a process of its own
    that outlives this one: at national scale that is some 30,000 files, seconds of a
    rebuild nobody has to wait for (a removal that did not finish is redone next time)."""
    for stale in out.parent.glob(f".{out.name}-old*"):
        shutil.rmtree(stale, ignore_errors=True)
    old = out.with_name(f".{out.name}-old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    new.rename(out)
    if old.exists():
        _remove_later(old)


def _files(root: Path) -> set[str]:
    """Every file under ``root``, as a path relative to it."""
    found = set()
    for folder, _, names in os.walk(root):
        base = os.path.relpath(folder, root)
        prefix = "" if base == "." else base.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
    return found


def _put_in_place(new: Path, out: Path, kept: set[str], before: set[str]) -> set[str]:
    """An incremental build: the files of ``new`` replace (or join) those of ``out``, each
    in one step; of the previous site's files (``before``) those not ``kept`` (files, and
    folders ending in /) and not written again are removed. The other tens of thousands
    of files are not touched. Returns the site's files now."""
    written = _files(new)
    folders = tuple(k for k in kept if k.endswith("/"))
    now = written | {k for k in kept if not k.endswith("/")}
    now |= {f for f in before if f.startswith(folders)} if folders else set()
    made: set[Path] = set()
    for rel in sorted(written):
        target = out / rel
        if target.parent not in made:
            _make_folder(out, target.parent)
            made.add(target.parent)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)  # a folder where a file goes now: nothing of it is kept
        os.replace(new / rel, target)
    for rel in sorted(before - now):
        path = out / rel
        if path.is_file() or path.is_symlink():  # else already gone with a folder it was in
            path.unlink()
            _remove_empty_folders(out, path.parent)
    shutil.rmtree(new, ignore_errors=True)  # left: links to files that were already in place
    return now


def _make_folder(out: Path, folder: Path) -> None:
    """``folder`` and its parents; a file in the way (an old page) is removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for parent in [*reversed(folder.relative_to(out).parents), folder.relative_to(out)]:
            path = out / parent
            if path.is_file() or path.is_symlink():
                path.unlink()
        folder.mkdir(parents=True, exist_ok=True)


def _remove_empty_folders(out: Path, folder: Path) -> None:
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _remove_later(path: Path) -> None:
    try:
        subprocess.Popen(
            ["rm", "-rf", "--", str(path)],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


def _quiet_mkdocs() -> None:
    """Show MkDocs warnings (they fail the strict build) but not its chatter."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def serve(address: str, data: Path, config: Path = CONFIG) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s")
    mkdocs_serve(str(config), dev_addr=address, livereload=True, watch=[str(data)])
