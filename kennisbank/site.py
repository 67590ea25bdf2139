"""Write the site: hand the generated pages to MkDocs and swap the result into place.

A build goes into a fresh directory next to the target and replaces it only
when MkDocs finished without a warning, so a failed build leaves the previous
site intact.

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

from .checker import Kennisbank

CONFIG = Path("mkdocs.yml")

# The kennisbank that build.py validated, for the MkDocs hook to render without
# loading everything a second time. None means: the hook loads data/ itself.
prepared: Kennisbank | None = None


class BuildError(Exception):
    pass


def build_site(kb: Kennisbank, out: Path, config: Path = CONFIG, **overrides: object) -> None:
    """Build ``kb`` into ``out``; ``overrides`` replace settings of the MkDocs config."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    global prepared
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    prepared = kb
    try:
        _quiet_mkdocs()
        cfg = load_config(str(config), strict=True, site_dir=str(tmp), **overrides)
        with _source_date(config):
            build(cfg)
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(str(exc) or type(exc).__name__) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        prepared = None
    _swap(tmp, out)


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
    old = out.with_name(f".{out.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)


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
