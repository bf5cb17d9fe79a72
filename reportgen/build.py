"""Computed indicators -> the Pack: the parts report.yaml's layout names, in its order.

Each part is a module of reportgen/parts, found through its registry (reportgen.parts.PARTS,
or a section of the council's own by its key); this module makes the parts' context, calls
each part, runs the finishing steps that need the whole pack (the contents, the chart-data
appendix) and gives the Pack its metadata.

Every wording, number format and rating shown is decided in the build stage (in the parts and
in dashboards.py, data_tables.py, rating_keys.py and wording.py); renderers only lay it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.model import Pack, Section
from reportgen.parts import Context, part
from reportgen.periods import long_date

if TYPE_CHECKING:
    from reportgen.compute import Computed
    from reportgen.config import Config
    from reportgen.tables import Indicator


def build_pack(config: Config, computed: Computed) -> Pack:
    """Return the committee pack: each part report.yaml's layout names, in its order."""
    themes: dict[str, list[Indicator]] = {}
    for indicator in computed.indicators:
        themes.setdefault(indicator.theme, []).append(indicator)
    context = Context(config, themes, computed)
    sections: list[Section] = []
    for name in config.layout:
        made = part(name).build(context)
        if made:  # the first page of each part starts on a right-hand page when duplex
            made[0] = Section(made[0].id, made[0].blocks, made[0].landscape, part=True)
        sections += made
    # Each part's finishing step once, in layout order but those that list the pack last.
    for name in sorted(dict.fromkeys(config.layout), key=lambda name: part(name).lists_pack):
        finish = part(name).finish
        if finish is not None:
            sections = finish(sections)
    header = config.committee + (
        f" | Agenda item {config.agenda_item}" if config.agenda_item else ""
    )
    return Pack(
        title=config.title,
        subject=f"{config.committee}, {long_date(config.meeting_date)}",
        author=config.author or config.council or config.area,
        sections=tuple(sections),
        header=header,
        council=config.council,
        logo=config.logo,
        accent_colour=config.accent_colour,
        duplex=config.duplex,
        generated=config.generated,
        notice="" if config.audience == "public" else "Not for publication",
        edition=f"{config.area} to {long_date(config.period_end)}",
    )
