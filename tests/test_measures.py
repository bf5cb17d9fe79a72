"""The built-in measures say what the publishers say: each title, unit, direction, period and
definition read against LAIT's data dictionary (tests/data holds its rows of these measures)
and the Explore Education Statistics files' own filters and columns."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.importers import DEFAULT_YEAR_END
from reportgen.measures import BUILTIN_EES, BUILTIN_LAIT, DICTIONARY

from conftest import real_data, run_cli

POLARITIES = {"Low": "low", "High": "high", "-": "none"}
EES_EXTRACTS = (
    "cla_number_and_rate_per_10k_children.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2024__vintage2024.csv",
    "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "csww_indicators_2017_to_2025.csv",
)


def dictionary() -> dict[str, dict[str, str]]:
    """Return LAIT's data dictionary rows of the built-in measures, by Measure_short."""
    frame = pd.read_csv(
        real_data("lait_data_dictionary__builtin_measures.csv"), dtype=str, keep_default_na=False
    )
    return {row["Measure_short"]: row for row in frame.to_dict("records")}


def words(text: str) -> str:
    return " ".join(text.split())


def built_in() -> list[dict[str, Any]]:
    """Return every built-in measure, LAIT's and Explore Education Statistics', once per id
    and source."""
    return [*BUILTIN_LAIT.values(), *BUILTIN_EES]


def methodology_paragraph(entry: dict[str, str]) -> str:
    """Return the paragraph of the dictionary's Methodology about this measure: the one headed
    ("Turnover Rates - ...") with words all found in its Measure, Chart_title or axis name."""
    named = set(
        re.findall(
            r"\w+", f"{entry['Measure']} {entry['Chart_title']} {entry['y_axis_name']}".lower()
        )
    )
    for paragraph in re.split(r"(?:\r*\n)+", entry["Methodology"]):
        heading, dash, _ = paragraph.partition(" -")
        if dash and {w.removesuffix("s") for w in re.findall(r"\w+", heading.lower())} <= {
            w.removesuffix("s") for w in named
        }:
            return paragraph
    return ""


def period_type(entry: dict[str, str]) -> tuple[str, str]:
    """Return (stock or flow, the day the year ends) as the dictionary gives them: a financial
    year counts over the year to 31 March; "Annual" is a figure at 31 March; the workforce's
    "Annual (end of Sept)" is at 30 September, and a flow where its methodology counts what
    happened "in the year" (leavers, for turnover)."""
    kind = entry["Year_Type"]
    if kind == "Financial Year":
        return "flow", DEFAULT_YEAR_END
    if kind == "Annual":
        return "stock", DEFAULT_YEAR_END
    assert kind == "Annual (end of Sept)", kind
    counted = "in the year" in methodology_paragraph(entry)
    return ("flow" if counted else "stock"), "30 September"


def unit(entry: dict[str, str]) -> str:
    if entry["y_axis_name"] == "Rate per 10,000":
        return "rate_per_10k"
    assert entry["Chart_title"].endswith("(%)") or entry["y_axis_name"].startswith("%")
    return "percent"


@pytest.mark.parametrize("measure", built_in(), ids=lambda m: f"{m['id']}:{m.get('value', '')}")
def test_every_built_in_measure_says_what_the_dictionary_says(measure: dict[str, Any]) -> None:
    entry = dictionary()[DICTIONARY[measure["id"]]]
    assert measure["unit"] == unit(entry)
    assert measure["polarity"] == POLARITIES[entry["Polarity"]]
    assert (measure.get("measure", "stock"), measure.get("year_end", DEFAULT_YEAR_END)) == (
        period_type(entry)
    )
    # An age range in the dictionary's labels is the title's, as GOV.UK writes it (19 to 21);
    # and every number the title gives is one the dictionary gives.
    labels = f"{entry['Measure']} {entry['Chart_title']} {entry['y_axis_name']}"
    for low, high in re.findall(r"\b(\d+)\s*-\s*(\d+)\b", labels):
        assert f"{low} to {high}" in measure["title"]
    for number in re.findall(r"\d[\d,]*", measure["title"]):
        assert number in f"{labels} {entry['Description']}"
    # The definition is DfE's words, sentence by sentence.
    published = words(f"{entry['Description']} {entry['Methodology']}")
    assert measure.get("definition"), "the dictionary defines every built-in measure"
    for sentence in re.split(r"(?<=\.)\s+", measure["definition"]):
        assert words(sentence).rstrip(".") in published


def test_every_built_in_measure_has_its_dictionary_row() -> None:
    rows = dictionary()
    assert set(DICTIONARY.values()) == set(rows)  # the extract holds these rows and no more
    assert {m["id"] for m in built_in()} == set(DICTIONARY)
    for short, measure in BUILTIN_LAIT.items():
        assert DICTIONARY[measure["id"]] == short


@pytest.mark.parametrize("mapping", BUILTIN_EES, ids=lambda m: f"{m['id']}:{m['value']}")
def test_every_ees_measure_reads_columns_and_filters_the_files_have(
    mapping: dict[str, Any],
) -> None:
    frames = [
        pd.read_csv(real_data(name), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for name in EES_EXTRACTS
    ]
    [frame] = [f for f in frames if mapping["value"] in f.columns]
    for column in (mapping["value"], mapping.get("numerator"), mapping.get("denominator")):
        assert column is None or column in frame.columns
    for column, wanted in (mapping.get("filters") or {}).items():
        assert wanted in set(frame[column])
        if "on 31 March" in wanted:  # a count on the day: a stock at the year's end
            assert (mapping["measure"], mapping.get("year_end")) == ("stock", None)
    # A percentage's column says so, or is one of the workforce census's FTE rates.
    if mapping["unit"] == "percent":
        assert re.search(r"percent|_rate_fte$", mapping["value"], re.IGNORECASE)
    else:
        assert mapping["value"] == "rate_per_10000" and mapping["unit"] == "rate_per_10k"
    # The same measure from LAIT is labelled the same.
    same = [m for m in BUILTIN_LAIT.values() if m["id"] == mapping["id"]]
    for lait in same:
        for key in ("title", "unit", "polarity", "measure", "definition", "year_end"):
            assert lait.get(key) == mapping.get(key), key


def test_care_leavers_are_counted_over_the_year_and_turnover_to_september(
    tmp_path: Path,
) -> None:
    report = tmp_path / "report.yaml"
    report.write_text(
        "title: Benchmarks\ncommittee: Scrutiny\nmeeting_date: 2025-09-15\narea: Durham\n"
        "period_end: 2025-03-31\ncomparators: {national: England}\n"
        "data: {indicators: indicators.csv, observations: observations.csv, areas: areas.csv}\n"
    )
    lait = real_data("lait_bds_long__key_csc_measures_subset.csv")
    assert run_cli("import", "lait", lait, "--into", report).exit_code == 0
    assert run_cli("compute", report, "-o", tmp_path / "table.csv").exit_code == 0
    table = pd.read_csv(tmp_path / "table.csv", dtype=str, keep_default_na=False)
    durham = table[table["area"] == "Durham"].set_index("indicator")  # as LAIT names it
    assert durham.loc["CL-EET", "title"] == (
        "Care leavers aged 19 to 21 in education, employment or training"
    )
    assert durham.loc["CL-EET", "period_label"] == "2024/25"  # not "At Mar 25"
    assert durham.loc["SW-TURNOVER", "period_label"] == "12 months to Sep 24"
    assert durham.loc["SW-VACANCY", "period_label"] == "At Sep 24"
