"""Problems found while loading and checking, and how they read."""

from __future__ import annotations

from dataclasses import dataclass

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """``('werkwijze', 1, 'rollen', 0)`` → ``werkwijze[1].rollen[0]``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def shorten(text: str, limit: int = 60) -> str:
    """A value as it is quoted in a message: one line, at most ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """One error in one file, at one line and field; or, with ``warning``, something to
    look at again that does not fail the check."""

    path: str
    line: int
    loc: Loc
    message: str
    hint: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " + ("waarschuwing: " if self.warning else "")
        return where + self.text

    @property
    def text(self) -> str:
        """The field and the message, without file and line."""
        field = format_loc(self.loc)
        return (f"{field}: " if field else "") + self.message

    def with_hint(self) -> str:
        return str(self) + (f"\n    Tip: {self.hint}" if self.hint else "")
