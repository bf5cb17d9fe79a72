"""Computed indicators -> the Pack: the parts of the pack, in the order report.yaml lays out.

Every wording, number format and rating shown is decided in the build stage (here and in
dashboards.py, data_tables.py, rating_keys.py and wording.py); renderers only lay it out.
"""

from __future__ import annotations

from collections.abc import Callable

from reportgen import charts, dashboards, data_tables, wording
from reportgen.compute import Computed, ComputedRow
from reportgen.config import Config
from reportgen.inputs import MISSING_CODES
from reportgen.model import (
    Block,
    BulletList,
    Cell,
    Chart,
    Contents,
    Facts,
    Heading,
    IndicatorTable,
    Narrative,
    Pack,
    Paragraph,
    Section,
)
from reportgen.options import RATING_SCHEMES
from reportgen.paths import slug
from reportgen.periods import financial_year, long_date
from reportgen.rating_keys import benchmarks_sentence, rating_key
from reportgen.ratings import is_missing
from reportgen.tables import Indicator

ANNUALISED_NOTE = (
    "Annualised: a count or rate for part of a year is scaled to a full year (x 12 / months), "
    "so that it compares with annual figures and benchmarks."
)
DEFAULT_RECOMMENDATION = (
    "The committee is recommended to note the overall position and direction of travel in "
    "relation to performance, and the actions being taken to address areas of challenge."
)

Themes = dict[str, list[Indicator]]
SectionMaker = Callable[[Config, Themes, Computed], list[Section]]


def build_pack(config: Config, computed: Computed) -> Pack:
    """Return the committee pack: each part report.yaml's layout names, in its order."""
    themes: Themes = {}
    for indicator in computed.indicators:
        themes.setdefault(indicator.theme, []).append(indicator)
    sections: list[Section] = []
    for part in config.layout:
        made = PARTS[part](config, themes, computed)
        if made:  # the first page of each part starts on a right-hand page when duplex
            made[0] = Section(made[0].id, made[0].blocks, made[0].landscape, part=True)
        sections += made
    if "chart_data" in config.layout:
        at = next(i for i, s in enumerate(sections) if s.id == "chart-data")
        sections[at : at + 1] = _chart_data(sections)
    if "contents" in config.layout:
        sections = _with_contents(sections)
    header = config.committee + (
        f" | Agenda item {config.agenda_item}" if config.agenda_item else ""
    )
    return Pack(
        title=config.title,
        subject=f"{config.committee}, {long_date(config.meeting_date)}",
        author=config.author or config.council or config.area,
        sections=tuple(sections),
        header=header,
        council=config.council,
        logo=config.logo,
        accent_colour=config.accent_colour,
        duplex=config.duplex,
        generated=config.generated,
        notice="" if config.audience == "public" else "Not for publication",
        edition=f"{config.area} to {long_date(config.period_end)}",
    )


def symbol_meaning(config: Config, code: str) -> str:
    """Return what a symbol in the pack's tables means."""
    if config.audience == "public" and code == config.suppression.symbol:
        return (
            f"{config.suppression.count} or fewer children, suppressed so that no child can "
            "be identified"
        )
    return MISSING_CODES.get(code, "not available")


def _home_rows(config: Config, computed: Computed) -> list[ComputedRow]:
    return [row for row in computed.rows if row.area == config.area]


def _front_sheet(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    facts = [("Committee", config.committee), ("Date of meeting", long_date(config.meeting_date))]
    facts += [
        (label, value)
        for label, value in (
            ("Agenda item", config.agenda_item),
            ("Report of", config.report_of),
            ("Electoral divisions affected", config.divisions),
        )
        if value
    ]
    quarter = f"the period to {long_date(config.period_end)} ({financial_year(config.period_end)})"
    purpose = config.purpose or (
        f"To present {config.area}'s children's services performance for {quarter}, compared "
        f"with {_compared_with(config, computed)}.",
    )
    summary = config.summary or (
        f"This report sets out performance for {quarter}. The executive summary in the "
        "performance report draws out what is going well and the issues being addressed; "
        "dashboards, data tables and a scorecard give the detail.",
    )
    author = config.author + (f", {config.contact}" if config.contact else "")
    blocks: list[Block] = [
        *([Paragraph(config.council)] if config.council else []),
        Heading(config.title, level=0),  # the document's title
        Facts(tuple(facts)),
        Heading("Purpose of the report", level=2),
        _text_or_bullets(purpose),
        Heading("Executive summary", level=2),
        *(Paragraph(text) for text in summary),  # paragraphs, as an executive summary reads
        Heading("Recommendation", level=2),
        _text_or_bullets(config.recommendations or (DEFAULT_RECOMMENDATION,)),
        Heading("Background papers", level=2),
        _text_or_bullets(config.background_papers or ("None.",)),
    ]
    if author:
        blocks += [Heading("Author", level=2), Paragraph(author)]
    return [Section(id="front-sheet", blocks=tuple(blocks))]


def _text_or_bullets(texts: tuple[str, ...]) -> Block:
    return BulletList(texts) if len(texts) > 1 else Paragraph(texts[0])


def _compared_with(config: Config, computed: Computed) -> str:
    """Return what the pack compares performance with: targets only where it has some."""
    has_targets = any(
        r.indicator.kind == "target" and not is_missing(r.latest.target)
        for r in _home_rows(config, computed)
    )
    references = [
        *(["targets"] if has_targets else []),
        "earlier periods",
        *(["benchmarks"] if config.comparators else []),
    ]
    return wording.in_words(references)


def _implications(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    blocks: list[Block] = [Heading("Appendix 1: Implications", level=1)]
    for heading, text in config.implications.items():
        blocks += [Heading(heading, level=2), Paragraph(text)]
    return [Section(id="implications", blocks=tuple(blocks))]


def _contents_placeholder(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    return [Section(id="contents", blocks=(Contents("Contents", ()),))]


def _with_contents(sections: list[Section]) -> list[Section]:
    """Return the sections with the contents filled in: every later part's first heading."""
    at = next(i for i, s in enumerate(sections) if s.id == "contents")
    entries = tuple(
        (heading.text, s.id)
        for s in sections[at + 1 :]
        for heading in s.blocks[:1]
        if isinstance(heading, Heading)
    )
    contents = Section(
        "contents",
        (Heading("Contents", level=1), Contents("Contents", entries)),
        part=sections[at].part,
    )
    return [*sections[:at], contents, *sections[at + 1 :]]


def _executive_summary(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    rows = _home_rows(config, computed)
    national = config.national_name
    blocks: list[Block] = [
        Heading("Executive summary", level=1),
        Paragraph(
            f"This performance report covers {config.area}'s children's services to "
            f"{long_date(config.period_end)}. Indicators are rated as the report key "
            "explains; the points below are drafted from the ratings for officers to "
            "confirm or rewrite."
        ),
    ]
    for heading, key, chosen, prompt in (
        ("Going well", "summary.going-well", wording.going_well(rows), "Add what is going well."),
        (
            "Issues we are addressing",
            "summary.issues",
            wording.needing_attention(rows),
            "Add the issues being addressed, and what is being done.",
        ),
    ):
        blocks += [
            Heading(heading, level=2),
            wording.drafted_narrative(key, heading, chosen, national, prompt=prompt),
        ]
    return [Section(id="executive-summary", blocks=tuple(blocks))]


def _dashboards(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    return [
        Section(
            id=f"dashboard-{slug(theme)}",
            blocks=tuple(dashboards.dashboard_blocks(config, theme, indicators, computed)),
        )
        for theme, indicators in themes.items()
    ]


def _benchmarking(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    rugs = dashboards.tartan_charts(config, computed)
    if not rugs:
        return []
    return [
        Section(
            id="benchmarking",
            landscape=True,
            blocks=(
                Heading("Benchmarking with statistical neighbours", level=1),
                Paragraph(
                    f"Each row ranks {config.area} and its statistical neighbours on one indicator, for "
                    "the latest period most of them have published. Ranks run from 1st, the best "
                    "for the indicator's direction; darker blue is better, orange worse, and every cell gives its "
                    f"figure. {config.area}'s column is outlined."
                ),
                *rugs,
            ),
        )
    ]


def _report_key(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    schemes = sorted({row.scheme for row in _home_rows(config, computed)}, key=RATING_SCHEMES.index)
    codes = sorted({row.latest.missing for row in computed.rows if row.latest.missing})
    blocks: list[Block] = [
        Heading("Report key", level=1),
        *(block for scheme in schemes for block in rating_key(scheme, config)),
        Paragraph(benchmarks_sentence(config)),
    ]
    if codes:
        blocks += [
            Heading("Symbols", level=2),
            BulletList(tuple(f"{code}: {symbol_meaning(config, code)}" for code in codes)),
        ]
    blocks.append(Paragraph(ANNUALISED_NOTE))
    return [Section(id="report-key", blocks=tuple(blocks))]


def _data_tables(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    blocks: list[Block] = [
        Heading("Data tables", level=1),
        Paragraph(
            "Every indicator with its latest figure, references and ratings; the report "
            "key explains the ratings."
        ),
    ]
    for theme, indicators in themes.items():
        blocks += [
            Heading(theme, level=2),
            data_tables.data_table(config, theme, indicators, computed),
            *(_indicator_place(config, indicator, computed) for indicator in indicators),
        ]
    return [Section(id="data-tables", blocks=tuple(blocks), landscape=True)]


def _indicator_place(config: Config, indicator: Indicator, computed: Computed) -> Narrative:
    """Return the place for a word on one indicator, after its row: shown once written."""
    row = computed.row(indicator.id, config.area)
    return wording.drafted_narrative(
        f"indicator.{indicator.id}",
        f"Commentary: {indicator.title}",
        [row] if row is not None else [],
        config.national_name,
        prompt=f"Add commentary on {wording.lower_first(indicator.title)}.",
        optional=True,
    )


def _scorecard(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    return [
        Section(
            id="scorecard",
            landscape=True,
            blocks=(
                Heading("Scorecard", level=1),
                data_tables.scorecard(config, themes, computed),
                Paragraph(
                    "Performance shows the numerator in brackets where there is one. Better or "
                    "worse compares with the previous figure; quartile 1 is the best quarter of "
                    "local authorities."
                ),
            ),
        )
    ]


def _definitions(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    return [
        Section(
            id="definitions",
            landscape=True,
            blocks=(
                Heading("Appendix: indicator definitions", level=1),
                data_tables.definitions(config, themes, computed),
                Heading("Data sources", level=2),
                data_tables.sources(config, themes, computed),
            ),
        )
    ]


def _chart_data_placeholder(config: Config, themes: Themes, computed: Computed) -> list[Section]:
    return [Section(id="chart-data", blocks=())]  # filled in last, from every part's charts


def _chart_data(sections: list[Section]) -> list[Section]:
    """Return an appendix giving every chart's figures as a table (sparklines aside)."""
    blocks: list[Block] = []
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Chart):
                columns, rows = charts.data_table(block.spec)
                blocks.append(
                    IndicatorTable(
                        caption=block.title,
                        columns=columns,
                        compact=True,
                        rows=tuple(
                            tuple(Cell(text, numeric=i > 0) for i, text in enumerate(row))
                            for row in rows
                        ),
                        groups=charts.data_groups(block.spec),
                    )
                )
    if not blocks:
        return []
    return [
        Section(
            id="chart-data",
            part=True,
            blocks=(
                Heading("Appendix: the figures behind the charts", level=1),
                Paragraph(
                    "Each chart in this pack, as a table, for readers who cannot see the charts."
                ),
                *blocks,
            ),
        )
    ]


PARTS: dict[str, SectionMaker] = {
    "front_sheet": _front_sheet,
    "implications": _implications,
    "contents": _contents_placeholder,
    "executive_summary": _executive_summary,
    "dashboards": _dashboards,
    "benchmarking": _benchmarking,
    "report_key": _report_key,
    "data_tables": _data_tables,
    "scorecard": _scorecard,
    "definitions": _definitions,
    "chart_data": _chart_data_placeholder,
}
