"""Read the user's CSV and XLSX files into tables of text cells, located by spreadsheet row.

Excel's habits are expected: a byte-order mark, Windows-1252 text (a pound sign), UTF-16,
semicolon or tab delimiters, one table per sheet of a workbook.
"""

from __future__ import annotations

import codecs
import csv
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TextIO, TypeVar

import numpy as np
import pandas as pd

from reportgen.archives import check_archive
from reportgen.errors import InputError, Problem, echoed
from reportgen.limits import (
    LARGEST_FIGURE,
    MAX_LINE_CHARS,
    MAX_TABLE_BYTES,
    MAX_TABLE_CELLS,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
)
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
    notes: list[Problem] = []
    if path.suffix.lower() == ".xlsx":
        label, frame = _read_sheet(path, table)
    else:
        label = path.name
        frame, _, notes = read_csv(path)
        frame = frame.reset_index(drop=True)
    frame.columns = [_column_name(c) for c in frame.columns]
    _refuse_repeated_columns(label, list(frame.columns))
    # Spreadsheet rows: the header is row 1; blank rows are skipped but still counted.
    blank = (frame.apply(lambda column: column.str.strip()) == "").all(axis=1)
    rows = tuple(index + 2 for index, is_blank in enumerate(blank) if not is_blank)
    frame = frame[~blank].reset_index(drop=True)
    if frame.empty:
        raise InputError([Problem(label, "has a header row but no data rows")])
    return RawTable(label, frame, rows, [*notes, *_remove_unprintable(label, frame, rows)])


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
        raise ValueError(
            f"{echoed(text)} is too large for a figure (allowed: less than {LARGEST_FIGURE:,.0f})"
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


@dataclass(frozen=True)
class TextFormat:
    """How a CSV file is written: its codec, its delimiter and its line ending, so that a
    table rewritten (by an import) is written as it was found."""

    encoding: str = "utf-8"  # a Python codec: utf-8, utf-8-sig (with Excel's mark), cp1252, utf-16
    delimiter: str = ","
    newline: str = "\n"

    @property
    def name(self) -> str:
        """Return the encoding as users know it ("Windows-1252")."""
        return ENCODING_NAMES[self.encoding]


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "cp1252": "Windows-1252",
    "utf-16": "UTF-16",
}
_CHUNK = 1 << 20  # bytes read at a time: memory stays flat whatever the file's size
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # a byte UTF-8 cannot decode, kept as a surrogate
_WIDE = re.compile("[\x80-\udc7f\udd00-\U0010ffff]")  # a character UTF-8 did decode
SAVE_UTF8 = "save it as CSV UTF-8 from Excel"


def check_size(path: Path) -> None:
    """Refuse a table file larger than reportgen reads, by its size on disk; raise InputError."""
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise InputError(
            [
                Problem(
                    path.name,
                    f"is {size:,} bytes, more than the {MAX_TABLE_BYTES:,} reportgen reads in "
                    "one table (split the file, or filter it to the measures you need)",
                )
            ]
        )


def sniff_encoding(path: Path) -> tuple[str, list[Problem]]:
    """Return the codec a text file is read with, and a warning if it is not UTF-8; raise
    InputError for a file that is neither UTF-8 nor Windows-1252, or that mixes the two.

    The file is read once, a chunk at a time. A file that is not UTF-8 is read as Windows-1252
    (Excel's default) only if no character in it is UTF-8 either: "café" saved as UTF-8 beside
    one Windows-1252 byte would otherwise become "cafÃ©" without a word."""
    with open(path, "rb") as handle:
        start = handle.read(3)
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16", []
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        line, wide, bad = 1, False, None
        while chunk := handle.read(_CHUNK):
            text = decoder.decode(chunk)
            wide = wide or _WIDE.search(text) is not None
            found = _NOT_UTF8.search(text) if bad is None else None
            if found:
                bad = (line + text.count("\n", 0, found.start()), ord(found.group()) - 0xDC00)
            if bad is None:
                line += text.count("\n")
        last = _NOT_UTF8.search(decoder.decode(b"", final=True))
        if bad is None and last:  # a character cut short at the very end
            bad = (line, ord(last.group()) - 0xDC00)
    if bad is None:
        return ("utf-8-sig" if start == codecs.BOM_UTF8 else "utf-8"), []
    row, byte = bad
    if wide or start == codecs.BOM_UTF8:
        raise InputError(
            [
                Problem(
                    path.name,
                    f"byte 0x{byte:02X} is not UTF-8, though other characters in the file "
                    f"are: it mixes two encodings ({SAVE_UTF8}, then check this row)",
                    row=row,
                )
            ]
        )
    note = Problem(
        path.name,
        f"is not UTF-8 (byte 0x{byte:02X} here): read as Windows-1252, Excel's default "
        f"({SAVE_UTF8} to be sure of its characters)",
        row=row,
    )
    return "cp1252", [note]


def _bounded_lines(handle: TextIO, label: str) -> Iterator[str]:
    """Yield a text file's lines, refusing one longer than a table's line may be."""
    number = 0
    while line := handle.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                [
                    Problem(
                        label,
                        f"this line is longer than {MAX_LINE_CHARS:,} characters (a table's "
                        "lines are shorter: is this a CSV file?)",
                        row=number,
                    )
                ]
            )
        yield line


@dataclass(frozen=True)
class Keep:
    """Which rows of a published file are kept as they are read: those whose `column` holds
    one of `values` (the measures an import knows), so memory follows what is kept."""

    column: str
    values: frozenset[str]


def _too_many(label: str, what: str, limit: int, row: int | None = None) -> InputError:
    return InputError(
        [
            Problem(
                label,
                f"has more than {limit:,} {what}, more than reportgen reads in one table "
                "(split the file, or filter it to the measures you need)",
                row=row,
            )
        ]
    )


def read_csv(
    path: Path, keep: Keep | None = None
) -> tuple[pd.DataFrame, TextFormat, list[Problem]]:
    """Return a CSV file's cells (indexed by record, the header being record -1), how it is
    written, and warnings on its encoding; raise InputError.

    The file is checked by its size, then read a line at a time, its rows and cells counted
    as they are read: nothing beyond the limits is held."""
    check_size(path)
    encoding, notes = sniff_encoding(path)
    try:
        with open(path, encoding=encoding, newline="") as handle:
            found = _header_format(path, handle, encoding)
            handle.seek(0)
            header, index, cells = _csv_records(
                path, _bounded_lines(handle, path.name), found.delimiter, keep
            )
    except UnicodeDecodeError:
        raise _unreadable(path, encoding) from None
    frame = pd.DataFrame(cells, columns=header, index=index, dtype=str)
    return frame, found, notes


def text_format(path: Path) -> TextFormat:
    """Return how a CSV file is written, from its bytes and its header line; raise
    InputError."""
    check_size(path)
    encoding, _ = sniff_encoding(path)
    try:
        with open(path, encoding=encoding, newline="") as handle:
            return _header_format(path, handle, encoding)
    except UnicodeDecodeError:
        raise _unreadable(path, encoding) from None


def _header_format(path: Path, handle: TextIO, encoding: str) -> TextFormat:
    """Return the format of a CSV file open at its start: the delimiter its header uses most."""
    header_line = handle.readline(MAX_LINE_CHARS + 1)
    if not header_line.strip():
        raise InputError([Problem(path.name, "is empty (it needs a header row and data rows)")])
    delimiter = max(_DELIMITERS, key=header_line.count)
    return TextFormat(encoding, delimiter, "\r\n" if header_line.endswith("\r\n") else "\n")


def _unreadable(path: Path, encoding: str) -> InputError:
    readable = "UTF-16 text" if encoding == "utf-16" else "text"
    return InputError([Problem(path.name, f"is not readable {readable} ({SAVE_UTF8})")])


def read_report_table(path: Path) -> tuple[pd.DataFrame, TextFormat]:
    """Return a report's CSV table as validate reads it, without its blank rows, and how it
    is written (an empty table, written as UTF-8, if there is none yet); warnings on its
    encoding are logged. Raise InputError."""
    if not path.is_file():
        return pd.DataFrame(dtype=str), TextFormat()
    frame, found, notes = read_csv(path)
    for note in notes:
        _warn_once(str(note))
    blank = (frame.apply(lambda column: column.str.strip()) == "").all(axis=1)
    return frame[~blank].reset_index(drop=True), found


@cache
def _warn_once(message: str) -> None:
    """Log a warning once a run: an import reads the report's tables more than once."""
    log.warning("%s", message)


def _csv_records(
    path: Path, lines: Iterator[str], delimiter: str, keep: Keep | None
) -> tuple[list[str], list[int], list[list[str]]]:
    """Return a CSV file's header, and the record number and cells of each record kept, read
    strictly: a quote left open would otherwise swallow the rows after it without a word."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header: list[str] = []
    index: list[int] = []
    kept: list[list[str]] = []
    problems: list[Problem] = []
    count = 0
    try:
        header = next(reader, [])
        width = len(header)
        if width > MAX_TABLE_COLUMNS:
            raise _too_many(path.name, "columns", MAX_TABLE_COLUMNS, row=1)
        at = header.index(keep.column) if keep and keep.column in header else None
        for count, record in enumerate(reader, start=1):
            if count > MAX_TABLE_ROWS:
                raise _too_many(path.name, "rows", MAX_TABLE_ROWS, row=count + 1)
            if len(_trim(record)) > width:
                problems.append(
                    Problem(
                        path.name,
                        f"has {len(_trim(record))} cells but the header has {width} "
                        "(put text that contains the delimiter in double quotes)",
                        row=count + 1,
                    )
                )
                continue
            cells = (record + [""] * width)[:width]
            if keep and at is not None and cells[at].strip() not in keep.values:
                continue
            if (len(kept) + 1) * width > MAX_TABLE_CELLS:
                raise _too_many(path.name, "cells", MAX_TABLE_CELLS, row=count + 1)
            index.append(count - 1)
            kept.append(cells)
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
                    row=count + 2 if header else 1,
                )
            ]
        ) from None
    if problems:
        raise InputError(problems)
    return header, index, kept


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


def read_published(
    path: Path, required: tuple[str, ...], what: str, keep: Keep | None = None
) -> pd.DataFrame:
    """Return a published file (CSV in any encoding Excel writes, or Parquet) as text cells
    indexed by record (the first after the header is 0), refusing one that lacks the columns
    `what` has; only the rows `keep` names are kept, as they are read."""
    check_size(path)
    with open(path, "rb") as handle:
        start = handle.read(4)
    if start == b"PAR1":
        frame = _read_parquet(path, keep)
    elif start == b"PK\x03\x04":
        raise InputError(
            [Problem(path.name, f"is a workbook; {what} is read as CSV or Parquet (save as CSV)")]
        )
    else:
        frame, _, notes = read_csv(path, keep)  # as strictly as the report's own tables
        for note in notes:
            log.warning("%s", note)
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


def _read_parquet(path: Path, keep: Keep | None) -> pd.DataFrame:
    """Return a Parquet file's kept rows as text cells, refused by its metadata's row count
    before anything is decoded, then read a batch at a time."""
    import pyarrow as pa  # only for Parquet: a validate need not load it
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        rows, columns = parquet.metadata.num_rows, parquet.schema_arrow.names
    except Exception as error:  # pyarrow raises many kinds for a damaged file
        raise InputError(
            [Problem(path.name, f"is not a readable Parquet file ({error})")]
        ) from None
    if rows > MAX_TABLE_ROWS:
        raise _too_many(path.name, f"rows ({rows:,})", MAX_TABLE_ROWS)
    if len(columns) > MAX_TABLE_COLUMNS:
        raise _too_many(path.name, f"columns ({len(columns):,})", MAX_TABLE_COLUMNS)
    try:
        kept, index = _parquet_batches(path, parquet, keep)
        frame = pa.Table.from_batches(kept, parquet.schema_arrow).to_pandas()
    except InputError:
        raise
    except Exception as error:
        raise InputError(
            [Problem(path.name, f"is not a readable Parquet file ({error})")]
        ) from None
    frame.index = pd.Index(index)
    text: pd.DataFrame = frame.astype(object).where(frame.notna(), "").astype(str)
    return text


def _parquet_batches(path: Path, parquet: Any, keep: Keep | None) -> tuple[list[Any], list[int]]:
    """Return the kept rows of a Parquet file, batch by batch, and each one's record number;
    raise InputError as soon as more cells are kept than a table may hold."""
    import pyarrow as pa
    import pyarrow.compute as pc

    width = len(parquet.schema_arrow.names)
    wanted = pa.array(sorted(keep.values), pa.string()) if keep else None
    kept: list[Any] = []
    index: list[int] = []
    start = cells = 0
    for batch in parquet.iter_batches(batch_size=65_536):
        positions = np.arange(start, start + batch.num_rows)
        start += batch.num_rows
        if keep and wanted is not None and keep.column in batch.schema.names:
            values = pc.utf8_trim_whitespace(pc.cast(batch.column(keep.column), pa.string()))
            mask = pc.fill_null(pc.is_in(values, value_set=wanted), False)
            batch = batch.filter(mask)
            positions = positions[mask.to_numpy(zero_copy_only=False)]
        if cells + batch.num_rows * width > MAX_TABLE_CELLS:
            first = (MAX_TABLE_CELLS - cells) // width  # the first row kept beyond the limit
            raise _too_many(path.name, "cells", MAX_TABLE_CELLS, row=int(positions[first]) + 2)
        cells += batch.num_rows * width
        kept.append(batch)
        index += positions.tolist()
    return kept, index


def read_sheet_rows(path: Path) -> list[list[str]]:
    """Return a workbook's first sheet as rows of text, without taking any row as a header."""
    frame = _from_workbook(
        path, lambda: pd.read_excel(path, dtype=str, header=None, keep_default_na=False)
    )
    return [[str(cell) for cell in row] for row in frame.fillna("").values.tolist()]
