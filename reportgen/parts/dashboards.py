"""The dashboards: a page per theme of tiles, charts and commentary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import dashboards
from reportgen.model import Section
from reportgen.paths import slug

if TYPE_CHECKING:
    from reportgen.parts.context import Context


def build(context: Context) -> list[Section]:
    return [
        Section(
            id=f"dashboard-{slug(theme)}",
            blocks=tuple(
                dashboards.dashboard_blocks(context.config, theme, indicators, context.computed)
            ),
        )
        for theme, indicators in context.themes.items()
    ]
