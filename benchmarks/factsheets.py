"""Benchmark: milliseconds per factsheet, cold (empty cache) and warm (everything cached),
and the rebuild after one record changed.

    .venv/bin/python benchmarks/factsheets.py [--data data] [--workers N]

Works on a copy of the data in a temporary directory with its own cache, so it
neither reads nor disturbs .cache/factsheets/.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kennisbank.checker import check
from kennisbank.factsheets import Builder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factsheets-bench-") as tmp:
        data, cache = Path(tmp) / "data", Path(tmp) / "cache"
        shutil.copytree(args.data, data)
        count = len(Builder(_kb(data)).sheets())
        processes = "1 process" if args.workers == 1 else f"a pool of {args.workers} processes"
        print(f"{count} factsheets from {args.data}/, rendered in {processes}")
        _run("cold", data, cache, args.workers, count)
        _run("warm", data, cache, args.workers, count)
        changed = _change_one(data)
        _run(f"after changing {changed}", data, cache, args.workers, count)
    return 0


def _kb(data: Path):
    result = check(data)
    if not result.ok:
        raise SystemExit("\n".join(p.with_hint() for p in result.problems))
    return result.kennisbank


def _run(label: str, data: Path, cache: Path, workers: int, count: int) -> None:
    """Time a full factsheet build as the site does it: load, render the HTML, PDFs."""
    start = time.perf_counter()
    builder = Builder(_kb(data), cache=cache)
    report = builder.pdfs(builder.sheets(), workers=workers)
    seconds = time.perf_counter() - start
    print(
        f"{label:>40}: {seconds * 1000 / count:7.1f} ms per factsheet"
        f"  ({seconds:6.2f} s in total, {len(report.rendered)} rendered)"
    )


def _change_one(data: Path) -> str:
    """Rename the first intervention with a plain one-line name, as an editor would."""
    for record in sorted((data / "interventies").glob("*.yaml")):
        text = record.read_text(encoding="utf-8")
        match = re.search(r"^naam: ([^'\"|>].*)$", text, re.M)
        if match:
            record.write_text(text.replace(match[0], match[0] + " (bewerkt)", 1), encoding="utf-8")
            return f"interventies/{record.stem}"
    raise SystemExit("geen aanpak om te wijzigen")


if __name__ == "__main__":
    sys.exit(main())
