"""The Word pack as an officer opens it: styles, tables, shading, pictures with descriptions."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from reportgen import theme
from reportgen.model import Chart, Pack

from conftest import BuiltPack, rated_tables, section_titles


@pytest.fixture(scope="module")
def document(sample_pack: BuiltPack) -> Any:
    return docx.Document(str(sample_pack.docx))


def _cell_fill(cell: Any) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shading is None else shading.get(qn("w:fill"))


def test_document_properties(document: Any) -> None:
    properties = document.core_properties
    assert properties.title == "Quarter Two 2026/27 Performance Management Report"
    assert properties.subject == (
        "Children and Young People Overview and Scrutiny Committee, 11 January 2027"
    )
    assert properties.author == "Performance and Intelligence Team"
    assert properties.language == "en-GB"
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"


def test_headings_use_word_heading_styles(document: Any, sample_model: Pack) -> None:
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "Title"
    ]
    assert headings[0] == ("Title", "Quarter Two 2026/27 Performance Management Report")
    assert ("Heading 1", "Dashboard: Children in care") in headings
    assert ("Heading 2", "Purpose of the report") in headings
    assert [text for style, text in headings if style == "Heading 1"] == section_titles(
        sample_model
    )[1:]


def test_tables_hold_the_same_figures_as_the_pdf(document: Any) -> None:
    rows = [
        [cell.text.replace("\u00a0", " ") for cell in row.cells]
        for table in rated_tables(document)
        for row in table.rows
    ]
    assert [
        "Children in care per 10,000 children",
        "At Sep 26",
        "95",
        "Tracker",
        "97",
        "67",
        "111",
        "93",
        "–",
        "–",
        "–",
        "–",
        "Not rated",
    ] in rows
    assert rows[0] == [
        "Indicator",
        "Period",
        "Performance",
        "Target",
        "12 months earlier",
        "England",
        "North East",
        "Fernshire statistical neighbours",
        "D",
        "T",
        "C",
        "G",
        "Rating",
    ]


def test_rated_cells_are_shaded_and_say_their_rating(document: Any) -> None:
    seen = set()
    for table in rated_tables(document):
        for row in table.rows[1:]:
            rating_cell = row.cells[-1]
            word = rating_cell.text.replace("\u00a0", " ")
            if word == "Not rated":
                assert _cell_fill(rating_cell) is None
                continue
            rating = word.lower()
            assert _cell_fill(rating_cell) == theme.RAG[rating].fill.lstrip("#").upper()
            seen.add(rating)
    assert seen == {"green", "amber", "red"}


def test_header_rows_repeat_on_each_page(document: Any) -> None:
    for table in rated_tables(document):
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_charts_are_pictures_with_descriptions(document: Any, sample_charts: list[Chart]) -> None:
    pictures = document.element.body.iter(qn("wp:docPr"))
    descriptions = [picture.get("descr") for picture in pictures]
    assert descriptions == [chart.alt_text for chart in sample_charts]  # sparklines in cells too
    assert descriptions[0].startswith("Children open to early help, Sep 2021 to Sep 2026")


def test_footer_numbers_pages_x_of_y(document: Any) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    instructions = [node.text.strip() for node in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Page ")


def test_word_accessibility_checks_hold(document: Any) -> None:
    """What Word's accessibility checker asks of a document."""
    body = document.element.body
    # Headings in order: none skips a level on the way down. The title is level 1.
    title = document.styles["Title"].element.pPr.find(qn("w:outlineLvl"))
    assert title is not None and title.get(qn("w:val")) == "0"
    levels = [
        1 if p.style.name == "Title" else int(p.style.name.split()[-1])
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading ")
    ]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in pairwise(levels))
    # Every picture described; every table has a header row that repeats on each page.
    assert all(picture.get("descr") for picture in body.iter(qn("wp:docPr")))
    for table in document.tables:
        assert table.rows[0]._tr.trPr is not None, table.rows[0].cells[0].text
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # No empty paragraphs used as spacing: an empty paragraph holds a picture, a page or
    # section break, or a field (the contents) - or ends a place officers write.
    empty = [
        p
        for p in document.paragraphs
        if not p.text.strip()
        and not p._p.xpath(
            ".//w:drawing | .//w:br[@w:type='page'] | .//w:sectPr | .//w:fldChar"
            " | .//w:instrText | .//w:bookmarkStart"
        )
    ]
    assert empty == []
