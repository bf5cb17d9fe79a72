"""The computed indicator table: periods, derived and annualised values, comparators, schemes,
and `reportgen compute` writing a table an analyst can check."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pypdfium2 as pdfium
import pytest

from reportgen.compute import Computed, compute
from reportgen.pipeline import check

from conftest import REPORT, SAMPLE, BuiltPack, rated_tables, run_cli

INDICATORS = """\
id,title,theme,unit,polarity,kind,measure,decimals,scheme,red_threshold,green_threshold
REF,=HYPERLINK("http://x"),Contacts and referrals,rate_per_10k,low,tracker,flow,0,,,
CIC,Children in care,Children in care,count,none,tracker,stock,0,,,
REREF,Re-referrals,Contacts and referrals,percent,low,target,flow,1,threshold,30,20
"""


ONE_ROW = (
    "indicator,area,period_end,value\nREF,Testshire,2025-09-30,18\nREF,England,2025-03-31,20\n"
)


def computed_for(make_report, observations: str, report: str = REPORT, **files: str) -> Computed:
    config, dataset = check(
        make_report(report=report, indicators=INDICATORS, observations=observations, **files)
    )
    return compute(config, dataset)


def test_flows_for_part_of_a_year_are_annualised_and_stocks_are_not(make_report) -> None:
    computed = computed_for(
        make_report,
        """\
indicator,area,period_start,period_end,value,numerator,denominator
REF,Testshire,2025-04-01,2025-09-30,,250,100000
CIC,Testshire,,2025-09-30,950,,
REREF,Testshire,2025-04-01,2025-09-30,,45,250
CIC,England,,2025-03-31,81770,,
""",
    )
    referrals = computed.row("REF", "Testshire")
    assert referrals is not None and referrals.latest.annualised
    assert referrals.latest.value == pytest.approx(50.0)  # 250 per 100,000 over 6 months = 25 x 2
    assert referrals.latest.label == "Apr to Sep 25"
    in_care = computed.row("CIC", "Testshire")
    assert in_care is not None and in_care.latest.value == 950 and not in_care.latest.annualised
    rereferrals = computed.row("REREF", "Testshire")
    assert rereferrals is not None and rereferrals.latest.value == pytest.approx(18.0)
    assert rereferrals.rating == "green"  # a percentage is a share, the same over any period


def test_previous_year_ago_and_lagged_comparators(make_report) -> None:
    computed = computed_for(
        make_report,
        """\
indicator,area,period_end,value
CIC,Testshire,2024-09-30,900
CIC,Testshire,2025-03-31,940
CIC,Testshire,2025-06-30,945
CIC,Testshire,2025-09-30,950
CIC,Testshire,2025-12-31,990
CIC,England,2024-03-31,80000
CIC,England,2025-03-31,81770
CIC,England,2026-03-31,82000
""",
    )
    row = computed.row("CIC", "Testshire")
    assert row is not None
    assert row.latest.value == 950  # the latest on or before period_end (2025-09-30)
    assert row.previous is not None and row.previous.value == 945
    assert row.year_ago is not None and row.year_ago.period_end.isoformat() == "2024-09-30"
    national = row.comparators["national"]
    assert (national.value, national.label) == (81770, "At Mar 25")  # lags, with its own period
    assert row.direction == "higher" and row.rating is None  # polarity none: never a colour


def test_neighbour_mean_from_the_areas_groups(make_report) -> None:
    report = REPORT.replace("  national: England", "  neighbours: Testshire neighbours")
    assert report != REPORT
    report += "  areas: areas.csv\n"
    computed = computed_for(
        make_report,
        """\
indicator,area,period_end,value
CIC,Testshire,2025-03-31,100
CIC,Northby,2025-03-31,90
CIC,Southby,2025-03-31,110
CIC,Eastby,2024-03-31,500
CIC,Westby,2025-03-31,x
""",
        report=report,
        **{
            "areas.csv": """\
area,type,groups
Testshire,la,
Northby,la,Testshire neighbours
Southby,la,Testshire neighbours; Other group
Eastby,la,Testshire neighbours
Westby,la,Testshire neighbours
"""
        },
    )
    row = computed.row("CIC", "Testshire")
    assert row is not None
    neighbours = row.comparators["neighbours"]
    assert neighbours.value == 100  # Eastby's older figure and Westby's suppressed one left out
    assert neighbours.basis == "mean of 2 of 4 neighbours"


def test_quartiles_from_all_local_authorities(make_report) -> None:
    names = [f"LA{i:03}" for i in range(1, 121)]
    areas = "area,type\nTestshire,la\nEngland,national\n" + "".join(f"{n},la\n" for n in names)
    observations = "indicator,area,period_end,value\nREREF,Testshire,2025-09-30,15\n"
    observations += "REREF,England,2025-09-30,99\n"
    observations += "".join(f"REREF,{n},2025-09-30,{10 + i / 10}\n" for i, n in enumerate(names))
    report = REPORT + "  areas: areas.csv\nrating:\n  scheme: quartile\n"
    computed = computed_for(make_report, observations, report=report, **{"areas.csv": areas})
    row = computed.row("REREF", "Testshire")
    assert row is not None
    # 121 LA values (10.0 to 21.9 and Testshire's 15; England excluded) cut at 13.0, 15.9
    # and 18.9: 15 is in the second quarter for lower-is-better.
    assert row.quartile == 2 and row.scheme == "threshold"  # the indicator's own scheme wins


def test_too_few_local_authorities_are_not_quartiled(make_report) -> None:
    areas = "area,type\nTestshire,la\nEngland,national\n" + "".join(
        f"LA{i},la\n" for i in range(10)
    )
    observations = "indicator,area,period_end,value,quartile\nREREF,Testshire,2025-09-30,15,4\n"
    observations += "REREF,England,2025-09-30,99,\n"
    observations += "".join(f"REREF,LA{i},2025-09-30,{20 + i},\n" for i in range(10))
    computed = computed_for(
        make_report, observations, report=REPORT + "  areas: areas.csv\n", **{"areas.csv": areas}
    )
    row = computed.row("REREF", "Testshire")
    assert row is not None and row.quartile == 4  # the column, not a ranking of 11 councils


def test_indicator_scheme_and_threshold_validation(make_report) -> None:
    indicators = INDICATORS.replace("threshold,30,20", "threshold,20,30")
    config = make_report(
        indicators=indicators,
        observations="indicator,area,period_end,value\nREREF,Testshire,2025-09-30,18\n",
    )
    result = run_cli("validate", config)
    assert result.exit_code == 2
    assert (
        "indicators.csv:4: green_threshold: 30 is not below red_threshold 20 (polarity low: "
        "green must be the better side)"
    ) in result.stderr


def test_compute_writes_a_checkable_csv(make_report, tmp_path: Path) -> None:
    config = make_report(
        indicators=INDICATORS,
        observations="""\
indicator,area,period_start,period_end,value
REF,Testshire,2024-10-01,2025-09-30,480
REF,England,2024-04-01,2025-03-31,519
""",
    )
    result = run_cli("compute", config, "-o", tmp_path / "table.csv")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(
        tmp_path / "table.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert list(table.columns)[:6] == ["indicator", "ref", "title", "area", "part_of", "unit"]
    for column in (
        "period_label",
        "previous_value",
        "previous_period_end",
        "year_ago_value",
        "national_value",
        "regional_value",
        "neighbours_value",
        "rating_vs_target",
        "rating_vs_previous",
        "rating_vs_year_ago",
        "rating_vs_national",
        "rating_vs_regional",
        "rating_vs_neighbours",
        "direction",
        "quartile",
        "rating",
    ):
        assert column in table.columns
    ours = table[table["area"] == "Testshire"].iloc[0]
    assert ours["title"] == '\'=HYPERLINK("http://x")'  # a formula stays text
    assert (ours["value"], ours["national_value"], ours["rating_vs_national"]) == (
        "480.0",
        "519.0",
        "green",
    )


def test_compute_writes_xlsx_with_text_kept_as_text(make_report, tmp_path: Path) -> None:
    config = make_report(indicators=INDICATORS, observations=ONE_ROW)
    assert run_cli("compute", config, "-o", tmp_path / "table.xlsx").exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "table.xlsx").worksheets[0]
    title = sheet.cell(row=2, column=3)
    assert (title.value, title.data_type) == ('=HYPERLINK("http://x")', "s")


def test_compute_refuses_other_formats(make_report, tmp_path: Path) -> None:
    result = run_cli("compute", make_report(), "-o", tmp_path / "table.json")
    assert result.exit_code == 2
    assert "table.json: is not a .csv or .xlsx file" in result.stderr
    assert not (tmp_path / "table.json").exists()


def test_every_rating_in_the_pack_equals_the_computed_table(
    sample_pack: BuiltPack, tmp_path: Path
) -> None:
    assert run_cli("compute", SAMPLE, "-o", tmp_path / "table.csv").exit_code == 0
    table = pd.read_csv(
        tmp_path / "table.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    expected = {
        row.title: row.rating.title() or "Not rated"
        for row in table[table["area"] == "Fernshire"].itertuples()
    }
    document = docx.Document(str(sample_pack.docx))
    shown = {
        table.rows[i].cells[0].text: table.rows[i].cells[-1].text.replace("\u00a0", " ")
        for table in rated_tables(document)
        for i in range(1, len(table.rows))
    }
    assert shown == expected
    assert {"Green", "Amber", "Red", "Not rated"} <= set(shown.values())


def test_every_rating_in_the_pdf_equals_the_computed_table(
    sample_pack: BuiltPack, tmp_path: Path
) -> None:
    assert run_cli("compute", SAMPLE, "-o", tmp_path / "table.csv").exit_code == 0
    table = pd.read_csv(
        tmp_path / "table.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    ours = table[table["area"] == "Fernshire"]
    words = re.compile(r"\b(Green|Amber|Red|Not rated)\b")
    document = pdfium.PdfDocument(sample_pack.pdf)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    text = " ".join(text.split())
    tables = text.split("Data tables", 2)[2].split("Scorecard", 1)[0]  # past the contents
    rows = list(ours.itertuples())
    for row, following in zip(rows, [*(r.title for r in rows[1:]), "Scorecard"], strict=True):
        cells = tables.split(row.title, 1)[1].split(following, 1)[0]
        # A row's last rated cell is its overall rating.
        assert words.findall(cells)[-1] == (row.rating.title() or "Not rated"), row.title


def test_significance_of_an_annualised_rate_and_a_zero_count(make_report) -> None:
    report = REPORT + "rating:\n  scheme: significance\n"
    computed = computed_for(
        make_report,
        """\
indicator,area,period_start,period_end,value,numerator,denominator
REF,Testshire,2025-04-01,2025-09-30,,2500,100000
REF,England,2024-04-01,2025-03-31,519,,
REF,Northby,2025-04-01,2025-09-30,,0,100000
""",
        report=report,
    )
    referrals = computed.row("REF", "Testshire")
    assert referrals is not None
    # 2,500 in six months per 100,000 is 500 a year per 10,000 (interval about 481 to 520),
    # not significantly different from England's 519.
    assert referrals.latest.value == pytest.approx(500)
    assert (referrals.significance, referrals.rating) == ("similar", "amber")
    none_at_all = computed.row("REF", "Northby")  # every area is computed, a zero count too
    assert none_at_all is not None and none_at_all.latest.value == 0
    assert (none_at_all.significance, none_at_all.rating) == ("lower", "green")


def test_a_figure_typed_in_the_observations_names_its_row(make_report, tmp_path: Path) -> None:
    # Row 3 is blank: a figure's row is the row a spreadsheet shows it on.
    report = make_report(
        indicators=INDICATORS,
        observations="indicator,area,period_end,value\nREF,England,2025-03-31,20\n,,,\n"
        "REF,Testshire,2025-09-30,18\n",
    )
    assert run_cli("compute", report, "-o", tmp_path / "table.csv").exit_code == 0
    table = pd.read_csv(tmp_path / "table.csv", dtype=str, keep_default_na=False)
    row = table[table["area"] == "Testshire"].iloc[0]
    assert (row["source"], row["release"]) == ("observations.csv:4", "")
    assert row["national_source"] == "observations.csv:2"
