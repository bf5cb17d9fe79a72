"""Every council in England from the published files, as a user builds it: the EES files, LAIT
and the statistical-neighbour model imported once, then each local authority's table computed
and checked against the published figures, and whole packs built for the awkward ones."""

from __future__ import annotations

import statistics
from dataclasses import replace
from pathlib import Path

import docx
import pandas as pd
import pypdfium2 as pdfium
import pytest

from reportgen.areas import NEIGHBOURS_SUFFIX, read_neighbours
from reportgen.build import build_pack
from reportgen.compute import Computed, compute
from reportgen.config import Config
from reportgen.model import Chart, KeyMessages, Narrative, Pack, with_charts
from reportgen.pipeline import check
from reportgen.wording import figure_text

from conftest import PUBLISHED_REPORT as REPORT
from conftest import axe_violations, pdfua_findings, real_data, run_cli, text_clashes

CLA = "cla_number_and_rate_per_10k_children.csv"
# Code changes, the smallest councils, London boroughs, unitary, metropolitan and county councils.
AWKWARD = (
    "North Yorkshire",
    "Somerset",
    "Buckinghamshire",
    "Cumberland",
    "Westmorland and Furness",
    "City of London",
    "Isles of Scilly",
    "Rutland",
    "Hackney",
    "Norfolk",
    "County Durham",
    "Birmingham",
)


def councils(folder: Path) -> dict[str, str]:
    """Return each local authority with statistical neighbours, and its region."""
    areas = pd.read_csv(folder / "areas.csv", dtype=str, keep_default_na=False)
    groups = {g for cell in areas["groups"] for g in cell.split("; ") if g}
    return {
        row.area: row.region
        for row in areas.itertuples()
        if row.type == "la" and row.area + NEIGHBOURS_SUFFIX in groups
    }


def published_cla_rates() -> dict[str, str]:
    """Return each area's published rate per 10,000 children looked after at 31 March 2025,
    keyed by LA number (and by name for England and the regions)."""
    frame = pd.read_csv(real_data(CLA), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = frame[
        (frame["time_period"] == "2025")
        & (frame["population_type"] == "Children looked after on 31 March each year")
    ]
    keys = frame["old_la_code"].where(
        frame["geographic_level"] == "Local authority",
        frame["region_name"].where(frame["geographic_level"] == "Regional", "England"),
    )
    return dict(zip(keys, frame["rate_per_10000"], strict=True))


def for_council(config: Config, area: str, region: str) -> Config:
    return replace(
        config,
        area=area,
        council=f"{area} Council",
        comparators={
            "national": "England",
            "regional": region,
            "neighbours": area + NEIGHBOURS_SUFFIX,
        },
    )


def test_every_council_computes_with_its_published_figures(england: Path) -> None:
    config, dataset = check(england / "report.yaml")
    config = replace(config, audience="internal")  # every figure as published, none hidden
    rates = published_cla_rates()
    model = read_neighbours(real_data("sn_model_2025_wide.csv"))
    numbers = _la_numbers(england)
    found = councils(england)
    assert len(found) >= 150  # every council in the statistical-neighbour model with figures
    failures: list[str] = []
    for area, region in found.items():
        computed = compute(for_council(config, area, region), dataset)
        failures += _published_figures_differ(computed, area, region, rates, model, numbers)
        failures += _workforce_off_census(computed, area)
        failures += _contradictions(build_pack(for_council(config, area, region), computed), area)
    assert failures == []


def _la_numbers(folder: Path) -> dict[str, str]:
    areas = pd.read_csv(folder / "areas.csv", dtype=str, keep_default_na=False)
    return dict(zip(areas["area"], areas["old_code"], strict=True))


def _published_figures_differ(
    computed: Computed,
    area: str,
    region: str,
    rates: dict[str, str],
    model: dict[str, list[str]],
    numbers: dict[str, str],
) -> list[str]:
    """Return how the council's children-looked-after figures differ from the published."""
    row = computed.row("CLA-RATE", area)
    if row is None:
        return [f"{area}: no children looked after rate"]
    wrong = []
    shown = {
        "latest": figure_text(row.indicator, row.latest),
        "England": figure_text(row.indicator, row.comparators["national"]),
        region: figure_text(row.indicator, row.comparators["regional"]),
    }
    expected = {"latest": rates[numbers[area]], "England": rates["England"], region: rates[region]}
    wrong += [
        f"{area}: {k} {shown[k]} against published {v}"
        for k, v in expected.items()
        if shown[k] != v
    ]
    neighbours = [float(rates[n]) for n in model[numbers[area]] if rates.get(n, "").isdigit()]
    mean = row.comparators.get("neighbours")
    if mean is None or mean.value != pytest.approx(statistics.fmean(neighbours)):
        wrong.append(f"{area}: neighbour mean {mean} against {statistics.fmean(neighbours)}")
    return wrong


def _workforce_off_census(computed: Computed, area: str) -> list[str]:
    return [
        f"{area}: {row.indicator.id} dated {row.latest.period_end}"
        for row in computed.rows
        if row.area == area
        and row.indicator.id.startswith("SW-")
        and (row.latest.period_end.month, row.latest.period_end.day) != (9, 30)
    ]


def _contradictions(pack: Pack, area: str) -> list[str]:
    """Return each indicator both going well and an issue, and each tile repeated."""
    blocks = [block for section in pack.sections for block in section.blocks]
    summary = {
        block.key: {line.text.split(":")[0] for line in block.lines if block.status == "draft"}
        for block in blocks
        if isinstance(block, Narrative) and block.key.startswith("summary.")
    }
    both = summary["summary.going-well"] & summary["summary.issues"]
    repeated = [
        tile.message
        for block in blocks
        if isinstance(block, KeyMessages)
        for tile in block.tiles
        if [t.message for t in block.tiles].count(tile.message) > 1
    ]
    return [f"{area}: {title} both going well and an issue" for title in both] + [
        f"{area}: tile repeated: {message}" for message in repeated
    ]


@pytest.mark.parametrize("area", AWKWARD)
def test_no_chart_text_overlaps_or_runs_off_for_an_awkward_council(
    england: Path, area: str
) -> None:
    report = england / f"charts-{area.lower().replace(' ', '-')}.yaml"
    report.write_text(REPORT.format(area=area, region=councils(england)[area]))
    config, dataset = check(report)
    found: list[Chart] = []
    with_charts(build_pack(config, compute(config, dataset)), lambda c: found.append(c) or c)
    assert found and [clash for chart in found for clash in text_clashes(chart.spec)] == []


@pytest.mark.parametrize("area", AWKWARD)
def test_an_awkward_councils_whole_pack_builds(england: Path, area: str) -> None:
    region = councils(england)[area]
    report = england / f"report-{area.lower().replace(' ', '-')}.yaml"
    report.write_text(REPORT.format(area=area, region=region))
    out = england / "packs" / report.stem
    result = run_cli("build", report, "-o", out)
    assert result.exit_code == 0, result.output
    pdf = pdfium.PdfDocument(out / "children-s-services-benchmarks.pdf")
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
        assert len(pdf) > 5
    finally:
        pdf.close()
    text = " ".join(text.split())
    assert f"{area} Council" in text and "Dashboard: Children in care" in text
    assert pdfua_findings(out / "children-s-services-benchmarks.pdf") == []
    assert axe_violations(out / "children-s-services-benchmarks.html", england) == []
    word = docx.Document(str(out / "children-s-services-benchmarks.docx"))
    assert word.paragraphs[0].text == f"{area} Council"
    assert f"{area} Council" in (out / "children-s-services-benchmarks.html").read_text()
