"""What has changed since the last report, decided once for the `changes` part and the
executive summary: each indicator whose rating changed (from, to, and why now), the reds that
are new and those resolved, and how many of each rating then and now."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.compute import ComputedRow
from reportgen.config import Config
from reportgen.periods import long_date
from reportgen.previous import RATING_ORDER, Previous
from reportgen.reasons import rating_reason
from reportgen.theme import RAG
from reportgen.wording import in_words

RATINGS = ("green", "amber", "red")


@dataclass(frozen=True)
class Changed:
    """An indicator whose rating is not what it was in the last report."""

    row: ComputedRow
    before: str | None
    reason: str  # why it has its rating now

    @property
    def better(self) -> bool:
        return _rank(self.row.rating) > _rank(self.before)


def _rank(rating: str | None) -> int:
    return RATING_ORDER.get(rating or "", -1)


def rating_word(rating: str | None) -> str:
    return RAG[rating].word if rating else "Not rated"


def changed(previous: Previous, rows: list[ComputedRow], config: Config) -> list[Changed]:
    """Return the indicators of both reports whose rating changed, in the pack's order."""
    return [
        Changed(row, then.rating, rating_reason(row, config))
        for row in rows
        if (then := previous.ratings.get(row.indicator.id)) is not None
        and then.rating != row.rating
    ]


def counts(ratings: list[str | None]) -> str:
    """Return "12 green, 8 amber and 5 red"."""
    return in_words([f"{sum(r == rating for r in ratings)} {rating}" for rating in RATINGS])


def since(previous: Previous) -> str:
    return f"the last report (to {long_date(previous.period_end)})"


def summary_line(previous: Previous, rows: list[ComputedRow], config: Config) -> str:
    """Return the executive summary's one line on what changed since the last report."""
    moved = changed(previous, rows, config)
    if not moved:
        return f"No rating has changed since {since(previous)}."
    better = sum(c.better for c in moved)
    parts = [f"{better} better", f"{len(moved) - better} worse"]
    new, resolved = new_reds(moved), resolved_reds(moved)
    reds = []
    if new:
        reds.append(f"{len(new)} {'is' if len(new) == 1 else 'are'} newly red")
    if resolved:
        reds.append(f"{len(resolved)} {'is' if len(resolved) == 1 else 'are'} no longer red")
    word = "rating" if len(moved) == 1 else "ratings"
    line = f"Since {since(previous)}, {len(moved)} {word} changed: {in_words(parts)}"
    return line + (f"; {in_words(reds)}." if reds else ".")


def new_reds(moved: list[Changed]) -> list[Changed]:
    return [c for c in moved if c.row.rating == "red"]


def resolved_reds(moved: list[Changed]) -> list[Changed]:
    return [c for c in moved if c.before == "red"]
