"""Benchmark: the kennisbank at national scale against a plain mkdocs-material site.

    .venv/bin/python benchmarks/national.py [--gemeenten 342] [--organisaties 5000]
        [--seed 1] [--scale 1.0] [--work DIR] [--skip-reference] [--skip-factsheets]
        [--herbouwen 3]

In one run, on synthetic data (``build.py synth``; every record invented):

1. the full build without PDFs (``build.py build --no-pdf --volledig``, empty caches),
   with the time per stage and the peak memory;
2. the reference: a plain mkdocs-material project with the very same pages (the
   generated Markdown and the hand-written pages, written to disk), the same theme
   settings, Markdown extensions and navigation, Material's own search plugin (our
   build makes a search index too), no hooks; built with ``mkdocs build``;
3. the rebuild after an editor changed one organisation's summary (incremental),
   ``--herbouwen`` times (each time one more organisation, 20 s apart): each and the
   median, with the median run's stages;
4. output size, median and largest page, the bytes a browser fetches for a first search;
5. unless skipped: every factsheet PDF, cold, and after one aanpak changed.

Every build runs as its own process (separate timings and memory): peak memory is
that process tree's largest resident set (``wait4``) and, sampled every 0.5 s, the
sum of its processes' proportional set sizes (PSS: shared pages counted once).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
QUERY = "logopedie"
# A fixed clock, so every build of the run makes the same dates (sitemap, Datakwaliteit).
EPOCH = "1795132800"


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    peak_pss_mb: float
    output: str
    stages: dict[str, float]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=342)
    parser.add_argument("--organisaties", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies both counts")
    parser.add_argument("--work", type=Path, help="working directory (default: a temporary one)")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--skip-factsheets", action="store_true")
    parser.add_argument(
        "--herbouwen",
        type=int,
        default=3,
        help="rebuilds, each after one more organisation changed; the median is reported",
    )
    args = parser.parse_args()
    gemeenten = max(1, round(args.gemeenten * args.scale))
    organisaties = max(1, round(args.organisaties * args.scale))
    work = args.work or Path(tempfile.mkdtemp(prefix="national-"))
    work.mkdir(parents=True, exist_ok=True)
    env = _environment(work)
    print(
        f"Landelijke schaal: {gemeenten} gemeenten, {organisaties} organisaties, seed {args.seed}"
    )
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; werkmap {work}")

    data, site = work / "data", work / "site"
    start = time.perf_counter()
    _run_checked(
        [
            PYTHON,
            "build.py",
            "synth",
            "--out",
            str(data),
            "--seed",
            str(args.seed),
            "--gemeenten",
            str(gemeenten),
            "--organisaties",
            str(organisaties),
        ],
        env,
    )
    print(f"synthetische data: {time.perf_counter() - start:.1f} s, {_records(data)}")

    build = [PYTHON, "build.py", "build", "--data", str(data), "--site", str(site), "--no-pdf"]
    full = _measure([*build, "--volledig"], env, work / "timing-full.json")
    pages = _html_pages(site)
    print(f"\nVolledige bouw (zonder PDF's): {full.seconds:.1f} s, {len(pages)} HTML-pagina's")
    _print_memory(full)
    _print_stages(full.stages)

    reference = None
    if not args.skip_reference:
        reference = _reference(data, work, env)
        print(
            f"\nReferentie (kale mkdocs-material, zelfde {reference[1]} pagina's): "
            f"{reference[0].seconds:.1f} s"
        )
        _print_memory(reference[0])
        print(f"verhouding volledige bouw / referentie: {full.seconds / reference[0].seconds:.2f}")

    incremental = _rebuilds(build, data, work, env, max(1, args.herbouwen))
    _print_memory(incremental)
    _print_stages(incremental.stages)

    _print_output(site, pages)
    _print_search(site)
    if not args.skip_factsheets:
        _factsheets(data, work)
    return 0


# --- running builds ---------------------------------------------------------------------------


def _environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KENNISBANK_CACHE=str(work / "cache" / "factsheets"),
        KENNISBANK_BUILD_CACHE=str(work / "cache" / "build"),
        SOURCE_DATE_EPOCH=EPOCH,
    )
    # Python's bytecode cache is used as in any run of build.py (the first build writes it).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run_checked(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"mislukt: {' '.join(command)}\n{done.stdout}{done.stderr}")
    return done.stdout


def _measure(command: list[str], env: dict[str, str], timing: Path | None = None) -> Run:
    env = dict(env, KENNISBANK_TIMING=str(timing)) if timing else env
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    sampler = _PssSampler(process.pid)
    sampler.start()
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"mislukt: {' '.join(command)}\n{output[-5000:]}")
    stages = {}
    if timing and timing.exists():
        stages = {k: v["s"] for k, v in json.loads(timing.read_text(encoding="utf-8")).items()}
    return Run(seconds, usage.ru_maxrss / 1024, sampler.peak / 1024, output, stages)


class _PssSampler(threading.Thread):
    """The largest sum, over a process and its descendants, of their PSS (kB)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._halt = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._halt.wait(0.5):
            self.peak = max(self.peak, sum(_pss(p) for p in _tree(self.pid)))

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _tree(pid: int) -> list[int]:
    """The process and its descendants (cheap: /proc/<pid>/task/*/children, not all of /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(c) for c in children.read_text().split()]
            except (OSError, ValueError):
                continue
    return found


def _pss(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(match[1]) if match else 0


# --- the reference ---------------------------------------------------------------------------


def _reference(data: Path, work: Path, env: dict[str, str]) -> tuple[Run, int]:
    """A plain mkdocs-material project with the same pages, built by `mkdocs build`."""
    project = work / "referentie"
    shutil.rmtree(project, ignore_errors=True)
    count = _write_reference_docs(data, project / "docs", env)
    (project / "mkdocs.yml").write_text(_reference_config(), encoding="utf-8")
    command = [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")]
    return _measure([*command, "-d", str(project / "site")], env), count


def _write_reference_docs(data: Path, docs: Path, env: dict[str, str]) -> int:
    """The Markdown of every page of our site, as our build generates it (in a child process,
    so this benchmark process stays small)."""
    script = f"""
import sys; sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from kennisbank import site
from kennisbank.checker import check
site.prepared, site.pdfs = check(Path({str(data)!r})).kennisbank, False
config = load_config({str(ROOT / "mkdocs.yml")!r}, site_dir={str(docs.parent / "leeg")!r})
config = config.plugins.on_config(config)
files = get_files(config)
files = config.plugins.on_files(files, config=config)
docs = Path({str(docs)!r})
count = 0
for file in files:
    target = docs / file.src_uri
    if file.is_documentation_page():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content_bytes)
        count += 1
    elif file.abs_src_path and file.abs_src_path.startswith(config.docs_dir):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(Path(file.abs_src_path).read_bytes())
print(count)
"""
    return int(_run_checked([PYTHON, "-c", script], env).strip().splitlines()[-1])


def _reference_config() -> str:
    """Our mkdocs.yml without what makes it ours: hooks, theme overrides, plugins, checks."""
    drop = {"hooks", "plugins", "watch", "validation", "extra_javascript", "edit_uri"}
    blocks, current = [], []
    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#") and current:
            blocks.append(current)
            current = []
        current.append(line)
    blocks.append(current)
    kept = []
    for block in blocks:
        key = block[0].split(":", 1)[0]
        if key in drop:
            continue
        kept += [line for line in block if not line.strip().startswith("custom_dir:")]
    kept += ["plugins:", "  - search:", "      lang: nl"]
    return "\n".join(kept) + "\n"


# --- the incremental change ------------------------------------------------------------------

# Between two rebuilds, as between two pull requests: the caches a build writes in the
# background are written by then.
PAUSE = 20


def _rebuilds(build: list[str], data: Path, work: Path, env: dict[str, str], times: int) -> Run:
    """Rebuild ``times`` times, each after one more organisation changed; the median run."""
    runs = []
    for n in range(times):
        if n:
            time.sleep(PAUSE)
        changed = _change_one(data)
        run = _measure(build, env, work / f"timing-incremental-{n}.json")
        print(f"\nHerbouw na wijziging van {changed}: {run.seconds:.1f} s")
        print("  " + run.output.strip().splitlines()[-1])
        runs.append(run)
    ordered = sorted(runs, key=lambda run: run.seconds)
    median = ordered[len(ordered) // 2]
    listed = ", ".join(f"{run.seconds:.1f}" for run in runs)
    print(f"\nHerbouw: mediaan {median.seconds:.1f} s van {times} ({listed} s)")
    return median


def _change_one(data: Path) -> str:
    """An editor shortens one organisation's summary (a synthetic one, not a real record,
    and one not changed before)."""
    for record in sorted((data / "organisaties").glob("*.yaml")):
        text = record.read_text(encoding="utf-8")
        match = re.search(r"^samenvatting: (.*)$", text, re.M)
        if text.startswith("# Synthetisch") and match and "(gewijzigd)" not in match[1]:
            new = "samenvatting: Organisatie voor jonge kinderen en hun ouders (gewijzigd)."
            end = _scalar_end(text, match.end())
            record.write_text(text[: match.start()] + new + text[end:], encoding="utf-8")
            return f"organisaties/{record.stem}"
    raise SystemExit("geen synthetische organisatie om te wijzigen")


def _scalar_end(text: str, pos: int) -> int:
    """Where a (possibly folded, indented) plain scalar that starts before ``pos`` ends."""
    while True:
        nxt = text.find("\n", pos)
        if nxt == -1 or not text[nxt + 1 : nxt + 2].isspace() or text[nxt + 1 : nxt + 2] == "\n":
            return nxt if nxt != -1 else len(text)
        pos = nxt + 1


# --- output ----------------------------------------------------------------------------------


def _records(data: Path) -> str:
    counts = {d.name: len(list(d.glob("*.yaml"))) for d in sorted(data.iterdir()) if d.is_dir()}
    return ", ".join(f"{n} {t}" for t, n in counts.items())


def _html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if not p.is_relative_to(site / "pagefind")]


def _print_memory(run: Run) -> None:
    print(
        f"  piekgeheugen: grootste proces {run.max_rss_mb:,.0f} MB RSS; "
        f"alle processen samen {run.peak_pss_mb:,.0f} MB PSS"
    )


def _print_stages(stages: dict[str, float]) -> None:
    if not stages:
        return
    print("  tijd per stap (s; 'hook: post_page' en 'pagina's' tellen de werkers samen):")
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.05:
            print(f"    {name:42} {seconds:8.1f}")
    if "zoekindex" not in stages:
        print("    zoekindex: n.v.t. (geen Pagefind-stap gemeten)")


def _print_output(site: Path, pages: list[Path]) -> None:
    sizes = sorted((p.stat().st_size, p) for p in pages)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    median = statistics.median(s for s, _ in sizes)
    largest, where = sizes[-1]
    print(f"\nUitvoer: {total / 1e6:,.0f} MB in {site}")
    print(
        f"  HTML-pagina's: {len(pages)}; mediaan {median / 1000:.1f} KB; "
        f"grootste {largest / 1000:,.0f} KB ({where.relative_to(site)})"
    )
    sections: dict[str, list[int]] = {}
    for size, page in sizes:
        parts = page.relative_to(site).parts
        sections.setdefault(parts[0] if len(parts) > 1 else "(los)", []).append(size)
    for name, values in sorted(sections.items(), key=lambda kv: -len(kv[1]))[:12]:
        print(
            f"    {name:22} {len(values):6} pagina's, mediaan {statistics.median(values) / 1000:6.1f} KB"
        )


def _print_search(site: Path) -> None:
    try:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from search_bytes import first_query_bytes
    except ImportError as exc:
        print(f"\nEerste zoekopdracht: n.v.t. ({exc})")
        return
    transfer = first_query_bytes(site, QUERY)
    print(
        f"\nEerste zoekopdracht ('{QUERY}'): {transfer.total / 1000:.0f} KB van /pagefind/ "
        f"({transfer.total_gzipped / 1000:.0f} KB gzip), {len(transfer.files)} bestanden"
    )


def _factsheets(data: Path, work: Path) -> None:
    """Every factsheet PDF cold, then after one aanpak changed (as benchmarks/factsheets.py)."""
    script = ROOT / "benchmarks" / "factsheets.py"
    print("\nFactsheets (PDF, alle, in een pool van 2 processen):")
    env = dict(os.environ, KENNISBANK_CACHE=str(work / "cache" / "pdf-bench"))
    done = subprocess.run(
        [PYTHON, str(script), "--data", str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    print("  " + (done.stdout + done.stderr).strip().replace("\n", "\n  "))


if __name__ == "__main__":
    sys.exit(main())
