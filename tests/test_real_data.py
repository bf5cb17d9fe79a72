"""Real published statistics (extracts of DfE Explore Education Statistics files in tests/data)
through reportgen."""

from __future__ import annotations

from pathlib import Path

import numpy
import pandas as pd
import pytest

from reportgen.build import build_pack
from reportgen.compute import compute
from reportgen.formatting import format_value, round_half_up
from reportgen.inputs import missing_code, parse_number, read_table
from reportgen.pipeline import check
from reportgen.ratings import derived_value, quartile_cut_points, quartile_of
from reportgen.render.text import render_text

from conftest import real_data

CLA = "cla_number_and_rate_per_10k_children.csv"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
EES_FILES = {
    CLA: ("population_estimate", "children_count", "rate_per_10000"),
    C1: ("referral_count", "rereferral_count", "rereferral_percent"),
    "csww_indicators_2017_to_2025.csv": (
        "turnover_rate_fte",
        "agency_rate_fte",
        "vacancy_rate_fte",
        "caseload_fte",
    ),
}


def _cla_on_31_march() -> pd.DataFrame:
    frame = pd.read_csv(real_data(CLA), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame[frame["population_type"] == "Children looked after on 31 March each year"]


@pytest.mark.parametrize("name", list(EES_FILES), ids=lambda p: Path(p).stem)
def test_every_published_figure_loads_as_a_number_or_a_suppression_code(name: str) -> None:
    table = read_table(real_data(name), "observations")
    columns = [c.lower() for c in EES_FILES[name]]
    assert set(columns) <= set(table.frame.columns)
    unreadable = []
    for column in columns:
        for text in table.frame[column]:
            if missing_code(text) is None:
                try:
                    parse_number(text)
                except ValueError:
                    unreadable.append((column, text))
    assert unreadable == []


def test_rates_derived_from_counts_match_the_published_rates() -> None:
    frame = _cla_on_31_march()
    # Local authorities' counts are exact; national and regional counts are published
    # rounded to the nearest 10, so their rates cannot be recomputed from them.
    local = frame[frame["geographic_level"] == "Local authority"]
    checkable = local["rate_per_10000"].str.fullmatch(r"\d+")
    published = local[checkable]
    # Every other LA rate is a suppression code, so no published rate escapes the check...
    assert all(missing_code(text) is not None for text in local.loc[~checkable, "rate_per_10000"])
    assert len(published) > 2 * 140  # ...and the extract's two years give ~150 LAs each
    mismatches = [
        (row.la_name, row.time_period, row.rate_per_10000)
        for row in published.itertuples()
        if format_value(
            derived_value(
                "rate_per_10k", float(row.children_count), float(row.population_estimate)
            ),
            "rate_per_10k",
        )
        != row.rate_per_10000
    ]
    assert mismatches == []


def _write_durham_pack(folder: Path, scheme: str = "tolerance") -> None:
    """Write a report on County Durham's published children-looked-after rates into `folder`."""
    frame = _cla_on_31_march()
    area_column = {
        "Local authority": "la_name",
        "Regional": "region_name",
        "National": "country_name",
    }
    rows = []
    for row in frame.itertuples():
        name = getattr(row, area_column[row.geographic_level])
        if name not in ("County Durham", "North East", "England"):
            continue
        home = name == "County Durham"  # the council's own rows give counts, not rates
        rows.append(
            {
                "indicator": "CLA-RATE",
                "area": name,
                "period_end": f"{row.time_period}-03-31",
                "value": "" if home else row.rate_per_10000,
                "numerator": row.children_count if home else "",
                "denominator": row.population_estimate if home else "",
            }
        )
    pd.DataFrame(rows).to_csv(folder / "observations.csv", index=False)
    (folder / "indicators.csv").write_text(
        "id,title,theme,unit,polarity,kind\n"
        'CLA-RATE,"Children looked after per 10,000 children",Children in care,rate_per_10k,'
        "low,tracker\n"
    )
    (folder / "report.yaml").write_text(
        "title: Real data pack\ncommittee: Children and Young People OSC\n"
        "meeting_date: 2025-07-01\narea: County Durham\nperiod_end: 2025-03-31\n"
        "comparators: {national: England, regional: North East}\n"
        f"rating: {{scheme: {scheme}}}\n"
        "data: {indicators: indicators.csv, observations: observations.csv}\n"
    )


def test_a_real_council_pack_from_published_figures(tmp_path: Path) -> None:
    _write_durham_pack(tmp_path)
    config, dataset = check(tmp_path / "report.yaml")
    dump = render_text(build_pack(config, compute(config, dataset))).replace("\u00a0", " ")
    # Published: County Durham 118 (2025), 121 (2024); England 67; North East 111.
    assert (
        "| Children looked after per 10,000 children | At Mar 25 | 118 | Tracker | 121 | 67 | 111 "
        "| Green [green]"
    ) in dump
    assert "North East 111 (Mar 2025)" in dump


def test_percentages_derived_from_counts_match_the_published_precision() -> None:
    frame = pd.read_csv(real_data(C1), dtype=str, keep_default_na=False)
    every = frame[frame["geographic_level"] == "Local authority"]
    patterns = {
        "rereferral_percent": r"[\d.]+",
        "referral_count": r"\d+",
        "rereferral_count": r"\d+",
    }
    numbers = pd.DataFrame(
        {column: every[column].str.fullmatch(p) for column, p in patterns.items()}
    )
    # Every LA figure that is not a number is a suppression code, so no published percentage
    # escapes the check...
    assert all(
        missing_code(text) is not None
        for column in patterns
        for text in every.loc[~numbers[column], column]
    )
    local = every[numbers.all(axis="columns")]
    assert len(local) > 2 * 140  # ...and the extract's two latest years give ~150 LAs each
    mismatches = [
        (row.la_name, row.time_period)
        for row in local.itertuples()
        if float(
            round_half_up(
                derived_value("percent", float(row.rereferral_count), float(row.referral_count)), 1
            )
        )
        != float(row.rereferral_percent)
    ]
    assert mismatches == []


def test_quartiles_of_all_local_authorities_follow_lait() -> None:
    frame = _cla_on_31_march()
    latest = frame[
        (frame["time_period"] == "2025")
        & (frame["geographic_level"] == "Local authority")
        & frame["rate_per_10000"].str.fullmatch(r"\d+")
    ]
    rates = [float(rate) for rate in latest["rate_per_10000"]]
    assert len(rates) > 140
    cuts = quartile_cut_points(rates)
    assert cuts == tuple(numpy.percentile(rates, [25, 50, 75]))  # R's and LAIT's type 7
    durham = float(latest[latest["la_name"] == "County Durham"]["rate_per_10000"].iloc[0])
    assert quartile_of(durham, cuts, "low") == 4  # among the highest rates in England


def test_durhams_published_figures_rated_by_its_own_key(tmp_path: Path) -> None:
    _write_durham_pack(tmp_path, scheme="dtcg")
    config, dataset = check(tmp_path / "report.yaml")
    row = compute(config, dataset).row("CLA-RATE", "County Durham")
    assert row is not None
    # 2025: 118 against 121 a year earlier (D: better); gap to England 118 - 67 = 51 against
    # 121 - 69 = 52 (G: improving), so the tracker is green.
    assert (row.vs["year_ago"], row.gap, row.rating) == ("green", "improving", "green")
    assert row.vs["national"] == "red" and row.vs["regional"] == "red"
