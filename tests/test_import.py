"""Published statistics in: every extract of a real file in tests/data imports without losing
a row silently, LAs join across code changes, revisions are reported, and a real council's pack
shows its figures as the published files give them."""

from __future__ import annotations

import json
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
    # Each figure names its file and row: the same row in both (the header counts as row 1).
    parquet = [
        table.replace(b"lait_bds_long.parquet:", b"lait_bds_long__key_csc_measures_subset.csv:")
        for table in tables["lait_bds_long.parquet"]
    ]
    assert parquet == tables["lait_bds_long__key_csc_measures_subset.csv"]


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


CSWW_2024 = "csww_indicators_2017_to_2024__vintage2024.csv"
CSWW_2025 = "csww_indicators_2017_to_2025.csv"


def observations_of(report: Path) -> pd.DataFrame:
    return pd.read_csv(report.parent / "observations.csv", dtype=str, keep_default_na=False)


def test_a_newer_release_replaces_and_reports_revisions(report: Path) -> None:
    assert run_cli("import", "ees", real_data(CSWW_2024), "--into", report).exit_code == 0
    result = run_cli("import", "ees", real_data(CSWW_2025), "--into", report)
    assert "489 added, 3 revised, 486 unchanged" in result.output
    assert "revised SW-TURNOVER, England, 2024-09-30: 13.8 -> 13.9" in result.output
    assert "revised SW-TURNOVER, North East, 2024-09-30: 12.6 -> 14" in result.output
    # DfE withdrew Sunderland's 0.9% in the 2025 release: a newer release's symbol is a
    # revision, not "not available" from another source.
    assert "revised SW-TURNOVER, Sunderland, 2024-09-30: 0.9 -> u" in result.output
    assert "kept" not in result.output


def test_an_older_release_changes_no_figure_and_says_so(report: Path) -> None:
    assert run_cli("import", "ees", real_data(CSWW_2025), "--into", report).exit_code == 0
    newer = observations_of(report)
    result = run_cli("import", "ees", real_data(CSWW_2024), "--into", report, "--every-revision")
    assert result.exit_code == 0, result.output
    # The 2024 release's 2023 figures are new; none of its 2024 figures replaces the 2025
    # release's.
    assert "489 added, 0 revised, 486 unchanged" in result.output
    assert (
        "3 figures kept from the newer 2025 release, which this import's older release would "
        "have changed" in result.output
    )
    assert (
        "kept SW-TURNOVER, England, 2024-09-30: 13.9 from the 2025 release, not 13.8 from the "
        "2024 release" in result.output
    )
    assert "kept SW-TURNOVER, Sunderland, 2024-09-30: u from the 2025 release" in result.output
    after = observations_of(report).merge(newer, how="inner")
    assert len(after) == len(newer)  # every row of the newer release as it was


def test_the_same_release_twice_changes_nothing(report: Path) -> None:
    assert run_cli("import", "ees", real_data(CSWW_2025), "--into", report).exit_code == 0
    first = (report.parent / "observations.csv").read_bytes()
    result = run_cli("import", "ees", real_data(CSWW_2025), "--into", report)
    assert "observations.csv: 0 added, 0 revised, 978 unchanged" in result.output
    assert "kept" not in result.output
    assert (report.parent / "observations.csv").read_bytes() == first


def test_imports_in_any_order_end_with_the_same_observations(tmp_path: Path) -> None:
    files = [real_data(name) for name in EES]
    orders = {
        "together": [files],
        "together, reversed": [files[::-1]],
        "one by one, reversed": [[path] for path in files[::-1]],
        "newest last": [[path] for path in sorted(files, key=lambda p: "vintage" not in p.name)],
    }
    tables = {}
    for name, imports in orders.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "report.yaml").write_text(REPORT)
        for paths in imports:
            result = run_cli("import", "ees", *paths, "--into", folder / "report.yaml")
            assert result.exit_code == 0, result.output
        tables[name] = (folder / "observations.csv").read_bytes()
    assert len(set(tables.values())) == 1
    withdrawn = observations_of(folder / "report.yaml").set_index(["indicator", "area"])
    sunderland = withdrawn.loc[("SW-TURNOVER", "Sunderland")].set_index("period_end")
    assert sunderland.loc["2024-09-30", ["value", "release"]].tolist() == ["u", "2025"]


def test_an_older_lait_release_keeps_the_newer_figures(tmp_path: Path) -> None:
    # LAIT's file as it was a year earlier: every measure's figures to 2024, and England's
    # rate of children looked after in 2024 since revised (69 per 10,000 in the 2025 file).
    lait = frame_of("lait_bds_long__key_csc_measures_subset.csv")
    older = lait[lait["Years"] < "2025"].copy()
    england = (older["Short Desc"] == "LAC") & (older["LA and Regions"] == "England")
    assert older.loc[england & (older["Years"] == "2024"), "Values"].tolist() == ["69"]
    older.loc[england & (older["Years"] == "2024"), "Values"] = "70"
    older.to_csv(tmp_path / "lait_2024.csv", index=False)
    newer = real_data("lait_bds_long__key_csc_measures_subset.csv")
    said = {}
    for first, second in ((newer, tmp_path / "lait_2024.csv"), (tmp_path / "lait_2024.csv", newer)):
        folder = tmp_path / first.stem
        folder.mkdir()
        (folder / "report.yaml").write_text(REPORT)
        assert run_cli("import", "lait", first, "--into", folder / "report.yaml").exit_code == 0
        said[second.name] = run_cli("import", "lait", second, "--into", folder / "report.yaml")
        rows = observations_of(folder / "report.yaml")
        [row] = rows[
            (rows["indicator"] == "CLA-RATE")
            & (rows["area"] == "England")
            & (rows["period_end"] == "2024-03-31")
        ].to_dict("records")
        assert (row["value"], row["release"]) == ("69", "2025")
    assert "0 revised" in said["lait_2024.csv"].output
    assert "1 figure kept from the newer 2025 release" in said["lait_2024.csv"].output
    assert "revised CLA-RATE, England, 2024-03-31: 70 -> 69" in said[newer.name].output


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
    # The manifest lists the files and releases the figures came from.
    [manifest] = (tmp_path / "pack").glob("*.manifest.json")
    sources = json.loads(manifest.read_text(encoding="utf-8"))["sources"]
    assert [(s["file"], s["releases"]) for s in sources] == [(C1, [2025]), (CLA, [2025])]


def published_line(source: str) -> str:
    """Return the line of a tests/data extract that a figure's source (FILE:ROW) names."""
    name, _, row = source.rpartition(":")
    return real_data(name).read_text(encoding="utf-8-sig").splitlines()[int(row) - 1]


def test_each_figure_names_the_published_file_and_row_it_came_from(
    report: Path, tmp_path: Path
) -> None:
    files = [CLA, C1, CSWW_2024, CSWW_2025]
    assert run_cli("import", "ees", *map(real_data, files), "--into", report).exit_code == 0
    neighbours = real_data("sn_model_2025_wide.csv")
    assert run_cli("import", "neighbours", neighbours, "--into", report).exit_code == 0
    assert run_cli("compute", report, "-o", tmp_path / "table.csv").exit_code == 0
    table = pd.read_csv(tmp_path / "table.csv", dtype=str, keep_default_na=False)
    durham = table[table["area"] == "County Durham"].set_index("indicator")
    cla = durham.loc["CLA-RATE"]
    assert cla["source"].startswith(f"{CLA}:") and cla["release"] == "2025"
    line = published_line(cla["source"])  # 1,183 children, 118 per 10,000 on 31 March 2025
    assert line.startswith("2025,Reporting year,Local authority,")
    assert ",County Durham," in line and "on 31 March each year" in line
    assert line.endswith(",1183,118")
    national = published_line(cla["national_source"])
    assert national.startswith("2025,Reporting year,National,") and national.endswith(",67")
    # A figure the 2025 release revised names that release's row, not the 2024 release's.
    turnover = table[(table["area"] == "England") & (table["indicator"] == "SW-TURNOVER")]
    [(source, release)] = turnover[["source", "release"]].to_numpy().tolist()
    assert source.startswith(f"{CSWW_2025}:") and release == "2025"
    assert published_line(source).startswith("2024,Reporting year,National,")
    assert ",13.9," in published_line(source)  # turnover_rate_fte (13.8 in the 2024 release)


def test_a_project_imported_before_turnover_was_dated_over_its_year_imports_again(
    report: Path,
) -> None:
    """Turnover was once imported as a point in time (no period start) and titled without
    "rate": importing the release again dates those figures over their year in place (never
    a second figure beside each, which validate refuses as duplicates), keeps the council's
    row of the indicators table, and says how it differs from the source."""
    assert run_cli("import", "ees", real_data(CSWW_2025), "--into", report).exit_code == 0
    observations = observations_of(report)
    turnover = observations["indicator"] == "SW-TURNOVER"
    observations.loc[turnover, ["period_start", "source", "release"]] = ""
    observations.to_csv(report.parent / "observations.csv", index=False)
    indicators = pd.read_csv(report.parent / "indicators.csv", dtype=str, keep_default_na=False)
    earlier = indicators["id"] == "SW-TURNOVER"
    indicators.loc[earlier, ["title", "measure"]] = ["Social worker turnover", "stock"]
    indicators.to_csv(report.parent / "indicators.csv", index=False)
    result = run_cli("import", "ees", real_data(CSWW_2025), "--into", report)
    assert result.exit_code == 0, result.output
    assert " 0 added, " in result.output
    assert (
        "SW-TURNOVER: title 'Social worker turnover', the source's 'Social worker turnover rate'"
        in result.output
    )
    assert "SW-TURNOVER: measure 'stock', the source's 'flow'" in result.output
    again = observations_of(report)
    assert len(again) == len(observations)
    assert (again.loc[again["indicator"] == "SW-TURNOVER", "period_start"] != "").all()
    assert not again.duplicated(["indicator", "area", "period_end"]).any()
