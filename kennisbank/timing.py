"""Time per build stage, for `benchmarks/national.py` and `KENNISBANK_TIMING`.

Stages call ``stage("name")`` around their work; nested stages count in their own
line and in the enclosing one. With ``KENNISBANK_TIMING=<file>`` set, ``build.py
build`` writes the totals as JSON to that file when it is done. With
``KENNISBANK_TIMING_TRACE=1`` every stage also says on stderr when it starts and
ends (process id and seconds since the process started), to line up with a memory
trace.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_TRACE = os.environ.get("KENNISBANK_TIMING_TRACE") == "1"
_START = time.perf_counter()
_totals: dict[str, float] = {}
_counts: dict[str, int] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    start = time.perf_counter()
    _trace("begin", name, start)
    try:
        yield
    finally:
        add(name, time.perf_counter() - start)
        _trace("end", name, time.perf_counter())


def _trace(what: str, name: str, at: float) -> None:
    if _TRACE:
        print(f"[timing] {os.getpid()} {at - _START:8.1f} s {what} {name}", file=sys.stderr)


def add(name: str, seconds: float, count: int = 1) -> None:
    _totals[name] = _totals.get(name, 0.0) + seconds
    _counts[name] = _counts.get(name, 0) + count


def totals() -> dict[str, float]:
    return dict(_totals)


def reset() -> None:
    _totals.clear()
    _counts.clear()


def write_if_asked() -> None:
    """Write the totals to the file named by KENNISBANK_TIMING, if it is set."""
    target = os.environ.get("KENNISBANK_TIMING")
    if target:
        data = {name: {"s": round(s, 4), "n": _counts[name]} for name, s in _totals.items()}
        Path(target).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
