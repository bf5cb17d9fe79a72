"""What a report can ask for, as values: its parts and covering-report headings, its rating
scheme and tolerance, and small-number suppression. Shared by configuration and the stages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen.errors import echoed
from reportgen.limits import LARGEST_FIGURE, MOST_RELATIVE_TOLERANCE

FORMATS = ("pdf", "docx", "html")  # what a build writes
IMPORTERS = ("ees", "fingertips", "lait", "neighbours")  # the published files it imports
RATING_SCHEMES = ("tolerance", "dtcg", "quartile", "threshold", "significance")
CONFIDENCE_LEVELS = (95.0, 99.8)
TOLERANCE_HELP = "write e.g. 2% for relative to the reference, or 2pp (or 2) for absolute"
_TOLERANCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|pp)?\s*$")

# The default layout: Durham's covering report, then its appendices (reportgen.parts has
# every part a layout may name).
SECTIONS = (
    "front_sheet",
    "implications",
    "contents",
    "executive_summary",
    "dashboards",
    "benchmarking",
    "report_key",
    "data_tables",
    "scorecard",
    "definitions",
    "chart_data",
)
# Appendix 1 of a covering report: each heading says "Not applicable" unless given.
IMPLICATIONS = {
    "legal": "Legal Implications",
    "finance": "Finance",
    "consultation": "Consultation",
    "equality_and_diversity": "Equality and Diversity / Public Sector Equality Duty",
    "climate_change": "Climate Change",
    "human_rights": "Human Rights",
    "crime_and_disorder": "Crime and Disorder",
    "staffing": "Staffing",
    "accommodation": "Accommodation",
    "risk": "Risk",
    "procurement": "Procurement",
}


@dataclass(frozen=True)
class Tolerance:
    """How far worse than its reference a figure may be and still be amber."""

    amount: float
    relative: bool

    def __str__(self) -> str:
        number = f"{self.amount:g}"
        return f"{number}%" if self.relative else f"{number} (in the indicator's own units)"


@dataclass(frozen=True)
class RatingConfig:
    """The rating scheme applied to every indicator unless the indicator says otherwise."""

    scheme: str = "tolerance"
    tolerance: Tolerance = field(default_factory=lambda: Tolerance(2.0, relative=True))
    confidence: float = 95.0  # the significance scheme's confidence level, per cent


@dataclass(frozen=True)
class Suppression:
    """Small-number suppression for public packs: counts from 1 to `count`, and percentages or
    rates whose numerator is 1 to `count` or whose denominator is 1 to `denominator`."""

    count: int = 5
    denominator: int = 10
    symbol: str = "c"


def parse_tolerance(text: object) -> Tolerance:
    """Return the tolerance written as "2%" (relative) or "2pp" / 2 (absolute)."""
    written = str(text)
    shown = echoed(written)
    match = _TOLERANCE.match(written)
    if not match or isinstance(text, bool):
        raise ValueError(f"{shown} is not a tolerance ({TOLERANCE_HELP})")
    amount, relative = float(match[1]), match[2] == "%"
    if relative and amount > MOST_RELATIVE_TOLERANCE:
        raise ValueError(f"{shown} is too wide (allowed: up to {MOST_RELATIVE_TOLERANCE:g}%)")
    if not amount < LARGEST_FIGURE:
        raise ValueError(f"{shown} is too wide (allowed: less than {LARGEST_FIGURE:,.0f})")
    return Tolerance(amount, relative=relative)
