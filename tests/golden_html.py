"""Normalised HTML for golden snapshots (as mkdocstrings does): the article only, pretty-printed."""

from __future__ import annotations

import os
from pathlib import Path

from bs4 import BeautifulSoup

GOLDEN = Path(__file__).parent / "golden"


def article(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    node = soup.select_one("article.md-content__inner")
    assert node is not None, "page has no article"
    return node.prettify()


def assert_matches_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run UPDATE_GOLDEN=1 pytest"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"
