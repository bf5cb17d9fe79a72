"""Computed indicators -> the Pack: every wording, number format and rating shown is decided here."""

from __future__ import annotations

import re
from collections.abc import Iterable

from reportgen import charts
from reportgen.compute import Computed, ComputedIndicator, Figure
from reportgen.config import Config
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
    RagKey,
    Section,
)
from reportgen.periods import long_date, months_spanned
from reportgen.ratings import is_missing
from reportgen.tables import Indicator
from reportgen.theme import RAG

NOT_RATED = "Not rated"
Y_LABELS = {"percent": "Per cent", "count": "Number", "days": "Days", "currency": "£"}


def build_pack(config: Config, computed: Computed) -> Pack:
    """Return the committee pack for the computed indicators."""
    themes = _group_by_theme(computed.indicators)
    return Pack(
        title=config.title,
        subject=f"{config.committee}, {long_date(config.meeting_date)}",
        author=config.author or config.area,
        sections=(
            _front_sheet(config),
            *(_theme_section(config, theme, items, computed) for theme, items in themes.items()),
        ),
    )


def slug(text: str) -> str:
    """Return a lower-case, hyphenated form of `text` for anchors and file names."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _group_by_theme(items: Iterable[ComputedIndicator]) -> dict[str, list[ComputedIndicator]]:
    themes: dict[str, list[ComputedIndicator]] = {}
    for item in items:
        themes.setdefault(item.indicator.theme, []).append(item)
    return themes


def _front_sheet(config: Config) -> Section:
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
            _rag_key(config),
            Paragraph(
                "Indicators are not rated when they have no target or earlier figure to compare "
                "with, when the figure is suppressed, or when neither higher nor lower is better."
            ),
        ),
    )


def _rag_key(config: Config) -> RagKey:
    tolerance = config.rating.tolerance
    reference = "the target for target indicators, or the same point 12 months earlier for trackers"
    return RagKey(
        title="How indicators are rated",
        entries=(
            ("green", RAG["green"].word, f"Same as or better than the reference ({reference})"),
            ("amber", RAG["amber"].word, f"Worse than the reference, but within {tolerance} of it"),
            ("red", RAG["red"].word, f"Worse than the reference by more than {tolerance}"),
        ),
    )


def _theme_section(
    config: Config, theme: str, items: list[ComputedIndicator], computed: Computed
) -> Section:
    blocks: list[Heading | Paragraph | Chart | IndicatorTable] = [
        Heading(theme, level=1),
        Paragraph(
            f"Latest figures at {long_date(config.period_end)}, or the latest published "
            "period before it."
        ),
    ]
    chart = _first_chart(config, items, computed)
    if chart is not None:
        blocks += [Heading(chart.title, level=2), chart]
    blocks.append(_indicator_table(config, theme, items))
    codes = sorted({f.missing for item in items for f in _shown_figures(item) if f.missing})
    if codes:
        blocks.append(
            Paragraph(
                "Symbols: " + "; ".join(f"{code} = {MISSING_CODES[code]}" for code in codes) + "."
            )
        )
    return Section(id=slug(theme), blocks=tuple(blocks))


def _shown_figures(item: ComputedIndicator) -> list[Figure]:
    candidates = [item.latest, item.previous, item.year_ago, *item.comparators.values()]
    return [figure for figure in candidates if figure is not None]


def _indicator_table(config: Config, theme: str, items: list[ComputedIndicator]) -> IndicatorTable:
    national = config.comparators.get("national")
    columns = ["Indicator", "Period", "Performance", "Target", "Previous", "12 months earlier"]
    if national:
        columns.append(national)
    columns.append("Rating")
    return IndicatorTable(
        caption=f"{theme}: performance indicators",
        columns=tuple(columns),
        rows=tuple(_indicator_row(item, bool(national)) for item in items),
    )


def _indicator_row(item: ComputedIndicator, with_national: bool) -> tuple[Cell, ...]:
    indicator = item.indicator

    def figure(found: Figure | None) -> Cell:
        if found is None:
            return Cell("–", numeric=True)
        return Cell(
            format_value(found.value, indicator.unit, indicator.decimals, found.missing),
            numeric=True,
        )

    target = Cell("Tracker")
    if indicator.kind == "target" and item.latest is not None:
        target = Cell(
            format_value(item.latest.target, indicator.unit, indicator.decimals), numeric=True
        )
    cells = [
        Cell(indicator.title),
        Cell(item.latest.label if item.latest else "No data"),
        figure(item.latest),
        target,
        figure(item.previous),
        figure(item.year_ago),
    ]
    if with_national:
        cells.append(figure(item.comparators.get("national")))
    cells.append(
        Cell(RAG[item.rating].word, rating=item.rating) if item.rating else Cell(NOT_RATED)
    )
    return tuple(cells)


def _first_chart(
    config: Config, items: list[ComputedIndicator], computed: Computed
) -> Chart | None:
    """Return a trend chart of the theme's most chartable indicator, if any has a history."""
    for item in sorted(items, key=lambda item: _chart_preference(config, item, computed)):
        spec = _trend_spec(config, item, computed)
        if spec is not None:
            svg, png = charts.render(spec)
            return Chart(spec.title, charts.alt_text(spec), svg, png, spec.width_mm, spec.height_mm)
    return None


def _chart_preference(
    config: Config, item: ComputedIndicator, computed: Computed
) -> tuple[int, int]:
    """Return a sort key: benchmarked indicators first, year-to-date series (saw-toothed) last."""
    home = computed.series.get((item.indicator.id, config.area), ())
    spans = {months_spanned(f.period_start, f.period_end) for f in home if f.period_start}
    return (0 if item.comparators else 1, 1 if len(spans) > 1 else 0)


def _trend_spec(
    config: Config, item: ComputedIndicator, computed: Computed
) -> charts.TrendSpec | None:
    if item.latest is None:
        return None
    indicator = item.indicator
    end = item.latest.period_end
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
    target = item.latest.target if indicator.kind == "target" else None
    has_target = target is not None and not is_missing(target)
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
