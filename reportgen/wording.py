"""The pack's drafted words, decided once: key data messages, the sentences that draft officers'
commentary, and which indicators are going well or need attention."""

from __future__ import annotations

from reportgen.compute import ComputedRow, Figure
from reportgen.formatting import format_value
from reportgen.inputs import MISSING_CODES
from reportgen.model import KeyMessage, Line, Narrative
from reportgen.narrative import fingerprint
from reportgen.periods import period_phrase
from reportgen.ratings import is_missing
from reportgen.tables import Indicator

MOST_SUMMARY_POINTS = 6


def missing_meaning(code: str) -> str:
    """Return why a figure is missing, as a sentence says it: "not applicable" for z, and for
    c (or a pack's own suppression symbol) "suppressed to protect children's identities"."""
    meaning = MISSING_CODES.get(code, "")
    if code == "c" or not meaning:
        return "suppressed to protect children's identities"
    return meaning


def figure_text(indicator: Indicator, figure: Figure) -> str:
    """Return a figure as the pack writes it: "1,183", "18%", or its suppression code."""
    return format_value(figure.value, indicator.unit, indicator.decimals, figure.missing)


def lower_first(title: str) -> str:
    """Return a title to continue a sentence: "Children in care" -> "children in care", but
    "EHCPs issued" stays as it is."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def comparison_word(indicator: Indicator, value: float, reference: float) -> str:
    """Return "more than", "fewer than", "higher than", "lower than" or "the same as"."""
    if format_value(value, indicator.unit, indicator.decimals) == format_value(
        reference, indicator.unit, indicator.decimals
    ):
        return "the same as"
    if indicator.unit == "count":
        return "more than" if value > reference else "fewer than"
    return "higher than" if value > reference else "lower than"


def key_message(row: ComputedRow) -> KeyMessage | None:
    """Return a tile such as "1,183 | children in care, more than 12 months earlier (949)"."""
    indicator, latest, year_ago = row.indicator, row.latest, row.year_ago
    if latest.missing or is_missing(latest.value) or year_ago is None or is_missing(year_ago.value):
        return None
    word = comparison_word(indicator, latest.value, year_ago.value)
    return KeyMessage(
        figure=figure_text(indicator, latest),
        message=f"{lower_first(indicator.title)} ({period_phrase(latest.label)}), {word} 12 months earlier "
        f"({figure_text(indicator, year_ago)})",
    )


def drafted_sentence(row: ComputedRow, national_name: str) -> str:
    """Return a sentence an officer can keep or rewrite, built only from the figures."""
    indicator, latest = row.indicator, row.latest
    sentence = (
        f"{indicator.title}: {figure_text(indicator, latest)} ({period_phrase(latest.label)})"
    )
    if latest.missing:
        return sentence + f", {missing_meaning(latest.missing)}."
    if row.year_ago is not None and not is_missing(row.year_ago.value):
        word = comparison_word(indicator, latest.value, row.year_ago.value)
        sentence += f", {word} 12 months earlier ({figure_text(indicator, row.year_ago)})"
    national = row.comparators.get("national")
    if national is not None and not is_missing(national.value):
        word = comparison_word(indicator, latest.value, national.value)
        sentence += f"; {word} {national_name} ({figure_text(indicator, national)}, {period_phrase(national.label)})"
    return sentence + "."


def summary_place(row: ComputedRow) -> str | None:
    """Return where an indicator belongs in the executive summary, "going well" or "issues",
    or None: its rating decides, and where it has no rating (or amber) its direction of
    travel, so no indicator is ever both."""
    if row.rating in ("green", "red"):
        return "going well" if row.rating == "green" else "issues"
    return {"improving": "going well", "worsening": "issues"}.get(row.direction or "")


def going_well(rows: list[ComputedRow]) -> list[ComputedRow]:
    """Return the indicators going well: rated green, or improving; greens that improved first."""
    chosen = [r for r in rows if summary_place(r) == "going well"]
    chosen.sort(key=lambda r: (r.rating != "green", r.direction != "improving"))
    return chosen[:MOST_SUMMARY_POINTS]


def needing_attention(rows: list[ComputedRow]) -> list[ComputedRow]:
    """Return the issues being addressed: rated red, or worsening; reds that worsened first."""
    chosen = [r for r in rows if summary_place(r) == "issues"]
    chosen.sort(key=lambda r: (r.rating != "red", r.direction != "worsening"))
    return chosen[:MOST_SUMMARY_POINTS]


def drafted_narrative(
    key: str,
    label: str,
    rows: list[ComputedRow],
    national_name: str,
    prompt: str,
    optional: bool = False,
) -> Narrative:
    """Return a place for officers' words holding sentences drafted from the figures (or a
    prompt where there is nothing to draft), fingerprinted by those figures."""
    sentences = tuple(drafted_sentence(row, national_name) for row in rows)
    return Narrative(
        key=key,
        label=label,
        # One sentence reads as a paragraph; several as a list.
        lines=tuple(Line(s, bullet=len(sentences) > 1) for s in sentences or (prompt,)),
        status="draft" if sentences else "prompt",
        fingerprint=fingerprint(sentences),
        optional=optional,
    )


def in_words(items: list[str]) -> str:
    """Return items as a sentence lists them: "targets, earlier periods and benchmarks"."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)
