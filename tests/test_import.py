"""Published statistics in: every extract of a real file in tests/data imports without losing
a row silently, LAs join across code changes, revisions are reported, and a real council's pack
shows its figures as the published files give them."""

from __future__ import annotations

import statistics
from pathlib import Path

import numpy
import pandas as pd
import pytest

from reportgen.areas import read_neighbours

from conftest import real_data, run_cli

CLA = "cla_number_and_rate_per_10k_children.csv"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
EES = (
    CLA,
    C1,
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2024__vintage2024.csv",
    "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "d3_cpps_subsequent_plan_2013_to_2024__vintage2024.csv",
    "csww_indicators_2017_to_2025.csv",
    "csww_indicators_2017_to_2024__vintage2024.csv",
)
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


def frame_of(name: str) -> pd.DataFrame:
    return pd.read_csv(real_data(name), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def observations_in(name: str) -> int:
    """Return how many observations an EES file's rows make, counted from the file itself."""
    frame = frame_of(name)
    if name == CLA:  # one filter: on 31 March each year
        return int(
            (frame["population_type"] == "Children looked after on 31 March each year").sum()
        )
    if name.startswith("csww"):  # turnover, agency and vacancy rates
        return len(frame) * 3
    return len(frame)


@pytest.mark.parametrize("name", EES)
def test_every_ees_file_imports_every_row(report: Path, name: str) -> None:
    result = run_cli("import", "ees", real_data(name), "--into", report)
    assert result.exit_code == 0, result.output
    expected = observations_in(name)
    assert f"{name}: {expected:,} observations (" in result.output
    assert "skipped" not in result.output
    assert f"observations.csv: {expected:,} added, 0 revised" in result.output


def test_fingertips_lait_and_neighbour_files_import(report: Path) -> None:
    fingertips = real_data("la_hospital_admissions_2324.csv")
    frame = pd.read_csv(fingertips, dtype=str, keep_default_na=False)
    persons = len(frame[(frame["Sex"] == "Persons") & (frame["Category Type"] == "")])
    result = run_cli("import", "fingertips", fingertips, "--into", report)
    assert result.exit_code == 0, result.output
    assert f"{persons:,} observations (" in result.output
    lait = real_data("lait_bds_long__key_csc_measures_subset.csv")
    result = run_cli("import", "lait", lait, "--into", report)
    assert result.exit_code == 0 and "observations (" in result.output
    for model in ("sn_may_2025.xlsx", "sn_model_2025_wide.csv"):
        result = run_cli("import", "neighbours", real_data(model), "--into", report)
        assert result.exit_code == 0 and "statistical neighbours named for" in result.output
    assert run_cli("validate", report).exit_code == 0


def test_lait_parquet_reads_as_the_csv_of_the_same_rows(tmp_path: Path) -> None:
    # LAIT publishes Parquet (text columns, LA Number a double); both extracts hold the same rows.
    rows = len(frame_of("lait_bds_long__key_csc_measures_subset.csv"))
    tables = {}
    for name in ("lait_bds_long__key_csc_measures_subset.csv", "lait_bds_long.parquet"):
        folder = tmp_path / Path(name).suffix.lstrip(".")
        folder.mkdir()
        (folder / "report.yaml").write_text(REPORT)
        result = run_cli("import", "lait", real_data(name), "--into", folder / "report.yaml")
        assert result.exit_code == 0, result.output
        assert f"{name}: {rows:,} observations (" in result.output  # every measure is built in
        tables[name] = [(folder / t).read_bytes() for t in ("observations.csv", "areas.csv")]
    assert tables["lait_bds_long.parquet"] == tables["lait_bds_long__key_csc_measures_subset.csv"]


def test_both_neighbour_files_give_the_same_model() -> None:
    wide = read_neighbours(real_data("sn_model_2025_wide.csv"))
    lait = read_neighbours(real_data("sn_may_2025.xlsx"))
    assert (
        wide["840"]
        == lait["840"]
        == ["876", "344", "390", "807", "372", "370", "394", "393", "808", "841"]
    )


def test_las_join_across_code_changes(report: Path, tmp_path: Path) -> None:
    # North Yorkshire and Somerset became unitary in 2023: the referrals file gives each two
    # new_la_codes over the years; the extract keeps every year of both.
    source = frame_of(C1)
    assert run_cli("import", "ees", real_data(C1), "--into", report).exit_code == 0
    areas = pd.read_csv(tmp_path / "areas.csv", dtype=str, keep_default_na=False)
    observations = pd.read_csv(tmp_path / "observations.csv", dtype=str, keep_default_na=False)
    for name, old, new in (
        ("North Yorkshire", "E10000023", "E06000065"),
        ("Somerset", "E10000027", "E06000066"),
    ):
        rows = source[source["la_name"] == name]
        years = {code: set(rows[rows["new_la_code"] == code]["time_period"]) for code in (old, new)}
        assert years[old] and years[new]  # the published file really has both codes
        [row] = areas[areas["area"] == name].to_dict("records")
        assert row["code"] == new  # the latest code, one area for every year
        imported = set(observations[observations["area"] == name]["period_end"])
        assert imported == {f"{year}-03-31" for year in years[old] | years[new]}
    assert {"Cumberland", "Westmorland and Furness"} <= set(areas["area"])  # new LAs stay new
    # Old Dorset (LA 835, to 2019) and today's Dorset (838, a different area) stay two areas.
    dorsets = areas[areas["old_code"].isin(["835", "838"])]
    assert sorted(dorsets["old_code"]) == ["835", "838"]
    for code, area in zip(dorsets["old_code"], dorsets["area"], strict=True):
        years = set(source[source["old_la_code"] == code]["time_period"])
        imported = set(observations[observations["area"] == area]["period_end"])
        assert imported == {f"{year}-03-31" for year in years}


def test_a_newer_release_replaces_and_reports_revisions(report: Path) -> None:
    older = real_data("csww_indicators_2017_to_2024__vintage2024.csv")
    newer = real_data("csww_indicators_2017_to_2025.csv")
    assert run_cli("import", "ees", older, "--into", report).exit_code == 0
    result = run_cli("import", "ees", newer, "--into", report)
    assert "2 revised" in result.output
    assert "revised SW-TURNOVER, North East, 2024-09-30: 12.6 -> 14" in result.output
    # Where the newer release gives only a symbol, the figure already imported stays.
    assert "6 figures kept where this import gives only a symbol (c, x, -)" in result.output


def test_rows_that_match_no_area_are_reported(report: Path, tmp_path: Path) -> None:
    published = tmp_path / "c1_extract.csv"
    frame = frame_of(C1).head(3)
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
    source = real_data(C1)
    result = run_cli("import", "ees", source, "--into", report, "--mapping", mapping)
    assert result.exit_code == 0, result.output
    assert f"{len(frame_of(C1)):,} observations (" in result.output  # one for every row
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
    for kind, files in (("ees", [CLA, C1]), ("neighbours", ["sn_model_2025_wide.csv"])):
        assert run_cli("import", kind, *map(real_data, files), "--into", report).exit_code == 0
    assert run_cli("compute", report, "-o", tmp_path / "table.csv").exit_code == 0
    table = pd.read_csv(tmp_path / "table.csv", encoding="utf-8-sig")
    durham = table[table["area"] == "County Durham"].set_index("indicator")
    # Published: County Durham, 31 March 2025: 1,183 children looked after, 118 per 10,000;
    # England 67; North East 111.
    cla_row = durham.loc["CLA-RATE"]
    assert (cla_row["value"], cla_row["numerator"]) == (118, 1183)
    assert (cla_row["national_value"], cla_row["regional_value"]) == (67, 111)
    cla = frame_of(CLA)
    cla = cla[
        (cla["time_period"] == "2025")
        & (cla["population_type"] == "Children looked after on 31 March each year")
    ]
    neighbours = read_neighbours(real_data("sn_model_2025_wide.csv"))["840"]
    rates = cla.set_index("old_la_code")["rate_per_10000"]
    assert cla_row["neighbours_value"] == pytest.approx(
        statistics.fmean(float(rates[n]) for n in neighbours)
    )
    assert cla_row["neighbours_basis"] == "mean of 10 of 10 neighbours"
    # The quartile among every LA's published re-referral rate, banded as LAIT bands it.
    referrals = frame_of(C1)
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
