"""The region's tartan rug, from every council's published figures (imported as the README
says): its ranks checked against ranks worked out here straight from the published file, and
what a reader sees in the PDF and the Word document."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
import pandas as pd
import pypdfium2 as pdfium
import pytest

from reportgen import charts
from reportgen.build import build_pack
from reportgen.compute import compute
from reportgen.config import Config
from reportgen.formatting import ordinal
from reportgen.model import Chart, IndicatorTable, Pack, Paragraph
from reportgen.pipeline import check

from conftest import PUBLISHED_REPORT, real_data, run_cli, text_clashes

REFERRALS = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
REPORT = PUBLISHED_REPORT + "audience: internal\nlayout: [front_sheet, regional_rug, report_key]\n"
REGION = "East of England"
HEADING = f"Regional benchmarking: {REGION}"


@pytest.fixture(scope="module", autouse=True)
def rug_report(england: Path) -> Path:
    """Return the report for Norfolk with the rug, beside every council's published figures."""
    report = england / "rug.yaml"
    report.write_text(REPORT.format(area="Norfolk", region=REGION))
    return report


@pytest.fixture(scope="module")
def norfolk(england: Path) -> Pack:
    config, dataset = check(england / "rug.yaml")
    return build_pack(config, compute(config, dataset))


@pytest.fixture(scope="module")
def built(england: Path) -> Path:
    """Return the folder of Norfolk's pack, built as a user builds it (PDF and Word)."""
    out = england / "rug-pack"
    result = run_cli("build", england / "rug.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def _rugs(pack: Pack) -> list[Chart]:
    return [
        block
        for section in pack.sections
        if section.id == "regional-rug"
        for block in section.blocks
        if isinstance(block, Chart)
    ]


def _table(pack: Pack) -> IndicatorTable:
    (section,) = [s for s in pack.sections if s.id == "regional-rug"]
    (table,) = [b for b in section.blocks if isinstance(b, IndicatorTable)]
    return table


def published_rereferral_ranks() -> tuple[str, dict[str, int]]:
    """Return the latest year and the East of England councils' ranks on re-referrals within
    12 months (lower is better; equal figures share a rank), straight from the published file."""
    frame = pd.read_csv(real_data(REFERRALS), dtype=str, keep_default_na=False)
    frame = frame[(frame["geographic_level"] == "Local authority")]
    latest = max(frame["time_period"])
    frame = frame[(frame["time_period"] == latest) & (frame["region_name"] == REGION)]
    figures = {
        row.la_name: float(row.rereferral_percent)
        for row in frame.itertuples()
        if row.rereferral_percent.replace(".", "", 1).isdigit()
    }
    return latest, {
        area: 1 + sum(other < value for other in figures.values())
        for area, value in figures.items()
    }


def test_the_rugs_ranks_are_those_of_the_published_file(norfolk: Pack) -> None:
    (rug,) = _rugs(norfolk)
    spec = rug.spec
    assert isinstance(spec, charts.TartanSpec)
    latest, expected = published_rereferral_ranks()
    assert len(expected) == 11  # every council of the East of England
    (row,) = [r for r in spec.rows if r.title == "Re-referrals within 12 months"]
    assert row.period.endswith(latest[2:])  # "2024/25", the year ending March 2025
    assert spec.areas[:2] == ("England", REGION) and row.ranks[:2] == (None, None)
    councils = spec.areas[2:]
    assert councils[0] == "Norfolk" == spec.home
    assert list(councils[1:]) == sorted(councils[1:])  # the others in alphabetical order
    assert dict(zip(councils, row.ranks[2:], strict=True)) == expected
    assert row.of == 11
    # Each ranked cell says its rank in words; England's and the region's cells say none.
    assert all(text.endswith(f"\n{ordinal(expected['Norfolk'])}") for text in _cells(row))
    table = _table(norfolk)
    (found,) = [r for r in table.rows if r[0].text.startswith("Re-referrals within 12 months")]
    assert found[2].text == f"{ordinal(expected['Norfolk'])} of 11"
    assert table.columns[1:] == ("Norfolk", f"Rank among {REGION} councils", REGION, "England")
    assert f"Re-referrals within 12 months, {_phrase(row.period)}" in rug.alt_text
    assert f"ranked {ordinal(expected['Norfolk'])} of 11" in rug.alt_text


def _cells(row: charts.TartanRow) -> list[str]:
    from reportgen.plotting import _tartan_cells

    cells = _tartan_cells(row, ranks_in_cells=True)
    assert "\n" not in cells[0][0] and "\n" not in cells[1][0]  # England, the region
    return [cells[2][0]]  # Norfolk's


def _phrase(period: str) -> str:
    from reportgen.periods import period_phrase

    return period_phrase(period)


def test_only_indicators_with_a_direction_are_ranked(norfolk: Pack) -> None:
    (rug,) = _rugs(norfolk)
    assert isinstance(rug.spec, charts.TartanSpec)
    titles = {row.title for row in rug.spec.rows}
    assert "Children looked after per 10,000 children" not in titles  # polarity none
    assert "Social worker vacancy rate" in titles
    assert text_clashes(rug.spec) == []


def test_the_reader_sees_the_rug_and_its_ranks_in_the_pdf_and_word(built: Path) -> None:
    _, expected = published_rereferral_ranks()
    rank = f"{ordinal(expected['Norfolk'])} of 11"
    pdf = pdfium.PdfDocument(next(built.glob("*.pdf")))
    try:
        text = " ".join(" ".join(page.get_textpage().get_text_range() for page in pdf).split())
    finally:
        pdf.close()
    assert HEADING in text and "Norfolk's rank on each indicator" in text
    assert "Re-referrals within 12 months (2024/25)" in text and rank in text
    word = docx.Document(str(next(built.glob("*.docx"))))
    assert HEADING in [p.text for p in word.paragraphs]
    (table,) = [t for t in word.tables if t.rows[0].cells[0].text == "Indicator (period)"]
    assert [c.text for c in table.rows[0].cells][1:3] == [
        "Norfolk",
        f"Rank among {REGION} councils",
    ]
    found = {row.cells[0].text: row.cells[2].text for row in table.rows[1:]}
    assert found["Re-referrals within 12 months (2024/25)"] == rank


def _pack_for(england: Path, area: str, region: str, **changes: str) -> Pack:
    config, dataset = check(england / "rug.yaml")
    config = replace(
        config,
        area=area,
        council=f"{area} Council",
        comparators={**config.comparators, "regional": region},
        **changes,
    )
    return build_pack(config, compute(config, dataset))


def test_a_large_regions_councils_are_split_over_charts_ranked_in_the_whole(
    england: Path,
) -> None:
    rugs = _rugs(_pack_for(england, "Croydon", "Outer London"))
    assert len(rugs) == 2
    specs = [r.spec for r in rugs]
    assert all(isinstance(s, charts.TartanSpec) for s in specs)
    shown = [s.areas for s in specs if isinstance(s, charts.TartanSpec)]
    assert all(areas[:3] == ("England", "Outer London", "Croydon") for areas in shown)
    # Every other council, once; DfE's joint return of Kingston upon Thames and Richmond upon
    # Thames is not a council (the two are, each in its own column).
    others = {a for areas in shown for a in areas[3:]}
    assert len(others) == 18 and {"Kingston upon Thames", "Richmond upon Thames"} <= others
    for spec in specs:
        assert isinstance(spec, charts.TartanSpec)
        assert all(row.of >= 18 for row in spec.rows)
        assert text_clashes(spec) == []


def test_the_rug_ranks_the_councils_of_today_each_once(england: Path) -> None:
    """East Midlands: Northamptonshire (abolished in 2021) and DfE's joint return of North and
    West Northamptonshire are not councils; the ten councils are those of the published file."""
    pack = _pack_for(england, "Leicestershire", "East Midlands")
    frame = pd.read_csv(real_data(REFERRALS), dtype=str, keep_default_na=False)
    frame = frame[
        (frame["geographic_level"] == "Local authority")
        & (frame["time_period"] == max(frame["time_period"]))
        & (frame["region_name"] == "East Midlands")
    ]
    published = set(frame["la_name"])
    assert len(published) == 10
    (rug,) = _rugs(pack)
    assert isinstance(rug.spec, charts.TartanSpec)
    assert rug.spec.areas[:3] == ("England", "East Midlands", "Leicestershire")
    assert set(rug.spec.areas[2:]) == published
    assert all(row.of <= 10 for row in rug.spec.rows)
    assert max(row.of for row in rug.spec.rows) == 10
    (section,) = [s for s in pack.sections if s.id == "regional-rug"]
    assert any(
        isinstance(b, Paragraph) and "ranks the 10 councils of East Midlands" in b.text
        for b in section.blocks
    )
    table = _table(pack)
    ranks = [row[2].text for row in table.rows]
    assert ranks and all(rank.endswith(" of 10") for rank in ranks), ranks


def test_rug_group_names_a_group_or_region(england: Path) -> None:
    wrong = england / "wrong-group.yaml"
    wrong.write_text((england / "rug.yaml").read_text() + "rug_group: East England\n")
    result = run_cli("validate", wrong)
    assert result.exit_code == 2
    assert (
        "wrong-group.yaml: rug_group: 'East England' is not a known group or region"
        in result.output
    )
    assert "did you mean 'East of England'?" in result.output and "Traceback" not in result.output
    group = "Norfolk statistical neighbours"
    (rug,) = _rugs(_pack_for(england, "Norfolk", REGION, rug_group=group))
    assert isinstance(rug.spec, charts.TartanSpec)
    assert rug.spec.areas[:3] == ("England", REGION, "Norfolk")
    assert "Suffolk" in rug.spec.areas and "Essex" not in rug.spec.areas


def test_no_region_no_rug(england: Path) -> None:
    assert _rugs(_pack_for(england, "England", "")) == []


def test_config_reads_rug_group(england: Path) -> None:
    report = england / "grouped.yaml"
    report.write_text(
        (england / "rug.yaml").read_text() + "rug_group: Norfolk statistical neighbours\n"
    )
    config: Config = check(report)[0]
    assert config.rug_group == "Norfolk statistical neighbours"
