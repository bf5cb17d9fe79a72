"""Validation: every problem at once, each naming file, row and column, what is wrong and allowed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import INDICATORS, OBSERVATIONS, REPORT, run_cli


def problems(config: Path) -> list[str]:
    """Return the error lines `reportgen validate` prints, after checking it exits 2."""
    result = run_cli("validate", config)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return [
        line.removeprefix("error: ")
        for line in result.stderr.splitlines()
        if line.startswith("error: ")
    ]


def test_a_non_number_value(make_report) -> None:
    config = make_report(
        observations=OBSERVATIONS.replace(
            "REREF,Testshire,2025-06-30,21", "REREF,Testshire,2025-06-30,21..5"
        )
    )
    assert problems(config) == [
        "observations.csv:2: value: '21..5' is not a number "
        "(write a number or a suppression code: c, x, z, u, low)"
    ]


def test_a_release_that_is_not_a_year(make_report) -> None:
    header, first, *rest = OBSERVATIONS.splitlines()
    config = make_report(
        observations="\n".join(
            [f"release,{header}", f"2024-25,{first}", *(f"2025,{line}" for line in rest)]
        )
    )
    assert problems(config) == [
        "observations.csv:2: release: '2024-25' is not a release (write the year the "
        "release's latest figures are for, e.g. 2025)"
    ]


def test_an_unknown_polarity(make_report) -> None:
    config = make_report(
        indicators=INDICATORS.replace("percent,low,tracker", "percent,down,tracker")
    )
    assert problems(config) == [
        "indicators.csv:2: polarity: 'down' is not allowed (allowed: high, low, none)"
    ]


def test_a_missing_column(make_report) -> None:
    config = make_report(indicators=INDICATORS.replace(",kind,", ",kinds,"))
    assert problems(config) == [
        "indicators.csv:1: kind: required column is missing "
        "(required: id, title, unit, polarity, kind)"
    ]


def test_an_unknown_indicator_id_suggests_the_closest(make_report) -> None:
    config = make_report(observations=OBSERVATIONS.replace("CIC-RATE,England", "CIC-RTAE,England"))
    assert problems(config) == [
        "observations.csv:7: indicator: 'CIC-RTAE' is not an id in indicators.csv; "
        "did you mean 'CIC-RATE'?"
    ]


def test_a_duplicate_indicator_area_period_row(make_report) -> None:
    config = make_report(observations=OBSERVATIONS + "REREF,Testshire,2025-09-30,19,,,\n")
    assert problems(config) == [
        "observations.csv:10: period_end: duplicate of row 3 (same indicator, area and "
        "period_end; only a year to date from 1 April may end on the day another figure does)"
    ]


def test_a_missing_data_file(make_report, tmp_path: Path) -> None:
    config = make_report()
    (tmp_path / "observations.csv").unlink()
    assert problems(config) == [
        "report.yaml: data.observations: file not found: 'observations.csv' "
        "(paths are relative to report.yaml)"
    ]


def test_every_problem_is_reported_at_once(make_report) -> None:
    config = make_report(
        indicators=INDICATORS.replace("rate_per_10k,low", "per_10k,low"),
        observations=OBSERVATIONS.replace("2025-06-30,21", "Jun-25,21").replace(
            "2025-09-30,18", "2025-09-30,-"
        ),
    )
    found = problems(config)
    assert len(found) == 2
    assert found[0].startswith(
        "indicators.csv:3: unit: 'per_10k' is not allowed (allowed: percent,"
    )
    assert found[1].startswith(
        "observations.csv:2: period_end: 'Jun-25' is not a date (write dates as YYYY-MM-DD"
    )


def test_config_problems_name_the_key(make_report) -> None:
    config = make_report(
        report=REPORT.replace("2026-01-12", "12 January").replace(
            "national: England", "nation: England"
        )
        + "rating:\n  scheme: traffic-lights\n  tolerance: lots\n"
    )
    assert problems(config) == [
        "report.yaml: meeting_date: '12 January' is not a date "
        "(write dates as YYYY-MM-DD, e.g. 2023-09-30, or YYYY-MM for a month's last day)",
        "report.yaml: comparators.nation: unknown role (allowed: national, regional, neighbours, top_quartile)",
        "report.yaml: rating.scheme: 'traffic-lights' is not a scheme "
        "(allowed: tolerance, dtcg, quartile, threshold, significance)",
        "report.yaml: rating.tolerance: 'lots' is not a tolerance "
        "(write e.g. 2% for relative to the reference, or 2pp (or 2) for absolute)",
    ]


def test_yaml_syntax_errors_give_the_line(make_report) -> None:
    config = make_report(report="title: Test\ncommittee: [unclosed\nmeeting_date: 2026-01-12\n")
    [problem] = problems(config)
    assert problem.startswith("report.yaml:3: YAML syntax error:")


def test_the_report_area_must_be_in_the_data(make_report) -> None:
    config = make_report(report=REPORT.replace("area: Testshire", "area: Testshir"))
    assert problems(config) == [
        "report.yaml: area: 'Testshir' is not an area in the observations; did you mean 'Testshire'?"
    ]


def test_areas_table_must_name_every_area(make_report) -> None:
    config = make_report(
        report=REPORT + "  areas: areas.csv\n",
        **{"areas.csv": "area,type\nTestshire,la\nEngland,country\n"},
    )
    assert problems(config) == [
        "areas.csv:3: type: 'country' is not allowed "
        "(allowed: la, region, national, neighbours, locality)",
    ]


def test_percentages_are_checked_against_their_parts(make_report) -> None:
    config = make_report(
        observations=OBSERVATIONS.replace(
            "REREF,Testshire,2025-06-30,21,,,", "REREF,Testshire,2025-06-30,,120,100,"
        ).replace("REREF,England,2025-03-31,22,,,", "REREF,England,2025-03-31,122,,,")
    )
    assert problems(config) == [
        "observations.csv:2: numerator: 120 is larger than the denominator 100 "
        "(a percentage's numerator is part of it)",
        "observations.csv:4: value: 122 is not a percentage (allowed: 0 to 100)",
    ]


def test_a_row_with_too_many_cells(make_report) -> None:
    config = make_report(
        indicators=INDICATORS.replace(
            '"Children in care per 10,000 children"', "Children in care per 10,000 children"
        )
    )
    assert problems(config) == [
        "indicators.csv:3: has 9 cells but the header has 8 "
        "(put text that contains the delimiter in double quotes)"
    ]


def test_header_only_file(make_report) -> None:
    config = make_report(observations="indicator,area,period_end,value\n")
    assert problems(config) == ["observations.csv: has a header row but no data rows"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_files_saved_by_excel_load(make_report, tmp_path: Path, encoding: str) -> None:
    indicators = INDICATORS.replace(
        "EHCPs issued within 20 weeks,SEND and EHCPs,percent",
        "Weekly cost of a placement,Children in care,currency",
    )
    make_report(indicators=indicators)
    text = (tmp_path / "indicators.csv").read_text(encoding="utf-8")
    (tmp_path / "indicators.csv").write_bytes(text.replace("Weekly", "£ weekly").encode(encoding))
    semicolons = (tmp_path / "observations.csv").read_text().replace(",", ";")
    (tmp_path / "observations.csv").write_text(semicolons)
    assert run_cli("validate", tmp_path / "report.yaml").exit_code == 0


def test_bytes_that_are_not_text_are_refused(make_report, tmp_path: Path) -> None:
    config = make_report(**{"observations.csv": b"indicator,area\n\x81\x8d\x8f\x90\x9d\n"})
    assert problems(config) == [
        "observations.csv: is not readable text (save it as CSV UTF-8 from Excel)"
    ]


def test_a_workbook_holds_each_table_as_a_sheet(make_report, tmp_path: Path) -> None:
    make_report()
    workbook = tmp_path / "data.xlsx"
    with pd.ExcelWriter(workbook) as writer:
        for table in ("indicators", "observations"):
            frame = pd.read_csv(tmp_path / f"{table}.csv", dtype=str, keep_default_na=False)
            if table == "observations":
                frame["period_end"] = pd.to_datetime(frame["period_end"])  # as Excel stores dates
            frame.to_excel(writer, sheet_name=table, index=False)
    config = make_report(
        report=REPORT.replace("indicators.csv", "data.xlsx").replace(
            "observations.csv", "data.xlsx"
        )
    )
    assert run_cli("validate", config).exit_code == 0


def test_a_workbook_without_the_sheet_names_the_sheets(make_report, tmp_path: Path) -> None:
    make_report()
    with pd.ExcelWriter(tmp_path / "data.xlsx") as writer:
        pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name="Sheet1", index=False)
        pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name="Sheet2", index=False)
    config = make_report(report=REPORT.replace("observations.csv", "data.xlsx"))
    assert problems(config) == [
        "data.xlsx: has no sheet named 'observations' (sheets: Sheet1, Sheet2)"
    ]
