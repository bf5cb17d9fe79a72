"""The data contract: each table's columns and allowed values, parsed into typed records.

Every problem is collected with its file, row and column; nothing stops at the first.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

import pandas as pd

from reportgen.areas import STATUSES
from reportgen.errors import Problem, echoed
from reportgen.formatting import DEFAULT_DECIMALS, plain_number
from reportgen.inputs import (
    NUMBER_HELP,
    RawTable,
    missing_code,
    parse_number,
    tidy_number,
)
from reportgen.options import RATING_SCHEMES, Tolerance, parse_tolerance
from reportgen.periods import long_date, parse_date

log = logging.getLogger(__name__)
T = TypeVar("T")

UNITS = (
    "percent",
    "count",
    "rate_per_1k",
    "rate_per_10k",
    "rate_per_100k",
    "days",
    "score",
    "ratio",
    "currency",
)
POLARITIES = ("high", "low", "none")
KINDS = ("target", "tracker")
MEASURES = ("stock", "flow")
AREA_TYPES = ("la", "region", "national", "neighbours", "locality")
# Places a figure is shown to when the indicators table does not say: as written, up to 2
# (more is a spreadsheet's float noise, not a precision anyone published), and 1 for a
# percentage or rate worked out from its numerator and denominator.
MAX_GIVEN_DECIMALS = 2
DERIVED_DECIMALS = 1

COLUMNS = {
    "indicators": (
        ("id", "title", "unit", "polarity", "kind"),
        (
            "theme",
            "decimals",
            "measure",
            "definition",
            "source",
            "scheme",
            "tolerance",
            "red_threshold",
            "green_threshold",
            "group",
            "category",
            "ref",
            "data_note",
        ),
    ),
    "observations": (
        ("indicator", "area", "period_end", "value"),
        (
            "period_start",
            "period_label",
            "numerator",
            "denominator",
            "target",
            "lower_ci",
            "upper_ci",
            "quartile",
            "note",
            "source",
            "release",
        ),
    ),
    "areas": (
        ("area", "type"),
        ("code", "region", "groups", "old_code", "former_codes", "part_of", "status", "until"),
    ),
}


@dataclass(frozen=True)
class Indicator:
    """One indicator's definition, as the indicators table gives it."""

    id: str
    title: str
    unit: str
    polarity: str
    kind: str
    theme: str = ""
    decimals: int | None = None
    measure: str = "stock"
    definition: str = ""
    source: str = ""
    scheme: str = ""
    tolerance: Tolerance | None = None
    red_threshold: float | None = None
    green_threshold: float | None = None
    group: str = ""  # a distribution the indicator is one category of
    category: str = ""  # its label within the group
    ref: str = ""  # the council's own reference number, e.g. "2.3"
    data_note: str = ""  # what kind of figure it is, e.g. "Rolling 12"; else from the unit
    row: int = 0


@dataclass(frozen=True)
class Area:
    """One area the observations name: the council, a comparator, a locality."""

    name: str
    type: str
    code: str = ""
    region: str = ""
    groups: tuple[
        str, ...
    ] = ()  # neighbour groups it belongs to, e.g. "Fernshire statistical neighbours"
    part_of: str = ""  # the area a locality is part of
    # An la's status: current, former (a council until `until`) or joint (a joint return of
    # several councils); blank in the table until worked out from the figures.
    status: str = "current"
    until: date | None = None
    row: int = 0

    def counts_at(self, day: date) -> bool:
        """Return whether the area stands for itself among others in a period ending on
        `day`: a joint return never does (its councils do), a former council only until its
        end."""
        if self.status == "joint":
            return False
        return self.status != "former" or (self.until is not None and day <= self.until)

    def is_council_at(self, day: date) -> bool:
        """Return whether the area is one of the councils compared in a period ending on `day`."""
        return self.type == "la" and self.counts_at(day)


def missing_columns(table: RawTable, name: str) -> list[Problem]:
    """Return a problem for each required column the table lacks."""
    required, optional = COLUMNS[name]
    present = set(table.frame.columns)
    if not present & set(required):  # a title row above the header, or not this table at all
        return [
            Problem(
                table.label,
                f"row 1 holds none of the required columns "
                f"({', '.join(required)}); put the column names in the first row",
                row=1,
            )
        ]
    problems = [
        Problem(
            table.label,
            f"required column is missing (required: {', '.join(required)})",
            row=1,
            column=column,
        )
        for column in required
        if column not in present
    ]
    for column in sorted(present - set(required) - set(optional)):
        log.warning("%s", Problem(table.label, "unknown column, ignored", row=1, column=column))
    return problems


class CellReader:
    """Parses a table's cells by column, noting each problem with its row and column."""

    def __init__(self, table: RawTable, problems: list[Problem]) -> None:
        self.table, self.problems = table, problems

    def rows(self) -> range:
        return range(len(self.table.frame))

    def row_number(self, index: int) -> int:
        return self.table.rows[index]

    def note(self, index: int, column: str, message: str, kind: str) -> None:
        """Record a warning about a cell: something read, but tidied or worth a look."""
        self.table.notes.append(
            Problem(self.table.label, message, row=self.row_number(index), column=column, kind=kind)
        )

    def _parse(self, index: int, column: str, parse: Callable[[str], T], default: T) -> T:
        try:
            return parse(self.table.cell(index, column))
        except ValueError as error:
            self.problems.append(
                Problem(self.table.label, str(error), row=self.row_number(index), column=column)
            )
            return default

    def text(self, index: int, column: str, required: bool = False) -> str:
        def parse(text: str) -> str:
            if required and not text:
                raise ValueError("is blank (this column is required)")
            return text

        return self._parse(index, column, parse, "")

    def identifier(self, index: int, column: str) -> str:
        """Return a required id or name; spaces around it are removed, with a warning, since
        they make it look like another id elsewhere."""
        text = self.text(index, column, required=True)
        written = self.table.written(index, column)
        if written != text and text:
            self.note(
                index,
                column,
                f"{echoed(written)} read as {echoed(text)} (spaces removed)",
                "spaces-in-id",
            )
        return text

    def choice(self, index: int, column: str, allowed: tuple[str, ...], default: str = "") -> str:
        def parse(text: str) -> str:
            word = text.lower() or default
            if word not in allowed:
                shown = f"{echoed(text)} is not allowed" if text else "is blank"
                raise ValueError(f"{shown} (allowed: {', '.join(a for a in allowed if a)})")
            return word

        return self._parse(index, column, parse, default)

    def number(self, index: int, column: str) -> float | None:
        return self._parse(index, column, lambda t: self._number(index, column, t), None)

    def _number(self, index: int, column: str, text: str) -> float | None:
        if not text:
            return None
        number = parse_number(text)
        if tidy_number(text) != text:
            self.note(
                index, column, f"{echoed(text)} read as {number:g} (spaces removed)", "spaces"
            )
        return number

    def figure(self, index: int, column: str) -> tuple[float | None, str]:
        """Return (number, "") for a number, (None, code) for a suppression code, (None, "") blank."""

        def parse(text: str) -> tuple[float | None, str]:
            code = missing_code(text)
            return (None, code) if code else (self._number(index, column, text), "")

        blank: tuple[float | None, str] = (None, "")
        return self._parse(index, column, parse, blank)

    def day(self, index: int, column: str, required: bool = False) -> date | None:
        def parse(text: str) -> date | None:
            if not text:
                if required:
                    raise ValueError("is blank (write the date as YYYY-MM-DD)")
                return None
            day = parse_date(text)
            if "/" in text:  # a UK spreadsheet date: read, but say how it was read
                self.note(
                    index,
                    column,
                    f"{echoed(text)} read as {long_date(day)} (day/month/year)",
                    "uk-date",
                )
            return day

        return self._parse(index, column, parse, None)

    def whole_number(self, index: int, column: str, low: int, high: int) -> int | None:
        def parse(text: str) -> int | None:
            if not text:
                return None
            number = parse_number(text)
            if not number.is_integer() or not low <= number <= high:
                raise ValueError(
                    f"{echoed(text)} is not allowed (write a whole number from {low} to {high})"
                )
            return int(number)

        return self._parse(index, column, parse, None)

    def release(self, index: int, column: str) -> int | None:
        """Return the release a figure is from: the year of its file's latest figures."""

        def parse(text: str) -> int | None:
            if not text:
                return None
            if not (len(text) == 4 and text.isdigit()):
                raise ValueError(
                    f"{echoed(text)} is not a release (write the year the release's latest "
                    "figures are for, e.g. 2025)"
                )
            return int(text)

        return self._parse(index, column, parse, None)

    def tolerance(self, index: int, column: str) -> Tolerance | None:
        return self._parse(index, column, lambda t: parse_tolerance(t) if t else None, None)


def parse_indicators(table: RawTable, problems: list[Problem]) -> list[Indicator]:
    """Return the indicators table as records; problems are appended to `problems`."""
    cells = CellReader(table, problems)
    return [
        Indicator(
            id=cells.identifier(i, "id"),
            title=cells.text(i, "title", required=True),
            unit=cells.choice(i, "unit", UNITS),
            polarity=cells.choice(i, "polarity", POLARITIES),
            kind=cells.choice(i, "kind", KINDS),
            theme=cells.text(i, "theme") or "Other indicators",
            decimals=cells.whole_number(i, "decimals", 0, 4),
            measure=cells.choice(i, "measure", MEASURES, default="stock"),
            definition=cells.text(i, "definition"),
            source=cells.text(i, "source"),
            scheme=cells.choice(i, "scheme", ("", *RATING_SCHEMES)),
            tolerance=cells.tolerance(i, "tolerance"),
            red_threshold=cells.number(i, "red_threshold"),
            green_threshold=cells.number(i, "green_threshold"),
            group=cells.text(i, "group"),
            category=cells.text(i, "category"),
            ref=cells.text(i, "ref"),
            data_note=cells.text(i, "data_note"),
            row=cells.row_number(i),
        )
        for i in cells.rows()
    ]


def parse_areas(table: RawTable, problems: list[Problem]) -> list[Area]:
    """Return the areas table as records; problems are appended to `problems`."""
    cells = CellReader(table, problems)
    return [
        Area(
            name=cells.identifier(i, "area"),
            type=cells.choice(i, "type", AREA_TYPES),
            code=cells.text(i, "code"),
            region=cells.text(i, "region"),
            groups=tuple(g.strip() for g in cells.text(i, "groups").split(";") if g.strip()),
            part_of=cells.text(i, "part_of"),
            status=cells.choice(i, "status", ("", *STATUSES)),
            until=cells.day(i, "until"),
            row=cells.row_number(i),
        )
        for i in cells.rows()
    ]


def records(frame: pd.DataFrame) -> Iterator[Any]:
    """Return a table's rows as named tuples (typed loosely: columns hold mixed types)."""
    return frame.itertuples()


def parse_observations(table: RawTable, problems: list[Problem]) -> pd.DataFrame:
    """Return the observations as a typed frame, one row per record, keeping its source row."""
    cells = CellReader(table, problems)
    records = [_observation(cells, i) for i in cells.rows()]
    return pd.DataFrame.from_records(records)


def _observation(cells: CellReader, i: int) -> dict[str, Any]:
    value, code = cells.figure(i, "value")
    numerator, numerator_code = cells.figure(i, "numerator")
    denominator, _ = cells.figure(i, "denominator")
    row = cells.row_number(i)
    record = dict(
        indicator=cells.identifier(i, "indicator"),
        area=cells.identifier(i, "area"),
        period_start=cells.day(i, "period_start"),
        period_end=cells.day(i, "period_end", required=True),
        period_label=cells.text(i, "period_label"),
        value=_nan(value),
        value_places=_places(cells.table.cell(i, "value")),
        target_places=_places(cells.table.cell(i, "target")),
        numerator_places=_places(cells.table.cell(i, "numerator")),
        denominator_places=_places(cells.table.cell(i, "denominator")),
        missing=code or numerator_code,
        numerator=_nan(numerator),
        denominator=_nan(denominator),
        target=_nan(cells.number(i, "target")),
        lower_ci=_nan(cells.number(i, "lower_ci")),
        upper_ci=_nan(cells.number(i, "upper_ci")),
        quartile=cells.whole_number(i, "quartile", 1, 4),
        note=cells.text(i, "note"),
        source=cells.text(i, "source"),  # the published file and row an import took it from
        release=cells.release(i, "release"),
        row=row,
    )
    value_blank = not cells.table.cell(i, "value")
    if value_blank and not record["missing"] and (numerator is None or denominator is None):
        cells.problems.append(
            Problem(
                cells.table.label,
                f"is blank ({NUMBER_HELP}, or give numerator and denominator)",
                row=row,
                column="value",
            )
        )
    return record


def with_decimals(indicators: list[Indicator], observations: pd.DataFrame) -> list[Indicator]:
    """Return the indicators, each with the decimal places its figures are shown to: as the
    indicators table says, else as its figures are written (decided once, here, so every
    part, chart and table of the pack shows a figure alike)."""
    given = observations[observations["value"].notna()].groupby("indicator")["value_places"]
    targets = observations[observations["target"].notna()].groupby("indicator")["target_places"]
    derived = set(
        observations.loc[
            observations["value"].isna()
            & (observations["missing"] == "")
            & observations["numerator"].notna(),
            "indicator",
        ]
    )
    values, most_target = given.max(), targets.max()
    return [
        indicator
        if indicator.decimals is not None
        else replace(
            indicator,
            decimals=_written_decimals(
                indicator,
                values.get(indicator.id),
                most_target.get(indicator.id),
                indicator.id in derived,
            ),
        )
        for indicator in indicators
    ]


def _written_decimals(
    indicator: Indicator, values: int | None, targets: int | None, derived: bool
) -> int:
    """Return the places an indicator's figures are written with: the most any of its values
    has (17.3% has 1); with none given, 1 for a percentage or rate worked out from numerator
    and denominator, else the unit's default; more if its targets or thresholds are written
    more precisely. At most MAX_GIVEN_DECIMALS, so that a spreadsheet's 17.299999999999997
    is not shown so."""
    if values is not None:
        places = int(values)
    else:
        places = DERIVED_DECIMALS if derived else DEFAULT_DECIMALS[indicator.unit]
    thresholds = [t for t in (indicator.red_threshold, indicator.green_threshold) if t is not None]
    others = [_places(plain_number(t)) for t in thresholds]
    if targets is not None:
        others.append(int(targets))
    return min(max([places, *others]), MAX_GIVEN_DECIMALS)


def _places(text: str) -> int:
    """Return how many decimal places a figure is written with: "17.9%" has 1."""
    digits = tidy_number(text).strip("£$€%")
    return len(digits.split(".")[1]) if "." in digits else 0


def _nan(number: float | None) -> float:
    return math.nan if number is None else number
