"""Published statistics in: DfE Explore Education Statistics CSVs, OHID Fingertips exports and
DfE LAIT data, read as published (suppression symbols, byte-order marks, code changes) into
the report's observations, indicators and areas tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from reportgen.areas import AreaBook
from reportgen.errors import InputError, Problem
from reportgen.inputs import missing_code
from reportgen.periods import month_end

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
REREFERRALS = {
    "id": "REREFERRALS",
    "title": "Re-referrals within 12 months",
    "theme": "Contacts and referrals",
    "unit": "percent",
    "polarity": "low",
    "kind": "tracker",
    "measure": "flow",
    "decimals": 1,
    "source": "DfE Children in need",
}
# The children's social care measures most packs benchmark, as DfE publishes them.
BUILTIN_EES: list[dict[str, Any]] = [
    {
        "id": "CLA-RATE",
        "title": "Children looked after per 10,000 children",
        "theme": "Children in care",
        "unit": "rate_per_10k",
        "polarity": "none",
        "kind": "tracker",
        "measure": "stock",
        "decimals": 0,
        "source": "DfE Children looked after in England",
        "value": "rate_per_10000",
        "numerator": "children_count",
        "denominator": "population_estimate",
        "filters": {"population_type": "Children looked after on 31 March each year"},
    },
    {
        **REREFERRALS,
        "value": "rereferral_percent",
        "numerator": "rereferral_count",
        "denominator": "referral_count",
    },
    # The same measure as the 2024 release named its columns.
    {
        **REREFERRALS,
        "value": "Re_referrals_percent",
        "numerator": "Re_referrals",
        "denominator": "Referrals",
    },
    {
        "id": "CPP-SECOND",
        "title": "Child protection plans that were a second or subsequent plan",
        "theme": "Child protection",
        "unit": "percent",
        "polarity": "low",
        "kind": "tracker",
        "measure": "flow",
        "decimals": 1,
        "source": "DfE Children in need",
        "value": "CPP_subsequent_percent",
        "numerator": "CPP_subsequent",
        "denominator": "CPP_start",
    },
    *(
        {
            "id": ident,
            "title": title,
            "theme": "Social work workforce",
            "unit": "percent",
            "polarity": "low",
            "kind": "tracker",
            "measure": "stock",
            "decimals": 1,
            "source": "DfE Children's social work workforce",
            "value": column,
        }
        for ident, title, column in (
            ("SW-TURNOVER", "Social worker turnover", "turnover_rate_fte"),
            ("SW-AGENCY", "Agency social workers", "agency_rate_fte"),
            ("SW-VACANCY", "Social worker vacancy rate", "vacancy_rate_fte"),
        )
    ),
]
# LAIT's short descriptions for the same kind of measures (rates per 10,000 and percentages).
BUILTIN_LAIT: dict[str, dict[str, Any]] = {
    "CIN": {
        "id": "CIN-RATE",
        "title": "Children in need per 10,000 children",
        "theme": "Children in need",
        "unit": "rate_per_10k",
        "polarity": "none",
    },
    "CPP_rate": {
        "id": "CPP-RATE",
        "title": "Children on a child protection plan per 10,000 children",
        "theme": "Child protection",
        "unit": "rate_per_10k",
        "polarity": "none",
    },
    "LAC": {
        "id": "CLA-RATE",
        "title": "Children looked after per 10,000 children",
        "theme": "Children in care",
        "unit": "rate_per_10k",
        "polarity": "none",
    },
    "ReReferral": {
        "id": "REREFERRALS",
        "title": "Re-referrals within 12 months",
        "theme": "Contacts and referrals",
        "unit": "percent",
        "polarity": "low",
        "measure": "flow",
    },
    "CareLeaverEET": {
        "id": "CL-EET",
        "title": "Care leavers aged 19 in education, employment or training",
        "theme": "Care leavers",
        "unit": "percent",
        "polarity": "high",
    },
    "Work_Force_TO_Rate": {
        "id": "SW-TURNOVER",
        "title": "Social worker turnover",
        "theme": "Social work workforce",
        "unit": "percent",
        "polarity": "low",
    },
}


@dataclass
class Imported:
    """What a reader found: observation rows, the indicators they belong to, skipped rows."""

    observations: list[dict[str, str]] = field(default_factory=list)
    indicators: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def suppressed(self) -> int:
        return sum(1 for o in self.observations if missing_code(o["value"]))


def load_mapping(path: Path) -> list[dict[str, Any]]:
    """Return the indicator mappings of an EES mapping file (safe YAML), checked."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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
    if problems:
        raise InputError(problems)
    return mappings


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number_or_code(text: str) -> str:
    """Return a published figure as the observations table takes it: numbers in their
    shortest form (LAIT writes 17.9 as 17.899999999999999), codes as written, and a blank
    as "x" (not available)."""
    try:
        return f"{float(text):.12g}"
    except ValueError:
        return text or "x"


def read_ees(path: Path, book: AreaBook, mappings: list[dict[str, Any]]) -> Imported:
    """Read an EES tidy CSV: one observation per mapped indicator and published row."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
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
                    f"{', '.join(frame.columns[:12])} ...)",
                )
            ]
        )
    for mapping in usable:
        result.indicators[mapping["id"]] = {k: _cell(mapping.get(k)) for k in INDICATOR_FIELDS}
        rows = frame
        for column, wanted in (mapping.get("filters") or {}).items():
            rows = rows[rows[column] == str(wanted)]
        for number, row in zip(rows.index, rows.to_dict("records"), strict=True):
            area = _ees_area(row, book)
            if area is None:
                result.skipped.append(
                    f"{path.name}:{number + 2}: no area (geographic_level "
                    f"{row.get('geographic_level')!r})"
                )
                continue
            end, start = _ees_period(row, mapping.get("measure") == "flow")
            result.observations.append(
                {
                    "indicator": mapping["id"],
                    "area": area,
                    "period_start": start,
                    "period_end": end,
                    "value": _number_or_code(_cell(row[mapping["value"]])),
                    **_parts(
                        _cell(row.get(mapping.get("numerator") or "", "")),
                        _cell(row.get(mapping.get("denominator") or "", "")),
                    ),
                }
            )
    return result


def _parts(numerator: str, denominator: str) -> dict[str, str]:
    """Return numerator and denominator, or neither where there is nothing to divide by (a
    published rate over no children is shown as published, not recomputed)."""
    if denominator in ("", "0") or missing_code(denominator):
        return {"numerator": "", "denominator": ""}
    return {"numerator": numerator, "denominator": denominator}


def _ees_area(row: dict[Any, Any], book: AreaBook) -> str | None:
    level = row.get("geographic_level", "")
    if level == "National":
        return book.resolve(
            row.get("country_name") or "England", "national", row.get("country_code", "")
        )
    if level == "Regional":
        return book.resolve(row["region_name"], "region", row.get("region_code", ""))
    if level == "Local authority":
        return book.resolve(
            row["la_name"],
            "la",
            row.get("new_la_code", ""),
            row.get("old_la_code", ""),
            row.get("region_name", ""),
        )
    return None


def _ees_period(row: dict[Any, Any], flow: bool) -> tuple[str, str]:
    """Return (period_end, period_start) for EES's time_period and time_identifier: a
    "Reporting year" 2025 is the year to 31 March 2025; an academic year 202324 ends in
    August 2024; a calendar year ends in December."""
    period, kind = _cell(row["time_period"]), _cell(row.get("time_identifier", ""))
    if "academic" in kind.lower() and len(period) == 6:
        end = month_end(int(period[:4]) + 1, 8)
    elif "calendar" in kind.lower():
        end = month_end(int(period[:4]), 12)
    else:
        end = month_end(int(period[:4]), 3)
    start = date(end.year - 1, end.month % 12 + 1, 1) if flow else None
    return end.isoformat(), start.isoformat() if start else ""


def read_fingertips(path: Path, book: AreaBook) -> Imported:
    """Read an OHID Fingertips export: persons' values with their counts, denominators and
    95% confidence limits, one indicator per Indicator ID."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    result = Imported()
    if "Sex" in frame.columns:  # persons, not each sex; areas, not breakdowns within them
        frame = frame[frame["Sex"].isin(["Persons", ""])]
    if "Category Type" in frame.columns:
        frame = frame[frame["Category Type"] == ""]
    for number, row in zip(frame.index, frame.to_dict("records"), strict=True):
        ident = f"OHID-{row['Indicator ID']}"
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
        area = book.resolve(row["Area Name"], kind, row["Area Code"])
        period = row["Time period"]
        if len(period) != 7 or period[4] != "/":
            result.skipped.append(
                f"{path.name}:{number + 2}: Time period {period!r} is not "
                "a financial year such as 2023/24"
            )
            continue
        end = month_end(int(period[:4]) + 1, 3)
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
            }
        )
    return result


def read_lait(path: Path, book: AreaBook) -> Imported:
    """Read DfE LAIT long-format data (Short Desc, Years, LA and Regions, Values, LA Number)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    result = Imported()
    for number, row in zip(frame.index, frame.to_dict("records"), strict=True):
        mapping = BUILTIN_LAIT.get(row["Short Desc"])
        if mapping is None:
            continue
        result.indicators[mapping["id"]] = {
            **dict.fromkeys(INDICATOR_FIELDS, ""),
            "kind": "tracker",
            "measure": "stock",
            "source": "DfE LAIT",
            **mapping,
        }
        area = _lait_area(row, book)
        year = _cell(row["Years"])[:4]
        if not year.isdigit():
            result.skipped.append(f"{path.name}:{number + 2}: Years {row['Years']!r}")
            continue
        end = month_end(int(year), 3)
        flow = mapping.get("measure") == "flow"
        result.observations.append(
            {
                "indicator": mapping["id"],
                "area": area,
                "period_end": end.isoformat(),
                "period_start": f"{end.year - 1}-04-01" if flow else "",
                "value": _number_or_code(_cell(row["Values"])),
            }
        )
    return result


def _lait_area(row: dict[Any, Any], book: AreaBook) -> str:
    number = _cell(row.get("LA Number")).removesuffix(".0")
    name = _cell(row["LA and Regions"])
    if number == "970" or name == "England":
        return book.resolve("England", "national")
    if number.isdigit() and int(number) > 970:  # LAIT numbers England 970, its regions above
        return book.resolve(name, "region")
    return book.resolve(name, "la", old_code=number, region=_cell(row.get("Region")))
