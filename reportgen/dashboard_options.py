"""The `dashboards:` option of report.yaml: each dashboard as the council designs it (title,
indicators, tiles, charts, commentary), read and checked beside the dashboards part.

Its structure is checked with report.yaml; its names against the indicators table, once both
are loaded. Anything a dashboard does not say keeps the default choice of dashboards.py."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportgen.errors import Problem, echoed
from reportgen.paths import slug
from reportgen.tables import Indicator

CHART_TYPES = ("trend", "comparison", "spc", "distribution", "rug")
ENTRY_KEYS = ("title", "theme", "indicators", "tiles", "charts", "commentary")
CHART_KEYS = ("type", "indicator", "indicators")
MOST_TILES = 3


@dataclass(frozen=True)
class ChartChoice:
    """One chart a dashboard asks for: its type and the indicator(s) it draws."""

    type: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class DashboardChoice:
    """A dashboard as report.yaml gives it; None where it keeps the default."""

    title: str
    theme: str = ""  # its indicators are this theme's, unless `indicators` names them
    indicators: tuple[str, ...] = ()
    tiles: tuple[str, ...] | None = None
    charts: tuple[ChartChoice, ...] | None = None
    commentary: bool = True
    key: str = "dashboards[1]"  # where in report.yaml, for messages


Report = Callable[[str, str], None]  # (key, message): a problem with report.yaml


def read_dashboards(value: Any, problem: Report) -> tuple[DashboardChoice, ...]:
    """Return the dashboards report.yaml lists, noting each problem of their structure."""
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        problem("dashboards", "must list dashboards, each with a title (see the data format guide)")
        return ()
    found = [
        board
        for number, entry in enumerate(value, start=1)
        if (board := _dashboard(entry, f"dashboards[{number}]", problem)) is not None
    ]
    first: dict[str, DashboardChoice] = {}
    for board in found:  # a dashboard's commentary is found by its title's letters and digits
        other = first.setdefault(slug(board.title), board)
        if other is not board:
            problem(f"{board.key}.title", f"{echoed(board.title)} is too like {other.key}'s title")
    return tuple(found)


def _dashboard(entry: Any, key: str, problem: Report) -> DashboardChoice | None:
    if not isinstance(entry, dict):
        problem(
            key, "must give title and, optionally, theme or indicators, tiles, charts, commentary"
        )
        return None
    for name in entry:
        if name not in ENTRY_KEYS:
            problem(f"{key}.{name}", f"unknown key (allowed: {', '.join(ENTRY_KEYS)})")
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        problem(f"{key}.title", "is required (the dashboard's heading)")
        title = ""
    theme = entry.get("theme") or ""
    if not isinstance(theme, str):
        problem(f"{key}.theme", "must be a theme of the indicators table")
        theme = ""
    indicators = _ids(entry, "indicators", key, problem) or ()
    if not theme and not indicators:
        problem(key, "needs theme or indicators (the indicators the dashboard is about)")
    commentary = entry.get("commentary", True)
    if not isinstance(commentary, bool):
        problem(f"{key}.commentary", f"{echoed(commentary)} is not allowed (write true or false)")
        commentary = True
    charts = entry.get("charts")
    chosen = None
    if charts is not None:
        if not isinstance(charts, list):
            problem(
                f"{key}.charts", f"must list charts, each with a type ({', '.join(CHART_TYPES)})"
            )
        else:
            chosen = tuple(
                found
                for number, chart in enumerate(charts, start=1)
                if (found := _chart(chart, f"{key}.charts[{number}]", problem)) is not None
            )
    tiles = _ids(entry, "tiles", key, problem)
    if tiles is not None and len(tiles) > MOST_TILES:
        problem(
            f"{key}.tiles",
            f"names {len(tiles)} indicators (a dashboard has up to {MOST_TILES} tiles)",
        )
    return DashboardChoice(title.strip(), theme.strip(), indicators, tiles, chosen, commentary, key)


def _ids(entry: dict[str, Any], name: str, key: str, problem: Report) -> tuple[str, ...] | None:
    value = entry.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problem(f"{key}.{name}", "must be a list of indicator ids")
        return None
    return tuple(v.strip() for v in value)


def _chart(chart: Any, key: str, problem: Report) -> ChartChoice | None:
    if not isinstance(chart, dict) or "type" not in chart:
        problem(key, f"must give a type ({', '.join(CHART_TYPES)}) and indicator or indicators")
        return None
    for name in chart:
        if name not in CHART_KEYS:
            problem(f"{key}.{name}", f"unknown key (allowed: {', '.join(CHART_KEYS)})")
    kind = str(chart["type"])
    if kind not in CHART_TYPES:
        close = difflib.get_close_matches(kind, CHART_TYPES, n=1)
        hint = f"; did you mean {echoed(close[0])}?" if close else ""
        problem(
            f"{key}.type",
            f"{echoed(kind)} is not a chart type (allowed: {', '.join(CHART_TYPES)}){hint}",
        )
        return None
    single = _ids(chart, "indicator", key, problem) or ()
    ids = single + (_ids(chart, "indicators", key, problem) or ())
    if not ids:
        problem(key, "needs indicator (or indicators: the categories of a distribution)")
        return None
    return ChartChoice(kind, ids)


def dashboard_problems(
    label: str, dashboards: tuple[DashboardChoice, ...], indicators: list[Indicator]
) -> list[Problem]:
    """Return a problem for each name a dashboard gives that the indicators table lacks."""
    ids = {ind.id for ind in indicators}
    themes = {ind.theme for ind in indicators}
    problems = []

    def check(key: str, name: str, known: set[str], what: str) -> None:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f"; did you mean {echoed(close[0])}?" if close else ""
            problems.append(
                Problem(label, f"{echoed(name)} is not {what} of the pack{hint}", column=key)
            )

    for board in dashboards:
        if board.theme:
            check(f"{board.key}.theme", board.theme, themes, "a theme")
        for name in board.indicators:
            check(f"{board.key}.indicators", name, ids, "an indicator id")
        for name in board.tiles or ():
            check(f"{board.key}.tiles", name, ids, "an indicator id")
        for number, chart in enumerate(board.charts or (), start=1):
            for name in chart.indicators:
                check(f"{board.key}.charts[{number}]", name, ids, "an indicator id")
    return problems
