"""The definitions appendix: what each indicator measures, and where its data come from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen import data_tables
from reportgen.model import Heading, Section

if TYPE_CHECKING:
    from reportgen.parts.context import Context


def build(context: Context) -> list[Section]:
    config, themes, computed = context.config, context.themes, context.computed
    return [
        Section(
            id="definitions",
            landscape=True,
            blocks=(
                Heading("Appendix: indicator definitions", level=1),
                data_tables.definitions(config, themes, computed),
                Heading("Data sources", level=2),
                data_tables.sources(config, themes, computed),
            ),
        )
    ]
