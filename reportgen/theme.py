"""Design tokens shared by the print CSS, the charts and the Word styles.

Decided once here so that the PDF, the Word file and the charts agree.
"""

from __future__ import annotations

from dataclasses import dataclass

# The bundled font is Liberation Sans, metrically identical to Arial: Word users, who have Arial,
# see the same line breaks as the PDF, which embeds Liberation Sans.
FONT_FAMILY = "Liberation Sans"
WORD_FONT = "Arial"

BODY_PT = 11
SMALL_PT = 9
TABLE_PT = 9
HEADING_PT = {1: 18, 2: 14, 3: 12}

TEXT = "#0B0C0C"
MUTED = "#505A5F"
RULE = "#B1B4B6"
HEADER_FILL = "#DEE0E2"
TILE_FILL = "#F3F2F1"
ACCENT = "#1D70B8"  # a council's own accent colour replaces it (report.yaml accent_colour)
LINK = "#1D70B8"  # links in a council's own sections, underlined: 5.2:1 on white


@dataclass(frozen=True)
class RagStyle:
    """How one rating is shown: fill colour, text colour on it, and its word."""

    fill: str
    text: str
    word: str


# Fills light enough for black text at WCAG AA contrast; the word carries the meaning too.
RAG = {
    "green": RagStyle(fill="#B8E0C8", text=TEXT, word="Green"),
    "amber": RagStyle(fill="#FFDD99", text=TEXT, word="Amber"),
    "red": RagStyle(fill="#F4B6B0", text=TEXT, word="Red"),
}

# Okabe-Ito, the colour-blind-safe palette: home area first, then comparators.
SERIES_COLOURS = {
    "home": "#0072B2",
    "national": "#000000",
    "regional": "#E69F00",
    "neighbours": "#009E73",
    "target": "#CC79A7",
    "locality": "#56B4E9",
}

# Categories of a distribution, in order: (fill, text on it). Each segment is also named
# beside the bar and carries its figure, so colour is never the only key.
CATEGORY_COLOURS = (
    ("#56B4E9", TEXT),
    ("#0072B2", "#FFFFFF"),
    ("#E69F00", TEXT),
    ("#A34400", "#FFFFFF"),
)
SPC_SIGNAL = "#E69F00"

# The tartan rug shades a cell by its rank: dark blue for the best, light for the middle,
# orange for the worst (colour-blind safe); the value is always printed in the cell.
RANK_SCALE = ("#0B4F8A", "#3C86C4", "#9DC3E6", "#F3F2F1", "#F8C98C", "#E69F00", "#A35A00")


def rank_colour(rank: int | None, count: int) -> str:
    """Return the fill for a rank among `count` areas (1 best); light grey when unranked."""
    if rank is None or count < 2:
        return "#FFFFFF"
    step = (rank - 1) / (count - 1)
    return RANK_SCALE[round(step * (len(RANK_SCALE) - 1))]


def rank_text_colour(rank: int | None, count: int) -> str:
    """Return white on the darkest fills and the text colour elsewhere, for contrast."""
    return "#FFFFFF" if rank_colour(rank, count) in RANK_SCALE[:2] + RANK_SCALE[-1:] else TEXT
