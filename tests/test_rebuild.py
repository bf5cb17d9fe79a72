"""Rebuilding what changed: with only the officers' words changed, a rebuild computes nothing
and draws no chart again; a changed figure is computed and drawn afresh."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reportgen import computed_cache, pipeline, plotting
from reportgen.plotting import ChartCache

from conftest import OBSERVATIONS, REPORT


def counting(calls: Counter[str], name: str, function):  # type: ignore[no-untyped-def]
    def counted(*arguments, **options):  # type: ignore[no-untyped-def]
        calls[name] += 1
        return function(*arguments, **options)

    return counted


def test_a_narrative_only_rebuild_reuses_the_computed_table_and_every_chart(
    make_report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_report(report=REPORT + "narrative: narrative.yaml\n")
    cache, out = ChartCache(tmp_path / "cache" / "charts"), tmp_path / "out"
    calls: Counter[str] = Counter()
    monkeypatch.setattr(
        computed_cache, "compute", counting(calls, "compute", computed_cache.compute)
    )
    monkeypatch.setattr(plotting, "render", counting(calls, "draw", plotting.render))
    pipeline.build(config, out, ["html"], cache=cache, jobs=1)
    assert calls["compute"] == 1 and calls["draw"] > 0
    key = pipeline.narrative_status(config)[0][0][0]
    (tmp_path / "narrative.yaml").write_text(f"{key}: Referrals fell after the new front door.\n")
    calls.clear()
    [html, _] = pipeline.build(config, out, ["html"], cache=cache, jobs=1)
    assert "Referrals fell after the new front door." in html.read_text()
    assert calls == {}  # nothing computed or drawn again
    (tmp_path / "observations.csv").write_text(OBSERVATIONS.replace("21,,,", "25,,,"))
    pipeline.build(config, out, ["html"], cache=cache, jobs=1)
    assert calls["compute"] == 1 and calls["draw"] > 0  # a figure changed: its charts too


def test_an_unreadable_cache_entry_is_computed_afresh(make_report, tmp_path: Path) -> None:
    config = make_report()
    cache = ChartCache(tmp_path / "cache" / "charts")
    pipeline.build(config, tmp_path / "out", ["html"], cache=cache)
    [entry] = (tmp_path / "cache" / "computed").glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])  # a file cut short
    pipeline.build(config, tmp_path / "out", ["html"], cache=cache)
    assert len(entry.read_bytes()) > 100
