"""Freshness: "laatst gewijzigd" from git, the Datakwaliteit page and `build.py report`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, VALID

from kennisbank.checker import check
from kennisbank.cli import main
from kennisbank.history import last_changed
from kennisbank.quality import findings


def test_stale_and_incomplete_records_are_found() -> None:
    kb = check(VALID).kennisbank
    on = dt.date(2027, 12, 1)  # more than 12 months after the fixture's check dates
    found = {(f.gemeente, f.id): f.reasons for f in findings(kb, on)}
    assert found[("nijmegen", "kion")] == (
        "verouderd: laatst gecontroleerd op 2026-11-23",
        "onvolledig: geen contactgegevens",
    )
    assert ("zonder gemeente", "apm") in found  # a begrip belongs to no gemeente
    assert not findings(kb, dt.date(2026, 12, 1))[0].reasons[0].startswith("verouderd")


def test_report_prints_per_gemeente(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Nijmegen (1)"
    assert out[1] == "  data/organisaties/kion.yaml: onvolledig: geen contactgegevens"


def test_last_changed_comes_from_git() -> None:
    dates = last_changed(ROOT / "tests" / "data" / "valid")
    assert "tests/data/valid/organisaties/kion.yaml" in dates
    assert all(isinstance(d, dt.date) for d in dates.values())


def test_pages_show_freshness_and_a_report_link(fixture_site: Path) -> None:
    soup = BeautifulSoup(
        (fixture_site / "organisaties/kion/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    footer = soup.select("article small")[-1]
    text = " ".join(footer.get_text(" ").split())
    assert "Laatst gecontroleerd: 23 november 2026." in text
    assert "Laatst gewijzigd:" in text
    report = footer.find("a", string="meld een fout")
    assert report["href"].startswith(
        "https://github.com/kennisbank-jonge-kind/kennisbank/issues/new?"
    )
    assert "title=Fout+in+organisaties%2Fkion" in report["href"]


def test_quality_page_is_built(fixture_site: Path) -> None:
    html = (fixture_site / "redactie/datakwaliteit/index.html").read_text(encoding="utf-8")
    assert "geen contactgegevens" in html
    assert 'href="../../organisaties/kion/"' in html
