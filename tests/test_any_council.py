"""What a new user met building their own council's pack from the published files, each kept
fixed: the council's name set, census dates, two authorities of one name, symbols that must
not wipe figures, contradictions in the pack, doubtful figures, floods of messages, the
symbols and spacing real sheets contain, and blemishes in the computed table."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pandas as pd

from reportgen.build import build_pack
from reportgen.compute import compute
from reportgen.inputs import missing_code
from reportgen.model import KeyMessages, Narrative, Paragraph
from reportgen.pipeline import check
from reportgen.render.text import render_text

from conftest import INDICATORS, OBSERVATIONS, REPORT, real_data, run_cli

CLA = "cla_number_and_rate_per_10k_children.csv"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
CSWW = "csww_indicators_2017_to_2025.csv"
LAIT = "lait_bds_long__key_csc_measures_subset.csv"
NEIGHBOURS = "sn_model_2025_wide.csv"
COUNCIL_REPORT = """\
title: Children's services benchmarks
committee: Children and Young People Overview and Scrutiny Committee
meeting_date: 2025-09-15
area: Norfolk
council: Norfolk County Council
period_end: 2025-03-31
comparators: {national: England, regional: East of England,
              neighbours: Norfolk statistical neighbours}
rating: {scheme: quartile}
data: {indicators: indicators.csv, observations: observations.csv, areas: areas.csv}
"""


def imported(folder: Path, *steps: tuple[str, list[str]], period_end: str = "2025-03-31") -> Path:
    """Return a report.yaml in `folder` after the README's imports of the given files."""
    report = folder / "report.yaml"
    report.write_text(COUNCIL_REPORT.replace("2025-03-31", period_end))
    for kind, names in steps:
        result = run_cli("import", kind, *map(real_data, names), "--into", report)
        assert result.exit_code == 0, result.output
    return report


def observations(report: Path) -> pd.DataFrame:
    return pd.read_csv(report.parent / "observations.csv", dtype=str, keep_default_na=False)


# 1. The council's name (a pack that is all or nothing: test_all_or_nothing.py).


def test_a_pack_with_the_council_named_builds_in_every_format(make_report, tmp_path) -> None:
    config = make_report(report=REPORT + "council: Testshire County Council\n")
    result = run_cli("build", config, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    word = docx.Document(str(tmp_path / "out" / "test-pack.docx"))
    assert word.paragraphs[0].text == "Testshire County Council"
    assert "Testshire County Council" in (tmp_path / "out" / "test-pack.html").read_text()


# 2. Workforce figures are the 30 September census.


def test_workforce_figures_are_dated_at_the_september_census(tmp_path) -> None:
    report = imported(tmp_path, ("ees", [CSWW]), ("lait", [LAIT]), ("neighbours", [NEIGHBOURS]))
    rows = observations(report)
    workforce = rows[rows["indicator"].str.startswith("SW-")]
    assert not workforce.empty and set(workforce["period_end"].str[5:]) == {"09-30"}
    config, dataset = check(report)
    row = compute(config, dataset).row("SW-TURNOVER", "Norfolk")
    # Turnover counts the leavers of the year to the census (a pack to 31 March 2025).
    assert row is not None and row.latest.label == "12 months to Sep 24"


# 3. Two authorities of one name stay two; a symbol never wipes a figure.


def test_a_second_source_never_replaces_a_figure_with_a_symbol(tmp_path) -> None:
    report = imported(tmp_path, ("ees", [CLA, C1, CSWW]))
    before = observations(report).set_index(["indicator", "area", "period_end"])["value"]
    figures = [key for key, value in before.items() if missing_code(value) is None]
    result = run_cli("import", "lait", real_data(LAIT), "--into", report, "--every-revision")
    assert result.exit_code == 0, result.output
    after = observations(report).set_index(["indicator", "area", "period_end"])["value"]
    wiped = [key for key in figures if missing_code(after[key]) is not None]
    assert wiped == []
    assert " -> -" not in result.output and " -> c" not in result.output
    assert "figures kept where this import gives only a symbol" in result.output


def test_old_dorset_and_todays_dorset_are_two_areas(tmp_path) -> None:
    report = imported(tmp_path, ("ees", [C1]), ("lait", [LAIT]))
    areas = pd.read_csv(tmp_path / "areas.csv", dtype=str, keep_default_na=False)
    dorsets = areas[areas["area"].str.startswith("Dorset")].set_index("old_code")
    assert dorsets.loc["838", "area"] == "Dorset"  # today's council keeps the name
    assert dorsets.loc["835", "area"] == "Dorset (LA 835)"
    published = pd.read_csv(real_data(C1), dtype=str, keep_default_na=False)
    old = published[(published["old_la_code"] == "835")].set_index("time_period")
    rows = observations(report)
    ours = rows[(rows["area"] == "Dorset (LA 835)") & (rows["indicator"] == "REREFERRALS")]
    ours = dict(zip(ours["period_end"].str[:4], ours["value"], strict=True))
    assert {year: ours[year] for year in old.index} == dict(old["rereferral_percent"])
    later = set(ours) - set(old.index)  # LAIT lists the abolished council with no figures
    assert later and all(missing_code(ours[year]) for year in later)


def test_an_la_keeps_its_latest_code_and_records_the_former(tmp_path) -> None:
    imported(tmp_path, ("ees", [C1]))
    areas = pd.read_csv(tmp_path / "areas.csv", dtype=str, keep_default_na=False)
    north_yorkshire = areas[areas["area"] == "North Yorkshire"].iloc[0]
    assert (north_yorkshire["code"], north_yorkshire["former_codes"]) == ("E06000065", "E10000023")
    assert len(areas[areas["old_code"] == "815"]) == 1


# 4. No indicator both going well and an issue; no tile twice.


def test_no_indicator_is_both_going_well_and_an_issue_nor_a_tile_twice(tmp_path) -> None:
    report = imported(
        tmp_path,
        ("ees", [CLA, C1, CSWW]),
        ("lait", [LAIT]),
        ("neighbours", [NEIGHBOURS]),
        period_end="2025-09-30",  # the latest workforce census, with the one before it
    )
    config, dataset = check(report)
    pack = build_pack(config, compute(config, dataset))
    places = {
        block.key: {line.text.split(":")[0] for line in block.lines if block.status == "draft"}
        for section in pack.sections
        for block in section.blocks
        if isinstance(block, Narrative) and block.key.startswith("summary.")
    }
    assert places["summary.going-well"] and places["summary.issues"]
    assert not places["summary.going-well"] & places["summary.issues"]
    tiles = [
        [tile.message for tile in block.tiles]
        for section in pack.sections
        for block in section.blocks
        if isinstance(block, KeyMessages)
    ]
    assert tiles and all(len(set(found)) == len(found) for found in tiles)
    workforce = next(t for t in tiles if any("turnover" in m for m in t))
    assert any("vacancy" in m for m in workforce)  # each indicator once, vacancy too


# 5. Figures that load but are probably mistakes get a located warning.


def test_a_fraction_for_a_percentage_and_a_value_off_its_parts_are_warned(make_report) -> None:
    observations = OBSERVATIONS.replace("REREF,Testshire,2025-09-30,18,,,", "") + (
        "REREF,Testshire,2025-03-31,19,,,\n"
        "REREF,Testshire,2025-09-30,0.45,,,\n"
        "REREF,England,2024-03-31,18.4,1069,5986,\n"
    )
    result = run_cli("validate", make_report(observations=observations))
    assert result.exit_code == 0, result.output
    assert (
        "warning: observations.csv:11: value: 0.45 is below 1 where Testshire's other figures "
        "for REREF are 19% to 21%; if it is a fraction, write it as a percentage (45 for 45%)"
    ) in result.stderr
    assert (
        "warning: observations.csv:12: value: 18.4 disagrees with numerator / denominator "
        "(1,069 / 5,986 = 17.9); correct whichever is wrong (the pack shows the value)"
    ) in result.stderr


def test_a_value_is_checked_against_its_parts_within_their_rounding(make_report) -> None:
    """Counts written as multiples of 10 may be DfE's rounding to the nearest 10, so 12.8
    against 550 / 4,340 (12.7) agrees: 554 / 4,336 gives 12.8. Other counts are exact, and
    a value no counts within their rounding give is still doubted."""
    agreeing = OBSERVATIONS + (
        "REREF,England,2013-03-31,12.8,550,4340,\n"  # Outer London's, as DfE published it
        "REREF,England,2014-03-31,2.5,90,3760,\n"  # 95 / 3,755 gives 2.5
        "REREF,England,2015-03-31,17.9,1069.4,5986,\n"  # 1,069.45 / 5,986 is 17.87
    )
    result = run_cli("validate", make_report(observations=agreeing))
    assert result.exit_code == 0, result.output
    assert "disagrees" not in result.stderr
    wrong = OBSERVATIONS + (
        "REREF,England,2015-03-31,25.9,9,36,\n"  # 9 / 36 is 25.0
        "REREF,England,2016-03-31,25.0,90,400,\n"  # 95 / 395 is at most 24.1
    )
    result = run_cli("validate", make_report(observations=wrong))
    assert result.exit_code == 0, result.output
    doubted = [line for line in result.stderr.splitlines() if "disagrees" in line]
    assert doubted == [
        "warning: observations.csv:10: value: 25.9 disagrees with numerator / denominator "
        "(9 / 36 = 25.0); correct whichever is wrong (the pack shows the value) "
        "(and 1 more row like it)"
    ]


def test_the_published_files_build_with_strict(england, tmp_path) -> None:
    """DfE's rounded regional counts are not doubted: a pack of the published files,
    imported as the README says, builds with --strict."""
    folder = tmp_path / "england"
    shutil.copytree(england, folder)
    name = "d3_cpps_subsequent_plan_2013_to_2025.csv"
    assert (
        run_cli("import", "ees", real_data(name), "--into", folder / "report.yaml").exit_code == 0
    )
    result = run_cli(
        "build", folder / "report.yaml", "--strict", "-o", tmp_path / "out", "-f", "docx"
    )
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


# 6. One mistake in many rows is said once; dead ends say what to do.


def test_an_indicator_missing_from_the_indicators_table_is_said_once(make_report) -> None:
    many = "".join(f"GONE,Testshire,{year}-03-31,5,,,\n" for year in range(2000, 2025))
    result = run_cli("validate", make_report(observations=OBSERVATIONS + many))
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: observations.csv:10: indicator: 'GONE' is not an id in indicators.csv "
        "(and 24 more rows like it)"
    ]


def test_a_file_that_is_not_what_the_import_reads_is_one_clear_refusal(tmp_path) -> None:
    report = imported(tmp_path)
    result = run_cli("import", "lait", real_data(CLA), "--into", report)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith(
        f"error: {CLA}: is not LAIT long data: it has no 'Short Desc', 'Years', "
        "'LA and Regions', 'Values' column"
    )
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 4)
    result = run_cli("import", "ees", garbage, "--into", report)
    assert result.exit_code == 2 and result.stderr.startswith("error: garbage.csv: ")


def test_neighbours_before_any_la_says_what_to_do(tmp_path) -> None:
    report = imported(tmp_path)
    result = run_cli("import", "neighbours", real_data(NEIGHBOURS), "--into", report)
    assert result.exit_code == 2
    assert "import the EES or LAIT figures first" in result.stderr
    assert not (tmp_path / "areas.csv").exists()


# 7. What real sheets contain loads, with a warning where something was tidied.


def test_gss_bracketed_symbols_padded_ids_and_spaced_percentages_load(make_report) -> None:
    indicators = INDICATORS.replace("REREF,", "REREF ,", 1)
    observations = (
        OBSERVATIONS.replace(
            "REREF,Testshire,2025-09-30,18,,,", "REREF,Testshire,2025-09-30,[x],,,"
        )
        .replace("REREF,England,2025-03-31,22,,,", "REREF,England,2025-03-31,18.9 %,,,")
        .replace("EHCP-20WK,Testshire,2025-09-30,c,,,60", "EHCP-20WK,Testshire,2025-09-30,[c],,,60")
    )
    config = make_report(indicators=indicators, observations=observations)
    result = run_cli("validate", config)
    assert result.exit_code == 0, result.output
    assert "indicators.csv:2: id: 'REREF ' read as 'REREF' (spaces removed)" in result.stderr
    assert "observations.csv:4: value: '18.9 %' read as 18.9 (spaces removed)" in result.stderr
    dump = render_text(build_pack(*_computed(config)))
    assert "| x |" in dump.replace("\u00a0", " ")


def _computed(config: Path) -> tuple:
    checked, dataset = check(config)
    return checked, compute(checked, dataset)


# 8. Blemishes.


def test_the_computed_table_has_no_float_noise(make_report, tmp_path) -> None:
    indicators = (
        "id,title,unit,polarity,kind,measure\nADM,Admissions,rate_per_10k,low,tracker,flow\n"
    )
    observations = (
        "indicator,area,period_start,period_end,value\n"
        "ADM,Testshire,2025-07-01,2025-09-30,0.1\n"  # a quarter's 0.1, annualised: x 12 / 3
        "ADM,England,2024-04-01,2025-03-31,0.5\n"
    )
    config = make_report(indicators=indicators, observations=observations)
    assert run_cli("compute", config, "-o", tmp_path / "table.csv").exit_code == 0
    table = pd.read_csv(tmp_path / "table.csv", dtype=str, encoding="utf-8-sig")
    assert table.set_index("area").loc["Testshire", "value"] == "0.4"  # not 0.4000000000000001


def test_the_purpose_names_targets_only_when_the_pack_has_some(tmp_path) -> None:
    report = imported(tmp_path, ("ees", [CLA]), ("neighbours", [NEIGHBOURS]))
    config, dataset = check(report)
    front = build_pack(config, compute(config, dataset)).sections[0].blocks
    purpose = front[[getattr(b, "text", "") for b in front].index("Purpose of the report") + 1]
    assert isinstance(purpose, Paragraph)
    assert purpose.text.endswith("compared with earlier periods and benchmarks.")


def test_a_summary_list_is_paragraphs_not_bullets(make_report) -> None:
    config = make_report(report=REPORT + "summary: [First paragraph., Second paragraph.]\n")
    checked, computed = _computed(config)
    blocks = build_pack(checked, computed).sections[0].blocks
    assert Paragraph("First paragraph.") in blocks and Paragraph("Second paragraph.") in blocks


def test_a_region_lait_names_differently_joins_the_one_ees_names(tmp_path) -> None:
    imported(tmp_path, ("ees", [CLA]), ("lait", [LAIT]))
    areas = pd.read_csv(tmp_path / "areas.csv", dtype=str, keep_default_na=False)
    regions = set(areas[areas["type"] == "region"]["area"])
    assert {"Inner London", "Outer London"} <= regions  # LAIT's "London (Inner)" joins these
    assert not {"London (Inner)", "London (Outer)"} & regions
