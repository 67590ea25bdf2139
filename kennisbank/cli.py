"""Command line: argument parsing only; the work happens in the stage modules."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import reporter
from .checker import Result, check
from .scaffold import SINGULAR, ScaffoldError, new_record

DEFAULT_DATA = Path("data")
DEFAULT_SITE = Path("site")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.func(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Kennisbank Jonge Kind")
    sub = parser.add_subparsers(required=True, metavar="opdracht")

    p = sub.add_parser("check", help="controleer alle records en meld elke fout")
    _data_arg(p)
    p.add_argument(
        "--format",
        choices=["tekst", "github"],
        default="tekst",
        help="'github' schrijft foutregels als annotaties voor GitHub Actions",
    )
    p.set_defaults(func=_check)

    p = sub.add_parser("build", help="bouw de site in site/")
    _data_arg(p)
    p.add_argument("--site", type=Path, default=DEFAULT_SITE, help="uitvoermap (standaard site/)")
    p.add_argument(
        "--no-pdf",
        dest="pdf",
        action="store_false",
        help="zonder factsheet-PDF's (de factsheetpagina's blijven); sneller",
    )
    p.add_argument(
        "--volledig",
        dest="incremental",
        action="store_false",
        help="bouw elke pagina opnieuw, ook als de vorige bouw in --site hem nog heeft",
    )
    p.set_defaults(func=_build)

    p = sub.add_parser(
        "synth", help="schrijf een synthetische datamap op landelijke schaal (voor benchmarks)"
    )
    p.add_argument("--gemeenten", type=int, default=342, help="aantal gemeenten (standaard 342)")
    p.add_argument(
        "--organisaties", type=int, default=5000, help="aantal organisaties (standaard 5000)"
    )
    p.add_argument("--seed", type=int, default=1, help="zelfde seed, zelfde bestanden")
    p.add_argument("--out", type=Path, required=True, help="doelmap (leeg of eerder synthetisch)")
    p.add_argument(
        "--basis",
        type=Path,
        default=DEFAULT_DATA,
        help="kopieer eerst de echte records uit deze map (standaard data/), zodat de "
        "handgeschreven pagina's kloppen; --basis '' voor alleen synthetische records",
    )
    p.set_defaults(func=_synth)

    p = sub.add_parser("new", help="maak een nieuw record met alle velden en uitleg")
    p.add_argument("soort", choices=sorted(SINGULAR), help="soort record")
    p.add_argument("naam", help='naam of titel, bijvoorbeeld "Peuteropvang Plus"')
    p.add_argument("--gemeente", help="id van de gemeente (verplicht voor een praktijkvoorbeeld)")
    _data_arg(p)
    p.set_defaults(func=_new)

    p = sub.add_parser("report", help="toon per gemeente de verouderde en onvolledige records")
    _data_arg(p)
    p.set_defaults(func=_report)

    p = sub.add_parser("codeowners", help="schrijf .github/CODEOWNERS opnieuw uit de gegevens")
    _data_arg(p)
    p.set_defaults(func=_codeowners)

    p = sub.add_parser("schemas", help="schrijf de JSON Schemas in schemas/ opnieuw uit het model")
    p.set_defaults(func=_schemas)

    p = sub.add_parser("headers", help="zet de schemaregel terug bovenaan elk record dat hem mist")
    _data_arg(p)
    p.add_argument(
        "--check", action="store_true", help="alleen melden welke records hem missen (exit 1)"
    )
    p.set_defaults(func=_headers)

    p = sub.add_parser(
        "factsheets", help="maak factsheets (PDF), voor één gemeente in haar huisstijl"
    )
    _data_arg(p)
    p.add_argument(
        "--gemeente",
        help="id van de gemeente: haar aanpakken, praktijkvoorbeelden en overzicht (anders alles)",
    )
    p.add_argument(
        "--out", type=Path, help="uitvoermap (standaard factsheets/<gemeente> of factsheets/alle)"
    )
    p.set_defaults(func=_factsheets)

    p = sub.add_parser(
        "export", help="schrijf de open data (HSDS-JSON, CSV, GeoJSON) van de sociale kaart"
    )
    _data_arg(p)
    p.add_argument("--out", type=Path, required=True, help="uitvoermap")
    p.set_defaults(func=_export)

    p = sub.add_parser("serve", help="bekijk de site op http://127.0.0.1:8000")
    _data_arg(p)
    p.add_argument("--adres", default="127.0.0.1:8000", help="host:poort")
    p.set_defaults(func=_serve)
    return parser


def _data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="datamap (standaard data/)")


def _validated(
    data: Path,
    style: str = "tekst",
    warn: bool = False,
    cache: Path | None = None,
    reuse: bool = True,
) -> Result | None:
    """The checked data, or None after reporting its errors; ``warn`` reports the
    warnings (personal-looking contact details) too, which do not fail. ``cache``: keep
    the validated records there and (``reuse``) take unchanged ones from it."""
    result = check(data, cache=cache, reuse=reuse)
    shown = result.warnings if warn else []
    if style == "github":
        reporter.report_github([*result.problems, *shown], sys.stdout)
    if not result.ok:
        reporter.report_text(result.problems, sys.stderr)
    if shown:
        if not result.ok:
            print(file=sys.stderr)
        reporter.report_warnings(shown, sys.stderr)
    return result if result.ok else None


def _check(args: argparse.Namespace) -> int:
    result = _validated(args.data, args.format, warn=True)
    if result is None:
        return 1
    counts = ", ".join(f"{len(v)} {k}" for k, v in result.kennisbank.entries.items())
    print(f"Alles in orde: {counts}.")
    return 0


def _build(args: argparse.Namespace) -> int:
    from . import engine, parallel, timing

    # The records live until the build ends: frozen for the collector from the start.
    with parallel.long_lived():
        with timing.stage("laden en controleren"):
            cache = engine.state_dir() / "records"
            result = _validated(args.data, cache=cache, reuse=args.incremental)
        if result is None:
            return 1
        return _build_checked(args, result)


def _build_checked(args: argparse.Namespace, result: Result) -> int:
    from . import site, timing

    try:
        site.build_site(result.kennisbank, args.site, pdf=args.pdf, incremental=args.incremental)
    except site.BuildError as exc:
        print(
            f"Bouwen mislukt: {exc}\nDe vorige versie van {args.site}/ is bewaard.", file=sys.stderr
        )
        return 1
    finally:
        timing.write_if_asked()
    done = site.last_outcome
    print(
        f"Site gebouwd in {args.site}/: {len(done.rendered)} pagina's gemaakt, "
        f"{len(done.reused)} ongewijzigd overgenomen."
    )
    return 0


def _synth(args: argparse.Namespace) -> int:
    from .synth import SynthError, generate

    try:
        base = args.basis if str(args.basis) not in ("", ".") else None
        counts = generate(args.out, args.gemeenten, args.organisaties, seed=args.seed, base=base)
    except SynthError as exc:
        print(f"Niet gemaakt: {exc}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{n} {t}" for t, n in counts.items())
    print(f"Synthetische gegevens (verzonnen, niet echt) geschreven in {args.out}/: {summary}")
    return 0


def _new(args: argparse.Namespace) -> int:
    try:
        path = new_record(args.soort, args.naam, args.data, args.gemeente)
    except ScaffoldError as exc:
        print(f"Niet gemaakt: {exc}", file=sys.stderr)
        return 1
    print(f"Gemaakt: {path}\nVul de velden met 'TODO' in en controleer met: python build.py check")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .quality import report_lines

    result = _validated(args.data)
    if result is None:
        return 1
    print("\n".join(report_lines(result.kennisbank)))
    return 0


def _codeowners(args: argparse.Namespace) -> int:
    from .codeowners import PATH, render

    result = _validated(args.data)
    if result is None:
        return 1
    PATH.write_text(render(result.kennisbank), encoding="utf-8")
    print(f"geschreven: {PATH}")
    return 0


def _schemas(args: argparse.Namespace) -> int:
    from .schemas import write

    for path in write():
        print(f"geschreven: schemas/{path.name}")
    return 0


def _headers(args: argparse.Namespace) -> int:
    from .headers import missing, restore, schema_line

    if args.check:
        lacking = missing(args.data)
        for path in lacking:
            print(
                f"{path}:1: eerste regel moet '{schema_line(path.parent.name)}' zijn",
                file=sys.stderr,
            )
        if lacking:
            print("    Tip: python build.py headers zet hem terug", file=sys.stderr)
        return 1 if lacking else 0
    for path in restore(args.data):
        print(f"schemaregel teruggezet: {path}")
    return 0


def _factsheets(args: argparse.Namespace) -> int:
    from .factsheets import FactsheetError, make_set

    result = _validated(args.data)
    if result is None:
        return 1
    out = args.out or Path("factsheets") / (args.gemeente or "alle")
    try:
        written = make_set(result.kennisbank, out, gemeente=args.gemeente)
    except FactsheetError as exc:
        print(f"Factsheets maken mislukt: {exc}", file=sys.stderr)
        return 1
    print(f"{len(written)} factsheets geschreven in {out}/")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .exports import site_url_from, write
    from .history import last_changed
    from .site import CONFIG

    result = _validated(args.data)
    if result is None:
        return 1
    site_url = site_url_from(CONFIG) if CONFIG.is_file() else ""
    written = write(result.kennisbank, args.out, site_url, last_changed(args.data))
    print(f"{len(written)} bestanden geschreven in {args.out}/")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .site import serve

    # The MkDocs hook reloads the data on every rebuild, from this directory.
    os.environ["KENNISBANK_DATA"] = str(args.data)
    serve(args.adres, args.data)
    return 0
