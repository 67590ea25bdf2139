"""`build.py serve` serves the site and rebuilds when a record changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, VALID


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {text!r} within {seconds} s")


def test_serve_serves_and_rebuilds_on_change(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--data", str(data), "--adres", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/rollen/pedagogisch-coach/"
        _wait_for(url, "<h1")
        record = data / "rollen" / "pedagogisch-coach.yaml"
        record.write_text(
            record.read_text(encoding="utf-8").replace(
                "naam: Pedagogisch coach", "naam: Pedagogisch coach (gewijzigd)"
            ),
            encoding="utf-8",
        )
        _wait_for(url, "Pedagogisch coach (gewijzigd)")
    finally:
        server.terminate()
        server.wait(timeout=10)
