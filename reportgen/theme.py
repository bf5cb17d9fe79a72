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
}
