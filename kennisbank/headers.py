"""``build.py headers``: put the schema line back on top of every record that lost it.

Every data file starts with ``# yaml-language-server: $schema=../../schemas/<type>.schema.json``
so that an editor's YAML extension knows the record's fields. The editing screen writes that
line itself (it is the comment of each collection's first field, see ``decap.py``); a file
made another way, for example with "Add file" on GitHub, may lack it.
"""

from __future__ import annotations

from pathlib import Path

from .decap import SCHEMA_LINE
from .model import RECORD_TYPES

_PREFIX = "# yaml-language-server:"


def schema_line(type_: str) -> str:
    return "# " + SCHEMA_LINE.format(type=type_)


def with_header(text: str, type_: str) -> str:
    """``text`` with the schema line as its first line; an outdated schema line is replaced."""
    line = schema_line(type_)
    first, newline, rest = text.partition("\n")
    if first == line:
        return text
    if first.startswith(_PREFIX):
        return line + newline + rest
    return f"{line}\n{text}"


def missing(data_dir: Path) -> list[Path]:
    """Records whose first line is not their schema line."""
    return [path for path, type_ in _records(data_dir) if _first_line(path) != schema_line(type_)]


def restore(data_dir: Path) -> list[Path]:
    """Write the schema line into every record that lacks it; the changed files."""
    changed = []
    for path, type_ in _records(data_dir):
        text = path.read_text(encoding="utf-8")
        fixed = with_header(text, type_)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed.append(path)
    return changed


def _records(data_dir: Path) -> list[tuple[Path, str]]:
    return [
        (path, type_)
        for type_ in RECORD_TYPES
        for path in sorted((data_dir / type_).glob("*.yaml"))
    ]


def _first_line(path: Path) -> str:
    with path.open(encoding="utf-8") as handle:
        return handle.readline().rstrip("\n")
