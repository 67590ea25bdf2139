"""The real data/ builds strictly, and a failed build keeps the previous site."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_fixture

from kennisbank.checker import check
from kennisbank.site import BuildError

# <link> relations that make the browser fetch something (canonical, alternate… do not).
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "manifest",
}
CSS_URL = re.compile(r"""url\(\s*["']?(?:https?:)?//""")
FETCHING = "script[src], img[src], iframe[src], source[src], audio[src], video[src], embed[src]"


def _fetched_urls(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    urls = [t["src"] for t in soup.select(FETCHING)]
    urls += [t["data"] for t in soup.select("object[data]")]
    urls += [t["href"] for t in soup.select("link[href]") if FETCHING_RELS & set(t.get("rel", []))]
    return urls


def test_real_data_has_a_page_per_record(real_site: Path) -> None:
    kb = check(ROOT / "data").kennisbank
    for type_, entries in kb.entries.items():
        assert (real_site / type_ / "index.html").is_file()
        for id_ in entries:
            assert (real_site / type_ / id_ / "index.html").is_file(), f"{type_}/{id_}"


def test_pages_are_dutch_and_load_nothing_from_other_hosts(real_site: Path) -> None:
    pages = list(real_site.rglob("*.html"))
    assert len(pages) > 10
    for html_file in pages:
        html = html_file.read_text(encoding="utf-8")
        assert '<html lang="nl"' in html, html_file
        external = [u for u in _fetched_urls(html) if re.match(r"(?:https?:)?//", u)]
        assert not external, f"{html_file} loads from another host: {external}"
        assert not CSS_URL.search(html), f"{html_file} has a style loading from another host"
    for css in real_site.rglob("*.css"):
        assert not CSS_URL.search(css.read_text(encoding="utf-8")), f"{css} loads from another host"


def test_failed_build_keeps_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_fixture(out)
    before = (out / "index.html").read_bytes()
    with pytest.raises(BuildError, match="strict"):
        build_fixture(out, nav=[{"Home": "index.md"}, {"Weg": "bestaat-niet.md"}])
    assert (out / "index.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"], "temporary build directory left behind"


def test_cli_build_exits_nonzero_on_bad_data(tmp_path: Path) -> None:
    bad = tmp_path / "data" / "rollen"
    bad.mkdir(parents=True)
    (bad / "x.yaml").write_text("naam: [\n", encoding="utf-8")
    out = tmp_path / "site"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "build",
            "--data",
            str(tmp_path / "data"),
            "--site",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "x.yaml:2: ongeldige YAML" in run.stderr
    assert not out.exists()


def test_build_output_is_ignored_by_git(tmp_path: Path) -> None:
    """Generated pages never land in docs/; site/ and the temporary build folders are ignored."""
    before = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    build_fixture(tmp_path / "site")
    after = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert after == before
    ignored = subprocess.run(
        ["git", "check-ignore", "site/index.html", ".site-abc123/index.html", ".site-old/x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert ignored == ["site/index.html", ".site-abc123/index.html", ".site-old/x"]
