"""The contents: every later part's first heading, filled in once the pack is built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.model import Contents, Heading, Section

if TYPE_CHECKING:
    from reportgen.parts.context import Context


def build(context: Context) -> list[Section]:
    return [Section(id="contents", blocks=(Contents("Contents", ()),))]  # filled in last


def with_contents(sections: list[Section]) -> list[Section]:
    """Return the sections with the contents filled in: every later part's first heading."""
    at = next(i for i, s in enumerate(sections) if s.id == "contents")
    entries = tuple(
        (heading.text, s.id)
        for s in sections[at + 1 :]
        for heading in s.blocks[:1]
        if isinstance(heading, Heading)
    )
    contents = Section(
        "contents",
        (Heading("Contents", level=1), Contents("Contents", entries)),
        part=sections[at].part,
    )
    return [*sections[:at], contents, *sections[at + 1 :]]
