"""The bad-input corpus: what performance teams' systems really export. Each case states
whether it must load (with a warning where something was fixed) or be refused with one clear
message naming file, row and column; refusals exit 2, print no traceback and write nothing."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.areas import AreaBook, read_neighbours
from reportgen.config import load_config
from reportgen.edited import read_edited
from reportgen.errors import InputError
from reportgen.importers import load_mapping, read_ees, read_fingertips, read_lait
from reportgen.inputs import read_table
from reportgen.measures import BUILTIN_EES
from reportgen.narrative import load_narrative

from conftest import INDICATORS, OBSERVATIONS, REPORT, real_data, run_cli, word_file

OBS_HEADER = "indicator,area,period_end,value,numerator,denominator,target\n"


def obs(*rows: str) -> str:
    return OBS_HEADER + "".join(f"{row}\n" for row in rows) + "REREF,England,2025-03-31,22,,,\n"


def workbook(rows: list[list[object]], title_row: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "observations"
    if title_row:
        sheet.append(["Observations export"])
        sheet.merge_cells("A1:D1")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bomb() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        for _ in range(21):
            member.write(b"\0" * 1_000_000)
    return buffer.getvalue()


WORD_FILE = word_file()
XLSX_REPORT = REPORT.replace("observations.csv", "observations.xlsx")


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]
    loads: bool
    message: str = ""  # on stderr: the warning for a load, the error for a refusal
    report: str = REPORT


CASES = [
    Case(
        "utf-8 with a byte-order mark",
        {"observations.csv": ("\ufeff" + OBSERVATIONS).encode()},
        True,
    ),
    Case(
        "windows-1252 with a pound sign",
        {"indicators.csv": INDICATORS.replace("Re-referrals", "£ re-referrals").encode("cp1252")},
        True,
    ),
    Case(
        "utf-16 from Excel's Unicode text",
        {"observations.csv": OBSERVATIONS.encode("utf-16")},
        True,
    ),
    Case(
        "bytes that are no text",
        {"observations.csv": b"indicator,area\n\x81\x8d\x8f\x90\x9d\n"},
        False,
        "observations.csv: is not readable text (save it as CSV UTF-8 from Excel)",
    ),
    Case("semicolons", {"observations.csv": OBSERVATIONS.replace(",", ";")}, True),
    Case("tabs", {"observations.csv": OBSERVATIONS.replace(",", "\t")}, True),
    Case(
        "an Excel #DIV/0! error",
        {"observations.csv": obs("REREF,Testshire,2025-09-30,#DIV/0!,,,")},
        True,
    ),
    Case("an Excel #N/A", {"observations.csv": obs("REREF,Testshire,2025-09-30,#N/A,,,")}, True),
    Case(
        "a formula Excel never calculated",
        {
            "observations.xlsx": workbook(
                [
                    ["indicator", "area", "period_end", "value"],
                    ["REREF", "Testshire", "2025-09-30", "=1/0"],
                    ["REREF", "England", "2025-03-31", 22],
                ]
            )
        },
        False,
        "observations.xlsx[observations]:2: value: is blank",
        XLSX_REPORT,
    ),
    Case(
        "a merged title row above the header",
        {
            "observations.xlsx": workbook(
                [
                    ["indicator", "area", "period_end", "value"],
                    ["REREF", "Testshire", "2025-09-30", 18],
                ],
                title_row=True,
            )
        },
        False,
        "observations.xlsx[observations]:1: row 1 holds none of the required columns",
        XLSX_REPORT,
    ),
    Case(
        "a workbook whose dates are real dates",
        {
            "observations.xlsx": workbook(
                [
                    ["indicator", "area", "period_end", "value"],
                    ["REREF", "Testshire", __import__("datetime").datetime(2025, 9, 30), 18],
                    ["REREF", "England", __import__("datetime").datetime(2025, 3, 31), 22],
                ]
            )
        },
        True,
        report=XLSX_REPORT,
    ),
    Case(
        "a UK date 31/03/2025",
        {"observations.csv": obs("REREF,Testshire,31/03/2025,18,,,")},
        True,
        "observations.csv:2: period_end: '31/03/2025' read as 31 March 2025",
    ),
    Case(
        "a month-year date Mar-25",
        {"observations.csv": obs("REREF,Testshire,Mar-25,18,,,")},
        False,
        "observations.csv:2: period_end: 'Mar-25' is not a date",
    ),
    Case(
        "an Excel date number",
        {"observations.csv": obs("REREF,Testshire,45016,18,,,")},
        False,
        "observations.csv:2: period_end: '45016' looks like an Excel date number",
    ),
    Case(
        "an impossible date",
        {"observations.csv": obs("REREF,Testshire,2025-02-30,18,,,")},
        False,
        "observations.csv:2: period_end: '2025-02-30' is not a real date",
    ),
    Case(
        "a duplicate row",
        {
            "observations.csv": obs(
                "REREF,Testshire,2025-09-30,18,,,", "REREF,Testshire,2025-09-30,19,,,"
            )
        },
        False,
        "observations.csv:3: period_end: duplicate of row 2",
    ),
    Case(
        "an unknown indicator",
        {"observations.csv": obs("REREFF,Testshire,2025-09-30,18,,,")},
        False,
        "observations.csv:2: indicator: 'REREFF' is not an id in indicators.csv; did you "
        "mean 'REREF'?",
    ),
    Case(
        "an area missing from the areas table",
        {
            "observations.csv": obs(
                "REREF,Testshire,2025-09-30,18,,,", "REREF,Elsewhere,2025-09-30,1,,,"
            ),
            "areas.csv": "area,type\nTestshire,la\nEngland,national\n",
        },
        False,
        "observations.csv:3: area: 'Elsewhere' is not an area in areas.csv",
        REPORT + "  areas: areas.csv\n",
    ),
    Case(
        "an unknown unit",
        {"indicators.csv": INDICATORS.replace(",percent,low,tracker", ",percentage,low,tracker")},
        False,
        "indicators.csv:2: unit: 'percentage' is not allowed (allowed: percent,",
    ),
    Case(
        "an unknown polarity",
        {"indicators.csv": INDICATORS.replace("percent,low", "percent,up")},
        False,
        "indicators.csv:2: polarity: 'up' is not allowed (allowed: high, low, none)",
    ),
    Case(
        "an unknown kind",
        {"indicators.csv": INDICATORS.replace("low,tracker,flow", "low,monitor,flow")},
        False,
        "indicators.csv:2: kind: 'monitor' is not allowed (allowed: target, tracker)",
    ),
    Case(
        "a numerator larger than its denominator",
        {"observations.csv": obs("REREF,Testshire,2025-09-30,,60,50,")},
        False,
        "observations.csv:2: numerator: 60 is larger than the denominator 50",
    ),
    Case(
        "a negative denominator",
        {"observations.csv": obs("REREF,Testshire,2025-09-30,,5,-50,")},
        False,
        "observations.csv:2: denominator: -50 is not allowed",
    ),
    Case(
        "a zero denominator",
        {"observations.csv": obs("REREF,Testshire,2025-09-30,,0,0,")},
        False,
        "observations.csv:2: denominator: 0 is not allowed",
    ),
    Case(
        "an empty file",
        {"observations.csv": ""},
        False,
        "observations.csv: is empty (it needs a header row and data rows)",
    ),
    Case(
        "a header-only file",
        {"observations.csv": OBS_HEADER},
        False,
        "observations.csv: has a header row but no data rows",
    ),
    Case(
        "a large file",
        {
            "observations.csv": OBS_HEADER
            + "".join(f"REREF,Area {i},2025-09-30,{i % 90},,,\n" for i in range(20_000))
            + "REREF,Testshire,2025-09-30,18,,,\nREREF,England,2025-03-31,22,,,\n"
        },
        True,
    ),
    Case(
        "a YAML syntax error",
        {},
        False,
        "report.yaml:3: YAML syntax error",
        "title: Test\ncommittee: [unclosed\nmeeting_date: 2026-01-12\n",
    ),
    Case(
        "a data path outside the report's folder",
        {},
        False,
        "report.yaml: data.indicators: '../indicators.csv' is outside the folder of report.yaml",
        REPORT.replace("indicators: indicators.csv", "indicators: ../indicators.csv"),
    ),
    Case(
        "a data path that does not exist",
        {},
        False,
        "report.yaml: data.observations: file not found: 'obs.csv'",
        REPORT.replace("observations: observations.csv", "observations: obs.csv"),
    ),
    Case(
        "a report area with no data",
        {},
        False,
        "report.yaml: area: 'Nowhere' is not an area in the observations",
        REPORT.replace("area: Testshire", "area: Nowhere"),
    ),
    Case(
        "a value that is not a number",
        {"observations.csv": obs("REREF,Testshire,2025-09-30,eighteen,,,")},
        False,
        "observations.csv:2: value: 'eighteen' is not a number",
    ),
    Case(
        "a missing column",
        {"observations.csv": "indicator,area,value\nREREF,Testshire,18\n"},
        False,
        "observations.csv:1: period_end: required column is missing",
    ),
    Case(
        "a row with more cells than the header",
        {"observations.csv": obs("REREF,Testshire,2025-09-30,18,,,,,extra")},
        False,
        "observations.csv:2: has 9 cells but the header has 7",
    ),
    Case(
        "blank rows between records",
        {
            "observations.csv": OBSERVATIONS.replace(
                "REREF,Testshire,2025-09-30", "\n\nREREF,Testshire,2025-09-30"
            )
        },
        True,
    ),
    Case(
        "a percentage over 100",
        {"observations.csv": obs("REREF,Testshire,2025-09-30,180,,,")},
        False,
        "observations.csv:2: value: 180 is not a percentage (allowed: 0 to 100)",
    ),
    Case(
        "control characters in a title",
        {"indicators.csv": INDICATORS.replace("Re-referrals", "Re-\x07referrals")},
        True,
        "indicators.csv:2: title: control characters removed",
    ),
    Case(
        "an unknown key in report.yaml",
        {},
        True,
        "report.yaml: colours: unknown key, ignored",
        REPORT + "colours: blue\n",
    ),
    Case(
        "a suppression code", {"observations.csv": obs("REREF,Testshire,2025-09-30,low,,,")}, True
    ),
    Case(
        "thousands separators and a percent sign",
        {"observations.csv": obs('REREF,Testshire,2025-09-30,18%,"1,183","6,572",')},
        True,
    ),
    Case(
        "an unknown column",
        {
            "observations.csv": OBSERVATIONS.replace("indicator,", "comment,indicator,")
            .replace("\nREREF", "\nhello,REREF")
            .replace("\nCIC", "\n,CIC")
            .replace("\nEHCP", "\n,EHCP")
        },
        True,
        "observations.csv:1: comment: unknown column, ignored",
    ),
    Case(
        "a negative count",
        {
            "indicators.csv": INDICATORS.replace(
                "percent,low,tracker,flow,0", "count,low,tracker,flow,0"
            ),
            "observations.csv": obs("REREF,Testshire,2025-09-30,-4,,,"),
        },
        False,
        "observations.csv:2: value: -4 is not a count (allowed: 0 or more)",
    ),
    Case(
        "a workbook that unzips to 21 MB",
        {"observations.xlsx": bomb()},
        False,
        "observations.xlsx: unzips to 21,000,000 bytes (allowed: up to 20,000,000)",
        XLSX_REPORT,
    ),
    Case(
        "a file named .xlsx that is not a workbook",
        {"observations.xlsx": b"not a zip"},
        False,
        "observations.xlsx: is not an Excel .xlsx workbook",
        XLSX_REPORT,
    ),
    Case(
        "two columns with the same name",
        {"observations.csv": OBSERVATIONS.replace("target", "value")},
        False,
        "observations.csv:1: more than one column is named 'value'",
    ),
    Case(
        "a period that starts after it ends",
        {
            "observations.csv": (
                "indicator,area,period_start,period_end,value\nREREF,Testshire,2025-10-01,2025-09-30,18\n"
                "REREF,England,2024-04-01,2025-03-31,22\n"
            )
        },
        False,
        "observations.csv:2: period_start: 2025-10-01 is after period_end 2025-09-30",
    ),
]


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus(make_report: Callable[..., Path], tmp_path: Path, case: Case) -> None:
    config = make_report(report=case.report, **case.files)
    out = tmp_path / "out"
    result = run_cli("build", config, "-o", out, "--format", "html")
    assert "Traceback" not in result.output
    if case.loads:
        assert result.exit_code == 0, result.output
        assert (out / "test-pack.html").is_file()
    else:
        assert result.exit_code == 2, result.output
        assert not out.exists()  # nothing written
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1, errors
    if case.message:
        assert case.message in result.stderr


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(st.binary(max_size=400))
def test_any_bytes_load_or_raise_reportgens_own_error(tmp_path: Path, data: bytes) -> None:
    for name, load in (
        ("t.csv", lambda p: read_table(p, "observations")),
        ("t.xlsx", lambda p: read_table(p, "observations")),
        ("report.yaml", load_config),
        ("narrative.yaml", load_narrative),
        ("mapping.yaml", load_mapping),
        ("ees.csv", lambda p: read_ees(p, AreaBook(), BUILTIN_EES)),
        ("lait.parquet", lambda p: read_lait(p, AreaBook())),
        ("fingertips.csv", lambda p: read_fingertips(p, AreaBook())),
        ("sn.csv", read_neighbours),
        ("sn.xlsx", read_neighbours),
        ("pack.docx", lambda p: read_edited(p, [])),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with contextlib.suppress(InputError):
            load(path)


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(st.binary(min_size=1, max_size=300), st.integers(min_value=0))
def test_any_damage_to_a_real_workbook_or_word_file_is_reportgens_own_error(
    tmp_path: Path, damage: bytes, at: int
) -> None:
    for name, good, load in (
        ("sn.xlsx", real_data("sn_may_2025.xlsx").read_bytes(), read_neighbours),
        ("pack.docx", WORD_FILE, lambda p: read_edited(p, [])),
    ):
        where = at % len(good)
        path = tmp_path / name
        path.write_bytes(good[:where] + damage + good[where + len(damage) :])
        with contextlib.suppress(InputError):
            load(path)
