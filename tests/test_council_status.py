"""Areas that exist: every comparison counts each current council once. The areas table says
which local authorities are councils now, which were (and until when) and which are DfE's
joint returns, as the imports work it out from the published files or as a user writes it."""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from reportgen.batch import councils
from reportgen.compute import compute
from reportgen.config import load_config
from reportgen.pipeline import check
from reportgen.validate import read_dataset

from conftest import PUBLISHED_REPORT, REPORT, real_data, run_cli

WORKFORCE = "csww_indicators_2017_to_2025.csv"
JOINT = "North Northamptonshire / West Northamptonshire"


def _areas(england: Path) -> pd.DataFrame:
    return pd.read_csv(england / "areas.csv", dtype=str, keep_default_na=False).set_index("area")


def test_the_imported_areas_table_says_which_councils_ended_and_which_are_joint_returns(
    england: Path,
) -> None:
    areas = _areas(england)
    assert list(areas.columns[-2:]) == ["status", "until"]
    # Northamptonshire's last figures are for the year to March 2021; its two successors'
    # first for the year after, in the same region.
    assert tuple(areas.loc["Northamptonshire", ["status", "until"]]) == ("former", "2021-03-31")
    assert tuple(areas.loc["Dorset (LA 835)", ["status", "until"]]) == ("former", "2019-03-31")
    for joint in (JOINT, "Kingston upon Thames / Richmond upon Thames"):
        assert tuple(areas.loc[joint, ["status", "until"]]) == ("joint", "")
    for council in ("North Northamptonshire", "West Northamptonshire", "Dorset", "Leicestershire"):
        assert tuple(areas.loc[council, ["status", "until"]]) == ("current", "")
    assert set(areas.loc[areas["type"] != "la", "status"]) == {""}  # England, the regions
    # Every council of DfE's statistical-neighbour model is current.
    model = pd.read_csv(real_data("sn_model_2025_wide.csv"), dtype=str)["old_la_code"]
    by_number = areas.reset_index().set_index("old_code")
    assert set(by_number.loc[list(model), "status"]) == {"current"}


def _published_turnover() -> tuple[str, list[float]]:
    """Return the latest census year before April 2025 and each council's social worker
    turnover in it, straight from the published file: a joint return's figure is each of its
    councils' (as LAIT gives it them), counted once for each."""
    frame = pd.read_csv(real_data(WORKFORCE), dtype=str, keep_default_na=False)
    frame = frame[frame["geographic_level"] == "Local authority"]
    year = max(y for y in frame["time_period"] if y < "2025")
    figures: dict[str, float] = {}
    for row in frame[frame["time_period"] == year].itertuples():
        for council in row.la_name.split(" / "):
            if row.turnover_rate_fte.replace(".", "", 1).isdigit():
                figures.setdefault(council, float(row.turnover_rate_fte))
    return year, list(figures.values())


def test_all_la_quartiles_count_each_current_council_once(england: Path) -> None:
    config, dataset = check(england / "report.yaml")
    assert config.rating.scheme == "quartile"
    row = compute(config, dataset).row("SW-TURNOVER", "County Durham")
    assert row is not None
    year, values = _published_turnover()
    assert 140 < len(values) <= 153  # the councils in England with a figure
    low, middle, high = statistics.quantiles(values, n=4, method="inclusive")
    cut = row.comparators["top_quartile"]  # lower turnover is better: the 25th percentile
    assert cut.period_end == date(int(year), 9, 30)
    assert cut.value == pytest.approx(low)
    assert cut.basis == f"25th percentile of {len(values)} local authorities"
    value = row.latest.value
    assert row.quartile == 1 + (value > low) + (value > middle) + (value > high)


def test_a_batch_of_a_region_leaves_out_what_is_not_a_council_and_says_so(
    england: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = england / "em-batch.yaml"
    report.write_text(PUBLISHED_REPORT.format(area="Leicestershire", region="East Midlands"))
    config = load_config(report)
    run_cli("validate", report)  # the command line's way of saying warnings
    capsys.readouterr()
    chosen = councils("region:East Midlands", read_dataset(config), config)
    names = {area.name for area in chosen}
    assert len(names) == 10 and "North Northamptonshire" in names
    assert not names & {"Northamptonshire", JOINT}
    assert (
        "left out 2 local authorities that are not councils at 31 March 2025: Northamptonshire "
        f"(until 31 March 2021), {JOINT} (a joint return)" in capsys.readouterr().err
    )


def test_a_pack_is_for_a_council_of_its_period(england: Path) -> None:
    report = england / "northamptonshire.yaml"
    text = PUBLISHED_REPORT.format(area="Northamptonshire", region="East Midlands")
    report.write_text(text.replace(', neighbours: "Northamptonshire statistical neighbours"', ""))
    result = run_cli("validate", report)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        "northamptonshire.yaml: area: 'Northamptonshire' was a council until 31 March 2021 "
        "(areas.csv gives its status as former), before period_end 31 March 2025 (set "
        "period_end on or before 2021-03-31, or name a current council)" in result.output
    )
    report.write_text(text.replace("period_end: 2025-03-31", "period_end: 2021-03-31"))
    result = run_cli("validate", report)
    assert "Northamptonshire' was a council" not in result.output  # its own period: its pack
    report.write_text(text.replace("area: Northamptonshire", f"area: {JOINT}"))
    result = run_cli("validate", report)
    assert result.exit_code == 2
    assert f"area: '{JOINT}' is a joint return of several councils' figures" in result.output


# A hand-written table: 120 councils of one region, Oldshire replaced by Newshire in 2025 (in
# 2024 Oldshire and LA001 had figures, Newshire none), and a joint return of two of them; no
# status column.
COUNCILS = [f"LA{i:03}" for i in range(1, 121)]
HAND_AREAS = (
    "area,type,region\nEngland,national,\nTestshire,la,Midland\n"
    + "".join(f"{name},la,Midland\n" for name in COUNCILS)
    + "Oldshire,la,Midland\nNewshire,la,Midland\nLA001 / LA002,la,Midland\n"
)
HAND_OBSERVATIONS = (
    "indicator,area,period_end,value\nREREF,Testshire,2025-09-30,15\n"
    + "REREF,England,2025-09-30,22\n"
    + "".join(f"REREF,{name},2025-09-30,{10 + i / 10}\n" for i, name in enumerate(COUNCILS))
    + "REREF,Oldshire,2023-09-30,40\nREREF,Oldshire,2024-09-30,41\nREREF,LA001,2024-09-30,9\n"
    + "REREF,Newshire,2025-09-30,12\nREREF,LA001 / LA002,2025-09-30,5\n"
)
HAND_REPORT = REPORT + "  areas: areas.csv\nrating:\n  scheme: quartile\n"


def test_a_hand_written_areas_table_without_status_works_it_out(make_report) -> None:
    config, dataset = check(
        make_report(report=HAND_REPORT, observations=HAND_OBSERVATIONS, **{"areas.csv": HAND_AREAS})
    )
    found = {area.name: (area.status, area.until) for area in dataset.areas}
    assert found["Oldshire"] == ("former", date(2024, 9, 30))
    assert found["LA001 / LA002"] == ("joint", None)
    assert found["Newshire"] == found["LA001"] == found["Testshire"] == ("current", None)
    computed = compute(config, dataset)
    region = computed.in_region("Midland")
    assert len(region) == 122 and not {"Oldshire", "LA001 / LA002"} & set(region)
    row = computed.row("REREF", "Testshire")
    assert row is not None
    values = [15, 12, *(10 + i / 10 for i in range(120))]  # the joint return's 5 is not one
    cut = row.comparators["top_quartile"]
    assert cut.value == pytest.approx(statistics.quantiles(values, n=4, method="inclusive")[0])
    assert cut.basis == "25th percentile of 122 local authorities"
    # Oldshire's figures are its own, for its own periods.
    oldshire = computed.row("REREF", "Oldshire")
    assert oldshire is not None and oldshire.latest.value == 41


def test_a_neighbour_group_holds_no_former_council_or_joint_return(make_report) -> None:
    group = "Testshire neighbours"
    areas = HAND_AREAS.replace("area,type,region\n", "area,type,region,groups\n")
    for member in ("Oldshire", "LA001 / LA002", "LA003", "LA004"):
        areas = areas.replace(f"\n{member},la,Midland\n", f"\n{member},la,Midland,{group}\n")
    report = HAND_REPORT.replace(
        "  national: England", f"  national: England\n  neighbours: {group}"
    )
    config, dataset = check(
        make_report(report=report, observations=HAND_OBSERVATIONS, **{"areas.csv": areas})
    )
    computed = compute(config, dataset)
    assert computed.groups[group] == ("LA003", "LA004")
    row = computed.row("REREF", "Testshire")
    assert row is not None
    mean = row.comparators["neighbours"]  # LA003's 10.2 and LA004's 10.3; not the joint 5
    assert mean.value == pytest.approx(10.25) and mean.basis == "mean of 2 of 2 neighbours"


def test_a_status_written_by_hand_is_kept(make_report) -> None:
    areas = HAND_AREAS.replace("area,type,region\n", "area,type,region,status,until\n")
    areas = areas.replace("LA120,la,Midland\n", "LA120,la,Midland,former,2025-06-30\n")
    areas = areas.replace("Oldshire,la,Midland\n", "Oldshire,la,Midland,current,\n")
    config, dataset = check(
        make_report(report=HAND_REPORT, observations=HAND_OBSERVATIONS, **{"areas.csv": areas})
    )
    found = {area.name: (area.status, area.until) for area in dataset.areas}
    assert found["LA120"] == ("former", date(2025, 6, 30))
    assert found["Oldshire"] == ("current", None)
    assert found["LA001 / LA002"] == ("joint", None)  # blank: worked out
    # A council that had ended by a period is not counted in it.
    computed = compute(config, dataset)
    region = computed.in_region("Midland")
    assert "LA120" not in region and "Oldshire" in region
    row = computed.row("REREF", "Testshire")
    assert row is not None  # Testshire, Newshire and 119 of LA001 to LA120; Oldshire has none
    assert row.comparators["top_quartile"].basis == "25th percentile of 121 local authorities"


def test_bad_statuses_are_located(make_report) -> None:
    def problems(areas: str) -> str:
        report = make_report(report=REPORT + "  areas: areas.csv\n", **{"areas.csv": areas})
        result = run_cli("validate", report)
        assert result.exit_code == 2 and "Traceback" not in result.output
        return result.output

    found = problems("area,type,status,until\nEngland,national\nTestshire,la,old,\n"
                     "Westshire,la,former,31st March\n")  # fmt: skip
    assert "areas.csv:3: status: 'old' is not allowed (allowed: current, former, joint)" in found
    assert "areas.csv:4: until: '31st March' is not a date" in found
    found = problems("area,type,status,until\nEngland,national,current,\nTestshire,la,,\n"
                     "Eastshire,la,current,2024-03-31\n")  # fmt: skip
    assert (
        "areas.csv:2: status: 'current': only an la has a status (this area's type is "
        "national; leave it blank)" in found
    )
    assert (
        "areas.csv:4: until: only a former council has an end (this area's status is "
        "current; write former, or leave until blank)" in found
    )


def test_a_former_council_counts_among_councils_only_until_it_ended() -> None:
    from reportgen.tables import Area

    ended = Area("Oldshire", "la", status="former", until=date(2021, 3, 31))
    assert ended.is_council_at(date(2021, 3, 31)) and not ended.is_council_at(date(2021, 9, 30))
    assert not replace(ended, status="joint", until=None).is_council_at(date(2020, 3, 31))
    assert Area("Newshire", "la").is_council_at(date(2030, 3, 31))
    assert not Area("England", "national").is_council_at(date(2025, 3, 31))
