"""Period arithmetic and the labels people read for periods ("At Sep 23", "Q2 2023/24")."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from reportgen.errors import echoed
from reportgen.limits import FIRST_YEAR, LAST_YEAR

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_UK_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_EXCEL_SERIAL = re.compile(r"^\d{5}(\.0+)?$")

DATE_HELP = "write dates as YYYY-MM-DD, e.g. 2023-09-30, or YYYY-MM for a month's last day"
YEARS_ALLOWED = f"allowed: {FIRST_YEAR} to {LAST_YEAR}"


def allowed_year(year: int, text: str) -> int:
    """Return `year` if dates may fall in it; raise ValueError saying which years may.

    Every date a user gives passes here, so that period arithmetic (a year back, a year's
    start) stays within what a date can hold and a pack's dates are plausible."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{echoed(text)} is not in a year reportgen reads ({YEARS_ALLOWED})")
    return year


def month_end(year: int, month: int) -> date:
    """Return the last day of the month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str) -> date:
    """Return the date written as YYYY-MM-DD (YYYY-MM means the month's last day).

    Raises ValueError with a message a user can act on.
    """
    text = text.strip()
    if match := _ISO_MONTH.match(text):
        year, month = allowed_year(int(match[1]), text), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"{echoed(text)} is not a real month ({DATE_HELP})")
        return month_end(year, month)
    if match := _ISO_DAY.match(text):
        year = allowed_year(int(match[1]), text)
        try:
            return date(year, int(match[2]), int(match[3]))
        except ValueError:
            raise ValueError(f"{echoed(text)} is not a real date ({DATE_HELP})") from None
    if match := _UK_DAY.match(text):  # as Excel writes dates in the UK: day/month/year
        year = allowed_year(int(match[3]), text)
        try:
            return date(year, int(match[2]), int(match[1]))
        except ValueError:
            raise ValueError(f"{echoed(text)} is not a real date ({DATE_HELP})") from None
    if _EXCEL_SERIAL.match(text):
        raise ValueError(
            f"{echoed(text)} looks like an Excel date number, not a date (format the "
            f"column as a date, or {DATE_HELP})"
        )
    raise ValueError(f"{echoed(text)} is not a date ({DATE_HELP})")


def as_date(value: date | datetime | str) -> date:
    """Return `value` as a date, whether YAML gave a date, a datetime or a string; raise
    ValueError for one that is not a date in an allowed year."""
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        allowed_year(day.year, day.isoformat())
        return day
    return parse_date(str(value))


def shift_months(day: date, months: int) -> date:
    """Return the same point `months` later (earlier if negative), keeping month ends at month ends."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    is_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month + 1, last if is_month_end else min(day.day, last))


def months_spanned(start: date, end: date) -> int:
    """Return the whole months from `start` (first day) to `end` (last day): Apr 1 to Sep 30 is 6."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def short_month(day: date) -> str:
    """Return "Sep 23" for 30 September 2023."""
    return day.strftime("%b %y")


def long_date(day: date) -> str:
    """Return a date as GOV.UK writes it: "8 January 2024"."""
    return f"{day.day} {day:%B %Y}"


def financial_year(day: date) -> str:
    """Return the financial year holding `day`, as "2023/24"."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def period_label(end: date, start: date | None = None) -> str:
    """Return the label a committee reads for a period ending `end` (and starting `start`)."""
    if start is None:
        return f"At {short_month(end)}"
    months = months_spanned(start, end)
    if months == 12 and end.month == 3:
        return financial_year(end)
    if months == 12 and end.month == 8:
        return f"{end.year - 1}/{end.year % 100:02d} academic year"
    if months == 12:
        return f"12 months to {short_month(end)}"
    if months == 3 and end.month in (6, 9, 12, 3):
        quarter = {6: 1, 9: 2, 12: 3, 3: 4}[end.month]
        return f"Q{quarter} {financial_year(end)}"
    if months == 1:
        return end.strftime("%b %Y")
    return f"{start:%b} to {short_month(end)}"


def period_phrase(label: str) -> str:
    """Return a period label as it reads inside a sentence: "At Sep 26" -> "at Sep 26"."""
    return "at" + label[2:] if label.startswith("At ") else label


def period_bare(label: str) -> str:
    """Return a period label as one end of a range: "At Sep 26" -> "Sep 26"."""
    return label[3:] if label.startswith("At ") else label
