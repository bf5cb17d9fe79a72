"""Chart specs -> matplotlib Figure -> SVG (for HTML and PDF) and PNG (for Word), with alt text.

matplotlib is used through `Figure`, never pyplot, so no global figure state is shared.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache

import matplotlib
from matplotlib import dates as mdates
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from reportgen import theme
from reportgen.resources import font_file

MM_PER_INCH = 25.4
PNG_DPI = 200
LABEL_GAP_FRACTION = 0.08
LABEL_WIDTH_CHARS = 18  # direct labels closer than this share of the y range are nudged apart


@dataclass(frozen=True)
class Series:
    """One line: an area's figures over time, with its latest value already formatted."""

    name: str
    role: str  # home, national, regional, neighbours: picks the colour
    points: tuple[tuple[date, float], ...]
    value_texts: tuple[str, ...]  # formatted values, parallel to points


@dataclass(frozen=True)
class TrendSpec:
    """A trend chart: the home area over time against comparators and an optional target."""

    title: str
    y_label: str
    series: tuple[Series, ...]
    target: float | None = None
    target_text: str = ""
    percent: bool = False
    width_mm: float = 170
    height_mm: float = 70


@cache
def _register_bundled_font() -> None:
    """Make the bundled body font available to matplotlib (once per process)."""
    for weight in ("Regular", "Bold"):
        font_manager.fontManager.addfont(str(font_file(weight)))


@contextmanager
def _house_style() -> Iterator[None]:
    _register_bundled_font()
    with matplotlib.rc_context(
        {
            "font.family": theme.FONT_FAMILY,
            "font.size": theme.SMALL_PT,
            "svg.fonttype": "none",  # keep chart text as text: searchable, and fast to render
            "svg.hashsalt": "reportgen",  # same data, same file
            "axes.edgecolor": theme.RULE,
            "axes.labelcolor": theme.TEXT,
            "xtick.color": theme.MUTED,
            "ytick.color": theme.MUTED,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        yield


def render(spec: TrendSpec) -> tuple[str, bytes]:
    """Return the chart drawn once as SVG text and PNG bytes."""
    with _house_style():
        figure = _draw_trend(spec)
        svg = io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None})
        png = io.BytesIO()
        figure.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return svg.getvalue().decode("utf-8"), png.getvalue()


def _draw_trend(spec: TrendSpec) -> Figure:
    figure = Figure(figsize=(spec.width_mm / MM_PER_INCH, spec.height_mm / MM_PER_INCH))
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
        labels.append((values[-1], _label(series.name, series.value_texts[-1]), colour))
    if spec.target is not None:
        axes.axhline(
            spec.target, color=theme.SERIES_COLOURS["target"], linewidth=1.2, linestyle=":"
        )
        labels.append((spec.target, f"Target {spec.target_text}", theme.SERIES_COLOURS["target"]))
    axes.set_ylim(bottom=0, top=max(y for y, _, _ in labels + _all_values(spec)) * 1.15)
    _place_direct_labels(axes, labels)
    axes.set_ylabel(spec.y_label)
    axes.yaxis.set_major_locator(MaxNLocator(5))
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda y, _: f"{y:,.0f}%" if spec.percent else f"{y:,.0f}")
    )
    axes.set_xticks(mdates.date2num(_tick_dates(spec.series[0])))  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(FuncFormatter(_month_label))
    axes.grid(axis="y", color=theme.RULE, linewidth=0.5)
    figure.subplots_adjust(left=0.09, right=0.76, top=0.95, bottom=0.14)
    return figure


def _label(name: str, value: str) -> str:
    """Return a direct label, wrapped so long area names stay inside the figure."""
    return textwrap.fill(f"{name} {value}", width=LABEL_WIDTH_CHARS)


def _tick_dates(home: Series, most: int = 6) -> list[date]:
    """Return at most `most` of the home series' dates, evenly spaced, ending with the latest."""
    dates = [day for day, _ in home.points]
    # Steps that land on the same month each year for monthly and quarterly series.
    step = next(s for s in (1, 2, 3, 4, 6, 12, 24, 48) if -(-len(dates) // s) <= most)
    return dates[::-1][::step][::-1]


def _month_label(x: float, _position: object) -> str:
    """Return a date axis tick as "Sep 23"."""
    return str(mdates.num2date(x).strftime("%b %y"))  # type: ignore[no-untyped-call]


def _all_values(spec: TrendSpec) -> list[tuple[float, str, str]]:
    return [(value, "", "") for series in spec.series for _, value in series.points]


def _place_direct_labels(axes: Axes, labels: list[tuple[float, str, str]]) -> None:
    """Write each line's name and latest value at the right edge, spaced so none overlap."""
    bottom, top = axes.get_ylim()
    line_height = (top - bottom) * LABEL_GAP_FRACTION
    ordered = sorted(labels)
    heights = [line_height * (text.count("\n") + 1) for _, text, _ in ordered]
    positions: list[float] = []
    for (y, _, _), height, below in zip(ordered, heights, [0.0, *heights], strict=False):
        floor = positions[-1] + (below + height) / 2 if positions else bottom
        positions.append(max(y, floor))
    # If the stack runs off the top, slide it down, keeping the spacing.
    overflow = positions[-1] + heights[-1] / 2 - top if positions else 0
    if overflow > 0:
        positions = [p - overflow for p in positions]
    for (y, text, colour), position in zip(ordered, positions, strict=True):
        axes.annotate(
            text,
            xy=(1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(1.02, position),
            textcoords=("axes fraction", "data"),
            color=colour,
            va="center",
            fontweight="bold",
            annotation_clip=False,
        )


def alt_text(spec: TrendSpec) -> str:
    """Return what the chart shows, in words: period, movement of the home line, comparators."""
    home, *others = spec.series
    (start_day, start), (end_day, end) = home.points[0], home.points[-1]
    span = f"{spec.title}, {start_day:%b %Y} to {end_day:%b %Y}: {home.name}"
    first, last = home.value_texts[0], home.value_texts[-1]
    if first == last:
        sentence = f"{span} was {last} at both ends."
    else:
        sentence = f"{span} {'rose' if end > start else 'fell'} from {first} to {last}."
    compared = [f"{s.name} {s.value_texts[-1]} ({s.points[-1][0]:%b %Y})" for s in others]
    if compared:
        sentence += " " + ", ".join(compared) + "."
    if spec.target is not None:
        sentence += f" Target {spec.target_text}."
    return sentence
