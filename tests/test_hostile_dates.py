"""Dates and numbers from users, range-checked where they enter: impossible and far-off dates
in report.yaml, the narrative file, the data tables, published files and the environment, a
last pack's manifest nested too deep, settings beyond any sense. Each is run as a user runs
reportgen (a process of its own): one located message, exit 2, within 10 seconds and 500 MB,
and no file changed."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile import MEGABYTES, SECONDS, Case, Files, run_bounded, sparse, write_project

from reportgen.cli import main
from reportgen.render.docx import _reproducible_zip

from conftest import INDICATORS, OBSERVATIONS, REPORT, run_cli

CLI_RUNNER = CliRunner()

IMPORT_REPORT = REPORT.replace("observations.csv\n", "observations.csv\n  areas: areas.csv\n")
NARRATIVE_REPORT = REPORT + "narrative: narrative.yaml\n"
LAIT_HEADER = "Short Desc,Years,LA and Regions,Values,LA Number\n"
LAIT_ROW = "CIN,{year},England,330.1,970\n"
EES_HEADER = "time_period,time_identifier,geographic_level,country_name,vacancy_rate_fte\n"
FINGERTIPS_HEADER = "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Time period,Value\n"
YEARS = "(allowed: 1900 to 2100)"


def observations_with(old: str, new: str) -> str:
    assert old in OBSERVATIONS
    return OBSERVATIONS.replace(old, new, 1)


def manifest_nested(levels: int) -> str:
    return '{"period_end": "2025-03-31", "ratings": ' + "[" * levels + "]" * levels + "}"


CASES = [
    # report.yaml: dates YAML reads itself (plain YYYY-MM-DD).
    Case(
        "a meeting on 30 February",
        {"report.yaml": REPORT.replace("meeting_date: 2026-01-12", "meeting_date: 2025-02-30")},
        message="report.yaml:3: meeting_date: '2025-02-30' is not a real date",
    ),
    Case(
        "a period ending in year 1",
        {"report.yaml": REPORT.replace("period_end: 2025-09-30", "period_end: 0001-03-31")},
        message=f"report.yaml: period_end: '0001-03-31' is not in a year reportgen reads {YEARS}",
    ),
    Case(
        "a period ending in year 0",
        {"report.yaml": REPORT.replace("period_end: 2025-09-30", "period_end: 0000-03-31")},
        message="report.yaml:5: period_end: '0000-03-31' is not a real date",
    ),
    Case(
        "a period ending in 9999, quoted",
        {"report.yaml": REPORT.replace("period_end: 2025-09-30", 'period_end: "9999-12"')},
        message=f"report.yaml: period_end: '9999-12' is not in a year reportgen reads {YEARS}",
    ),
    Case(
        "a pack dated 30 February at 10 o'clock",
        {"report.yaml": REPORT + "generated: 2025-02-30 10:00:00\n"},
        message="report.yaml:11: generated: '2025-02-30 10:00:00' is not a real date",
    ),
    Case(
        "a pack dated before a Word file can be",
        {"report.yaml": REPORT + "generated: 1979-12-31\n"},
        message="report.yaml: generated: '1979-12-31' is before a Word file can be dated "
        "(allowed: 1980 to 2100)",
    ),
    # The narrative file: every YAML file has the same loader.
    Case(
        "words pulled on 31 April",
        {
            "report.yaml": NARRATIVE_REPORT,
            "narrative.yaml": "summary.going-well:\n  text: Better\n  incoming:\n"
            "    text: Worse\n    from: 2025-04-31\n",
        },
        message="narrative.yaml:5: from: '2025-04-31' is not a real date",
    ),
    # The data tables.
    Case(
        "an observation in year 1",
        {"observations.csv": observations_with("2025-06-30,21", "0001-03-31,21")},
        message=f"observations.csv:2: period_end: '0001-03-31' is not in a year reportgen reads "
        f"{YEARS}",
    ),
    Case(
        "a UK date in year 1",
        {"observations.csv": observations_with("2025-06-30,21", "31/03/0001,21")},
        message="observations.csv:2: period_end: '31/03/0001' is not in a year",
    ),
    Case(
        "a period starting in year 1",
        {
            "observations.csv": "indicator,area,period_end,period_start,value\n"
            "REREF,Testshire,2025-09-30,0001-04-01,18\nREREF,England,2025-03-31,,22\n"
        },
        message="observations.csv:2: period_start: '0001-04-01' is not in a year",
    ),
    # Settings beyond sense.
    Case(
        "a suppression count of 5,000 digits",
        {"report.yaml": REPORT + "suppression: {count: " + "9" * 5000 + "}\n"},
        message="report.yaml:11: count: a number of more than 40 characters is not allowed",
    ),
    Case(
        "a tolerance of 150%",
        {"report.yaml": REPORT + "rating: {scheme: tolerance, tolerance: 150%}\n"},
        message="rating.tolerance: '150%' is too wide (allowed: up to 100%)",
    ),
    Case(
        "a tolerance of 10^30 points",
        {"report.yaml": REPORT + "rating: {scheme: tolerance, tolerance: 1" + "0" * 30 + "pp}\n"},
        message=f"rating.tolerance: '1{'0' * 30}pp' is too wide",
    ),
    # The last pack's manifest.
    Case(
        "a manifest nested 100,000 deep",
        {"report.yaml": REPORT + "previous: last.json\n", "last.json": manifest_nested(100_000)},
        message="previous: 'last.json' is nested more than 50 levels deep (allowed for JSON)",
    ),
    Case(
        "a manifest of 30 MB",
        {"report.yaml": REPORT + "previous: last.json\n", "last.json": sparse(30_000_000)},
        message="previous: 'last.json' is larger than 20,000,000 bytes (allowed for JSON)",
    ),
    Case(
        "a manifest for a period in year 1",
        {
            "report.yaml": REPORT + "previous: last.json\n",
            "last.json": '{"period_end": "0001-03-31", "ratings": []}',
        },
        message="'0001-03-31' is not in a year reportgen reads",
    ),
    # Published files.
    Case(
        "LAIT figures for year 0000",
        {
            "report.yaml": IMPORT_REPORT,
            "lait.csv": LAIT_HEADER + LAIT_ROW.format(year=2024) + LAIT_ROW.format(year="0000"),
        },
        command=("import", "lait", "lait.csv", "--into", "report.yaml"),
        message=f"lait.csv:3: Years: '0000' is not in a year reportgen reads {YEARS}",
    ),
    Case(
        "an EES academic year 0001/02",
        {
            "report.yaml": IMPORT_REPORT,
            "ees.csv": EES_HEADER + "000102,Academic year,National,England,16.9\n",
        },
        command=("import", "ees", "ees.csv", "--into", "report.yaml"),
        message="ees.csv:2: time_period: '000102' is not in a year reportgen reads",
    ),
    Case(
        "a Fingertips financial year 0000/01",
        {
            "report.yaml": IMPORT_REPORT,
            "ft.csv": FINGERTIPS_HEADER + '90,"Admissions per 10,000",E92000001,England,'
            "England,0000/01,85.2\n",
        },
        command=("import", "fingertips", "ft.csv", "--into", "report.yaml"),
        message="ft.csv:2: Time period: '0000/01' is not in a year reportgen reads",
    ),
]


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def refused(tmp_path: Path, files: Files, command: tuple[str, ...], message: str) -> None:
    """Run reportgen on a project of `files`; assert it refuses, located, within bounds, with
    nothing changed in or beside the project."""
    folder = write_project(tmp_path / "report", files)
    before = checksums(tmp_path)
    ran = run_bounded(folder, command)
    assert "Traceback" not in ran.stderr, ran.stderr
    assert ran.code == 2, ran.stderr
    errors = [line for line in ran.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, ran.stderr
    assert message in errors[0], ran.stderr
    assert ran.seconds < SECONDS, ran
    assert ran.megabytes < MEGABYTES, ran
    assert checksums(tmp_path) == before  # nothing written, the observations untouched


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_date_or_number_out_of_range_is_refused_where_it_enters(
    case: Case, tmp_path: Path
) -> None:
    refused(tmp_path, case.files, case.command, case.message)


@pytest.mark.parametrize("epoch", ["99999999999999", "-1", "abc"])
def test_a_source_date_epoch_out_of_range_is_refused_naming_the_variable(
    epoch: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    refused(
        tmp_path,
        {},
        ("validate", "report.yaml"),
        f"environment: SOURCE_DATE_EPOCH: {epoch!r} is not a pack date in seconds since "
        "1 January 1970 UTC (allowed: whole numbers from 315532800 to 4133980799, 1980 to 2100",
    )


def test_a_source_date_epoch_in_range_dates_the_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "report.yaml").write_text(REPORT)
    (tmp_path / "indicators.csv").write_text(INDICATORS)
    (tmp_path / "observations.csv").write_text(OBSERVATIONS)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4133980799")  # the last second of 2100
    result = run_cli("build", tmp_path / "report.yaml", "-o", tmp_path / "out", "-f", "docx")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "out" / "test-pack.docx") as archive:
        assert {i.date_time[:3] for i in archive.infolist()} == {(2100, 12, 31)}


@pytest.mark.parametrize(
    ("day", "stamp"),
    [(date(1970, 1, 1), (1980, 1, 1)), (date(2200, 6, 1), (2107, 12, 31))],
)
def test_a_word_files_timestamps_stay_within_what_a_zip_holds(
    day: date, stamp: tuple[int, int, int]
) -> None:
    # A document model made without a date (1970) still writes a Word file.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with zipfile.ZipFile(io.BytesIO(_reproducible_zip(buffer.getvalue(), day))) as archive:
        assert archive.infolist()[0].date_time == (*stamp, 0, 0, 0)


DATE_LIKE = st.one_of(
    st.from_regex(r"\A-?\d{1,6}-\d{1,3}-\d{1,3}\Z"),
    st.from_regex(r"\A\d{1,3}/\d{1,3}/\d{1,6}\Z"),
    st.from_regex(r"\A\d{1,6}-\d{1,3}\Z"),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?\Z"),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(period_end=DATE_LIKE, period_start=DATE_LIKE)
def test_validate_never_tracebacks_on_any_date(
    period_end: str, period_start: str, tmp_path: Path
) -> None:
    folder = tmp_path / "any"
    folder.mkdir(exist_ok=True)
    (folder / "report.yaml").write_text(REPORT)
    (folder / "indicators.csv").write_text(INDICATORS)
    quoted = [f'"{t.replace(chr(34), chr(34) * 2)}"' for t in (period_end, period_start)]
    (folder / "observations.csv").write_text(
        "indicator,area,period_end,period_start,value\n"
        f"REREF,Testshire,{quoted[0]},{quoted[1]},21\n"
        "REREF,England,2025-03-31,,22\n",
        encoding="utf-8",
    )
    result = CLI_RUNNER.invoke(main, ["validate", str(folder / "report.yaml")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 2), result.output
