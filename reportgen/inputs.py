"""Read the user's CSV and XLSX files into tables of text cells, located by spreadsheet row.

Excel's habits are expected: a byte-order mark, Windows-1252 text (a pound sign), UTF-16,
semicolon or tab delimiters, one table per sheet of a workbook.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import pandas as pd

from reportgen.archives import check_archive
from reportgen.errors import InputError, Problem, echoed
from reportgen.limits import LARGEST_FIGURE
from reportgen.limits import MAX_WORKBOOK_UNZIPPED_BYTES as MAX_UNZIPPED_BYTES

log = logging.getLogger(__name__)
T = TypeVar("T")

_DELIMITERS = (",", ";", "\t")

# Published statistics' suppression and missing-value symbols, and Excel's error values:
# each loads as a missing figure with its reason, is shown as written and never rated.
MISSING_CODES = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "low": "a small number, suppressed",
    "k": "less than half the unit shown",
    "..": "not available",
    ":": "not available",
    "~": "a small number, suppressed",
    "-": "not available",
    "n/a": "not applicable",
    "na": "not applicable",
    "#div/0!": "spreadsheet error",
    "#n/a": "spreadsheet error",
    "#value!": "spreadsheet error",
    "#ref!": "spreadsheet error",
    "#name?": "spreadsheet error",
    "#num!": "spreadsheet error",
    "#null!": "spreadsheet error",
}
NUMBER_HELP = "write a number or a suppression code: c, x, z, u, low"
# A sheet of some 80,000 rows, which openpyxl reads in seconds; larger tables belong in CSV.
WORKBOOK = "an Excel .xlsx workbook"
# Control characters (bar tab and newline) and lone surrogates: invisible, and unsafe in PDF,
# Word and HTML alike. They are removed once, here at loading, with a warning. Decoded files
# cannot hold lone surrogates (only YAML escapes can), so table cells are searched for control
# characters alone: a pattern with surrogates cannot be given to Arrow-backed strings.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_INNER_SPACE = re.compile(r"\s+(?=%)|(?<=[£$€])\s+")
_NUMBER = re.compile(r"^[£$€]?-?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$")


@dataclass(frozen=True)
class RawTable:
    """One table as text cells; `label` names it in messages ("observations.csv"), and `notes`
    gathers the warnings about its cells, said once each when the table has been read."""

    label: str
    frame: pd.DataFrame
    rows: tuple[int, ...]  # the spreadsheet row number of each record
    notes: list[Problem] = field(default_factory=list)

    @cached_property
    def _cells(self) -> dict[str, list[str]]:
        # Plain lists: reading cells one by one from a DataFrame costs far more.
        return {str(c): [str(v) for v in self.frame[c].tolist()] for c in self.frame.columns}

    def written(self, index: int, column: str) -> str:
        """Return a cell's text as written ("" when the column is absent)."""
        cells = self._cells.get(column)
        return "" if cells is None else cells[index]

    def cell(self, index: int, column: str) -> str:
        """Return the stripped text of a cell ("" when the column is absent)."""
        return self.written(index, column).strip()


def read_table(path: Path, table: str) -> RawTable:
    """Return the table `table` read from a CSV file or a workbook sheet; raise InputError."""
    if path.suffix.lower() == ".xlsx":
        label, frame = _read_sheet(path, table)
    else:
        label, frame = path.name, _read_csv(path)
    frame.columns = [_column_name(c) for c in frame.columns]
    _refuse_repeated_columns(label, list(frame.columns))
    # Spreadsheet rows: the header is row 1; blank rows are skipped but still counted.
    blank = (frame.apply(lambda column: column.str.strip()) == "").all(axis=1)
    rows = tuple(index + 2 for index, is_blank in enumerate(blank) if not is_blank)
    frame = frame[~blank].reset_index(drop=True)
    if frame.empty:
        raise InputError([Problem(label, "has a header row but no data rows")])
    return RawTable(label, frame, rows, _remove_unprintable(label, frame, rows))


def _refuse_repeated_columns(label: str, columns: list[str]) -> None:
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise InputError(
            [
                Problem(
                    label,
                    f"more than one column is named {echoed(name)} (give each column its own name)",
                    row=1,
                )
                for name in repeated
            ]
        )


def printable(text: str) -> str:
    """Return `text` without control characters or lone surrogates."""
    return UNPRINTABLE.sub("", text)


def _remove_unprintable(label: str, frame: pd.DataFrame, rows: tuple[int, ...]) -> list[Problem]:
    """Remove unprintable characters from every cell; return a warning for each cell."""
    notes = []
    for column in frame.columns:
        dirty = frame[column].str.contains(CONTROL)
        for index in frame.index[dirty]:
            frame.at[index, column] = printable(str(frame.at[index, column]))
            notes.append(
                Problem(
                    label,
                    "control characters removed (they cannot be printed)",
                    row=rows[index],
                    column=str(column),
                )
            )
    return notes


def tidy_number(text: str) -> str:
    """Return a number as written without the spaces people leave inside it: "18.9 %" and
    "£ 1,200" are "18.9%" and "£1,200"."""
    return _INNER_SPACE.sub("", text.strip())


def parse_number(text: str) -> float:
    """Return the number written in `text` ("1,183", "18%", "£1,200.50"); raise ValueError."""
    cleaned = tidy_number(text)
    if not cleaned or not _NUMBER.match(cleaned) or not any(ch.isdigit() for ch in cleaned):
        raise ValueError(f"{echoed(text)} is not a number ({NUMBER_HELP})")
    number = float(cleaned.strip("£$€%").replace(",", ""))
    if not abs(number) < LARGEST_FIGURE:
        shown = text if len(text) <= 20 else text[:17] + "..."
        raise ValueError(
            f"{echoed(shown)} is too large for a figure (allowed: less than {LARGEST_FIGURE:,.0f})"
        )
    return number


def missing_code(text: str) -> str | None:
    """Return the suppression code `text` is written as (lower case), or None if it is not one.

    The square brackets of the GSS guidance for accessible spreadsheets ("[x]", "[c]") are
    the same codes."""
    code = text.strip().lower()
    if code.startswith("[") and code.endswith("]"):
        code = code[1:-1].strip()
    return code if code in MISSING_CODES else None


def _column_name(name: object) -> str:
    """Return a header as the contract spells it: "Period End " -> "period_end"."""
    return re.sub(r"\s+", "_", str(name).strip().lower())


def decode_text(path: Path, data: bytes) -> str:
    """Return a text file's contents, as Excel may have saved them; raise InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                [Problem(path.name, "is not readable UTF-16 text (save it as CSV UTF-8)")]
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            [Problem(path.name, "is not readable text (save it as CSV UTF-8 from Excel)")]
        ) from None
    log.info("%s: read as Windows-1252 (Excel's default), not UTF-8", path.name)
    return text


def _read_csv(path: Path) -> pd.DataFrame:
    text = decode_text(path, path.read_bytes())
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        raise InputError([Problem(path.name, "is empty (it needs a header row and data rows)")])
    delimiter = max(_DELIMITERS, key=header_line.count)
    header, *records = _csv_records(path, text, delimiter)
    width = len(header)
    problems = [
        Problem(
            path.name,
            f"has {len(_trim(record))} cells but the header has {width} "
            "(put text that contains the delimiter in double quotes)",
            row=index + 2,
        )
        for index, record in enumerate(records)
        if len(_trim(record)) > width
    ]
    if problems:
        raise InputError(problems)
    cells = [(record + [""] * width)[:width] for record in records]
    return pd.DataFrame(cells, columns=header, dtype=str)


def _csv_records(path: Path, text: str, delimiter: str) -> list[list[str]]:
    """Return a CSV file's records, read strictly: a quote left open would otherwise swallow
    the rows after it without a word."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        reason = (
            f"a cell is longer than {csv.field_size_limit():,} characters"
            if "field limit" in str(error)
            else f"a double quote in this row is not closed ({error})"
        )
        raise InputError(
            [
                Problem(
                    path.name,
                    f"{reason}; put text holding quotes or the delimiter in double quotes, "
                    "with each quote inside it doubled",
                    row=len(records) + 1,
                )
            ]
        ) from None
    return records


def _trim(record: list[str]) -> list[str]:
    """Return a CSV record without the empty cells Excel leaves at the end of a row."""
    while record and not record[-1].strip():
        record = record[:-1]
    return record


def _read_sheet(path: Path, table: str) -> tuple[str, pd.DataFrame]:
    def read() -> tuple[str, pd.DataFrame]:
        with pd.ExcelFile(path, engine="openpyxl") as sheets:
            sheet = _sheet_for(path, table, [str(name) for name in sheets.sheet_names])
            frame = pd.read_excel(
                sheets, sheet_name=sheet, dtype=str, keep_default_na=False, na_filter=False
            )
        return f"{path.name}[{sheet}]", frame.fillna("").astype(str)

    return _from_workbook(path, read)


def _from_workbook(path: Path, read: Callable[[], T]) -> T:
    """Return what `read` makes of a workbook, checked by the archive policy first; whatever
    openpyxl raises for a workbook broken inside becomes one located error."""
    check_archive(path, WORKBOOK, MAX_UNZIPPED_BYTES)  # before openpyxl unzips or parses it
    try:
        return read()
    except InputError:
        raise
    except Exception as error:
        raise InputError(
            [Problem(path.name, f"is not {WORKBOOK} reportgen can read ({error})")]
        ) from None


def _sheet_for(path: Path, table: str, sheets: list[str]) -> str:
    """Return the sheet holding `table`: the one named after it, or the only one."""
    names = {name.strip().lower(): name for name in sheets}
    if table in names:
        return names[table]
    if len(names) == 1:
        return sheets[0]
    raise InputError(
        [Problem(path.name, f"has no sheet named {echoed(table)} (sheets: {', '.join(sheets)})")]
    )


def read_published(path: Path, required: tuple[str, ...], what: str) -> pd.DataFrame:
    """Return a published file (CSV in any encoding Excel writes, or Parquet) as text cells,
    refusing one that lacks the columns `what` has."""
    with open(path, "rb") as handle:
        start = handle.read(4)
    if start == b"PAR1":
        frame = _read_parquet(path)
    elif start == b"PK\x03\x04":
        raise InputError(
            [Problem(path.name, f"is a workbook; {what} is read as CSV or Parquet (save as CSV)")]
        )
    else:
        frame = _read_csv(path)  # as strictly as the report's own tables
    frame.columns = [str(c).strip() for c in frame.columns]
    _refuse_repeated_columns(path.name, list(frame.columns))
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(
            [
                Problem(
                    path.name,
                    f"is not {what}: it has no {', '.join(repr(c) for c in missing)} column "
                    f"(its columns: {', '.join(map(str, frame.columns[:10]))})",
                )
            ]
        )
    return frame


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
        return frame.astype(object).where(frame.notna(), "").astype(str)
    except Exception as error:  # pyarrow raises many kinds for a damaged file
        raise InputError(
            [Problem(path.name, f"is not a readable Parquet file ({error})")]
        ) from None


def read_sheet_rows(path: Path) -> list[list[str]]:
    """Return a workbook's first sheet as rows of text, without taking any row as a header."""
    frame = _from_workbook(
        path, lambda: pd.read_excel(path, dtype=str, header=None, keep_default_na=False)
    )
    return [[str(cell) for cell in row] for row in frame.fillna("").values.tolist()]
