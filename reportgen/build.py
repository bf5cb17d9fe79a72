"""Computed indicators -> the Pack: every wording, number format and rating shown is decided here."""

from __future__ import annotations

import math
import re

from reportgen import charts
from reportgen.compute import Computed, ComputedRow, Figure
from reportgen.config import RATING_SCHEMES, Config
from reportgen.formatting import UNIT_PHRASES, format_value
from reportgen.inputs import MISSING_CODES
from reportgen.model import (
    BulletList,
    Cell,
    Chart,
    Facts,
    Heading,
    IndicatorTable,
    Pack,
    Paragraph,
    Section,
)
from reportgen.periods import long_date, months_spanned
from reportgen.rating_keys import benchmarks_sentence, rating_key
from reportgen.ratings import is_missing
from reportgen.tables import Indicator
from reportgen.theme import RAG

NOT_RATED = "Not\u00a0rated"  # kept on one line, like the rating words
NBSP = "\u00a0"
ANNUALISED_NOTE = (
    "Annualised: a count or rate for part of a year is scaled to a full year (x 12 / months), "
    "so that it compares with annual figures and benchmarks."
)
Y_LABELS = {"percent": "Per cent", "count": "Number", "days": "Days", "currency": "£"}


def build_pack(config: Config, computed: Computed) -> Pack:
    """Return the committee pack for the computed indicators."""
    themes = _group_by_theme(computed.indicators)
    home_rows = [row for row in computed.rows if row.area == config.area]
    return Pack(
        title=config.title,
        subject=f"{config.committee}, {long_date(config.meeting_date)}",
        author=config.author or config.area,
        sections=(
            _front_sheet(
                config, sorted({row.scheme for row in home_rows}, key=RATING_SCHEMES.index)
            ),
            *(_theme_section(config, theme, items, computed) for theme, items in themes.items()),
        ),
    )


def slug(text: str) -> str:
    """Return a lower-case, hyphenated form of `text` for anchors and file names."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _group_by_theme(indicators: tuple[Indicator, ...]) -> dict[str, list[Indicator]]:
    themes: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        themes.setdefault(indicator.theme, []).append(indicator)
    return themes


def _front_sheet(config: Config, schemes: list[str]) -> Section:
    facts = [("Committee", config.committee), ("Date of meeting", long_date(config.meeting_date))]
    if config.agenda_item:
        facts.append(("Agenda item", config.agenda_item))
    if config.report_of:
        facts.append(("Report of", config.report_of))
    facts.append(("Period covered", f"To {long_date(config.period_end)}"))
    if config.author:
        contact = f" ({config.contact})" if config.contact else ""
        facts.append(("Author", config.author + contact))
    purpose = config.purpose or (
        f"To present {config.area}'s performance indicators to {long_date(config.period_end)}, "
        "compared with targets, earlier periods and benchmarks.",
    )
    return Section(
        id="front-sheet",
        blocks=(
            Heading(config.title, level=1),
            Facts(tuple(facts)),
            Heading("Purpose of the report", level=2),
            BulletList(purpose) if len(purpose) > 1 else Paragraph(purpose[0]),
            *(block for scheme in schemes for block in rating_key(scheme, config)),
            Paragraph(benchmarks_sentence(config)),
        ),
    )


def _theme_section(
    config: Config, theme: str, indicators: list[Indicator], computed: Computed
) -> Section:
    rows = [(indicator, computed.row(indicator.id, config.area)) for indicator in indicators]
    blocks: list[Heading | Paragraph | Chart | IndicatorTable] = [
        Heading(theme, level=1),
        Paragraph(
            f"Latest figures at {long_date(config.period_end)}, or the latest published "
            "period before it."
        ),
    ]
    chart = _first_chart(config, [row for _, row in rows if row is not None], computed)
    if chart is not None:
        blocks += [Heading(chart.title, level=2), chart]
    blocks.append(_indicator_table(config, theme, rows))
    shown = [figure for _, row in rows if row is not None for figure in _shown_figures(row)]
    codes = sorted({figure.missing for figure in shown if figure.missing})
    if codes:
        explained = "; ".join(f"{code} = {MISSING_CODES[code]}" for code in codes)
        blocks.append(Paragraph(f"Symbols: {explained}."))
    if any(figure.annualised for figure in shown):
        blocks.append(Paragraph(ANNUALISED_NOTE))
    return Section(id=slug(theme), blocks=tuple(blocks))


def _shown_figures(row: ComputedRow) -> list[Figure]:
    candidates = [row.latest, row.previous, row.year_ago, *row.comparators.values()]
    return [figure for figure in candidates if figure is not None]


def _indicator_table(
    config: Config, theme: str, rows: list[tuple[Indicator, ComputedRow | None]]
) -> IndicatorTable:
    national = config.comparators.get("national")
    columns = ["Indicator", "Period", "Performance", "Target", "Previous", "12 months earlier"]
    if national:
        columns.append(national)
    columns.append("Rating")
    return IndicatorTable(
        caption=f"{theme}: performance indicators",
        columns=tuple(columns),
        rows=tuple(_indicator_row(indicator, row, bool(national)) for indicator, row in rows),
    )


def _figure_cell(indicator: Indicator, found: Figure | None) -> Cell:
    if found is None:
        return Cell("–", numeric=True)
    text = format_value(found.value, indicator.unit, indicator.decimals, found.missing)
    return Cell(text, numeric=True)


def _period_text(figure: Figure) -> str:
    """Return a period as a table shows it: the label kept on one line, "(annualised)" may wrap."""
    label = figure.label.replace(" ", NBSP)
    return f"{label} (annualised)" if figure.annualised else label


def _indicator_row(
    indicator: Indicator, row: ComputedRow | None, with_national: bool
) -> tuple[Cell, ...]:
    if row is None:
        blanks = [Cell("–", numeric=True)] * (4 + with_national)
        return (Cell(indicator.title), Cell("No data"), *blanks, Cell(NOT_RATED))
    target = Cell("Tracker")
    if indicator.kind == "target":
        target = Cell(
            format_value(row.latest.target, indicator.unit, indicator.decimals), numeric=True
        )
    cells = [
        Cell(indicator.title),
        Cell(_period_text(row.latest)),
        _figure_cell(indicator, row.latest),
        target,
        _figure_cell(indicator, row.previous),
        _figure_cell(indicator, row.year_ago),
    ]
    if with_national:
        cells.append(_figure_cell(indicator, row.comparators.get("national")))
    cells.append(Cell(RAG[row.rating].word, rating=row.rating) if row.rating else Cell(NOT_RATED))
    return tuple(cells)


def _first_chart(config: Config, rows: list[ComputedRow], computed: Computed) -> Chart | None:
    """Return a trend chart of the theme's most chartable indicator, if any has a history."""
    for row in sorted(rows, key=lambda row: _chart_preference(config, row, computed)):
        spec = _trend_spec(config, row, computed)
        if spec is not None:
            svg, png = charts.render(spec)
            return Chart(spec.title, charts.alt_text(spec), svg, png, spec.width_mm, spec.height_mm)
    return None


def _chart_preference(config: Config, row: ComputedRow, computed: Computed) -> tuple[int, int]:
    """Return a sort key: benchmarked indicators first, year-to-date series (saw-toothed) last."""
    home = computed.series.get((row.indicator.id, config.area), ())
    spans = {months_spanned(f.period_start, f.period_end) for f in home if f.period_start}
    return (0 if row.comparators else 1, 1 if len(spans) > 1 else 0)


def _trend_spec(config: Config, row: ComputedRow, computed: Computed) -> charts.TrendSpec | None:
    indicator = row.indicator
    end = row.latest.period_end
    roles = {"home": config.area} | config.comparators
    series = []
    for role, area in roles.items():
        figures = [
            f
            for f in computed.series.get((indicator.id, area), ())
            if f.period_end <= end and not is_missing(f.value)
        ]
        if len(figures) >= 2 or (figures and role != "home"):
            series.append(_series(indicator, area, role, figures))
    if not series or series[0].role != "home":
        return None
    target = row.latest.target if indicator.kind == "target" else math.nan
    has_target = not is_missing(target)
    return charts.TrendSpec(
        title=indicator.title,
        y_label=Y_LABELS.get(indicator.unit, UNIT_PHRASES.get(indicator.unit, "Value")),
        series=tuple(series),
        target=target if has_target else None,
        target_text=format_value(target, indicator.unit, indicator.decimals) if has_target else "",
        percent=indicator.unit == "percent",
    )


def _series(indicator: Indicator, area: str, role: str, figures: list[Figure]) -> charts.Series:
    return charts.Series(
        name=area,
        role=role,
        points=tuple((f.period_end, f.value) for f in figures),
        value_texts=tuple(
            format_value(f.value, indicator.unit, indicator.decimals) for f in figures
        ),
    )
