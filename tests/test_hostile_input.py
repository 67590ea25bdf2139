"""Hostile files that are too big to commit to tests/data/invalid/, generated here.

Each is refused quickly, with bounded memory and a message naming file and line;
each test fails without its protection (reading the whole file, composing before
checking depth or size, following symlinks, echoing a value whole).
"""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import ROOT

from kennisbank.cli import main
from kennisbank.loader import MAX_NODES


def _report(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err.split("\n\n")[0].strip()


def test_ten_megabyte_field_is_refused_reading_at_most_a_megabyte(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = data_copy / "interventies" / "groot.yaml"
    big.write_text("beschrijving: " + "x" * 10_000_000 + "\n", encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        assert main(["check"]) == 1
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert _report(capsys) == (
        "data/interventies/groot.yaml:1: bestand is te groot (10.000.015 bytes, maximaal 1.000.000)\n"
        "    Tip: een record hoort kort te zijn; zet lange teksten niet in één bestand"
    )
    assert seconds < 2
    assert peak < 5_000_000, f"{peak:,} bytes traced: the file was read whole"


def test_a_million_brackets_are_refused_without_crashing(tmp_path: Path) -> None:
    """libyaml's composer recurses per level: composing this file kills the process
    (SIGSEGV). In a subprocess, so a regression fails this test, not the whole run."""
    data = tmp_path / "data" / "interventies"
    data.mkdir(parents=True)
    (data / "diep.yaml").write_text("naam: " + "[" * 495_000 + "]" * 495_000 + "\n")
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--data", str(tmp_path / "data")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1, run.returncode
    assert run.stderr.startswith(
        "data/interventies/diep.yaml:1: naam[0][0][0][0][0][0][0][0][0][0][0][0]: "
        "te diep genest (meer dan 12 niveaus)\n"
    )
    assert time.perf_counter() - started < 10


_WIDE = """
import time
from kennisbank.loader import MAX_NODES, LoadError, parse
text = "a: [" + ",".join(["1"] * (10 * MAX_NODES)) + "]\\n"
started = time.perf_counter()
try:
    parse(text, "t.yaml")
except LoadError as exc:
    print(exc.problem)
print(time.perf_counter() - started)
# VmHWM, not ru_maxrss: that one keeps the peak of the pytest process this was started from.
status = open("/proc/self/status").read()
print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
"""


def test_a_wide_file_is_refused_before_it_is_built() -> None:
    """Half a million values in 1 MB: composing them first took 6 s and 176 MB."""
    run = subprocess.run(
        [sys.executable, "-c", _WIDE], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    message, seconds, megabytes = run.stdout.splitlines()
    assert message == (
        f"t.yaml:1: a[{MAX_NODES - 2}]: te veel waarden in één bestand (meer dan {MAX_NODES})"
    )
    assert float(seconds) < 4  # 0.5 s on an idle 2-core machine; was 6 s
    assert int(megabytes) < 80, f"{megabytes} MB: the document was composed first"


def test_a_symlink_is_not_followed(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = data_copy.parent / "geheim.yaml"
    secret.write_text("token: abc\n", encoding="utf-8")
    (data_copy / "interventies" / "link.yaml").symlink_to(secret)
    assert main(["check"]) == 1
    assert _report(capsys) == (
        "data/interventies/link.yaml:1: een snelkoppeling (symlink) is geen record\n"
        "    Tip: zet het record zelf in deze map"
    )


def test_a_long_value_is_quoted_short(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = data_copy / "interventies" / "ambulant-pedagogisch-medewerker.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("status: pilot", "status: " + "x" * 500_000), "utf-8")
    assert main(["check"]) == 1
    report = _report(capsys)
    assert f"status: '{'x' * 59}…' is geen geldige waarde" in report
    assert len(report) < 2_000
