"""Reading officers' words back out of a Word pack, whichever editor saved it last.

Word keeps the content controls reportgen writes; LibreOffice turns them into a control around
the first paragraph only, and Google Docs and Word Online exports drop them. What all of them
keep is the bookmark on each place's label and the one on the paragraph after it, so a place
is read as every paragraph between the two. Where those are gone too, the label reportgen
wrote starts the place and the next heading, table, picture or place ends it. A place found
by neither is reported, and nothing is taken for it.

Text is read as if every tracked change were accepted: insertions in, deletions and the old
copy of a moved passage out; line breaks and tabs are kept.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml

from reportgen.archives import check_archive
from reportgen.errors import InputError, Problem
from reportgen.inputs import printable
from reportgen.limits import MAX_WORD_NESTING
from reportgen.limits import MAX_WORD_UNZIPPED_BYTES as MAX_UNZIPPED_BYTES
from reportgen.model import Line, Narrative
from reportgen.narrative import marker

log = logging.getLogger(__name__)

WORD_FILE = "a Word .docx file"
WORD_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
LABEL = "label "  # in the index: where a place's label paragraph is
MARKS = (
    " (drafted from the figures: officers to confirm or rewrite)",
    " (to be written by officers)",
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SKIPPED = {  # never text: properties, deleted text, the old copy of a move, field codes
    f"{W}{name}"
    for name in ("pPr", "rPr", "sdtPr", "del", "moveFrom", "instrText", "delText", "fldData")
}
CONTAINERS = {f"{W}{name}" for name in ("sdt", "sdtContent", "customXml", "ins", "moveTo")}


@dataclass
class Para:
    """One paragraph of the document as a reader sees it."""

    text: str
    bullet: bool
    bookmarks: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)  # content controls it is in or holds
    picture: bool = False
    boundary: bool = False  # a heading, picture, table cell or page break: reportgen's own


@dataclass(frozen=True)
class EditedPack:
    """What a Word pack holds: its custom properties and each place's lines, by key, and the
    places that could not be found with certainty (with why)."""

    properties: dict[str, str]
    found: dict[str, tuple[Line, ...]]
    unsure: dict[str, str]


class _TooDeep(Exception):
    """Tables nested deeper than MAX_WORD_NESTING."""


def read_edited(path: Path, places: list[Narrative]) -> EditedPack:
    """Return the places' words in an edited Word pack."""
    document = _open_docx(path)
    try:
        paragraphs = list(_paragraphs(document.element.body, tags=frozenset()))
    except _TooDeep:
        raise InputError(
            [
                Problem(
                    path.name,
                    f"has tables nested more than {MAX_WORD_NESTING} deep (a pack's tables "
                    "hold none; move the words out of the inner tables)",
                    column="word/document.xml",
                )
            ]
        ) from None
    index = _Index(paragraphs, places)
    found, unsure = {}, {}
    for block in places:
        span = index.span(block.key)
        if isinstance(span, str):
            unsure[block.key] = span
            continue
        within = paragraphs[span[0] : span[1]]
        found[block.key] = tuple(Line(p.text, p.bullet) for p in within if p.text)
        if any(p.picture for p in within):
            log.warning(
                "narrative %s: a picture in %s is not kept (commentary is text); its words are",
                block.key,
                path.name,
            )
    return EditedPack(_custom_properties(document), found, unsure)


class _Index:
    """Where each bookmark, content control and label is among a document's paragraphs, and
    where reportgen's own paragraphs (headings, pictures, tables, labels) stop a place."""

    def __init__(self, paragraphs: list[Para], places: list[Narrative]) -> None:
        labels = {block.label + mark: block.key for block in places for mark in ("", *MARKS)}
        starts = {marker(block.key) for block in places}
        self.at: dict[str, list[int]] = {}
        self.stops: list[int] = []
        for number, paragraph in enumerate(paragraphs):
            names = paragraph.bookmarks | paragraph.tags
            label = labels.get(paragraph.text) if not paragraph.boundary else None
            if label is not None:
                names = names | {LABEL + label}
            for name in names:
                self.at.setdefault(name, []).append(number)
            if paragraph.boundary or label is not None or paragraph.bookmarks & starts:
                self.stops.append(number)
        self.end = len(paragraphs)

    def span(self, key: str) -> tuple[int, int] | str:
        """Return the first and after-last paragraph of a place, or why it cannot be found:
        it starts after its bookmarked label, else at its content control, else after its
        label; it ends at its end bookmark, else at the next of reportgen's paragraphs."""
        starts = [i + 1 for i in self.at.get(marker(key), [])]
        starts = starts or self.at.get(key, [])[:1]
        starts = starts or [i + 1 for i in self.at.get(LABEL + key, [])]
        if len(starts) != 1:
            what = "its label and bookmark are gone" if not starts else "its label is there twice"
            return f"not found with certainty ({what})"
        start = starts[0]
        ends = self.at.get(marker(key, end=True))
        if ends:
            return (start, ends[0]) if ends[0] >= start else "its end is before its start"
        after = bisect.bisect_left(self.stops, start)
        return start, self.stops[after] if after < len(self.stops) else self.end


def _paragraphs(
    parent: Any, tags: frozenset[str], in_table: bool = False, depth: int = 0
) -> Iterator[Para]:
    """Yield the paragraphs in a body (or cell, or content control), in reading order; each
    element is visited once, a table's cells at its own level (`depth` tables deep)."""
    pending: set[str] = set()  # bookmarks between paragraphs mark the next one
    merged: Para | None = None  # a paragraph whose mark was deleted joins the next
    for child in parent:
        if child.tag == f"{W}p":
            paragraph = _paragraph(child, tags, in_table)
            paragraph.bookmarks |= pending
            pending = set()
            if merged is not None:
                paragraph = _join(merged, paragraph)
                merged = None
            if _mark_deleted(child):
                merged = paragraph
                continue
            yield paragraph
        elif child.tag == f"{W}bookmarkStart":
            pending.add(child.get(f"{W}name") or "")
        elif child.tag == f"{W}tbl":
            if depth >= MAX_WORD_NESTING:
                raise _TooDeep
            for cell in _cells(child):
                yield from _paragraphs(cell, tags, in_table=True, depth=depth + 1)
        elif child.tag in CONTAINERS:
            yield from _paragraphs(child, tags | _tag(child), in_table, depth)
    if merged is not None:
        yield merged


def _cells(table: Any) -> Iterator[Any]:
    """Yield a table's own cells in reading order, through the rows and any content controls
    or tracked changes around them, never the cells of a table nested in a cell: those are
    read with the cell that holds them, so that each is read once."""
    for child in table:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag in (f"{W}tr", *CONTAINERS):
            yield from _cells(child)


def _paragraph(element: Any, tags: frozenset[str], in_table: bool) -> Para:
    parts: list[str] = []
    found_tags = set(tags)
    picture = _walk(element, parts, found_tags)
    style = element.find(f"{W}pPr/{W}pStyle")
    style_name = (style.get(f"{W}val") or "") if style is not None else ""
    numbering = element.find(f"{W}pPr/{W}numPr/{W}numId")
    if numbering is not None:  # a list the editor made: numbered or bulleted, a bullet here
        bullet = (numbering.get(f"{W}val") or "0") != "0"
    else:
        bullet = "bullet" in style_name.lower()
    heading = (
        style_name.lower().startswith(("heading", "title"))
        or element.find(f"{W}pPr/{W}outlineLvl") is not None
    )
    page_break = element.find(f".//{W}br[@{W}type='page']") is not None
    return Para(
        text=printable("".join(parts).strip()),
        bullet=bullet,
        bookmarks={b.get(f"{W}name") or "" for b in element.iter(f"{W}bookmarkStart")},
        tags=found_tags,
        picture=picture,
        boundary=heading or picture or in_table or page_break,
    )


def _walk(element: Any, parts: list[str], tags: set[str]) -> bool:
    """Append the text under `element` to parts; return whether it holds a picture."""
    picture = False
    for child in element:
        tag = child.tag
        if tag in SKIPPED or not isinstance(tag, str):
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            if child.get(f"{W}type") not in ("page", "column"):
                parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag in (f"{W}drawing", f"{W}pict", f"{W}object"):
            picture = True
        else:
            if tag == f"{W}sdt":
                tags |= _tag(child)
            picture = _walk(child, parts, tags) or picture
    return picture


def _tag(element: Any) -> set[str]:
    tag = element.find(f"{W}sdtPr/{W}tag")
    return {tag.get(f"{W}val") or ""} if tag is not None else set()


def _mark_deleted(element: Any) -> bool:
    return element.find(f"{W}pPr/{W}rPr/{W}del") is not None


def _join(first: Para, second: Para) -> Para:
    return Para(
        first.text + second.text,
        first.bullet,
        first.bookmarks | second.bookmarks,
        first.tags | second.tags,
        first.picture or second.picture,
        first.boundary or second.boundary,
    )


def _open_docx(path: Path) -> Any:
    if path.suffix.lower() != ".docx" or not path.is_file():
        raise InputError(
            [
                Problem(
                    str(path),
                    "is not a .docx file (give the Word file of a pack that reportgen built)",
                )
            ]
        )
    check_archive(path, WORD_FILE, MAX_UNZIPPED_BYTES, needs=WORD_PARTS)
    try:
        document = Document(str(path))
        document.settings.element  # parsed now, where a broken part is caught  # noqa: B018
        return document
    except Exception as error:  # python-docx and lxml raise many kinds for a broken file
        raise InputError(
            [Problem(path.name, f"is not {WORD_FILE} reportgen can read ({error})")]
        ) from None


CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def _custom_properties(document: Any) -> dict[str, str]:
    """Return the document's custom properties as text (none if its editor dropped them)."""
    try:
        part = document.part.package.part_related_by(RT.CUSTOM_PROPERTIES)
        root = parse_xml(part.blob)  # python-docx's parser: no entities, no network
    except (KeyError, SyntaxError):  # none, or broken: as if its editor dropped it
        return {}
    return {
        item.get("name") or "": "".join(item.itertext()) for item in root.iter(f"{CUSTOM}property")
    }
