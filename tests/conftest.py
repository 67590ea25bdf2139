from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
