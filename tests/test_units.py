"""Dense logic checked directly: periods and their labels, number formats, the placeholder rating."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from reportgen.build import build_pack
from reportgen.compute import compute
from reportgen.config import load_config
from reportgen.formatting import format_value
from reportgen.inputs import missing_code, parse_number
from reportgen.options import Tolerance, parse_tolerance
from reportgen.periods import long_date, parse_date, period_label, shift_months
from reportgen.ratings import derived_value
from reportgen.render.text import render_text
from reportgen.validate import load_dataset

from conftest import INDICATORS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-09-30", date(2023, 9, 30)),
        ("2024-02", date(2024, 2, 29)),
        ("2023-09-30 00:00:00", date(2023, 9, 30)),
        ("30/09/2023", date(2023, 9, 30)),  # as a UK spreadsheet writes it
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2023-02-30", "2023-13", "31/02/2023", "Sep-23", "45199", ""])
def test_bad_dates_say_how_to_write_one(text: str) -> None:
    with pytest.raises(ValueError, match="write dates as YYYY-MM-DD"):
        parse_date(text)


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (None, date(2023, 9, 30), "At Sep 23"),
        (date(2022, 10, 1), date(2023, 9, 30), "12 months to Sep 23"),
        (date(2022, 4, 1), date(2023, 3, 31), "2022/23"),
        (date(2022, 9, 1), date(2023, 8, 31), "2022/23 academic year"),
        (date(2023, 7, 1), date(2023, 9, 30), "Q2 2023/24"),
        (date(2024, 1, 1), date(2024, 3, 31), "Q4 2023/24"),
        (date(2023, 9, 1), date(2023, 9, 30), "Sep 2023"),
        (date(2023, 4, 1), date(2023, 9, 30), "Apr to Sep 23"),
    ],
)
def test_period_labels(start: date | None, end: date, label: str) -> None:
    assert period_label(end, start) == label


def test_twelve_months_earlier_keeps_month_ends() -> None:
    assert shift_months(date(2024, 2, 29), -12) == date(2023, 2, 28)
    assert shift_months(date(2023, 9, 30), -12) == date(2022, 9, 30)
    assert shift_months(date(2023, 3, 15), 12) == date(2024, 3, 15)


def test_long_dates_follow_gov_uk_style() -> None:
    assert long_date(date(2024, 1, 8)) == "8 January 2024"


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        (1183.0, "count", None, "1,183"),
        (17.5, "percent", None, "18%"),
        (2.5, "percent", None, "3%"),
        (7.25, "percent", 1, "7.3%"),
        (56.4, "rate_per_10k", None, "56"),
        (7040.4, "currency", None, "£7,040"),
        (0.905, "ratio", None, "0.91"),
        (math.nan, "count", None, "–"),
    ],
)
def test_figures_are_written_as_published(
    value: float, unit: str, decimals: int | None, text: str
) -> None:
    assert format_value(value, unit, decimals) == text


def test_a_suppression_code_stands_in_for_the_figure() -> None:
    assert format_value(None, "count", missing="c") == "c"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1,183", 1183.0),
        ("18%", 18.0),
        ("£1,200.50", 1200.5),
        (" 42 ", 42.0),
        ("-3.5", -3.5),
    ],
)
def test_numbers_as_spreadsheets_write_them(text: str, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["abc", "1,18", "12.3.4", "--1", "%", "1e5x"])
def test_text_that_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text)


@pytest.mark.parametrize("text", ["c", "X", "low", "..", ":", "~", "-", "N/A", "#DIV/0!", "#N/A"])
def test_published_suppression_codes(text: str) -> None:
    assert missing_code(text) == text.lower()


def test_tolerances() -> None:
    assert parse_tolerance("2%") == Tolerance(2.0, relative=True)
    assert parse_tolerance("2pp") == Tolerance(2.0, relative=False)
    assert parse_tolerance(2) == Tolerance(2.0, relative=False)
    with pytest.raises(ValueError):
        parse_tolerance("two")


def test_derived_values() -> None:
    assert derived_value("percent", 1225, 5290) == pytest.approx(23.157, abs=1e-3)
    assert derived_value("rate_per_10k", 1183, 100432) == pytest.approx(117.79, abs=1e-2)
    assert math.isnan(derived_value("count", 1, 2))


GIVEN_PLACES = """\
    indicator,area,period_end,value,numerator,denominator,target
    REREF,Testshire,2025-06-30,18,,,
    REREF,Testshire,2025-09-30,17.3,,,
    REREF,England,2025-03-31,22,,,
    CIC-RATE,Testshire,2025-06-30,,1101,101000,
    CIC-RATE,Testshire,2025-09-30,,1183,101000,
    EHCP-20WK,Testshire,2025-06-30,55,,,60
    EHCP-20WK,Testshire,2025-09-30,57,,,60
    """


def _data_rows(report: Path) -> dict[str, list[str]]:
    """Return the data tables' rows by indicator title, as cells of the model's text."""
    config = load_config(report)
    text = render_text(build_pack(config, compute(config, load_dataset(config))))
    rows = [line.strip().strip("|").strip().split(" | ") for line in text.splitlines()]
    return {row[0]: row for row in rows if len(row) == 7}


def test_figures_are_shown_to_the_places_they_are_written_with(
    make_report: Callable[..., Path],
) -> None:
    """Without a decimals column a percentage written 17.3 is shown 17.3%, and the other
    figures of its indicator to the same place; a rate only ever worked out from its
    numerator and denominator has 1 place; whole figures stay whole."""
    indicators = INDICATORS.replace(",decimals", "").replace(",0\n", "\n")
    rows = _data_rows(make_report(indicators=indicators, observations=GIVEN_PLACES))
    # Indicator, Period, Performance, Target, 12 months earlier, England, Rating
    assert rows["Re-referrals within 12 months"][2] == "17.3%"
    assert rows["Re-referrals within 12 months"][5] == "22.0%"
    assert rows["Children in care per 10,000 children"][2] == "117.1"
    assert rows["EHCPs issued within 20 weeks"][2:4] == ["57%", "60%"]


def test_a_decimals_column_still_decides(make_report: Callable[..., Path]) -> None:
    rows = _data_rows(make_report(observations=GIVEN_PLACES))  # decimals 0 throughout
    assert rows["Re-referrals within 12 months"][2] == "17%"
    assert rows["Children in care per 10,000 children"][2] == "117"
