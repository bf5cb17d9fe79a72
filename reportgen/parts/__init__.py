"""The parts of the pack: each part's name in report.yaml's `layout`, and how it is made.

A part is a module with `build(context) -> list[Section]`; a part whose sections can only be
completed once the whole pack is built (the contents, the chart-data appendix) also gives a
`finish(sections) -> sections` step, which build_pack runs on every section of the pack.
A layout may also name the key of a section of the council's own (report.yaml's `sections`,
in Markdown: parts/sections.py); `part(name)` finds either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportgen.model import Section
from reportgen.parts import (
    benchmarking,
    changes,
    chart_data,
    contents,
    dashboards,
    data_tables,
    definitions,
    executive_summary,
    front_sheet,
    implications,
    locality_rug,
    measure_pages,
    monthly_summary,
    regional_rug,
    report_key,
    scorecard,
    sections,
)
from reportgen.parts.context import Context

Builder = Callable[[Context], list[Section]]
Finisher = Callable[[list[Section]], list[Section]]


@dataclass(frozen=True)
class Part:
    """A part of the pack: its builder, and the step (if any) that completes it from the
    whole pack. A part that `lists_pack` is finished after every other, so it sees the pack as
    it will be (the contents lists the headings the other steps write)."""

    build: Builder
    finish: Finisher | None = None
    lists_pack: bool = False


# Every part report.yaml's layout may name: first those of the default layout
# (reportgen.options.SECTIONS), in its order.
PARTS: dict[str, Part] = {
    "front_sheet": Part(front_sheet.build),
    "implications": Part(implications.build),
    "contents": Part(contents.build, contents.with_contents, lists_pack=True),
    "executive_summary": Part(executive_summary.build),
    "dashboards": Part(dashboards.build),
    "benchmarking": Part(benchmarking.build),
    "report_key": Part(report_key.build),
    "data_tables": Part(data_tables.build),
    "scorecard": Part(scorecard.build),
    "definitions": Part(definitions.build),
    "chart_data": Part(chart_data.build, chart_data.with_chart_data),
    # A monthly data pack's parts, in no default layout: report.yaml's layout names them.
    "changes": Part(changes.build),  # with report.yaml's previous: what changed since
    "monthly_summary": Part(monthly_summary.build),
    "locality_rug": Part(locality_rug.build),
    "regional_rug": Part(regional_rug.build),  # the region's rug (report.yaml's rug_group)
    "measure_pages": Part(measure_pages.build),
}


def part(name: str) -> Part:
    """Return the part a layout's name names: a part of the registry, else the council's own
    section with that key (config.py has checked the layout names one or the other)."""
    return PARTS.get(name) or Part(sections.part_builder(name))


__all__ = ["PARTS", "Builder", "Context", "Finisher", "Part", "part"]
