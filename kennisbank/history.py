"""When each record file last changed, from one pass over the git history."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from .checker import shown_path


def last_changed(data_dir: Path) -> dict[str, dt.date]:
    """Shown path (as in Entry.path) → date of the last commit that touched it.

    Empty outside a git checkout. One ``git log`` for the whole directory, so the
    cost does not grow with a process per file.
    """
    try:
        top = _git(data_dir, "rev-parse", "--show-toplevel").strip()
        log = _git(data_dir, "log", "--format=@%cs", "--name-only", "--no-renames", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current:
            path = (Path(top) / line).resolve()
            dates.setdefault(shown_path(path), current)
    return dates


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout
