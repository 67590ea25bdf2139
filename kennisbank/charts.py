"""Charts for key figures: kerncijfers that share a ``reeks`` become one bar chart (SVG).

Drawn with matplotlib at build time and deterministic: a fixed hash salt, no date in
the metadata and text drawn as paths, so the SVG needs no font and the same input
gives the same bytes. The chart data also goes into a text table (``Chart.rows``)
and the image's alternative text, for screen readers.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import os
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Kerncijfer
from .render import format_number

HASH_SALT = "kennisbank-jonge-kind"
WIDTH = 6.9  # inches: the text width of the A4 factsheet, so the PDF shows it unscaled
_SOURCE = Path(__file__).read_bytes()
_TEXT = "#1f2328"
_MUTED = "#57606a"


@dataclass(frozen=True)
class Chart:
    """One reeks: the figures in their order, drawn as bars."""

    title: str
    figures: tuple[Kerncijfer, ...]

    @property
    def unit(self) -> str:
        return self.figures[0].eenheid

    @property
    def by_year(self) -> bool:
        """Columns over time when every figure has its own year."""
        years = [k.jaar for k in self.figures]
        return None not in years and len(set(years)) == len(years)

    @property
    def labels(self) -> list[str]:
        if self.by_year:
            return [str(k.jaar) for k in self.figures]
        return _without_common_prefix([k.omschrijving for k in self.figures])

    def rows(self) -> list[tuple[str, str]]:
        """(description, value with unit) per figure: the chart as a text table."""
        return [(k.omschrijving, format_value(k)) for k in self.figures]

    def alt(self) -> str:
        kind = "Kolomdiagram" if self.by_year else "Staafdiagram"
        values = "; ".join(
            f"{label}: {format_value(k)}"
            for label, k in zip(self.labels, self.figures, strict=True)
        )
        return f"{kind} ‘{self.title}’. {values}."


@dataclass(frozen=True)
class Palette:
    bar: str
    highlight: str


def charts_for(figures: Iterable[Kerncijfer]) -> list[Chart]:
    """A chart per reeks with at least two figures in the same unit, in order of appearance."""
    groups: dict[str, list[Kerncijfer]] = {}
    for k in figures:
        if k.reeks:
            groups.setdefault(k.reeks, []).append(k)
    return [
        Chart(name, tuple(items))
        for name, items in groups.items()
        if len(items) >= 2 and len({k.eenheid for k in items}) == 1
    ]


def in_chart(figures: Sequence[Kerncijfer]) -> set[int]:
    """Positions of the figures that a chart shows (so lists can leave them out)."""
    charted = {id(k) for chart in charts_for(figures) for k in chart.figures}
    return {i for i, k in enumerate(figures) if id(k) in charted}


def format_value(k: Kerncijfer) -> str:
    if k.eenheid == "euro":
        return f"€ {format_number(k.waarde)}"
    if k.eenheid == "%":
        return f"{format_number(k.waarde)}%"
    return f"{format_number(k.waarde)} {k.eenheid}".strip()


def chart_key(chart: Chart, palette: Palette, fonts: Sequence[Path]) -> str:
    """Hash of everything that decides the SVG: data, colours, font, code, matplotlib
    (its version from the package metadata: importing it takes a second, and a rebuild
    draws no chart at all as long as the keys stay the same)."""
    digest = hashlib.sha256()
    for part in (
        chart.title,
        repr([(k.omschrijving, k.waarde, k.eenheid, k.jaar) for k in chart.figures]),
        repr(palette),
        _matplotlib_version(),
    ):
        digest.update(part.encode() + b"\0")
    for font in fonts:
        stat = font.stat()
        digest.update(_file_digest(font, stat.st_size, stat.st_mtime_ns))
    digest.update(_SOURCE)
    return digest.hexdigest()[:20]


@functools.cache
def _matplotlib_version() -> str:
    return importlib.metadata.version("matplotlib")  # reads and parses its metadata: once


@functools.lru_cache(maxsize=32)
def _file_digest(path: Path, size: int, mtime_ns: int) -> bytes:
    """A font's hash, once per process while the file stays the same (a chart key needs it)."""
    return hashlib.sha256(path.read_bytes()).digest()


def svg_file(chart: Chart, palette: Palette, fonts: Sequence[Path], cache: Path) -> Path:
    """The chart's SVG in ``cache``, drawn only when no SVG for these inputs exists."""
    path = cache / f"grafiek-{chart_key(chart, palette, fonts)}.svg"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(draw(chart, palette, fonts), encoding="utf-8")
        os.replace(tmp, path)
    return path


def draw(chart: Chart, palette: Palette, fonts: Sequence[Path]) -> str:
    """The chart as SVG text: horizontal bars, or columns per year."""
    import matplotlib
    from matplotlib.figure import Figure

    families = _register_fonts(fonts)
    with matplotlib.rc_context(_rc(families)):
        layout = _columns if chart.by_year else _bars
        fig = layout(Figure, chart, palette)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None}, transparent=True)
    return out.getvalue()


def _rc(families: list[str]) -> dict[str, Any]:
    return {
        "svg.hashsalt": HASH_SALT,
        "svg.fonttype": "path",
        "font.family": [*families, "DejaVu Sans"],
        "font.size": 8,
        "axes.edgecolor": _MUTED,
        "text.color": _TEXT,
        "xtick.color": _TEXT,
        "ytick.color": _TEXT,
    }


def _bars(figure: Any, chart: Chart, palette: Palette) -> Any:
    labels = [textwrap.fill(label, 46) for label in chart.labels]
    slots = [0.45 + 0.55 * (label.count("\n") + 1) for label in labels]  # room per bar
    positions = [sum(slots[:i]) + slot / 2 for i, slot in enumerate(slots)]
    height = 0.1 + 0.2 * sum(slots)
    fig = figure(figsize=(WIDTH, height), dpi=72)
    ax = fig.add_axes((0.4, 0.05 / height, 0.52, 1 - 0.1 / height))
    values = [k.waarde for k in chart.figures]
    ax.barh(positions, values, height=0.62, color=palette.bar)
    ax.set_yticks(positions, labels, linespacing=1.05)
    ax.set_ylim(sum(slots), 0)
    ax.set_xlim(0, _axis_max(chart, values))
    ax.xaxis.set_visible(False)
    _clean(ax, keep="left")
    for pos, k in zip(positions, chart.figures, strict=True):
        ax.annotate(
            _short_value(k),
            (k.waarde, pos),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontweight="bold",
        )
    return fig


def _columns(figure: Any, chart: Chart, palette: Palette) -> Any:
    fig = figure(figsize=(WIDTH, 1.7), dpi=72)
    ax = fig.add_axes((0.02, 0.14, 0.96, 0.8))
    values = [k.waarde for k in chart.figures]
    positions = range(len(values))
    ax.bar(positions, values, width=0.55, color=palette.bar)
    ax.set_xticks(list(positions), chart.labels)
    ax.set_ylim(0, _axis_max(chart, values))
    ax.yaxis.set_visible(False)
    _clean(ax, keep="bottom")
    for pos, k in zip(positions, chart.figures, strict=True):
        ax.annotate(
            _short_value(k),
            (pos, k.waarde),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            fontweight="bold",
        )
    return fig


def _axis_max(chart: Chart, values: list[float]) -> float:
    top = max(values) or 1.0
    if chart.unit == "%" and top > 60:
        return 112.0
    return top * 1.18


def _clean(ax: Any, keep: str) -> None:
    for side, spine in ax.spines.items():
        spine.set_visible(side == keep)
    ax.tick_params(length=0, pad=3)


def _short_value(k: Kerncijfer) -> str:
    """Bar labels: the number with % or €; other units are in the title and the table."""
    if k.eenheid in ("%", "euro"):
        return format_value(k)
    return format_number(k.waarde)


def _without_common_prefix(labels: list[str]) -> list[str]:
    """'Wachttijd …, Dukenburg', 'Wachttijd …, Hatert' → 'Dukenburg', 'Hatert'."""
    words = [label.split(" ") for label in labels]
    n = 0
    while all(len(w) > n + 1 for w in words) and len({w[n] for w in words}) == 1:
        n += 1
    if n < 2:
        return labels
    rest = [" ".join(w[n:]) for w in words]
    return [r[0].upper() + r[1:] for r in rest]


_registered: set[Path] = set()


def _register_fonts(fonts: Sequence[Path]) -> list[str]:
    """Make TrueType fonts known to matplotlib (once per process); their family names
    as the files say them (fontsource's static files call Source Sans 3 'ExtraLight')."""
    from matplotlib import font_manager

    for font in fonts:
        if font not in _registered:
            font_manager.fontManager.addfont(str(font))
            _registered.add(font)
    return list(dict.fromkeys(font_manager.get_font(str(f)).family_name for f in fonts))
