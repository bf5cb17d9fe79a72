"""Councils shape their own pack: which indicators are in, and the order of their themes."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from reportgen.build import build_pack
from reportgen.compute import compute
from reportgen.pipeline import check

from conftest import SAMPLE, run_cli, section_titles


def _sample_with(tmp_path: Path, **keys: object) -> Path:
    """Return a copy of the sample report with `keys` set in its report.yaml."""
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
