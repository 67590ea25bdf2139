from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from kennisbank.checker import check
from kennisbank.site import build_site

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "tests" / "data" / "valid"
FIXTURE_DOCS = ROOT / "tests" / "data" / "docs"
FIXTURE_NAV = [{"Home": "index.md"}, {"Aanpakken": "interventies/index.md"}]


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the valid fixture as ./data in a temporary working directory."""
    shutil.copytree(VALID, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def build_fixture(out: Path, data: Path = VALID, **overrides: object) -> None:
    result = check(data)
    assert result.ok, [str(p) for p in result.problems]
    settings = {"docs_dir": str(FIXTURE_DOCS), "nav": FIXTURE_NAV, **overrides}
    build_site(result.kennisbank, out, config=ROOT / "mkdocs.yml", **settings)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture") / "site"
    build_fixture(out)
    return out


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data/ built strictly, exactly as `build.py build` does."""
    out = tmp_path_factory.mktemp("real") / "site"
    result = check(ROOT / "data")
    assert result.ok, "\n".join(p.with_hint() for p in result.problems)
    build_site(result.kennisbank, out, config=ROOT / "mkdocs.yml")
    return out


# --- Browser tests -----------------------------------------------------------
# Real headless Chromium (Debian's package, installed by scripts/setup-system.sh)
# driven by Playwright. These tests never skip: a machine without chromium fails
# them with a message that says how to install it.

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def serve_directory(root: Path) -> tuple[str, ThreadingHTTPServer]:
    """Serve ``root`` on a free localhost port, the way a static host would."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def real_site_url(real_site: Path) -> Iterator[str]:
    url, server = serve_directory(real_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "chromium ontbreekt: run `bash scripts/setup-system.sh` (installeert Debian's chromium)"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@dataclass
class BrowserPage:
    """A fresh browser tab plus every request it made to a host other than localhost."""

    page: Page
    outside: list[str] = field(default_factory=list)


@pytest.fixture
def tab(browser: Browser) -> Iterator[BrowserPage]:
    context = browser.new_context(locale="nl-NL", service_workers="block")
    result = BrowserPage(context.new_page())

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in ("127.0.0.1", "localhost") or url.startswith(
            ("data:", "blob:")
        ):
            route.continue_()
        else:
            # Recorded and refused: the test decides whether the request was allowed.
            result.outside.append(url)
            route.abort()

    context.route("**/*", guard)
    yield result
    context.close()
