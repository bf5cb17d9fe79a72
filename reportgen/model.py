"""The document model: a Pack of sections holding a small, closed set of frozen blocks.

Every word, number format and rating is decided before a block is made (in the build stage:
the parts and the modules of words they share); renderers only lay blocks out. Values are
already formatted for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import groupby
from urllib.parse import urlsplit

from reportgen.charts import ChartSpec

LINK_SCHEMES = ("http", "https", "mailto")  # the only addresses a pack links to


@dataclass(frozen=True)
class Heading:
    """A heading: level 0 is the document's title, 1 a section, 2 and 3 below it."""

    text: str
    level: int = 1


def is_link(href: str) -> bool:
    """Whether an address may be a link in the pack: http and https to a host, or mailto."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return bool(parts.path)
    return scheme in LINK_SCHEMES and bool(parts.netloc)


@dataclass(frozen=True)
class Span:
    """A run of a paragraph's or list item's text, bold, italic or a link; "\n" in its text
    is a line break. `href` is an http, https or mailto address (is_link), or empty."""

    text: str
    strong: bool = False
    emphasis: bool = False
    href: str = ""

    def __post_init__(self) -> None:
        if self.href and not is_link(self.href):
            raise ValueError(f"a span may link only to http, https or mailto, not {self.href!r}")


def links(spans: tuple[Span, ...]) -> tuple[tuple[str, tuple[Span, ...]], ...]:
    """Return spans in runs of one link each: (href, its spans), href empty outside a link,
    so that a link whose words are partly bold is still one link."""
    return tuple((href, tuple(run)) for href, run in groupby(spans, key=lambda s: s.href))


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; `spans`, when given, are the same text in runs (bold,
    italic, links, line breaks), and `text` is still the whole of it as plain text."""

    text: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class BulletList:
    """A list of short points, or of numbered ones; `spans`, when given, are each item's
    text in runs (as a Paragraph's), item for item."""

    items: tuple[str, ...]
    numbered: bool = False
    spans: tuple[tuple[Span, ...], ...] = ()

    def __post_init__(self) -> None:
        if self.spans and len(self.spans) != len(self.items):
            raise ValueError("a list's spans must give each of its items")


@dataclass(frozen=True)
class Facts:
    """Labelled facts such as a front sheet's committee and date: (label, value) pairs."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Chart:
    """A chart: its spec and alt text from build, its SVG (HTML, PDF) and PNG (Word) drawn once."""

    title: str
    alt_text: str
    spec: ChartSpec
    svg: str = ""
    png: bytes = b""

    @property
    def width_mm(self) -> float:
        return self.spec.width_mm

    @property
    def height_mm(self) -> float:
        return self.spec.height_mm


@dataclass(frozen=True)
class Cell:
    """A table cell's text; `rating` (green/amber/red) shades it, and the text says it too."""

    text: str
    rating: str | None = None
    numeric: bool = False
    chart: Chart | None = None  # a sparkline drawn in the cell


@dataclass(frozen=True)
class IndicatorTable:
    """A data table: column headings, then one row per indicator whose first cell heads the row.

    `groups` names runs of rows (title, index of the group's first row), as a scorecard groups
    indicators by outcome.
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    groups: tuple[tuple[str, int], ...] = ()
    compact: bool = False  # small type, for a scorecard or an appendix

    def row_groups(self) -> list[tuple[str, tuple[tuple[Cell, ...], ...]]]:
        """Return the rows in their groups: [("", all rows)] when the table has none."""
        if not self.groups:
            return [("", self.rows)]
        starts = [start for _, start in self.groups] + [len(self.rows)]
        return [
            (title, self.rows[start:end])
            for (title, start), end in zip(self.groups, starts[1:], strict=True)
        ]


@dataclass(frozen=True)
class Contents:
    """A table of contents: (title, the id of the section it links to)."""

    title: str
    entries: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class KeyMessage:
    """A key data message tile: a figure in large type and what it says, in words."""

    figure: str
    message: str


@dataclass(frozen=True)
class KeyMessages:
    """A row of key data message tiles."""

    tiles: tuple[KeyMessage, ...]


@dataclass(frozen=True)
class Line:
    """One paragraph or bullet of commentary, as typed: line breaks and tabs kept."""

    text: str
    bullet: bool = False


@dataclass(frozen=True)
class Narrative:
    """A place officers write: its narrative key, a readable label, and its lines (paragraphs
    and bullets in their order) - the officers' words, a draft built from the data, or a prompt.

    An optional place (commentary on one indicator) is shown in the PDF and HTML only once
    officers have written it; the Word file always has it, so they can."""

    key: str
    label: str
    lines: tuple[Line, ...] = ()
    status: str = "prompt"  # written, draft or prompt
    fingerprint: str = ""  # of the figures in words this place was drafted from
    optional: bool = False

    @property
    def shown(self) -> bool:
        """Whether the PDF and HTML show this place."""
        return self.status == "written" or not self.optional

    @property
    def runs(self) -> tuple[tuple[bool, tuple[str, ...]], ...]:
        """Return the lines as runs of paragraphs and of bullets (a list each), in order."""
        runs: list[tuple[bool, list[str]]] = []
        for line in self.lines:
            if not runs or runs[-1][0] != line.bullet:
                runs.append((line.bullet, []))
            runs[-1][1].append(line.text)
        return tuple((bullet, tuple(texts)) for bullet, texts in runs)


@dataclass(frozen=True)
class RagKey:
    """The key to the ratings: each rating's word with what it means in this pack."""

    title: str
    entries: tuple[tuple[str, str, str], ...]  # (rating, its word, what it means)


@dataclass(frozen=True)
class PageBreak:
    """Start the next block on a new page."""


Block = (
    Heading
    | Paragraph
    | BulletList
    | Facts
    | Chart
    | IndicatorTable
    | RagKey
    | PageBreak
    | Contents
    | KeyMessages
    | Narrative
)
BLOCK_TYPES: tuple[type, ...] = (
    Heading,
    Paragraph,
    BulletList,
    Facts,
    Chart,
    IndicatorTable,
    RagKey,
    PageBreak,
    Contents,
    KeyMessages,
    Narrative,
)


@dataclass(frozen=True)
class Section:
    """A run of blocks on pages of one orientation; `id` anchors it for links."""

    id: str
    blocks: tuple[Block, ...]
    landscape: bool = False
    part: bool = False  # starts a part of the pack: on a right-hand page when printed duplex


@dataclass(frozen=True)
class Pack:
    """The whole committee pack and the metadata every format carries."""

    title: str
    subject: str
    author: str
    language: str = "en-GB"
    sections: tuple[Section, ...] = field(default_factory=tuple)
    header: str = ""  # running header: committee and agenda item
    council: str = ""
    logo: tuple[str, bytes] | None = None  # (media type, bytes)
    accent_colour: str = ""
    duplex: bool = False
    generated: date = date(1970, 1, 1)  # the build's date: SOURCE_DATE_EPOCH or report.yaml
    notice: str = ""  # printed on every page, e.g. "Not for publication"
    edition: str = ""  # which report this is: the area and the period it reports to


def charts_in(pack: Pack) -> list[Chart]:
    """Return every chart of the pack, in blocks and table cells, in reading order."""
    found: list[Chart] = []

    def keep(chart: Chart) -> Chart:
        found.append(chart)
        return chart

    with_charts(pack, keep)
    return found


def with_charts(pack: Pack, draw: Callable[[Chart], Chart]) -> Pack:
    """Return a copy of the pack with every chart, in blocks and table cells, passed to `draw`."""

    def block(item: Block) -> Block:
        if isinstance(item, Chart):
            return draw(item)
        if isinstance(item, IndicatorTable):
            rows = tuple(
                tuple(replace(c, chart=draw(c.chart)) if c.chart else c for c in row)
                for row in item.rows
            )
            return replace(item, rows=rows)
        return item

    return replace(
        pack,
        sections=tuple(
            replace(section, blocks=tuple(block(b) for b in section.blocks))
            for section in pack.sections
        ),
    )
