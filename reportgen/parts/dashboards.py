"""The dashboards: a page per theme (or per dashboard report.yaml designs) of tiles, charts
and commentary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import dashboards
from reportgen.model import Section
from reportgen.paths import slug

if TYPE_CHECKING:
    from reportgen.dashboard_options import DashboardChoice
    from reportgen.parts.context import Context
    from reportgen.tables import Indicator


def build(context: Context) -> list[Section]:
    config, computed = context.config, context.computed
    boards: list[tuple[str, list[Indicator], DashboardChoice | None]]
    if not config.dashboards:  # a dashboard per theme, as the indicators table groups them
        boards = [(theme, indicators, None) for theme, indicators in context.themes.items()]
    else:
        by_id = {ind.id: ind for ind in computed.indicators}
        boards = [
            (
                choice.title,
                [by_id[i] for i in choice.indicators if i in by_id]
                or context.themes.get(choice.theme, []),
                choice,
            )
            for choice in config.dashboards
        ]
    return [
        Section(
            id=f"dashboard-{slug(title)}",
            blocks=tuple(dashboards.dashboard_blocks(config, title, indicators, computed, choice)),
        )
        for title, indicators, choice in boards
    ]
