"""The Pack as plain text: a readable dump for golden tests and for checking a build by eye."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportgen.errors import RenderError
from reportgen.model import (
    BulletList,
    Cell,
    Chart,
    Contents,
    Facts,
    Heading,
    IndicatorTable,
    KeyMessages,
    Narrative,
    Pack,
    PageBreak,
    Paragraph,
    RagKey,
    Span,
    links,
)
from reportgen.render import block_name


def render_text(pack: Pack) -> str:
    """Return the pack as indented plain text, one line per heading, fact, row or item."""
    lines = [
        f"pack: {pack.title} | {pack.subject} | {pack.author} | {pack.language}",
        f"header: {pack.header}",
    ]
    for section in pack.sections:
        orientation = " (landscape)" if section.landscape else ""
        part = " (part)" if section.part else ""
        lines.append(f"section {section.id}{orientation}{part}")
        for block in section.blocks:
            rule = RULES.get(block_name(block))
            if rule is None:
                raise RenderError(f"no text rule for block type {type(block).__name__}")
            lines += ["  " + line for line in rule(block)]
    return "\n".join(lines) + "\n"


def _heading(block: Heading) -> list[str]:
    return [f"h{block.level}: {block.text}"]


def _paragraph(block: Paragraph) -> list[str]:
    return [f"p: {_spans(block.spans) if block.spans else block.text}"]


def _bullet_list(block: BulletList) -> list[str]:
    texts = [_spans(spans) for spans in block.spans] if block.spans else block.items
    return [f"{f'{n}.' if block.numbered else '-'} {t}" for n, t in enumerate(texts, start=1)]


def _spans(spans: tuple[Span, ...]) -> str:
    """Return spans as plain text, each link as [its words](its address), breaks shown."""
    words = [
        f"[{text}]({href})" if href else text
        for href, run in links(spans)
        for text in ["".join(span.text for span in run)]
    ]
    return _visible("".join(words))


def _facts(block: Facts) -> list[str]:
    return [f"{label}: {value}" for label, value in block.items]


def _chart(block: Chart) -> list[str]:
    return [f"chart: {block.title}", f"  alt: {block.alt_text}"]


def _indicator_table(block: IndicatorTable) -> list[str]:
    lines = [f"table: {block.caption}", "  | " + " | ".join(block.columns)]
    for group, rows in block.row_groups():
        lines += [f"  group: {group}"] if group else []
        lines += ["  | " + " | ".join(_cell(c) for c in row) for row in rows]
    return lines


def _contents(block: Contents) -> list[str]:
    return [f"contents: {block.title}"] + [
        f"  {title} -> #{target}" for title, target in block.entries
    ]


def _key_messages(block: KeyMessages) -> list[str]:
    return [f"tile: {tile.figure} | {tile.message}" for tile in block.tiles]


def _narrative(block: Narrative) -> list[str]:
    shown = "" if block.shown else ", in Word only"
    return [f"narrative {block.key} ({block.status}{shown}): {block.label}"] + [
        f"  {'-' if line.bullet else 'p:'} {_visible(line.text)}" for line in block.lines
    ]


def _visible(text: str) -> str:
    """Return text with its line breaks and tabs shown, so a dump keeps one line per line."""
    return text.replace("\n", "\\n").replace("\t", "\\t")


def _cell(cell: Cell) -> str:
    if cell.chart is not None:
        return f"[chart: {cell.chart.alt_text}]"
    return f"{cell.text} [{cell.rating}]" if cell.rating else cell.text


def _rag_key(block: RagKey) -> list[str]:
    return [f"key: {block.title}"] + [f"  {word}: {meaning}" for _, word, meaning in block.entries]


def _page_break(block: PageBreak) -> list[str]:
    return ["page break"]


RULES: dict[str, Callable[[Any], list[str]]] = {
    "heading": _heading,
    "paragraph": _paragraph,
    "bullet_list": _bullet_list,
    "facts": _facts,
    "chart": _chart,
    "indicator_table": _indicator_table,
    "rag_key": _rag_key,
    "page_break": _page_break,
    "contents": _contents,
    "key_messages": _key_messages,
    "narrative": _narrative,
}
