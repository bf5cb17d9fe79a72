"""Published statistics in: every real file in ../shared/data imports without losing a row
silently, LAs join across code changes, revisions are reported, and a real council's pack
shows its figures as the published files give them."""

from __future__ import annotations

import statistics
from pathlib import Path

import numpy
import pandas as pd
import pytest

from reportgen.areas import read_neighbours

from conftest import run_cli, shared_data

CSC = "dfe_csc_outcomes_enablers/"
EES = {
    "cla_number_and_rate_per_10k_children.csv": 835,  # one filter: on 31 March each year
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv": 2132,
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2024__vintage2024.csv": None,
    "d3_cpps_subsequent_plan_2013_to_2025.csv": 2132,
    "d3_cpps_subsequent_plan_2013_to_2024__vintage2024.csv": None,
    "csww_indicators_2017_to_2025.csv": 1463 * 3,  # turnover, agency and vacancy rates
    "csww_indicators_2017_to_2024__vintage2024.csv": None,
}
REPORT = """\
title: County Durham children's services benchmarks
committee: Children and Young People Overview and Scrutiny Committee
meeting_date: 2025-09-15
area: County Durham
period_end: 2025-03-31
comparators:
  national: England
  regional: North East
  neighbours: County Durham statistical neighbours
rating:
  scheme: quartile
data:
  indicators: indicators.csv
  observations: observations.csv
  areas: areas.csv
"""


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.yaml"
    path.write_text(REPORT)
    return path


def rows_in(relative: str) -> int:
    return len(pd.read_csv(shared_data(relative), dtype=str, keep_default_na=False))


@pytest.mark.parametrize("name", list(EES))
def test_every_ees_file_imports_every_row(report: Path, name: str) -> None:
    result = run_cli("import", "ees", shared_data(CSC + name), "--into", report)
    assert result.exit_code == 0, result.output
    expected = EES[name] or rows_in(CSC + name) * (3 if name.startswith("csww") else 1)
    assert f"{name}: {expected:,} observations (" in result.output
    assert "skipped" not in result.output
    assert f"observations.csv: {expected:,} added, 0 revised" in result.output


def test_fingertips_lait_and_neighbour_files_import(report: Path) -> None:
    fingertips = shared_data(CSC + "la_hospital_admissions_2324.csv")
    frame = pd.read_csv(fingertips, dtype=str, keep_default_na=False)
    persons = len(frame[(frame["Sex"] == "Persons") & (frame["Category Type"] == "")])
    result = run_cli("import", "fingertips", fingertips, "--into", report)
    assert result.exit_code == 0, result.output
    assert f"{persons:,} observations (" in result.output
    lait = shared_data("dfe_lait/lait_bds_long__key_csc_measures_subset.csv")
    result = run_cli("import", "lait", lait, "--into", report)
    assert result.exit_code == 0 and "observations (" in result.output
    for model in ("dfe_lait/sn_may_2025.xlsx", CSC + "sn_model_2025_wide.csv"):
        result = run_cli("import", "neighbours", shared_data(model), "--into", report)
        assert result.exit_code == 0 and "statistical neighbours named for" in result.output
    assert run_cli("validate", report).exit_code == 0


def test_both_neighbour_files_give_the_same_model() -> None:
    wide = read_neighbours(shared_data(CSC + "sn_model_2025_wide.csv"))
    lait = read_neighbours(shared_data("dfe_lait/sn_may_2025.xlsx"))
    assert (
        wide["840"]
        == lait["840"]
        == ["876", "344", "390", "807", "372", "370", "394", "393", "808", "841"]
    )


def test_las_join_across_code_changes(report: Path, tmp_path: Path) -> None:
    run_cli(
        "import",
        "ees",
        shared_data(CSC + "cla_number_and_rate_per_10k_children.csv"),
        "--into",
        report,
    )
    areas = pd.read_csv(tmp_path / "areas.csv", dtype=str, keep_default_na=False)
    observations = pd.read_csv(tmp_path / "observations.csv", dtype=str, keep_default_na=False)
    for name, code in (("North Yorkshire", "E06000065"), ("Somerset", "E06000066")):
        [row] = areas[areas["area"] == name].to_dict("records")
        assert row["code"] == code  # the latest code, one area for every year
        years = observations[observations["area"] == name]["period_end"]
        assert {"2021-03-31", "2025-03-31"} <= set(years)
    assert {"Cumberland", "Westmorland and Furness"} <= set(areas["area"])  # new LAs stay new


def test_a_newer_release_replaces_and_reports_revisions(report: Path) -> None:
    older = shared_data(CSC + "csww_indicators_2017_to_2024__vintage2024.csv")
    newer = shared_data(CSC + "csww_indicators_2017_to_2025.csv")
    assert run_cli("import", "ees", older, "--into", report).exit_code == 0
    result = run_cli("import", "ees", newer, "--into", report)
    assert "3 revised" in result.output
    assert "revised SW-TURNOVER, North East, 2024-03-31: 12.6 -> 14" in result.output


def test_rows_that_match_no_area_are_reported(report: Path, tmp_path: Path) -> None:
    published = tmp_path / "c1_extract.csv"
    frame = pd.read_csv(
        shared_data(CSC + "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"),
        dtype=str,
        keep_default_na=False,
    ).head(3)
    frame.loc[2, "geographic_level"] = "Parliamentary constituency"
    frame.to_csv(published, index=False)
    result = run_cli("import", "ees", published, "--into", report)
    assert "c1_extract.csv: 2 observations" in result.output
    assert (
        "skipped c1_extract.csv:4: no area (geographic_level 'Parliamentary constituency')"
        in result.output
    )


def test_a_mapping_file_says_which_column_makes_which_indicator(
    report: Path, tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "indicators:\n  - id: REFERRALS\n    title: Referrals\n    unit: count\n"
        "    value: referral_count\n    measure: flow\n"
    )
    source = shared_data(CSC + "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")
    result = run_cli("import", "ees", source, "--into", report, "--mapping", mapping)
    assert result.exit_code == 0 and "2,132 observations" in result.output
    indicators = pd.read_csv(tmp_path / "indicators.csv", dtype=str, keep_default_na=False)
    assert list(indicators["id"]) == ["REFERRALS"]
    mapping.write_text("indicators:\n  - id: BROKEN\n")
    result = run_cli("import", "ees", source, "--into", report, "--mapping", mapping)
    assert result.exit_code == 2
    assert (
        "mapping.yaml: indicators[1].title: is required (each indicator needs id, title, unit "
        "and value)" in result.stderr
    )


def test_a_real_councils_pack_matches_the_published_files(report: Path, tmp_path: Path) -> None:
    cla = CSC + "cla_number_and_rate_per_10k_children.csv"
    c1 = CSC + "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    for kind, files in (("ees", [cla, c1]), ("neighbours", [CSC + "sn_model_2025_wide.csv"])):
        assert run_cli("import", kind, *map(shared_data, files), "--into", report).exit_code == 0
    assert run_cli("compute", report, "-o", tmp_path / "table.csv").exit_code == 0
    table = pd.read_csv(tmp_path / "table.csv", encoding="utf-8-sig")
    durham = table[table["area"] == "County Durham"].set_index("indicator")
    # Published: County Durham, 31 March 2025: 1,183 children looked after, 118 per 10,000;
    # England 67; North East 111.
    cla_row = durham.loc["CLA-RATE"]
    assert (cla_row["value"], cla_row["numerator"]) == (118, 1183)
    assert (cla_row["national_value"], cla_row["regional_value"]) == (67, 111)
    published = pd.read_csv(shared_data(cla), dtype=str, keep_default_na=False)
    published = published[
        (published["time_period"] == "2025")
        & (published["population_type"] == "Children looked after on 31 March each year")
    ]
    neighbours = read_neighbours(shared_data(CSC + "sn_model_2025_wide.csv"))["840"]
    rates = published.set_index("old_la_code")["rate_per_10000"]
    assert cla_row["neighbours_value"] == pytest.approx(
        statistics.fmean(float(rates[n]) for n in neighbours)
    )
    assert cla_row["neighbours_basis"] == "mean of 10 of 10 neighbours"
    # The quartile among every LA's published re-referral rate, banded as LAIT bands it.
    referrals = pd.read_csv(shared_data(c1), dtype=str, keep_default_na=False)
    latest = referrals[
        (referrals["time_period"] == "2025")
        & (referrals["geographic_level"] == "Local authority")
        & referrals["rereferral_percent"].str.fullmatch(r"[\d.]+")
    ]
    values = latest["rereferral_percent"].astype(float)
    p25, p50, p75 = numpy.percentile(values, [25, 50, 75])
    ours = float(latest[latest["la_name"] == "County Durham"]["rereferral_percent"].iloc[0])
    band = 1 if ours <= p25 else 2 if ours <= p50 else 3 if ours <= p75 else 4
    assert durham.loc["REREFERRALS", "quartile"] == band  # lower is better: band A is Q1
    result = run_cli("build", report, "-o", tmp_path / "pack", "--format", "pdf")
    assert result.exit_code == 0, result.output
