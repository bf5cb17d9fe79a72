"""The implications: Appendix 1 of the covering report, one heading per implication."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.model import Block, Heading, Paragraph, Section

if TYPE_CHECKING:
    from reportgen.parts.context import Context


def build(context: Context) -> list[Section]:
    blocks: list[Block] = [Heading("Appendix 1: Implications", level=1)]
    for heading, text in context.config.implications.items():
        blocks += [Heading(heading, level=2), Paragraph(text)]
    return [Section(id="implications", blocks=tuple(blocks))]
