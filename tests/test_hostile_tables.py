"""Tables from many hands, read as a user runs reportgen (a process of its own): every table
bounded before it is read (bytes by its size, a Parquet file's rows by its metadata, a CSV's
lines, rows and cells as they are read); an import reads the report's tables as validate does
and writes them back as it found them, or refuses with nothing changed; a file that is not
UTF-8 is never turned into mojibake without a word."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from test_hostile import IMPORT_REPORT, MEGABYTES, SECONDS, Ran, run_bounded, sparse, write_project

from conftest import OBSERVATIONS, REPORT, real_data

Content = str | bytes | Callable[[Path], None]
LAIT_PARQUET = "lait_bds_long.parquet"
IMPORT_LAIT = ("import", "lait", LAIT_PARQUET, "--into", "report.yaml")


def project(tmp_path: Path, files: dict[str, Content], report: str = REPORT) -> Path:
    """Return a report's folder holding the test pack's files with `files` over them."""
    return write_project(tmp_path / "report", files, report)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file of the folder (bar huge generated ones) and its bytes."""
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if p.is_file() and p.stat().st_size < 20_000_000
    }


def bounded(folder: Path, command: tuple[str, ...], code: int) -> Ran:
    """Return the run of `command`, checked for its time, memory, exit status and tracebacks."""
    ran = run_bounded(folder, command)
    assert ran.seconds < SECONDS, ran
    assert ran.megabytes < MEGABYTES, ran
    assert "Traceback" not in ran.stderr, ran.stderr
    assert ran.code == code, ran.stderr
    if code == 2:
        errors = [line for line in ran.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1, ran.stderr
    return ran


def refused(folder: Path, command: tuple[str, ...], message: str) -> None:
    """Check that `command` exits 2 with `message`, leaving every file as it was."""
    before = snapshot(folder)
    ran = bounded(folder, command, 2)
    assert message in ran.stderr, ran.stderr
    assert snapshot(folder) == before
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def identical_rows(rows: int, measure: str) -> Callable[[Path], None]:
    """Return a writer of LAIT long data of `rows` identical rows (a few KB as Parquet)."""

    def write(path: Path) -> None:
        block = min(rows, 1_000_000)
        table = pa.table(
            {
                "Short Desc": pa.array([measure] * block),
                "Years": pa.array(["2024"] * block),
                "LA and Regions": pa.array(["Leeds"] * block),
                "Values": pa.array(["1.5"] * block),
            }
        )
        with pq.ParquetWriter(path, table.schema) as writer:
            for _ in range(rows // block):
                writer.write_table(table, row_group_size=block)

    return write


def with_notes(notes: dict[int, str]) -> str:
    """Return the test pack's observations with a note column, `notes` on the rows named."""
    lines = OBSERVATIONS.splitlines()
    return "\n".join(
        f"{line},{'note' if row == 1 else notes.get(row, '')}"
        for row, line in enumerate(lines, start=1)
    )


# 1. Every table read bounded before it is read.


def test_a_huge_csv_is_refused_by_its_size(tmp_path: Path) -> None:
    folder = project(tmp_path, {"observations.csv": sparse(200_000_000)})
    refused(
        folder,
        ("validate", "report.yaml"),
        "observations.csv: is 200,000,000 bytes, more than the 100,000,000 reportgen reads in "
        "one table (split the file, or filter it to the measures you need)",
    )


def test_a_huge_previous_table_is_refused_by_its_size(tmp_path: Path) -> None:
    """The last pack's computed table (`previous:`) is read within the limits of every table."""
    folder = project(
        tmp_path, {"last.csv": sparse(400_000_000), "report.yaml": REPORT + "previous: last.csv\n"}
    )
    refused(
        folder,
        ("validate", "report.yaml"),
        "is 400,000,000 bytes, more than the 100,000,000 reportgen reads in one table",
    )


def test_a_huge_published_csv_is_refused_by_its_size(tmp_path: Path) -> None:
    folder = project(tmp_path, {"lait.csv": sparse(200_000_000)}, IMPORT_REPORT)
    refused(
        folder,
        ("import", "lait", "lait.csv", "--into", "report.yaml"),
        "lait.csv: is 200,000,000 bytes, more than the 100,000,000",
    )


def test_a_parquet_file_of_too_many_rows_is_refused_by_its_metadata(tmp_path: Path) -> None:
    folder = project(
        tmp_path, {LAIT_PARQUET: identical_rows(11_000_000, "Unknown measure")}, IMPORT_REPORT
    )
    assert (folder / LAIT_PARQUET).stat().st_size < 1_000_000
    refused(
        folder,
        IMPORT_LAIT,
        f"{LAIT_PARQUET}: has more than 10,000,000 rows (11,000,000), more than reportgen "
        "reads in one table (split the file, or filter it to the measures you need)",
    )


def test_a_parquet_file_of_too_many_cells_kept_is_refused_as_it_is_read(tmp_path: Path) -> None:
    folder = project(tmp_path, {LAIT_PARQUET: identical_rows(2_000_000, "CIN")}, IMPORT_REPORT)
    refused(folder, IMPORT_LAIT, f"{LAIT_PARQUET}:1250002: has more than 5,000,000 cells")


def test_a_parquet_file_of_rows_not_imported_is_read_within_bounds(tmp_path: Path) -> None:
    # LAIT's other measures are passed over batch by batch, never held.
    folder = project(
        tmp_path, {LAIT_PARQUET: identical_rows(3_000_000, "Another measure")}, IMPORT_REPORT
    )
    ran = bounded(folder, IMPORT_LAIT, 0)
    assert f"{LAIT_PARQUET}: 0 observations" in ran.stderr


def test_a_csv_of_too_many_cells_is_refused_as_it_is_read(tmp_path: Path) -> None:
    header, *rows = OBSERVATIONS.splitlines()
    extra = "".join(f",extra_{n}" for n in range(93))  # 100 columns
    lines = [header + extra, *(row + "," * 93 for row in rows), *["," * 99] * 50_000]
    folder = project(tmp_path, {"observations.csv": "\n".join(lines) + "\n"})
    # 50,000 rows of 100 cells are kept; the next is refused, as it is read.
    refused(folder, ("validate", "report.yaml"), "observations.csv:50002: has more than 5,000,000")


def test_a_csv_line_too_long_is_refused_before_it_is_split(tmp_path: Path) -> None:
    folder = project(tmp_path, {"observations.csv": OBSERVATIONS + "," * 30_000_000 + "\n"})
    refused(
        folder,
        ("validate", "report.yaml"),
        "observations.csv:10: this line is longer than 1,000,000 characters",
    )


# 2. Imports read the tables as validate reads them, and write them back so.


def imported_rows(
    tmp_path: Path, name: str, observations: bytes, delimiter: str
) -> list[list[str]]:
    """Return the observations after importing the LAIT extract into a pack whose table is
    `observations`, read back in `delimiter`; the import must succeed and validate read it."""
    folder = project(tmp_path / name, {"observations.csv": observations}, IMPORT_REPORT)
    shutil.copy(real_data(LAIT_PARQUET), folder)
    bounded(folder, IMPORT_LAIT, 0)
    written = (folder / "observations.csv").read_bytes().decode("utf-8")
    assert written.splitlines()[0].count(delimiter) > 5, written[:200]
    return list(csv.reader(written.splitlines(), delimiter=delimiter))


def test_an_import_keeps_a_semicolon_table_as_validate_reads_it(tmp_path: Path) -> None:
    (tmp_path / "comma").mkdir()
    (tmp_path / "semicolon").mkdir()
    comma = imported_rows(tmp_path, "comma", OBSERVATIONS.encode(), ",")
    semicolon = imported_rows(tmp_path, "semicolon", OBSERVATIONS.replace(",", ";").encode(), ";")
    assert semicolon == comma
    assert len(comma) > 1000  # the LAIT extract's figures, each one added


def test_an_import_keeps_a_windows_1252_table_in_its_encoding(tmp_path: Path) -> None:
    observations = with_notes({3: "Café referrals £"}).encode("cp1252")
    folder = project(tmp_path, {"observations.csv": observations}, IMPORT_REPORT)
    shutil.copy(real_data(LAIT_PARQUET), folder)
    ran = bounded(folder, IMPORT_LAIT, 0)
    assert "observations.csv:3: is not UTF-8 (byte 0xE9 here): read as Windows-1252" in ran.stderr
    written = (folder / "observations.csv").read_bytes()
    assert b"Caf\xe9 referrals \xa3" in written
    assert written.decode("cp1252").count("\n") > 1000


def test_an_import_that_cannot_be_written_in_the_tables_encoding_changes_nothing(
    tmp_path: Path,
) -> None:
    observations = with_notes({3: "Café"}).encode("cp1252")
    lait = "Short Desc,Years,LA and Regions,Values,LA Number\nCIN,2024,Ŵestshire,12,999\n"
    folder = project(tmp_path, {"observations.csv": observations, "lait.csv": lait}, IMPORT_REPORT)
    refused(
        folder,
        ("import", "lait", "lait.csv", "--into", "report.yaml"),
        "observations.csv:5: 'Ŵ' cannot be written in Windows-1252, the encoding this file is "
        "saved in; nothing was imported (save observations.csv as CSV UTF-8 from Excel, then "
        "import again)",
    )


# 3. Bad encodings: never silent mojibake.


def test_a_utf8_file_with_one_windows_1252_byte_is_refused_at_its_line(tmp_path: Path) -> None:
    observations = with_notes({3: "Café"}).encode("utf-8").replace(b"\n", b"\n", 1)
    lines = observations.split(b"\n")
    lines[5] += "£".encode("cp1252")  # one byte Excel wrote in another encoding
    folder = project(tmp_path, {"observations.csv": b"\n".join(lines)})
    refused(
        folder,
        ("validate", "report.yaml"),
        "observations.csv:6: byte 0xA3 is not UTF-8, though other characters in the file are: "
        "it mixes two encodings",
    )


def test_a_windows_1252_file_is_read_with_a_located_warning(tmp_path: Path) -> None:
    observations = with_notes({4: "£ spent"}).encode("cp1252")
    folder = project(tmp_path, {"observations.csv": observations})
    ran = bounded(folder, ("validate", "report.yaml"), 0)
    assert (
        "warning: observations.csv:4: is not UTF-8 (byte 0xA3 here): read as Windows-1252, "
        "Excel's default (save it as CSV UTF-8 from Excel to be sure of its characters)"
    ) in ran.stderr
    refused(folder, ("validate", "report.yaml", "--strict"), "observations.csv:4: is not UTF-8")
