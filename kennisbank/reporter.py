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


def report_github(problems: Iterable[Problem], out: TextIO) -> None:
    """One ``::error`` workflow command per problem, so the PR shows it on the line."""
    for p in sorted(problems):
        text = str(p).split(": ", 1)[1] + (f" Tip: {p.hint}" if p.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        print(f"::error file={p.path},line={p.line}::{text}", file=out)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
