"""Validated records kept between builds, so a rebuild parses only the files that changed.

One pickle per data directory holds, per record file, its size and modification time,
the validated entry and its privacy warnings: a file that changed simply does not
match. The pickle is named after the data directory, the working directory (records
carry their path as shown) and the code that parses and validates (model, loader,
checker …), so a change there starts afresh. Only a data directory without errors is
kept. Writing happens in a background process: the build does not wait for it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from pathlib import Path
from typing import Any

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
    try:
        with _file(cache, data_dir).open("rb") as file:
            kept = pickle.load(file)
        return kept if isinstance(kept, dict) else {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return {}


def write(cache: Path, data_dir: Path, kept: Kept) -> None:
    """Write ``kept`` in a detached background process (a double fork: no zombie); in a
    process with threads, where a fork is not safe, here and now."""
    target = _file(cache, data_dir)
    if threading.active_count() > 1:
        _dump(kept, target)
        return
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)  # the first child exits at once
        return
    try:  # pragma: no cover - runs in the background process
        if os.fork() == 0:
            _dump(kept, target)
    finally:
        os._exit(0)


def _dump(kept: Kept, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as file:
            pickle.dump(kept, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower
