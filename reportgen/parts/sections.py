"""Sections of the council's own: report.yaml's `sections`, each a key the layout places, a
title and text written in Markdown (CommonMark).

The option is read and checked here, beside the part that shows it (config.py calls `read`).
The Markdown is turned into the model's own blocks once, when the pack is built, so every
format shows the same thing: headings, paragraphs, bulleted and numbered lists, bold, italic,
links to http, https and mailto addresses, and line breaks. Raw HTML is not read as HTML: it
stays text, shown as written. Anything else keeps its words: an image its alt text, a block
quote its paragraphs, a code block its text as a paragraph with its lines kept (a table, which
CommonMark does not have, is a paragraph as written); a link to any other address
(javascript:, file:, a relative path) its words, as plain text. A horizontal rule is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reportgen.errors import echoed
from reportgen.limits import MAX_SECTION_CHARS, MAX_SECTION_ITEMS, MAX_SECTIONS
from reportgen.model import Block, BulletList, Heading, Paragraph, Section, Span, is_link

if TYPE_CHECKING:
    from reportgen.parts.context import Context

KEY = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_KEY = 40  # characters: a key is a short name for the layout
ENTRY_KEYS = ("key", "title", "text")
DEEPEST_HEADING = 3  # the section's title is level 1; "#" is 2, "##" and deeper 3


@dataclass(frozen=True)
class OwnSection:
    """A section of the council's own, as report.yaml gives it: its Markdown not yet read."""

    key: str
    title: str
    text: str


def read(
    value: Any,
    problem: Callable[[str, str], None],
    printable: Callable[[str, str], str],
) -> tuple[OwnSection, ...]:
    """Return report.yaml's `sections`, noting each problem with `problem(where, message)`;
    `printable(where, text)` returns text without control characters (warning if it had any)."""
    from reportgen.parts import PARTS  # the registry holds this module

    if value is None:
        return ()
    if not isinstance(value, list):
        problem("sections", "must list sections, each with key, title and text")
        return ()
    if len(value) > MAX_SECTIONS:
        problem("sections", f"lists {len(value):,} sections (allowed: up to {MAX_SECTIONS})")
        return ()
    found: list[OwnSection] = []
    keys: set[str] = set()
    for number, entry in enumerate(value, start=1):
        where = f"sections[{number}]"
        if not isinstance(entry, dict):
            problem(
                where, "must give key, title and text, e.g. {key: context, title: ..., text: ...}"
            )
            continue
        for name in entry:
            if name not in ENTRY_KEYS:
                problem(f"{where}.{name}", f"unknown key (allowed: {', '.join(ENTRY_KEYS)})")
        key = _key(entry.get("key"), f"{where}.key", problem)
        if key in PARTS:
            problem(f"{where}.key", f"{echoed(key)} is a part's name (choose another key)")
            key = ""
        elif key in keys:
            problem(
                f"{where}.key", f"{echoed(key)} is given twice (each section needs its own key)"
            )
            key = ""
        keys.add(key)
        title = _title(entry.get("title"), f"{where}.title", problem, printable)
        text = _text(entry.get("text"), f"{where}.text", problem, printable)
        if key:  # kept when its title or text is refused, so the layout still knows its key
            found.append(OwnSection(key, title, text))
    return tuple(found)


def _key(value: Any, where: str, problem: Callable[[str, str], None]) -> str:
    if value is None or value == "":
        problem(where, "is required (a short name for the layout: letters, digits, _ or -)")
        return ""
    if not isinstance(value, str) or not KEY.match(value) or len(value) > MAX_KEY:
        problem(
            where,
            f"{echoed(value)} is not allowed (up to {MAX_KEY} letters, digits, _ or -, e.g. context)",
        )
        return ""
    return value


def _title(
    value: Any,
    where: str,
    problem: Callable[[str, str], None],
    printable: Callable[[str, str], str],
) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        if value is None:
            problem(where, "is required (one line: the section's heading)")
        else:
            problem(where, "must be one line of text (the section's heading)")
        return ""
    title = printable(where, str(value).strip())
    if not title:
        problem(where, "is blank (write the section's heading)")
    elif "\n" in title or "\r" in title:
        problem(where, "must be one line (the section's heading)")
        return ""
    return title


def _text(
    value: Any,
    where: str,
    problem: Callable[[str, str], None],
    printable: Callable[[str, str], str],
) -> str:
    if value is None:
        problem(where, "is required (the section's words, in Markdown)")
        return ""
    if not isinstance(value, str):
        problem(
            where,
            "must be text, in Markdown (write it after `text: |` on the lines below, indented)",
        )
        return ""
    if len(value) > MAX_SECTION_CHARS:  # before it is read as Markdown
        problem(
            where,
            f"is {len(value):,} characters long (allowed: up to {MAX_SECTION_CHARS:,}; "
            "put longer papers in background_papers)",
        )
        return ""
    text = printable(where, value)
    if not text.strip():
        problem(where, "is blank (write the section's words, in Markdown)")
        return ""
    items = _items(text)
    if items > MAX_SECTION_ITEMS:
        problem(
            where,
            f"has {items:,} paragraphs, headings and list items (allowed: up to "
            f"{MAX_SECTION_ITEMS:,}; put longer papers in background_papers)",
        )
        return ""
    return text


def _items(text: str) -> int:
    """Return how many paragraphs, headings, list items and code blocks Markdown holds: the
    blocks a pack lays out, which its building time grows with (a list item's own
    paragraphs are counted as the item)."""
    count = depth = 0
    for token in MARKDOWN.parse(text):
        kind = token.type
        depth += {"list_item_open": 1, "list_item_close": -1}.get(kind, 0)
        if kind == "list_item_open" or (
            depth == 0 and kind in ("paragraph_open", "heading_open", "fence", "code_block")
        ):
            count += 1
    return count


def part_builder(key: str) -> Callable[[Context], list[Section]]:
    """Return the builder of the council's own section with this key."""
    return lambda context: build(context, key)


def build(context: Context, key: str) -> list[Section]:
    [section] = [s for s in context.config.sections if s.key == key]
    blocks = (Heading(section.title, level=1), *markdown_blocks(section.text))
    return [Section(id=f"section-{key}", blocks=blocks)]


class _Markdown(MarkdownIt):
    """CommonMark with raw HTML off. Every link is parsed, so that a link to an address the
    pack does not link to still shows its words (markdown-it would leave the whole of
    `[words](javascript:...)` as text); `_spans` decides which become links."""

    def validateLink(self, url: str) -> bool:  # markdown-it's name for it
        return True


MARKDOWN = _Markdown("commonmark", {"html": False})


def markdown_blocks(text: str) -> tuple[Block, ...]:
    """Return Markdown as the model's blocks: headings below a section's title, paragraphs
    and lists of spans. A list inside a list item is flattened into the outer list."""
    blocks: list[Block] = []
    level = 1  # of the last heading: the section's title
    lists: list[tuple[bool, list[list[Span]]]] = []  # (numbered, items): the outermost list
    items: list[list[Span]] = []  # the spans of each open list item, innermost last
    tokens = MARKDOWN.parse(text)
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open") and not lists:
            lists.append((kind == "ordered_list_open", []))
        elif kind in ("bullet_list_close", "ordered_list_close") and not items:
            numbered, opened = lists.pop()
            kept = [_merged(item) for item in opened]
            kept = [item for item in kept if item]
            if kept:
                blocks.append(
                    BulletList(
                        tuple(_plain(item) for item in kept),
                        numbered=numbered,
                        spans=tuple(tuple(item) for item in kept),
                    )
                )
        elif kind == "list_item_open":
            item: list[Span] = []
            lists[0][1].append(item)  # in reading order: before any list nested in it
            items.append(item)
        elif kind == "list_item_close":
            items.pop()
        elif items:  # a list item's words: its paragraphs, headings, code, as lines
            words = _block_spans(token)
            if words and items[-1]:
                items[-1].append(Span("\n"))
            items[-1].extend(words)
        elif kind == "inline" and tokens[index - 1].type == "heading_open":
            heading = " ".join(_plain(_spans(token)).split())  # a heading is one line
            if heading:
                wanted = min(int(tokens[index - 1].tag[1:]) + 1, DEEPEST_HEADING)
                level = min(wanted, level + 1)  # never skipping a level
                blocks.append(Heading(heading, level=level))
        else:
            spans = _merged(_block_spans(token))
            if spans:
                blocks.append(Paragraph(_plain(spans), spans=tuple(spans)))
    return tuple(blocks)


def _block_spans(token: Token) -> list[Span]:
    """Return the spans of a paragraph's (or heading's) inline content, or a code block's
    text as lines; nothing for the tokens that open and close blocks."""
    if token.type == "inline":
        return _spans(token)
    if token.type in ("fence", "code_block"):
        return [Span(token.content.rstrip("\n"))] if token.content.strip() else []
    return []


def _spans(inline: Token) -> list[Span]:
    """Return an inline token's text as spans: bold, italic, links (only http, https and
    mailto), soft breaks as spaces, hard breaks as line breaks, code and image alt text plain."""
    spans: list[Span] = []
    strong = emphasis = 0
    href = ""
    for child in inline.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            spans.append(Span(child.content, strong > 0, emphasis > 0, href))
        elif kind == "softbreak":
            spans.append(Span(" ", strong > 0, emphasis > 0, href))
        elif kind == "hardbreak":
            spans.append(Span("\n", strong > 0, emphasis > 0, href))
        elif kind == "image":  # its alt text, which markdown-it parses as its children
            alt = _plain(_spans(child))
            spans.append(Span(alt, strong > 0, emphasis > 0, href))
        elif kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            target = str(child.attrs.get("href", ""))
            href = target if is_link(target) else ""
        elif kind == "link_close":
            href = ""
    return spans


def _merged(spans: Sequence[Span]) -> list[Span]:
    """Return spans with neighbours of the same look joined, empty ones dropped, and the
    paragraph's leading and trailing spaces trimmed."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = merged[-1] if merged else None
        if last and (last.strong, last.emphasis, last.href) == (
            span.strong,
            span.emphasis,
            span.href,
        ):
            merged[-1] = Span(last.text + span.text, span.strong, span.emphasis, span.href)
        else:
            merged.append(span)
    while merged and not merged[0].text.strip():
        merged.pop(0)
    while merged and not merged[-1].text.strip():
        merged.pop()
    if merged:
        first, last = merged[0], merged[-1]
        merged[0] = Span(first.text.lstrip(), first.strong, first.emphasis, first.href)
        last = merged[-1]
        merged[-1] = Span(last.text.rstrip(), last.strong, last.emphasis, last.href)
    return merged


def _plain(spans: Sequence[Span]) -> str:
    return "".join(span.text for span in spans)
