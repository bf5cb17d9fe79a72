"""Published statistics in: DfE Explore Education Statistics CSVs, OHID Fingertips exports and
DfE LAIT data (CSV or the Parquet LAIT publishes), read as published (suppression symbols,
byte-order marks, code changes) into the report's observations, indicators and areas tables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from reportgen.areas import AreaBook, Published
from reportgen.errors import InputError, Problem, echoed
from reportgen.formatting import plain_number
from reportgen.inputs import Keep, missing_code, read_published
from reportgen.measures import BUILTIN_LAIT
from reportgen.periods import allowed_year, month_end
from reportgen.yamlfile import load_yaml

INDICATOR_FIELDS = (
    "id",
    "title",
    "theme",
    "unit",
    "polarity",
    "kind",
    "measure",
    "decimals",
    "definition",
    "source",
)
EES_COLUMNS = ("time_period", "geographic_level")
FINGERTIPS_COLUMNS = (
    "Indicator ID",
    "Indicator Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Time period",
    "Value",
)
LAIT_COLUMNS = ("Short Desc", "Years", "LA and Regions", "Values")
LAIT_ENGLAND = 970  # LAIT numbers England 970 and its regions above it
DEFAULT_YEAR_END = "31 March"
_FINANCIAL_YEAR = re.compile(r"\d{4}/\d{2}")
_LEADING_NUMBER = re.compile(r"\d{4}")


@dataclass
class Imported:
    """What a reader found: observation rows, the indicators they belong to, skipped rows."""

    observations: list[dict[str, str]] = field(default_factory=list)
    indicators: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # rows refused: nothing is imported

    def suppressed(self) -> int:
        return sum(1 for o in self.observations if missing_code(o["value"]))

    def released(self) -> Imported:
        """Return the import with each figure's release: the year the latest period the
        file gives for its indicator ends in (a file whose figures run to 2025 is the 2025
        release), so that an older release never replaces a newer one's figures. Raise
        InputError for the rows refused, so that nothing of a file with any is imported."""
        if self.problems:  # read newest first; said in the file's order
            raise InputError(sorted(self.problems, key=lambda p: p.row or 0))
        latest: dict[str, str] = {}
        for o in self.observations:
            latest[o["indicator"]] = max(latest.get(o["indicator"], ""), o["period_end"])
        for o in self.observations:
            o["release"] = latest[o["indicator"]][:4]
        return self


def load_mapping(path: Path) -> list[dict[str, Any]]:
    """Return the indicator mappings of an EES mapping file (safe YAML), checked."""
    raw = load_yaml(path) or {}
    mappings = raw.get("indicators") if isinstance(raw, dict) else None
    if not isinstance(mappings, list) or not all(isinstance(m, dict) for m in mappings):
        raise InputError(
            [
                Problem(
                    path.name,
                    "must list indicators: each with id, title, unit, "
                    "value (a column) and optional filters",
                )
            ]
        )
    problems = [
        Problem(
            path.name,
            "is required (each indicator needs id, title, unit and value)",
            column=f"indicators[{i + 1}].{key}",
        )
        for i, m in enumerate(mappings)
        for key in ("id", "title", "unit", "value")
        if not m.get(key)
    ]
    for i, m in enumerate(mappings):
        try:
            year_end(m)
        except ValueError as error:
            problems.append(Problem(path.name, str(error), column=f"indicators[{i + 1}].year_end"))
    if problems:
        raise InputError(problems)
    return mappings


def year_end(mapping: dict[str, Any]) -> tuple[int, int]:
    """Return the (month, day) a measure's reporting year ends on: 31 March unless the mapping
    says otherwise (the workforce census: 30 September); raise ValueError."""
    text = str(mapping.get("year_end") or DEFAULT_YEAR_END)
    try:
        day = datetime.strptime(text.strip(), "%d %B")
    except ValueError:
        raise ValueError(
            f"{echoed(text)} is not a day of the year (write it like 31 March or 30 September)"
        ) from None
    return day.month, day.day


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number_or_code(text: str) -> str:
    """Return a published figure as the observations table takes it: numbers in their
    shortest form (LAIT writes 17.9 as 17.899999999999999), codes as written, and a blank
    as "x" (not available)."""
    try:
        return plain_number(float(text))
    except ValueError:
        return text or "x"


def _period_year(text: str) -> int | None:
    """Return the year a published period begins with (2024 for 2024, 202425 or 2024/25), or
    None for a period that begins with no four-figure number (20x5, Total); raise ValueError
    for four figures that are not a year reportgen reads (0000, 9999)."""
    number = _LEADING_NUMBER.match(text)
    return None if number is None else allowed_year(int(number[0]), text)


def _refused(path: Path, line: int, column: str, error: ValueError) -> Problem:
    """Return the problem of a published row whose period is not a year reportgen reads."""
    return Problem(path.name, str(error), line, column)


def _newest_first(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Return the rows latest period first, so the authority that holds a name now is the
    first to claim it (old Dorset, 835, is then told apart from today's Dorset)."""
    return frame.sort_values(column, ascending=False, kind="stable")


def _records(frame: pd.DataFrame) -> Iterator[tuple[int, dict[str, Any]]]:
    """Return each row with its line in the file (the header is line 1)."""
    yield from zip((int(i) + 2 for i in frame.index), frame.to_dict("records"), strict=True)


def read_ees(path: Path, book: AreaBook, mappings: list[dict[str, Any]]) -> Imported:
    """Read an EES tidy CSV: one observation per mapped indicator and published row."""
    frame = read_published(path, EES_COLUMNS, "an Explore Education Statistics data file")
    result = Imported()
    usable = [
        m
        for m in mappings
        if m["value"] in frame.columns and all(c in frame.columns for c in (m.get("filters") or {}))
    ]
    if not usable:
        raise InputError(
            [
                Problem(
                    path.name,
                    "matches no indicator mapping (its columns are "
                    f"{', '.join(frame.columns[:12])} ...; map others with --mapping)",
                )
            ]
        )
    frame = _newest_first(frame, "time_period")
    for mapping in usable:
        result.indicators[mapping["id"]] = {k: _cell(mapping.get(k)) for k in INDICATOR_FIELDS}
        flow, ends = mapping.get("measure") == "flow", year_end(mapping)
        rows = frame
        for column, wanted in (mapping.get("filters") or {}).items():
            rows = rows[rows[column] == str(wanted)]
        for line, row in _records(rows):
            try:
                period = _ees_period(row, flow, ends)
            except ValueError as error:
                result.problems.append(_refused(path, line, "time_period", error))
                continue
            if period is None:
                result.skipped.append(
                    f"{path.name}:{line}: time_period {echoed(row['time_period'])} is not a year "
                    "such as 2025 or 202425"
                )
                continue
            start, end = period
            area = _ees_area(row, book, end)
            if area is None:
                result.skipped.append(
                    f"{path.name}:{line}: no area (geographic_level "
                    f"{echoed(row.get('geographic_level'))})"
                )
                continue
            result.observations.append(
                {
                    "indicator": mapping["id"],
                    "area": area,
                    "period_start": start.isoformat() if start else "",
                    "period_end": end.isoformat(),
                    "value": _number_or_code(_cell(row[mapping["value"]])),
                    **_parts(
                        _cell(row.get(mapping.get("numerator") or "", "")),
                        _cell(row.get(mapping.get("denominator") or "", "")),
                    ),
                    "source": f"{path.name}:{line}",
                }
            )
    return result.released()


def _parts(numerator: str, denominator: str) -> dict[str, str]:
    """Return numerator and denominator, or neither where there is nothing to divide by (a
    published rate over no children is shown as published, not recomputed)."""
    if denominator in ("", "0") or missing_code(denominator):
        return {"numerator": "", "denominator": ""}
    return {"numerator": numerator, "denominator": denominator}


def _ees_area(row: dict[Any, Any], book: AreaBook, period: date) -> str | None:
    level = row.get("geographic_level", "")
    if level == "National":
        name, code = row.get("country_name") or "England", row.get("country_code", "")
        return book.resolve(Published(name, "national", code, period=period))
    if level == "Regional":
        name, code = row.get("region_name", ""), row.get("region_code", "")
        return book.resolve(Published(name, "region", code, period=period))
    if level == "Local authority":
        return book.resolve(
            Published(
                row.get("la_name", ""),
                "la",
                row.get("new_la_code", ""),
                row.get("old_la_code", ""),
                row.get("region_name", ""),
                period,
            )
        )
    return None


def _ees_period(
    row: dict[Any, Any], flow: bool, ends: tuple[int, int]
) -> tuple[date | None, date] | None:
    """Return (period_start, period_end) for EES's time_period and time_identifier: a
    "Reporting year" 2025 is the year to 31 March 2025 (or to the measure's own year end, such
    as the workforce census of 30 September 2025); an academic year 202324 ends in August
    2024; a calendar year ends in December. Return None for a period that is no year; raise
    ValueError for a year reportgen does not read."""
    period, kind = _cell(row["time_period"]), _cell(row.get("time_identifier", "")).lower()
    year = _period_year(period)
    if year is None:
        return None
    if "academic" in kind and len(period) == 6:
        end = month_end(year + 1, 8)
    elif "calendar" in kind:
        end = month_end(year, 12)
    else:
        end = date(year, *ends)
    return (_year_start(end) if flow else None), end


def _year_start(end: date) -> date:
    """Return the first day of the year ending on `end` (month end): 1 April for 31 March."""
    return date(end.year - 1, end.month % 12 + 1, 1) if end.month != 12 else date(end.year, 1, 1)


def read_fingertips(path: Path, book: AreaBook) -> Imported:
    """Read an OHID Fingertips export: persons' values with their counts, denominators and
    95% confidence limits, one indicator per Indicator ID."""
    frame = read_published(path, FINGERTIPS_COLUMNS, "an OHID Fingertips export")
    result = Imported()
    if "Sex" in frame.columns:  # persons, not each sex; areas, not breakdowns within them
        frame = frame[frame["Sex"].isin(["Persons", ""])]
    if "Category Type" in frame.columns:
        frame = frame[frame["Category Type"] == ""]
    for line, row in _records(_newest_first(frame, "Time period")):
        ident = f"OHID-{row['Indicator ID']}"
        period = row["Time period"]
        if not _FINANCIAL_YEAR.fullmatch(period):
            result.skipped.append(
                f"{path.name}:{line}: Time period {echoed(period)} is not "
                "a financial year such as 2023/24"
            )
            continue
        result.indicators.setdefault(
            ident,
            {
                "id": ident,
                "title": row["Indicator Name"],
                "theme": "Health",
                "unit": "rate_per_100k" if "100,000" in row["Indicator Name"] else "rate_per_10k",
                "polarity": "low",
                "kind": "tracker",
                "measure": "flow",
                "decimals": "1",
                "definition": "",
                "source": "OHID Fingertips",
            },
        )
        kind = (
            "national"
            if row["Area Type"] == "England"
            else ("region" if "region" in row["Area Type"].lower() else "la")
        )
        try:
            end = month_end(int(_period_year(period) or 0) + 1, 3)
        except ValueError as error:
            result.problems.append(_refused(path, line, "Time period", error))
            continue
        area = book.resolve(Published(row["Area Name"], kind, row["Area Code"], period=end))
        note = row.get("Value note", "")
        value = _cell(row["Value"]) or ("c" if "suppress" in note.lower() else "x")
        result.observations.append(
            {
                "indicator": ident,
                "area": area,
                "period_start": f"{end.year - 1}-04-01",
                "period_end": end.isoformat(),
                "value": value,
                "numerator": row.get("Count", ""),
                "denominator": row.get("Denominator", ""),
                "lower_ci": row.get("Lower CI 95.0 limit", ""),
                "upper_ci": row.get("Upper CI 95.0 limit", ""),
                "note": note,
                "source": f"{path.name}:{line}",
            }
        )
    return result.released()


def read_lait(path: Path, book: AreaBook) -> Imported:
    """Read DfE LAIT long-format data (Short Desc, Years, LA and Regions, Values, LA Number),
    as CSV or as the Parquet file LAIT publishes."""
    # Only the measures reportgen knows are kept as the file is read: LAIT's whole file has
    # some 640,000 rows, of which a few thousand are children's services measures.
    keep = Keep("Short Desc", frozenset(BUILTIN_LAIT))
    frame = read_published(path, LAIT_COLUMNS, "LAIT long data", keep)
    frame = frame[frame["Short Desc"].isin(list(BUILTIN_LAIT))]  # before the row-by-row part
    result = Imported()
    ends = {short: year_end(mapping) for short, mapping in BUILTIN_LAIT.items()}
    for line, row in _records(_newest_first(frame, "Years")):
        mapping = BUILTIN_LAIT[row["Short Desc"]]
        result.indicators[mapping["id"]] = {
            **dict.fromkeys(INDICATOR_FIELDS, ""),
            "kind": "tracker",
            "measure": "stock",
            "source": "DfE LAIT",
            **{k: _cell(v) for k, v in mapping.items() if k in INDICATOR_FIELDS},
        }
        try:
            year = _period_year(_cell(row["Years"]))
        except ValueError as error:
            result.problems.append(_refused(path, line, "Years", error))
            continue
        if year is None:
            result.skipped.append(f"{path.name}:{line}: Years {echoed(row['Years'])}")
            continue
        end = date(year, *ends[row["Short Desc"]])
        flow = mapping.get("measure") == "flow"
        result.observations.append(
            {
                "indicator": mapping["id"],
                "area": _lait_area(row, book, end),
                "period_end": end.isoformat(),
                "period_start": _year_start(end).isoformat() if flow else "",
                "value": _number_or_code(_cell(row["Values"])),
                "source": f"{path.name}:{line}",
            }
        )
    return result.released()


def _lait_area(row: dict[Any, Any], book: AreaBook, period: date) -> str:
    number = _cell(row.get("LA Number")).removesuffix(".0")
    name = _cell(row["LA and Regions"])
    if number == str(LAIT_ENGLAND) or name == "England":
        return book.resolve(Published("England", "national", period=period))
    if number.isdigit() and int(number) > LAIT_ENGLAND:
        return book.resolve(Published(name, "region", period=period))
    return book.resolve(
        Published(name, "la", old_code=number, region=_cell(row.get("Region")), period=period)
    )
