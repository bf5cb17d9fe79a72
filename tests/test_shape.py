"""Councils shape their own pack: which indicators are in, and the order of their themes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportgen.build import build_pack
from reportgen.compute import compute
from reportgen.model import (
    Block,
    Chart,
    Heading,
    IndicatorTable,
    KeyMessages,
    Narrative,
    Pack,
    Paragraph,
)
from reportgen.pipeline import check

from conftest import SAMPLE, run_cli, section_titles, text_clashes


def _sample_with(tmp_path: Path, **keys: object) -> Path:
    """Return a copy of the sample report with `keys` set in its report.yaml."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    for item in SAMPLE.parent.iterdir():
        if item.is_file():
            shutil.copy(item, tmp_path / item.name)
    report = yaml.safe_load(SAMPLE.read_text(encoding="utf-8")) | keys
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump(report, sort_keys=False), encoding="utf-8")
    return path


def test_include_exclude_and_the_order_of_themes(tmp_path: Path) -> None:
    path = _sample_with(
        tmp_path,
        include=["Early help", "Contacts and referrals", "CIC-RATE"],
        exclude=["CSC-CONTACT"],
        themes=["Contacts and referrals", "Children in care"],
    )
    config, dataset = check(path)
    ids = [ind.id for ind in dataset.indicators]
    assert "CSC-CONTACT" not in ids and "CIC-RATE" in ids
    assert {ind.theme for ind in dataset.indicators} == {
        "Early help",
        "Contacts and referrals",
        "Children in care",
    }
    assert set(dataset.observations["indicator"]) == set(ids)  # the rest left out, unsaid
    pack = build_pack(config, compute(config, dataset))
    dashboards = [t for t in section_titles(pack) if t.startswith("Dashboard: ")]
    assert dashboards == [
        "Dashboard: Contacts and referrals",
        "Dashboard: Children in care",
        "Dashboard: Early help",
    ]


def test_names_that_are_no_indicator_or_theme_are_located(tmp_path: Path) -> None:
    path = _sample_with(tmp_path, include=["CSC-RERF"], themes=["Early Help"])
    result = run_cli("validate", path)
    assert result.exit_code == 2
    assert (
        "report.yaml: include[1]: 'CSC-RERF' is not an indicator id or theme of the "
        "indicators table; did you mean 'CSC-REREF'?" in result.output
    )
    assert (
        "report.yaml: themes[1]: 'Early Help' is not a theme of the indicators table; did you "
        "mean 'Early help'?" in result.output
    )


def _dashboard(pack: Pack, title: str) -> list[Block]:
    section = next(
        s for s in pack.sections if s.blocks and s.blocks[0] == Heading(f"Dashboard: {title}")
    )
    return list(section.blocks)


def test_dashboards_as_the_council_designs_them(tmp_path: Path) -> None:
    path = _sample_with(
        tmp_path,
        dashboards=[
            {
                "title": "The front door",
                "indicators": ["CSC-CONTACT", "CSC-REF", "CSC-REREF"],
                "tiles": ["CSC-REREF"],
                "charts": [
                    {"type": "comparison", "indicator": "CSC-REREF"},
                    {"type": "trend", "indicator": "CSC-REF"},
                    {"type": "rug", "indicators": ["CSC-REREF", "CIC-3PLUS"]},
                ],
                "commentary": False,
            },
            {
                "title": "Caseloads",
                "theme": "Social work workforce",
                "charts": [
                    {
                        "type": "distribution",
                        "indicators": [
                            "WF-CASES-LT16",
                            "WF-CASES-16-20",
                            "WF-CASES-21-25",
                            "WF-CASES-GT25",
                        ],
                    },
                ],
            },
            {"title": "Children in care", "theme": "Children in care"},
        ],
    )
    config, dataset = check(path)
    pack = build_pack(config, compute(config, dataset))
    assert [t for t in section_titles(pack) if t.startswith("Dashboard: ")] == [
        "Dashboard: The front door",
        "Dashboard: Caseloads",
        "Dashboard: Children in care",
    ]
    front = _dashboard(pack, "The front door")
    tiles = [b for b in front if isinstance(b, KeyMessages)]
    assert [t.message.split(" (")[0] for t in tiles[0].tiles] == ["re-referrals within 12 months"]
    drawn = [type(b.spec).__name__ for b in front if isinstance(b, Chart)]
    assert drawn == ["ComparisonSpec", "TrendSpec", "TartanSpec"]
    rug = next(b for b in front if isinstance(b, Chart) and b.title.startswith("Fernshire and"))
    assert [row.title for row in rug.spec.rows] == [
        "Re-referrals within 12 months",
        "Children in care with three or more placements in the year",
    ]
    assert not any(isinstance(b, Narrative) for b in front)  # no place for commentary, as asked
    assert [c for b in front if isinstance(b, Chart) for c in text_clashes(b.spec)] == []
    caseloads = _dashboard(pack, "Caseloads")
    assert [type(b.spec).__name__ for b in caseloads if isinstance(b, Chart)] == ["StackedBarSpec"]
    assert any(isinstance(b, Narrative) and b.key == "dashboard.caseloads" for b in caseloads)
    default = _dashboard(pack, "Children in care")  # as the theme's dashboard is by default
    assert default == list(
        next(
            s
            for s in build_pack(*_default(tmp_path)).sections
            if s.id == "dashboard-children-in-care"
        ).blocks
    )


def _default(tmp_path: Path) -> tuple[Any, Any]:
    folder = tmp_path / "default"
    folder.mkdir()
    config, dataset = check(_sample_with(folder))
    return config, compute(config, dataset)


def test_a_dashboards_bad_names_are_located(tmp_path: Path) -> None:
    path = _sample_with(
        tmp_path,
        dashboards=[
            {
                "title": "Front door",
                "indicators": ["CSC-REREF"],
                "tiles": ["CSC-RERF"],
                "charts": [
                    {"type": "trnd", "indicator": "CSC-REREF"},
                    {"type": "spc", "indicator": "CSC-CONTCT"},
                ],
            },
            {"title": "Front Door!", "theme": "Contacts and Referrals", "colour": "blue"},
        ],
    )
    result = run_cli("validate", path)
    assert result.exit_code == 2
    for message in (
        "report.yaml: dashboards[1].charts[1].type: 'trnd' is not a chart type (allowed: trend, comparison, spc, distribution, rug); did you mean 'trend'?",
        "report.yaml: dashboards[2].colour: unknown key (allowed: title, theme, indicators, tiles, charts, commentary)",
        "report.yaml: dashboards[2].title: 'Front Door!' is too like dashboards[1]'s title",
    ):
        assert message in result.output
    names = _sample_with(
        tmp_path,
        dashboards=[
            {
                "title": "Front door",
                "indicators": ["CSC-REREF"],
                "tiles": ["CSC-RERF"],
                "charts": [{"type": "spc", "indicator": "CSC-CONTCT"}],
            },
            {"title": "Referrals", "theme": "Contacts and Referrals"},
        ],
    )
    result = run_cli("validate", names)
    assert result.exit_code == 2
    for message in (
        "report.yaml: dashboards[1].tiles: 'CSC-RERF' is not an indicator id of the pack; did you mean 'CSC-REREF'?",
        "report.yaml: dashboards[1].charts[1]: 'CSC-CONTCT' is not an indicator id of the pack; did you mean 'CSC-CONTACT'?",
        "report.yaml: dashboards[2].theme: 'Contacts and Referrals' is not a theme of the pack; did you mean 'Contacts and referrals'?",
    ):
        assert message in result.output


def _ratings(path: Path) -> dict[str, str | None]:
    config, dataset = check(path)
    computed = compute(config, dataset)
    return {r.indicator.id: r.rating for r in computed.rows if r.area == config.area}


@pytest.mark.parametrize("given", ["manifest", "table"])
def test_what_changed_since_the_last_report(tmp_path: Path, given: str) -> None:
    last = _sample_with(tmp_path / "june", period_end="2026-06-30", layout=["front_sheet"])
    built = run_cli("build", last, "-o", tmp_path / "june" / "out", "-f", "html")
    assert built.exit_code == 0, built.output
    manifest = next((tmp_path / "june" / "out").glob("*.manifest.json"))
    table = tmp_path / "june" / "table.csv"
    assert run_cli("compute", last, "-o", table).exit_code == 0
    # The manifest proves the last pack's table: the hash of what `reportgen compute` writes.
    kept = json.loads(manifest.read_text(encoding="utf-8"))["computed_table"]
    assert kept["sha256"] == hashlib.sha256(table.read_bytes()).hexdigest()
    previous = manifest if given == "manifest" else table
    (tmp_path / "september" / "last").mkdir(parents=True)  # kept in the report's folder
    shutil.copy(previous, tmp_path / "september" / "last" / previous.name)
    now = _sample_with(
        tmp_path / "september",
        previous=f"last/{previous.name}",
        layout=["executive_summary", "changes"],
    )
    config, dataset = check(now)
    pack = build_pack(config, compute(config, dataset))
    then, current = _ratings(last), _ratings(now)
    expected = [i for i, rating in current.items() if i in then and then[i] != rating]
    assert expected  # the quarter changed some ratings
    changes = next(s for s in pack.sections if s.id == "changes")
    table_block = next(b for b in changes.blocks if isinstance(b, IndicatorTable))
    titles = {ind.id: ind.title for ind in dataset.indicators}
    assert [row[0].text for row in table_block.rows] == [titles[i] for i in expected]
    words = {"green": "Green", "amber": "Amber", "red": "Red", None: "Not rated"}
    assert [(row[1].text, row[2].text) for row in table_block.rows] == [
        (words[then[i]], words[current[i]]) for i in expected
    ]
    summary = next(s for s in pack.sections if s.id == "executive-summary")
    line = next(
        b.text for b in summary.blocks if isinstance(b, Paragraph) and b.text.startswith("Since")
    )
    assert line.startswith(
        f"Since the last report (to 30 June 2026), {len(expected)} ratings changed"
    )


def test_a_previous_file_that_is_not_a_pack_is_located(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text('{"area": "Fernshire"}', encoding="utf-8")
    result = run_cli("validate", _sample_with(tmp_path, previous="old.json"))
    assert result.exit_code == 2
    assert (
        "report.yaml: previous: 'old.json' is not a reportgen manifest with ratings"
        in result.output
    )
