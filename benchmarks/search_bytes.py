"""Benchmark: bytes a visitor's browser transfers for a first search.

    .venv/bin/python benchmarks/search_bytes.py [--site site] [--query logopedie]
    .venv/bin/python benchmarks/search_bytes.py --synth 10000 [--query logopedie]

Opens the search page in headless Chromium with an empty cache, types nothing
else than the query in the address (zoeken/?q=…), waits until the results and
every request are done, and adds up what the search needed: the search page's
script (assets/js/zoeken.js) and everything from /pagefind/ (Pagefind's script,
the WebAssembly module, the entry and metadata files and the index, filter and
fragment chunks that query needed). The local server sends files uncompressed,
so the gzip size each file would have on a host that compresses is given too
(Pagefind's index chunks are already compressed).

``--synth N`` first writes a synthetic dataset with about N records
(``build.py synth``) and builds it without PDFs into a temporary directory.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_FLAGS, serve_directory  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

SEARCH_SCRIPT = "/assets/js/zoeken.js"
MESSAGE = "#kb-zoekmelding"


@dataclass
class Transfer:
    files: dict[str, int] = field(default_factory=dict)
    gzipped: dict[str, int] = field(default_factory=dict)
    results: str = ""

    @property
    def total(self) -> int:
        return sum(self.files.values())

    @property
    def total_gzipped(self) -> int:
        return sum(self.gzipped.values())


def first_query_bytes(site: Path, query: str) -> Transfer:
    """What the browser fetched for the search to show the results of ``query``."""
    url, server = serve_directory(site)
    transfer = Transfer()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
            )
            page = browser.new_page()

            def record(response) -> None:
                path = urlsplit(response.url).path
                if "/pagefind/" in path or path.endswith(SEARCH_SCRIPT):
                    try:
                        body = response.body()
                    except PlaywrightError:  # still loading when the browser closed
                        return
                    transfer.files[path] = len(body)
                    transfer.gzipped[path] = len(gzip.compress(body, 6, mtime=0))

            page.on("response", record)
            page.goto(f"{url}zoeken/?q={query}")
            page.wait_for_function(f"() => document.querySelector('{MESSAGE}')?.innerText")
            page.wait_for_load_state("networkidle")
            transfer.results = page.locator(MESSAGE).inner_text()
            page.remove_listener("response", record)
            browser.close()
    finally:
        server.shutdown()
    return transfer


def report(label: str, transfer: Transfer) -> None:
    print(f"\n{label}: {transfer.results}")
    for path in sorted(transfer.files):
        name = path.split("/pagefind/", 1)[1] if "/pagefind/" in path else path.lstrip("/")
        print(f"  {transfer.files[path]:>9,} B  {transfer.gzipped[path]:>9,} B gzip  {name}")
    print(
        f"  {transfer.total:>9,} B  {transfer.total_gzipped:>9,} B gzip  "
        f"total ({len(transfer.files)} files)"
    )


def synthetic_site(records: int, workdir: Path) -> Path:
    data, site = workdir / "data", workdir / "site"
    organisations = max(records // 5, 10)
    gemeenten = max(organisations // 15, 1)
    python = sys.executable
    synth = ["synth", "--gemeenten", str(gemeenten), "--organisaties", str(organisations)]
    subprocess.run([python, "build.py", *synth, "--out", str(data)], cwd=ROOT, check=True)
    subprocess.run(
        [python, "build.py", "build", "--data", str(data), "--site", str(site), "--no-pdf"],
        cwd=ROOT,
        check=True,
    )
    return site


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--query", default="logopedie")
    parser.add_argument("--synth", type=int, help="build a synthetic site of about N records")
    args = parser.parse_args()
    if args.synth:
        with tempfile.TemporaryDirectory(prefix="search-bytes-") as tmp:
            site = synthetic_site(args.synth, Path(tmp))
            pages = sum(1 for _ in site.rglob("index.html"))
            report(f"synthetic site, {pages} pages", first_query_bytes(site, args.query))
        return 0
    if not (args.site / "pagefind").is_dir():
        print(f"{args.site}/ has no search index: run `make build` first", file=sys.stderr)
        return 1
    pages = sum(1 for _ in args.site.rglob("index.html"))
    report(f"{args.site}, {pages} pages", first_query_bytes(args.site, args.query))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
