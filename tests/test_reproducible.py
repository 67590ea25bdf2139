"""The same input gives a byte-identical site, whatever the day and whatever the cache.

The fixture (plus a figure series, so a chart is drawn) is built twice: each build
with its own empty cache, so every factsheet PDF, chart and font conversion is
made twice rather than copied, and the second build with a clock three days later.
Every file is compared byte for byte.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
import types
from pathlib import Path

import mkdocs.utils
import pytest
from conftest import VALID, build_fixture

from kennisbank import factsheets, quality

SERIES = """kerncijfers:
  - omschrijving: Kinderen begeleid in 2023
    waarde: 40
    eenheid: kinderen
    jaar: 2023
    reeks: Bereik
    bron: {bron: factsheet-apm}
  - omschrijving: Kinderen begeleid in 2024
    waarde: 55
    eenheid: kinderen
    jaar: 2024
    reeks: Bereik
    bron: {bron: factsheet-apm}
"""
# Pagefind (1.5.2) writes its filter index from a hash map in a random order, so these
# differ from run to run although they hold the same filter values (Pagefind issue #638:
# fragments became stable in 1.3, "filter/metadata indexes" not). Only these may differ.
PAGEFIND_UNSTABLE = ("pagefind/filter/", "pagefind/pagefind.", "pagefind/pagefind-entry.json")


class _Later(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
        return dt.datetime.now(tz) + dt.timedelta(days=3)


class _LaterDate(dt.date):
    @classmethod
    def today(cls) -> dt.date:  # type: ignore[override]
        return dt.date.today() + dt.timedelta(days=3)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    record = data / "interventies" / "ambulant-pedagogisch-medewerker.yaml"
    text = record.read_text(encoding="utf-8").replace("kerncijfers:\n", SERIES, 1)
    record.write_text(text, encoding="utf-8")
    return data


def test_two_builds_are_byte_identical(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("KENNISBANK_CACHE", str(tmp_path / "cache-1"))
    build_fixture(tmp_path / "een", data)
    monkeypatch.setenv("KENNISBANK_CACHE", str(tmp_path / "cache-2"))
    monkeypatch.setattr(mkdocs.utils, "datetime", _Later)
    later = types.SimpleNamespace(date=_LaterDate, datetime=dt.datetime, UTC=dt.UTC)
    monkeypatch.setattr(quality, "dt", later)
    build_fixture(tmp_path / "twee", data)

    first, second = _files(tmp_path / "een"), _files(tmp_path / "twee")
    assert any(name.endswith(".pdf") for name in first), "no factsheet PDFs built"
    assert any(name.startswith("factsheets/grafieken/") for name in first), "no chart built"
    stable = sorted(n for n in first if not n.startswith(PAGEFIND_UNSTABLE))
    assert stable == sorted(n for n in second if not n.startswith(PAGEFIND_UNSTABLE))
    differing = [name for name in stable if first[name] != second[name]]
    assert differing == [], f"{len(differing)} of {len(stable)} files differ"
    for prefix in PAGEFIND_UNSTABLE:  # the same number of them, at least
        count = [sum(n.startswith(prefix) for n in files) for files in (first, second)]
        assert count[0] == count[1], prefix


def test_a_converted_font_does_not_carry_the_time_of_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`build.py factsheets` runs without the build's SOURCE_DATE_EPOCH; fontTools would
    stamp 'modified: now' into every TrueType copy, and so into every PDF."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    font = factsheets.FONT_DIR / "source-sans-3-latin-400-normal.woff2"
    first = factsheets.truetype(font, tmp_path / "een").read_bytes()
    time.sleep(1.1)
    assert factsheets.truetype(font, tmp_path / "twee").read_bytes() == first
