"""Monthly reporting's figures and words, decided once for every part that shows them: the
months shown, direction-of-travel arrows, localities' movements and the drafted
"performance analysis" of a measure, in the register of a council's monthly data pack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportgen.compute import Computed, ComputedRow, Figure
from reportgen.formatting import format_number, format_value, shown_places
from reportgen.model import Line, Narrative
from reportgen.narrative import fingerprint
from reportgen.periods import shift_months
from reportgen.ratings import is_missing
from reportgen.tables import Indicator
from reportgen.wording import figure_text, lower_first, missing_meaning

# Direction of travel month on month: an arrow and its word, so colour is never the key.
ARROWS = {
    "improving": ("↑", "Better"),
    "worsening": ("↓", "Worse"),
    "same": ("→", "Same"),
    "higher": ("·", "Higher"),  # no polarity (Norfolk's "Info"): a dot, and which way it moved
    "lower": ("·", "Lower"),
}
NBSP = "\u00a0"
MINUS = "\u2212"  # a minus sign, which no line breaks after and a screen reader reads
GOOD_PERFORMANCE = {"high": "High", "low": "Low", "none": "Info"}
DATA_NOTES = {
    "percent": "Percentage",
    "count": "Count",
    "rate_per_1k": "Rate",
    "rate_per_10k": "Rate",
    "rate_per_100k": "Rate",
    "days": "Days",
    "score": "Score",
    "ratio": "Ratio",
    "currency": "Money",
}
ORDINAL_WORDS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def month_ends(end: date, count: int) -> tuple[date, ...]:
    """Return the last day of each of the `count` months to `end`, earliest first."""
    return tuple(shift_months(end, -back) for back in reversed(range(count)))


def in_month(figures: tuple[Figure, ...], day: date) -> Figure | None:
    """Return the figure for the month ending `day`, if there is one."""
    return next((f for f in figures if f.period_end == day), None)


def arrow(row: ComputedRow | None) -> str:
    """Return the direction of travel month on month as the tables print it: "↑ Better",
    "· Higher"; a dash where the figure before the latest is not the month before's."""
    if row is None or row.direction is None or not is_month_on_month(row):
        return "–"
    symbol, word = ARROWS[row.direction]
    if row.indicator.polarity == "none":
        symbol = "·"
    return f"{symbol}{NBSP}{word}"  # kept on one line


BENCHMARK_NAMES = {
    "neighbours": "statistical neighbour average",
    "best_neighbour": "best statistical neighbour",
    "national": "national average",
    "top_quartile": "national top quartile",
}


def benchmarks_text(row: ComputedRow, region: str) -> str:
    """Return a measure's latest benchmarks in a line, each with its period (said once when
    they share one): "statistical neighbour average 85.5%, best statistical neighbour
    (Thornmere) 92.6%, ... (all 2025/26)"."""
    names = BENCHMARK_NAMES | ({"regional": region} if region else {})
    found = [(role, row.comparators[role]) for role in names if role in row.comparators]
    found = [(role, f) for role, f in found if _shown(f)]
    if not found:
        return ""
    periods = {f.label for _, f in found}
    parts = [
        f"{names[role]}{f' ({f.area})' if role == 'best_neighbour' else ''} "
        f"{figure_text(row.indicator, f)}{'' if len(periods) == 1 else f' ({f.label})'}"
        for role, f in found
    ]
    text = ", ".join(parts)
    text = text[:1].upper() + text[1:]
    if len(periods) == 1:
        period = periods.pop()
        text += f" ({'all ' if len(found) > 1 else ''}{period})"
    return text


def data_note(indicator: Indicator) -> str:
    """Return what kind of figure a measure is: the indicators table's note, else its unit's."""
    return indicator.data_note or DATA_NOTES[indicator.unit]


def is_month_on_month(row: ComputedRow) -> bool:
    """Return whether a row's previous figure is the month before its latest."""
    previous = row.previous
    return previous is not None and previous.period_end == shift_months(row.latest.period_end, -1)


@dataclass(frozen=True)
class Change:
    """How an area's figure moved from one month to the next."""

    area: str
    before: float
    after: float

    @property
    def amount(self) -> float:
        return self.after - self.before


def _shown(figure: Figure | None) -> bool:
    return figure is not None and not figure.missing and not is_missing(figure.value)


def locality_rows(computed: Computed, indicator: Indicator, area: str) -> list[ComputedRow]:
    """Return the computed rows of an area's localities for a measure, in their order."""
    return [
        row
        for locality in computed.localities(area)
        if (row := computed.row(indicator.id, locality)) is not None
    ]


def missing_month(computed: Computed, indicator: Indicator, area: str) -> date | None:
    """Return the month an area's localities have a figure for a measure and the area itself
    has none (its cells show dashes), or None."""
    found = [row.latest.period_end for row in locality_rows(computed, indicator, area)]
    home = computed.row(indicator.id, area)
    latest = max(found, default=None)
    if latest is None or (home is not None and home.latest.period_end >= latest):
        return None
    return latest


def no_figure(area: str, month: date) -> str:
    """Return why an area's cells are dashes: "No figure for Norfolk for December 2020"."""
    return f"No figure for {area} for {month:%B %Y}"


def changes(rows: list[ComputedRow]) -> list[Change]:
    """Return each locality's month-on-month change, where both months are shown (a
    suppressed figure is never named)."""
    return [
        Change(row.area, row.previous.value, row.latest.value)
        for row in rows
        if row.previous is not None
        and _shown(row.previous)
        and _shown(row.latest)
        and is_month_on_month(row)
    ]


def _difference(indicator: Indicator, amount: float, signed: bool = False) -> str:
    """Return a difference in the measure's units: "45", "1.1 percentage points"."""
    text = format_number(abs(amount), shown_places(indicator.unit, indicator.decimals))
    if signed:
        text = (MINUS if amount < 0 else "+") + text
    return f"{text} percentage points" if indicator.unit == "percent" else text


def _same_printed(indicator: Indicator, a: float, b: float) -> bool:
    return format_value(a, indicator.unit, indicator.decimals) == format_value(
        b, indicator.unit, indicator.decimals
    )


def _sign(indicator: Indicator, before: float, after: float) -> int:
    if _same_printed(indicator, before, after):
        return 0
    return 1 if after > before else -1


def _run_phrase(indicator: Indicator, figures: tuple[Figure, ...], day: date) -> str:
    """Return " for the first time in 6 months" or " for the third month in a row", when the
    month's movement breaks or extends a run of three or more months."""
    signs = []
    month = day
    while True:
        after, before = in_month(figures, month), in_month(figures, shift_months(month, -1))
        if not (_shown(after) and _shown(before)):
            break
        assert after is not None and before is not None
        signs.append(_sign(indicator, before.value, after.value))
        month = shift_months(month, -1)
    if not signs or signs[0] == 0:
        return ""
    same = next((i for i, s in enumerate(signs) if s != signs[0]), len(signs))
    if same >= 3:
        word = ORDINAL_WORDS[same] if same < len(ORDINAL_WORDS) else f"{same}th"
        return f" for the {word} month in a row"
    # The last month that moved this way, or (none in the months shown) the first of them.
    since = next((i for i, s in enumerate(signs[1:], 1) if s == signs[0]), len(signs))
    return f" for the first time in {since} months" if since >= 3 else ""


def _against_last_year(indicator: Indicator, row: ComputedRow, sign: int) -> str:
    """Return ", but 421 fewer than the same month last year" (", and ..." where it agrees)."""
    year_ago = row.year_ago
    if year_ago is None or not _shown(year_ago):
        return ""
    latest = row.latest.value
    yearly = _sign(indicator, year_ago.value, latest)
    if yearly == 0:
        return ", the same as the same month last year"
    more, less = ("more", "fewer") if indicator.unit == "count" else ("higher", "lower")
    word = more if yearly > 0 else less
    joiner = "" if sign == 0 else " and" if yearly == sign else " but"
    return f",{joiner} {_difference(indicator, latest - year_ago.value)} {word} than the same month last year"


def _county_sentence(row: ComputedRow, figures: tuple[Figure, ...]) -> str:
    indicator, latest = row.indicator, row.latest
    month = f"{latest.period_end:%B}"
    title = indicator.title
    if latest.missing or is_missing(latest.value):
        return f"{title} in {month}: {figure_text(indicator, latest)}, {missing_meaning(latest.missing)}."
    value = figure_text(indicator, latest)
    previous = row.previous
    if previous is None or not _shown(previous) or not is_month_on_month(row):
        return f"{title} was {value} in {month}{_against_last_year(indicator, row, 0)}."
    sign = _sign(indicator, previous.value, latest.value)
    if sign == 0:
        return (
            f"{title} was unchanged in {month} at {value}{_against_last_year(indicator, row, 0)}."
        )
    verb, way = ("increased", "up") if sign > 0 else ("decreased", "down")
    run = _run_phrase(indicator, figures, latest.period_end)
    amount = _difference(indicator, latest.value - previous.value)
    return (
        f"{title} {verb} in {month}{run}, {way} {amount} to {value}"
        f"{_against_last_year(indicator, row, sign)}."
    )


def _localities_sentence(indicator: Indicator, moved: list[Change]) -> str:
    """Return which localities rose and fell most, by how much."""
    rises = sorted(
        (c for c in moved if _sign(indicator, c.before, c.after) > 0), key=lambda c: -c.amount
    )
    falls = sorted(
        (c for c in moved if _sign(indicator, c.before, c.after) < 0), key=lambda c: c.amount
    )
    if len(moved) < 2 or not (rises or falls):
        return ""
    if len(rises) == len(moved) or len(falls) == len(moved):
        run = rises or falls
        word = "increased" if rises else "decreased"
        low, high = run[-1], run[0]
        return (
            f"All localities {word}, from {_difference(indicator, low.amount, True)} in {low.area} "
            f"to {_difference(indicator, high.amount, True)} in {high.area}."
        )
    rise = rises[0] if rises else None
    fall = falls[0] if falls else None
    rose = (
        rise
        and f"{rise.area} saw the biggest increase ({_difference(indicator, rise.amount, True)})"
    )
    fell = (
        fall and f"{fall.area} the largest decrease ({_difference(indicator, fall.amount, True)})"
    )
    if rose and fell:
        return f"{rose}; {fell}."
    if rose:
        return f"{rose}; no locality decreased."
    assert fall is not None
    return f"No locality increased; {fall.area} saw the largest decrease ({_difference(indicator, fall.amount, True)})."


def _extremes_sentence(indicator: Indicator, rows: list[ComputedRow]) -> str:
    """Return which locality had the highest figure this month, and which the lowest."""
    shown = [r for r in rows if _shown(r.latest)]
    if len(shown) < 2:
        return ""
    highest = max(shown, key=lambda r: r.latest.value)
    lowest = min(shown, key=lambda r: r.latest.value)
    if _same_printed(indicator, highest.latest.value, lowest.latest.value):
        return ""
    most, least = (
        ("the most", "the fewest") if indicator.unit == "count" else ("the highest", "the lowest")
    )
    return (
        f"{highest.area} had {most} ({figure_text(indicator, highest.latest)}) and "
        f"{lowest.area} {least} ({figure_text(indicator, lowest.latest)})."
    )


def analysis_sentences(computed: Computed, row: ComputedRow) -> tuple[str, ...]:
    """Return the performance analysis of a measure, from the figures only: the month against
    the month before and the same month last year, then the localities' movements."""
    indicator = row.indicator
    figures = computed.series.get((indicator.id, row.area), ())
    rows = locality_rows(computed, indicator, row.area)
    sentences = [_county_sentence(row, figures)]
    sentences.append(_localities_sentence(indicator, changes(rows)))
    sentences.append(_extremes_sentence(indicator, rows))
    return tuple(s for s in sentences if s)


def performance_analysis(computed: Computed, indicator: Indicator, area: str) -> Narrative:
    """Return the officers' place for a measure's performance analysis, drafted as one
    paragraph from the figures (or a prompt where there are none)."""
    row = computed.row(indicator.id, area)
    sentences = analysis_sentences(computed, row) if row is not None else ()
    prompt = f"Add the performance analysis of {lower_first(indicator.title)}."
    return Narrative(
        key=f"measure.{indicator.id}",
        label=f"Performance analysis: {indicator.title}",
        lines=(Line(" ".join(sentences) if sentences else prompt),),
        status="draft" if sentences else "prompt",
        fingerprint=fingerprint(sentences),
    )
