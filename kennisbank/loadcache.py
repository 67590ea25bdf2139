"""Validated records kept between builds, so a rebuild parses only the files that changed.

One pickle per data directory holds, per record file, its size and modification time,
the validated entry and its privacy warnings: a file that changed simply does not
match. The pickle is named after the data directory, the working directory (records
carry their path as shown) and the code that parses and validates (model, loader,
checker …), so a change there starts afresh. Only a data directory without errors is
kept. Writing happens in a background process: the build does not wait for it.
"""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path
from typing import Any

from . import parallel
from .loader import KeptDocument

_CODE = ("model.py", "loader.py", "checker.py", "safety.py", "result.py", "personal_data.py")

Stamp = tuple[int, int]
Kept = dict[tuple[str, str], tuple[Stamp, Any, list[Any]]]  # (type, path) → stamp, entry, warnings


def _file(cache: Path, data_dir: Path) -> Path:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{os.getcwd()}\0{data_dir.resolve()}".encode())
    for name in _CODE:
        path = here / name
        if path.exists():
            digest.update(name.encode() + path.read_bytes())
    return cache / f"records-{digest.hexdigest()[:16]}.pickle"


def stamp(path: Path) -> Stamp:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def read(cache: Path, data_dir: Path) -> Kept:
    return parallel.read_pickle(_file(cache, data_dir))


def write(cache: Path, data_dir: Path, kept: Kept) -> None:
    """Write ``kept`` in a background process: the build does not wait for it."""
    parallel.write_pickle_later(_file(cache, data_dir), kept, prepare=_without_documents)


def _without_documents(kept: Kept) -> Kept:
    """The entries with a ``KeptDocument`` in place of their parsed YAML (a copy: the
    entries in use keep theirs)."""
    slim: Kept = {}
    for name, (file_stamp, entry, warnings) in kept.items():
        if not isinstance(entry.doc, KeptDocument):
            entry = copy.copy(entry)  # with its fingerprint and links
            entry.doc = KeptDocument(entry.doc.path)
        slim[name] = (file_stamp, entry, warnings)
    return slim
