"""Computed indicators -> the Pack: every wording, number format and rating shown is decided here."""

from __future__ import annotations

import re

from reportgen import charts, dashboards
from reportgen.compute import Computed, ComputedRow, Figure
from reportgen.config import RATING_SCHEMES, Config
from reportgen.formatting import format_value
from reportgen.inputs import MISSING_CODES
from reportgen.model import (
    Block,
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
from reportgen.tables import Indicator
from reportgen.theme import RAG

NOT_RATED = "Not\u00a0rated"  # kept on one line, like the rating words
NBSP = "\u00a0"
ANNUALISED_NOTE = (
    "Annualised: a count or rate for part of a year is scaled to a full year (x 12 / months), "
    "so that it compares with annual figures and benchmarks."
)


def build_pack(config: Config, computed: Computed) -> Pack:
    """Return the committee pack for the computed indicators."""
    themes = _group_by_theme(computed.indicators)
    home_rows = [row for row in computed.rows if row.area == config.area]
    sections = [_theme_section(config, theme, items, computed) for theme, items in themes.items()]
    benchmarking = _benchmarking_section(config, computed)
    sections += [benchmarking] if benchmarking else []
    appendix = _chart_data_appendix(sections)
    sections += [appendix] if appendix else []
    return Pack(
        title=config.title,
        subject=f"{config.committee}, {long_date(config.meeting_date)}",
        author=config.author or config.area,
        sections=(
            _front_sheet(
                config, sorted({row.scheme for row in home_rows}, key=RATING_SCHEMES.index)
            ),
            *sections,
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
    present = [row for _, row in rows if row is not None]
    blocks: list[Block] = [
        Heading(theme, level=1),
        Paragraph(
            f"Latest figures at {long_date(config.period_end)}, or the latest published "
            "period before it."
        ),
    ]
    featured = _featured(config, present, computed)
    if featured is not None:
        trend = dashboards.trend_chart(config, featured, computed)
        comparison = dashboards.comparison_chart(config, featured)
        blocks += [
            Heading(featured.indicator.title, level=2),
            *(c for c in (trend, comparison) if c is not None),
        ]
    for row in present:
        if (control := dashboards.spc_chart(config, row, computed)) is not None:
            blocks += [Heading(control.title, level=2), control, Paragraph(dashboards.SPC_NOTE)]
    for group, members in _groups(indicators).items():
        if shares := dashboards.distribution_chart(config, group, members, computed):
            blocks += [Heading(group, level=2), shares]
    blocks.append(_indicator_table(config, theme, rows, computed))
    shown = [figure for row in present for figure in _shown_figures(row)]
    codes = sorted({figure.missing for figure in shown if figure.missing})
    if codes:
        explained = "; ".join(f"{code} = {MISSING_CODES[code]}" for code in codes)
        blocks.append(Paragraph(f"Symbols: {explained}."))
    if any(figure.annualised for figure in shown):
        blocks.append(Paragraph(ANNUALISED_NOTE))
    return Section(id=slug(theme), blocks=tuple(blocks))


def _groups(indicators: list[Indicator]) -> dict[str, list[Indicator]]:
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.group:
            groups.setdefault(indicator.group, []).append(indicator)
    return groups


def _featured(config: Config, rows: list[ComputedRow], computed: Computed) -> ComputedRow | None:
    """Return the theme's indicator to chart: benchmarked first, saw-toothed series last."""

    def preference(row: ComputedRow) -> tuple[int, int]:
        home = computed.series.get((row.indicator.id, config.area), ())
        spans = {months_spanned(f.period_start, f.period_end) for f in home if f.period_start}
        return (0 if row.comparators else 1, 1 if len(spans) > 1 else 0)

    charted = [row for row in rows if dashboards.trend_chart(config, row, computed) is not None]
    return min(charted, key=preference, default=None)


def _benchmarking_section(config: Config, computed: Computed) -> Section | None:
    rugs = dashboards.tartan_charts(config, computed)
    if not rugs:
        return None
    return Section(
        id="benchmarking",
        landscape=True,
        blocks=(
            Heading("Benchmarking with statistical neighbours", level=1),
            Paragraph(
                f"Each row ranks {config.area} and its statistical neighbours on one indicator, "
                "for the latest period most of them have published. Rank 1 is the best for the "
                "indicator's direction; darker blue is better, orange worse, and every cell "
                f"gives its figure. {config.area}'s column is outlined."
            ),
            *rugs,
        ),
    )


def _chart_data_appendix(sections: list[Section]) -> Section | None:
    """Return an appendix giving every dashboard chart's figures as a table."""
    blocks: list[Block] = []
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Chart):
                columns, rows = charts.data_table(block.spec)
                blocks.append(
                    IndicatorTable(
                        caption=block.title,
                        columns=columns,
                        rows=tuple(
                            tuple(Cell(text, numeric=i > 0) for i, text in enumerate(row))
                            for row in rows
                        ),
                    )
                )
    if not blocks:
        return None
    return Section(
        id="chart-data",
        blocks=(
            Heading("Appendix: the figures behind the charts", level=1),
            Paragraph(
                "Each chart in this pack, as a table, for readers who cannot see the charts."
            ),
            *blocks,
        ),
    )


def _shown_figures(row: ComputedRow) -> list[Figure]:
    candidates = [row.latest, row.previous, row.year_ago, *row.comparators.values()]
    return [figure for figure in candidates if figure is not None]


def _indicator_table(
    config: Config,
    theme: str,
    rows: list[tuple[Indicator, ComputedRow | None]],
    computed: Computed,
) -> IndicatorTable:
    national = config.comparators.get("national")
    columns = [
        "Indicator",
        "Period",
        "Performance",
        "Trend",
        "Target",
        "Previous",
        "12 months earlier",
    ]
    if national:
        columns.append(national)
    columns.append("Rating")
    return IndicatorTable(
        caption=f"{theme}: performance indicators",
        columns=tuple(columns),
        rows=tuple(
            _indicator_row(config, indicator, row, computed, bool(national))
            for indicator, row in rows
        ),
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
    config: Config,
    indicator: Indicator,
    row: ComputedRow | None,
    computed: Computed,
    with_national: bool,
) -> tuple[Cell, ...]:
    if row is None:
        blanks = [Cell("–", numeric=True)] * (5 + with_national)
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
        Cell("", chart=dashboards.sparkline(config, row, computed)),
        target,
        _figure_cell(indicator, row.previous),
        _figure_cell(indicator, row.year_ago),
    ]
    if with_national:
        cells.append(_figure_cell(indicator, row.comparators.get("national")))
    cells.append(Cell(RAG[row.rating].word, rating=row.rating) if row.rating else Cell(NOT_RATED))
    return tuple(cells)
