"""Write problems for people (text) and for CI (GitHub annotations)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from .result import Problem


def report_text(problems: Iterable[Problem], out: TextIO) -> None:
    problems = sorted(problems)
    for problem in problems:
        print(problem.with_hint(), file=out)
    files = len({p.path for p in problems})
    print(
        f"\n{_count(len(problems), 'fout', 'fouten')} in {_count(files, 'bestand', 'bestanden')}.",
        file=out,
    )


def report_warnings(warnings: Iterable[Problem], out: TextIO) -> None:
    """Warnings after the errors (or alone): they do not fail the check."""
    warnings = sorted(warnings)
    if not warnings:
        return
    for warning in warnings:
        print(warning.with_hint(), file=out)
    files = len({w.path for w in warnings})
    counted = _count(len(warnings), "waarschuwing", "waarschuwingen")
    print(
        f"\n{counted} in {_count(files, 'bestand', 'bestanden')}: kijk ze na; "
        "de controle faalt er niet op.",
        file=out,
    )


def report_github(problems: Iterable[Problem], out: TextIO) -> None:
    """One ``::error`` (or ``::warning``) workflow command per problem, so the pull
    request shows it on the line."""
    for p in sorted(problems):
        text = p.text + (f" Tip: {p.hint}" if p.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        level = "warning" if p.warning else "error"
        print(f"::{level} file={p.path},line={p.line}::{text}", file=out)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
