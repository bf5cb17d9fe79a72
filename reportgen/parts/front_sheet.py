"""The front sheet: the covering report's first page, as a committee report opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import wording
from reportgen.model import Block, BulletList, Facts, Heading, Paragraph, Section
from reportgen.periods import financial_year, long_date
from reportgen.ratings import is_missing

if TYPE_CHECKING:
    from reportgen.parts.context import Context

OVERVIEW = (
    "The executive summary in the performance report draws out what is going well and the "
    "issues being addressed"
)
DETAIL_PARTS = {  # where a reader finds the detail, by part
    "dashboards": "dashboards",
    "data_tables": "data tables",
    "scorecard": "a scorecard",
    "monthly_summary": "a performance summary of every measure",
    "locality_rug": "the localities' ratings",
    "measure_pages": "a page for each measure",
}
DEFAULT_RECOMMENDATION = (
    "The committee is recommended to note the overall position and direction of travel in "
    "relation to performance, and the actions being taken to address areas of challenge."
)


def build(context: Context) -> list[Section]:
    config = context.config
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
        f"with {_compared_with(context)}.",
    )
    summary = config.summary or (
        f"This report sets out performance for {quarter}. {_guide(context)}",
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


def _guide(context: Context) -> str:
    """Return where the pack's detail is, from the parts its layout has."""
    layout = context.config.layout
    named = [DETAIL_PARTS[part] for part in layout if part in DETAIL_PARTS]
    detail = f"{wording.in_words(named)} {'give' if len(named) > 1 else 'gives'} the detail."
    if "executive_summary" in layout:
        return f"{OVERVIEW}; {detail}" if named else f"{OVERVIEW}."
    return detail[:1].upper() + detail[1:] if named else ""


def _text_or_bullets(texts: tuple[str, ...]) -> Block:
    return BulletList(texts) if len(texts) > 1 else Paragraph(texts[0])


def _compared_with(context: Context) -> str:
    """Return what the pack compares performance with: targets only where it has some."""
    has_targets = any(
        r.indicator.kind == "target" and not is_missing(r.latest.target)
        for r in context.home_rows()
    )
    references = [
        *(["targets"] if has_targets else []),
        "earlier periods",
        *(["benchmarks"] if context.config.comparators else []),
    ]
    return wording.in_words(references)
