"""Chart specs -> matplotlib Figure -> SVG (for HTML and PDF) and PNG (for Word).

matplotlib is used through `Figure`, never pyplot, so no global figure state is shared. Output
is deterministic (fixed SVG hash salt, no dates in metadata), so the same spec gives the same
bytes; a cache keyed by the spec and this drawing code skips redrawing unchanged charts.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import dates as mdates
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from reportgen import __version__, svg, theme
from reportgen.charts import (
    BAR_AXIS_MM,
    BAR_LABEL_CHARS,
    BAR_SLOT_MM,
    TARTAN_GRID_SHARE,
    ChartSpec,
    ComparisonSpec,
    SparklineSpec,
    SpcSpec,
    StackedBarSpec,
    TartanRow,
    TartanSpec,
    TrendSpec,
    wrapped,
)
from reportgen.formatting import ordinal
from reportgen.model import Chart, Pack, charts_in, with_charts
from reportgen.parallel import each
from reportgen.paths import writable
from reportgen.resources import font_file

MM_PER_INCH = 25.4
PNG_DPI = 200
POINTS_PER_INCH = 72
LINE_SPACING = 1.25  # a direct label's line of text, as a multiple of the font size
LABEL_WIDTH_CHARS = 18
EDGE_PX = 1.0  # text comes no nearer the figure's edge than this
CHART_FORMATS = ("svg", "png")  # SVG for HTML and PDF, PNG for Word
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "svg": {"metadata": {"Date": None}},  # no date in the file: same chart, same bytes
    # Fast to write (compression level 1): Word compresses the .docx as a whole anyway.
    "png": {"dpi": PNG_DPI, "metadata": {"Software": None}, "pil_kwargs": {"compress_level": 1}},
}


@cache
def _register_bundled_font() -> None:
    """Make the bundled body font the one matplotlib draws with (once per process).

    A machine may have a font of the same name (Debian's fonts-liberation, which LibreOffice
    brings, is an older version): matplotlib takes the first of equal matches, so the bundled
    files go first, and the charts are drawn and measured the same on every machine.
    """
    manager = font_manager.fontManager
    bundled = {str(font_file(weight)) for weight in ("Regular", "Bold")}
    for path in sorted(bundled):
        manager.addfont(path)
    manager.ttflist.sort(key=lambda entry: entry.fname not in bundled)  # stable: others keep order
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]  # lookups made before


@contextmanager
def _house_style() -> Iterator[None]:
    _register_bundled_font()
    with matplotlib.rc_context(
        {
            "font.family": theme.FONT_FAMILY,
            "font.size": theme.SMALL_PT,
            "svg.fonttype": "none",  # keep chart text as text: selectable, searchable, fast
            "text.parse_math": False,  # users' words are text: "$" is a pound of money, not maths
            "svg.hashsalt": "reportgen",  # same data, same file
            "axes.edgecolor": theme.RULE,
            "axes.labelcolor": theme.TEXT,
            "text.color": theme.TEXT,
            "xtick.color": theme.MUTED,
            "ytick.color": theme.MUTED,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        yield


def render(
    spec: ChartSpec, formats: Collection[str] = CHART_FORMATS, lean: bool = True
) -> dict[str, bytes]:
    """Return the chart drawn once, saved in each of `formats` (svg, png). The SVG is made
    lean (reportgen/svg.py) for WeasyPrint unless `lean` is false: matplotlib's own output."""
    saved = {}
    with drawn(spec) as figure:
        for fmt in formats:
            buffer = io.BytesIO()
            figure.savefig(buffer, format=fmt, **SAVE_OPTIONS[fmt])
            saved[fmt] = buffer.getvalue()
    if lean and "svg" in saved:
        saved["svg"] = svg.lean_svg(saved["svg"])
    return saved


@contextmanager
def drawn(spec: ChartSpec) -> Iterator[Figure]:
    """Yield the chart drawn in the house style, with all its text inside the figure."""
    with _house_style():
        figure = Figure(figsize=(spec.width_mm / MM_PER_INCH, spec.height_mm / MM_PER_INCH))
        FigureCanvasAgg(figure)  # a canvas to measure text with
        DRAWERS[type(spec)](figure, spec)
        _keep_text_inside(figure)
        yield figure


def _keep_text_inside(figure: Figure) -> None:
    """Move each axes' edges in until its text (tick labels, axis titles, labels placed
    beside it) lies inside the figure: a drawer's margins are a first guess, and a long
    name or a large number can need more."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    bounds = figure.bbox
    for axes in figure.axes:
        for _ in range(3):  # moving an edge moves the ticks a little: measure again
            box = axes.get_tightbbox(renderer)
            if box is None:
                break
            left = max(0.0, bounds.x0 - box.x0 + EDGE_PX)
            right = max(0.0, box.x1 - bounds.x1 + EDGE_PX)
            bottom = max(0.0, bounds.y0 - box.y0 + EDGE_PX)
            top = max(0.0, box.y1 - bounds.y1 + EDGE_PX)
            if not any((left, right, bottom, top)):
                break
            place = axes.get_position()
            axes.set_position(
                (
                    place.x0 + left / bounds.width,
                    place.y0 + bottom / bounds.height,
                    place.width - (left + right) / bounds.width,
                    place.height - (bottom + top) / bounds.height,
                )
            )


class ChartCache:
    """Drawn charts on disk, keyed by the spec and by the code and style that draw it."""

    def __init__(self, folder: Path, formats: Collection[str] = CHART_FORMATS) -> None:
        self.folder, self.formats = folder, tuple(formats)

    def draw(self, chart: Chart) -> Chart:
        """Return the chart with the formats the build needs, from the cache or drawn now."""
        saved = self.render(chart.spec)
        return replace(chart, svg=saved.get("svg", b"").decode("utf-8"), png=saved.get("png", b""))

    def draw_all(self, pack: Pack, pool: Executor | None = None) -> Pack:
        """Return the pack with every chart drawn: those not in the cache drawn first, spread
        over the pool's processes."""
        specs = {self._key(chart.spec): chart.spec for chart in charts_in(pack)}
        missing = {key: spec for key, spec in specs.items() if self._missing(key)}
        for key, saved in zip(missing, each(pool, self._drawn, missing.values()), strict=True):
            self._store(key, saved)
        return with_charts(pack, self.draw)

    def render(self, spec: ChartSpec) -> dict[str, bytes]:
        """Return the chart in each format, drawing it only if this exact chart is not cached."""
        key = self._key(spec)
        missing = self._missing(key)
        saved = render(spec, missing) if missing else {}
        self._store(key, saved)
        return {
            fmt: saved[fmt] if fmt in saved else self._path(key, fmt).read_bytes()
            for fmt in self.formats
        }

    def _drawn(self, spec: ChartSpec) -> dict[str, bytes]:
        return render(spec, self.formats)

    @staticmethod
    def _key(spec: ChartSpec) -> str:
        return hashlib.sha256((_CODE_KEY + repr(spec)).encode("utf-8")).hexdigest()

    def _path(self, key: str, fmt: str) -> Path:
        return self.folder / f"{key}.{fmt}"

    def _missing(self, key: str) -> list[str]:
        return [fmt for fmt in self.formats if not self._path(key, fmt).is_file()]

    def _store(self, key: str, saved: dict[str, bytes]) -> None:
        if saved:
            writable(self.folder, self.folder.parent).mkdir(parents=True, exist_ok=True)
        for fmt, data in saved.items():
            path = self._path(key, fmt)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(path)  # another build reading the cache never sees half a file


def default_cache(formats: Collection[str] = CHART_FORMATS) -> ChartCache:
    """Return the chart cache in REPORTGEN_CACHE_DIR, or the user's cache folder."""
    base = (
        os.environ.get("REPORTGEN_CACHE_DIR")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportgen"
    )
    return ChartCache(Path(base) / "charts", formats)


def _code_key() -> str:
    """Return what, besides the spec, decides a chart's bytes: versions, drawing code (with
    the SVG's lean step), font."""
    parts = [
        __version__,
        matplotlib.__version__,
        Path(__file__).read_text(encoding="utf-8"),
        Path(svg.__file__).read_text(encoding="utf-8"),
        Path(theme.__file__).read_text(encoding="utf-8"),
        hashlib.sha256(font_file().read_bytes()).hexdigest(),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


_CODE_KEY = _code_key()


# Drawing, one function per spec type ------------------------------------------------------


def _draw_trend(figure: Figure, spec: TrendSpec) -> None:
    axes = figure.add_subplot()
    labels: list[tuple[float, str, str]] = []
    for series in spec.series:
        colour = theme.SERIES_COLOURS[series.role]
        days, values = zip(*series.points, strict=True)
        home = series.role == "home"
        axes.plot(
            days,
            values,
            color=colour,
            linewidth=2.2 if home else 1.4,
            marker="o",
            markersize=3 if home else 4,
            linestyle="-" if home else "--",
        )
        labels.append((values[-1], _wrap(f"{series.name} {series.value_texts[-1]}"), colour))
    if spec.target is not None:
        colour = theme.SERIES_COLOURS["target"]
        axes.axhline(spec.target, color=colour, linewidth=1.2, linestyle=":")
        labels.append((spec.target, f"Target {spec.target_text}", colour))
    highest = max([y for y, _, _ in labels] + [v for s in spec.series for _, v in s.points])
    axes.set_ylim(bottom=0, top=highest * 1.15 or 1)  # counts and rates start at zero
    figure.subplots_adjust(left=0.09, right=0.76, top=0.95, bottom=0.14)  # before the labels
    _direct_labels(axes, labels)
    _value_axis(axes.yaxis, spec.percent)
    axes.set_ylabel(spec.y_label)
    _date_axis(axes, sorted({day for series in spec.series for day, _ in series.points}))
    axes.grid(axis="y", color=theme.RULE, linewidth=0.5)


def _draw_comparison(figure: Figure, spec: ComparisonSpec) -> None:
    axes = figure.add_subplot()
    # The y axis is in millimetres, so each bar gets the room its wrapped name needs.
    slots = spec.slots_mm
    tops = [sum(slots) - sum(slots[:i]) for i in range(len(slots))]  # first bar at the top
    positions = [top - slot / 2 for top, slot in zip(tops, slots, strict=True)]
    colours = [theme.SERIES_COLOURS[b.role] for b in spec.bars]
    values = [b.value for b in spec.bars]
    axes.barh(positions, values, color=colours, height=BAR_SLOT_MM * 0.62)
    axes.set_yticks(positions, [_wrap(b.name, BAR_LABEL_CHARS) for b in spec.bars])
    axes.set_ylim(0, sum(slots))
    top = max(values) * 1.6 or 1  # room for each bar's figure and period
    axes.set_xlim(0, top)
    for position, bar in zip(positions, spec.bars, strict=True):
        axes.text(
            bar.value + top * 0.01,
            position,
            f"{bar.value_text} ({bar.period})",
            va="center",
            fontweight="bold" if bar.role == "home" else "normal",
        )
    _value_axis(axes.xaxis, spec.percent)
    axes.set_xlabel(spec.x_label)
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    height = spec.height_mm
    figure.subplots_adjust(left=0.25, right=0.97, top=1, bottom=BAR_AXIS_MM / height)


def _draw_sparkline(figure: Figure, spec: SparklineSpec) -> None:
    axes = figure.add_axes((0.04, 0.12, 0.92, 0.76))
    days, values = zip(*spec.series.points, strict=True)
    colour = theme.SERIES_COLOURS["home"]
    axes.plot(days, values, color=colour, linewidth=1.0)
    axes.plot(days[-1:], values[-1:], "o", color=colour, markersize=2.5)
    axes.set_axis_off()


def _draw_stacked_bar(figure: Figure, spec: StackedBarSpec) -> None:
    axes = figure.add_subplot()
    labels = [label for label, _, _ in spec.bars]
    bottoms = [0.0] * len(spec.bars)
    names: list[tuple[float, str, str]] = []
    for index, category in enumerate(spec.categories):
        shares = [shares[index] for _, shares, _ in spec.bars]
        fill, ink = theme.CATEGORY_COLOURS[index % len(theme.CATEGORY_COLOURS)]
        axes.bar(
            labels, shares, bottom=bottoms, color=fill, width=0.6, edgecolor="white", linewidth=0.8
        )
        for x, (share, bottom, (_, _, texts)) in enumerate(
            zip(shares, bottoms, spec.bars, strict=True)
        ):
            if share >= 6:  # segments big enough to hold their figure
                axes.text(x, bottom + share / 2, texts[index], ha="center", va="center", color=ink)
        # Name each category beside the last bar, level with its segment: no legend to decode.
        names.append((bottoms[-1] + shares[-1] / 2, category, theme.TEXT))
        bottoms = [b + s for b, s in zip(bottoms, shares, strict=True)]
    axes.set_ylim(0, 100)
    figure.subplots_adjust(left=0.08, right=0.78, top=0.95, bottom=0.12)  # before the labels
    _direct_labels(axes, names, bold=False)
    _value_axis(axes.yaxis, percent=True)


def _draw_tartan(figure: Figure, spec: TartanSpec) -> None:
    header = spec.header_mm / spec.height_mm  # room above the grid for the area names
    axes = figure.add_axes((0.99 - TARTAN_GRID_SHARE, 0.01, TARTAN_GRID_SHARE, 0.99 - header))
    columns, rows = len(spec.areas), len(spec.rows)
    for y, row in enumerate(spec.rows):
        for x, (text, fill, ink) in enumerate(_tartan_cells(row, spec.ranks_in_cells)):
            axes.add_patch(
                Rectangle((x, y), 1, 1, facecolor=fill, edgecolor="white", linewidth=1.5)
            )
            home = spec.areas[x] == spec.home
            axes.text(
                x + 0.5,
                y + 0.5,
                text,
                ha="center",
                va="center",
                fontsize=theme.SMALL_PT - 1,
                fontweight="bold" if home else "normal",
                color=ink,
            )
    axes.set_xlim(0, columns)
    axes.set_ylim(rows, 0)
    axes.set_xticks(
        [x + 0.5 for x in range(columns)],
        spec.area_labels,
        fontsize=theme.SMALL_PT - 1,
        rotation=0 if spec.upright else 90,
    )
    axes.xaxis.tick_top()
    axes.set_yticks(
        [y + 0.5 for y in range(rows)],
        [_wrap(f"{row.title} ({row.period})", spec.label_chars) for row in spec.rows],
        fontsize=theme.SMALL_PT - 1,
    )
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    outline = spec.areas.index(spec.home)  # the home column, outlined
    axes.add_patch(
        Rectangle((outline, 0), 1, rows, fill=False, edgecolor=theme.TEXT, linewidth=1.6)
    )


def _tartan_cells(row: TartanRow, ranks_in_cells: bool = False) -> list[tuple[str, str, str]]:
    """Return each cell's text, fill and text colour: by rank, or by rating with its word
    (so colour is never the only signal); with `ranks_in_cells`, a ranked cell's rank in words
    under its figure ("63.2\n3rd")."""
    if row.ratings:
        return [
            (f"{text}\n{theme.RAG[r].word}", theme.RAG[r].fill, theme.RAG[r].text)
            if r
            else (text, theme.rank_colour(None, 0), theme.TEXT)
            for text, r in zip(row.texts, row.ratings, strict=True)
        ]
    ranked = row.among
    return [
        (
            f"{text}\n{ordinal(rank)}" if ranks_in_cells and rank is not None else text,
            theme.rank_colour(rank, ranked),
            theme.rank_text_colour(rank, ranked),
        )
        for text, rank in zip(row.texts, row.ranks, strict=True)
    ]


def _draw_spc(figure: Figure, spec: SpcSpec) -> None:
    axes = figure.add_subplot()
    days, values = zip(*spec.series.points, strict=True)
    axes.plot(
        days,
        values,
        color=theme.MUTED,
        linewidth=1.2,
        marker="o",
        markersize=3,
        markerfacecolor=theme.MUTED,
    )
    mean, lower, upper = spec.limit_texts
    for level, text, style in (
        (spec.mean, f"Mean {mean}", "-"),
        (spec.upper, f"Upper limit {upper}", "--"),
        (spec.lower, f"Lower limit {lower}", "--"),
    ):
        axes.axhline(level, color=theme.TEXT, linewidth=0.9, linestyle=style)
        axes.annotate(
            text,
            xy=(1.0, level),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
        )
    for index, rule in spec.signals:
        # Shape and colour together: a special cause is never shown by colour alone.
        marker = {"outside": "D", "shift": "s", "trend": "^"}[rule]
        axes.plot(
            days[index],
            values[index],
            marker,
            color=theme.SPC_SIGNAL,
            markersize=6,
            markeredgecolor=theme.TEXT,
            markeredgewidth=0.6,
        )
    span = spec.upper - spec.lower
    low = min([spec.lower, *values]) - span * 0.1
    high = max([spec.upper, *values]) + span * 0.1
    axes.set_ylim(
        max(0.0, low) if spec.percent else low, min(100.0, high) if spec.percent else high
    )
    _value_axis(axes.yaxis, spec.percent, decimals=0 if span > 10 else 1)
    axes.set_ylabel(spec.y_label)
    _date_axis(axes, list(days))
    figure.subplots_adjust(left=0.11, right=0.8, top=0.95, bottom=0.14)


DRAWERS: dict[type, Callable[[Figure, Any], None]] = {
    TrendSpec: _draw_trend,
    ComparisonSpec: _draw_comparison,
    SparklineSpec: _draw_sparkline,
    StackedBarSpec: _draw_stacked_bar,
    TartanSpec: _draw_tartan,
    SpcSpec: _draw_spc,
}


# Shared pieces ------------------------------------------------------------------------------


def _wrap(text: str, width: int = LABEL_WIDTH_CHARS) -> str:
    return wrapped(text, width)


def _value_axis(axis: Any, percent: bool, decimals: int = 0) -> None:
    axis.set_major_locator(MaxNLocator(5))
    suffix = "%" if percent else ""
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.{decimals}f}{suffix}"))


def _date_axis(axes: Axes, days: list[date], most: int = 6) -> None:
    """Put at most `most` ticks on the home series' own dates, ending with the latest."""
    # Steps that land on the same month each year for monthly and quarterly series.
    step = next(s for s in (1, 2, 3, 4, 6, 12, 24, 48) if -(-len(days) // s) <= most)
    ticks = days[::-1][::step][::-1]
    axes.set_xticks(mdates.date2num(ticks))  # type: ignore[no-untyped-call]
    axes.set_xticklabels([f"{day:%b %y}" for day in ticks])


def _direct_labels(axes: Axes, labels: list[tuple[float, str, str]], bold: bool = True) -> None:
    """Write each line's name and latest value at the right edge, spaced so none overlap
    (the axes must have their final size: a line of text is measured against it)."""
    bottom, top = axes.get_ylim()
    figure = axes.get_figure(root=True)
    assert figure is not None
    height_pt = figure.get_figheight() * POINTS_PER_INCH * axes.get_position().height
    line_height = (top - bottom) * matplotlib.rcParams["font.size"] * LINE_SPACING / height_pt
    ordered = sorted(labels)
    heights = [line_height * (text.count("\n") + 1) for _, text, _ in ordered]
    positions: list[float] = []
    for (y, _, _), height, below in zip(ordered, heights, [0.0, *heights], strict=False):
        # The lowest label sits above the axis, clear of the dates under it.
        floor = positions[-1] + (below + height) / 2 if positions else bottom + height / 2
        positions.append(max(y, floor))
    # If the stack runs off the top, slide it down, keeping the spacing.
    overflow = positions[-1] + heights[-1] / 2 - top if positions else 0
    positions = [p - max(overflow, 0) for p in positions]
    for (y, text, colour), position in zip(ordered, positions, strict=True):
        axes.annotate(
            text,
            xy=(1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(1.02, position),
            textcoords=("axes fraction", "data"),
            color=colour,
            va="center",
            fontweight="bold" if bold else "normal",
            annotation_clip=False,
        )
