"""The last report's ratings, read from its manifest or its computed table, for the pack's
account of what has changed since (the `changes` part and the executive summary)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from reportgen.archives import check_archive
from reportgen.errors import InputError
from reportgen.inputs import WORKBOOK, read_report_table
from reportgen.jsonfile import load_json
from reportgen.limits import MAX_WORKBOOK_UNZIPPED_BYTES
from reportgen.periods import parse_date

RATING_ORDER = {"red": 0, "amber": 1, "green": 2}


@dataclass(frozen=True)
class Rated:
    """One indicator's rating in the last report."""

    indicator: str
    title: str
    rating: str | None
    period: str


@dataclass(frozen=True)
class Previous:
    """The last report: its period, and its home area's ratings by indicator."""

    period_end: date
    ratings: dict[str, Rated]


def read_previous(path: Path, area: str) -> Previous:
    """Return the last report's ratings for `area`; raise ValueError saying what is wrong."""
    if path.suffix.lower() == ".json":
        return _from_manifest(path)
    try:
        frame = _bounded_table(path)
    except InputError as error:  # the table's own limits and encodings, as validate reads it
        raise ValueError("; ".join(problem.message for problem in error.problems)) from None
    except (ValueError, OSError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot be read as a table ({error})") from None
    needed = {"indicator", "title", "area", "period_label", "rating", "period_end"}
    if not needed <= set(frame.columns):
        raise ValueError(
            "is not a table `reportgen compute` wrote (it lacks indicator, area or rating)"
        )
    home = frame[frame["area"] == area]
    if home.empty:
        raise ValueError(f"has no rows for {area}")
    ratings = {
        str(r["indicator"]): Rated(
            str(r["indicator"]), str(r["title"]), str(r["rating"]) or None, str(r["period_label"])
        )
        for r in home.to_dict("records")
    }
    return Previous(parse_date(max(home["period_end"])), ratings)


def _bounded_table(path: Path) -> pd.DataFrame:
    """Return the last report's table (a workbook or CSV), read within the limits every table
    is read within: a workbook checked before it is unzipped, a CSV by size, rows and cells."""
    if path.suffix.lower() == ".xlsx":
        check_archive(path, WORKBOOK, MAX_WORKBOOK_UNZIPPED_BYTES)
        return pd.read_excel(path, dtype=str).fillna("")
    return read_report_table(path)[0].fillna("")


def _from_manifest(path: Path) -> Previous:
    manifest = load_json(path)  # its ValueError says what is wrong with the file itself
    try:
        ratings = manifest["ratings"]
        period_end = parse_date(manifest["period_end"])
        found = {
            r["indicator"]: Rated(r["indicator"], r["title"], r.get("rating"), r["period"])
            for r in ratings
        }
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(
            "is not a reportgen manifest with ratings (build the last pack again with this "
            f"version, or give its computed table) ({type(error).__name__}: {error})"
        ) from None
    return Previous(period_end, found)
