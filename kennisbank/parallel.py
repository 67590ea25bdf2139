"""Run a function in a forked child process while this one goes on (the build has two cores).

``Forked(fn)`` starts ``fn`` in a child that shares this process's memory as it was at
the fork (no copying of the kennisbank); ``result()`` waits and returns what ``fn``
returned (pickled through a pipe), or raises what it raised. Where a fork is not safe
(a process with threads, such as `serve`) or not possible, ``fn`` simply runs at once.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class ChildError(Exception):
    """The child failed with an exception that could not be passed back as it was."""


class Forked(Generic[T]):
    def __init__(self, fn: Callable[[], T]) -> None:
        self._pid = 0
        self._fd = -1
        if threading.active_count() > 1 or not hasattr(os, "fork"):
            self._value: Any = ("ok", fn())
            return
        read_end, write_end = os.pipe()
        gc.freeze()  # objects the child only reads stay shared: no copy for the collector
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(read_end)
            _child(fn, write_end)
        thaw()
        os.close(write_end)
        self._pid, self._fd = pid, read_end

    def result(self) -> T:
        if self._pid:
            with os.fdopen(self._fd, "rb") as source:
                data = source.read()
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            with collector_paused():
                self._value = pickle.loads(data) if data else ("error", f"status {status}")
        kind, value = self._value
        if kind == "ok":
            return value
        if isinstance(value, BaseException):
            raise value
        raise ChildError(value)


def _child(fn: Callable[[], Any], write_end: int) -> None:  # pragma: no cover
    try:
        try:
            payload = pickle.dumps(("ok", fn()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:
            try:
                payload = pickle.dumps(("error", exc))
            except Exception:
                payload = pickle.dumps(("error", traceback.format_exc()))
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
    finally:
        os._exit(0)


# --- caches kept as pickle files ------------------------------------------------------------

STATE_DIR = Path(".cache") / "build"


def state_dir() -> Path:
    """Where the build records and caches live: $KENNISBANK_BUILD_CACHE or .cache/build."""
    return Path(os.environ.get("KENNISBANK_BUILD_CACHE", STATE_DIR))


# Inside ``long_lived``: what a build loads stays until it ends, and is frozen.
_freezing = False


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """A build: the objects alive now (the records) and those loaded from caches meanwhile
    (``collector_paused``) live until it ends. They are moved out of the cyclic collector's
    sight (``gc.freeze``); otherwise each of its full passes traverses them all, seconds of
    a rebuild at national scale, and finds nothing to free. Given back at the end, so a
    longer-lived process (tests, `serve`) frees them as usual."""
    global _freezing
    outer = _freezing
    _freezing = True
    gc.freeze()
    try:
        yield
    finally:
        _freezing = outer
        if not outer:
            gc.unfreeze()


def thaw() -> None:
    """After a ``gc.freeze`` for a fork: unfreeze, unless inside ``long_lived``."""
    if not _freezing:
        gc.unfreeze()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """For loading records or unpickling a cache: that makes millions of objects that all
    stay alive, and the cyclic collector would traverse them again and again while they
    are made (seconds at national scale) and find nothing to free. Inside ``long_lived``
    they are frozen afterwards, for the same reason."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _freezing:
            gc.freeze()
        if enabled:
            gc.enable()


def read_pickle(path: Path) -> dict:
    """A cache's dict, or an empty one if the file is missing, damaged or from other code."""
    try:
        with path.open("rb") as file, collector_paused():
            kept = pickle.load(file)
        return kept if isinstance(kept, dict) else {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return {}


def write_pickle(path: Path, data: Any, prepare: Callable[[Any], Any] | None = None) -> None:
    """Replace ``path`` atomically with ``data`` (or what ``prepare`` makes of it); a cache
    that cannot be written only makes the next build slower, so a failure is ignored."""
    try:
        if prepare is not None:
            data = prepare(data)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as file:
            pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def write_pickle_later(path: Path, data: Any, prepare: Callable[[Any], Any] | None = None) -> None:
    """``write_pickle`` in a detached background process (a double fork: no zombie), so
    the build does not wait; in a process with threads, where a fork is not safe, now."""
    if threading.active_count() > 1 or not hasattr(os, "fork"):
        write_pickle(path, data, prepare)
        return
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)  # the first child exits at once
        return
    try:  # pragma: no cover - runs in the background process
        if os.fork() == 0:
            write_pickle(path, data, prepare)
    finally:
        os._exit(0)
