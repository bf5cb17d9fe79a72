"""The PDF as democratic services and a screen reader meet it: text, tags, fonts, outline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pikepdf
import pypdfium2 as pdfium
import pytest

from reportgen.model import Chart

from conftest import BuiltPack


@pytest.fixture(scope="module")
def pdf_text(sample_pack: BuiltPack) -> list[str]:
    document = pdfium.PdfDocument(sample_pack.pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


@pytest.fixture(scope="module")
def pdf(sample_pack: BuiltPack) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(sample_pack.pdf) as document:
        yield document


def _structure(node: object) -> Iterator[pikepdf.Dictionary]:
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            yield node
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                yield from _structure(kid)
        elif kids is not None:
            yield from _structure(kids)


def test_weasyprint_reported_no_errors(sample_pack: BuiltPack) -> None:
    assert sample_pack.weasyprint_errors == ()


def test_front_sheet_reads_as_a_committee_report(pdf_text: list[str]) -> None:
    front = " ".join(pdf_text[0].split())
    assert "Quarter Two 2026/27 Performance Management Report" in front
    assert "Committee Children and Young People Overview and Scrutiny Committee" in front
    assert "Date of meeting 11 January 2027" in front
    assert "Purpose of the report" in front
    assert "Ratings by direction, target, comparison and gap (D, T, C, G)" in front
    assert "more than 2% behind target" in front


THEMES = [
    "Early help",
    "Contacts and referrals",
    "Assessments",
    "Child protection",
    "Children in need",
    "Children in care",
    "Care leavers",
    "Education and attendance",
    "SEND and EHCPs",
    "Youth justice",
    "Social work workforce",
]


def test_every_theme_starts_a_page_and_has_its_table(pdf_text: list[str]) -> None:
    starts = [page.split("\n", 1)[0].strip() for page in pdf_text[1:]]
    sections = [
        *THEMES,
        "Benchmarking with statistical neighbours",
        "Appendix: the figures behind the charts",
    ]
    assert [start for start in starts if start in sections] == sections
    text = " ".join(pdf_text)
    for theme in THEMES:
        assert f"{theme}: performance indicators" in text


def test_table_rows_carry_the_figures_and_rating_words(pdf_text: list[str]) -> None:
    text = " ".join(" ".join(pdf_text).split())
    assert "Children in care per 10,000 children At Sep 26 95 Tracker 94 97 67 Not rated" in text
    assert "Average weekly cost of an external residential placement At Sep 26 £7,040" in text
    words = Counter(word for word in text.split() if word in ("Green", "Amber", "Red"))
    assert set(words) == {"Green", "Amber", "Red"}


def test_chart_text_is_selectable_text_in_the_pdf(pdf_text: list[str]) -> None:
    care = next(page for page in pdf_text if page.startswith("Children in care"))
    for label in ("North East 111", "England 67", "Fernshire 95", "per 10,000", "Sep 26"):
        assert label in care


def test_pages_are_numbered_x_of_y(pdf_text: list[str]) -> None:
    total = len(pdf_text)
    for number, page in enumerate(pdf_text, start=1):
        assert f"Page {number} of {total}" in page


def test_document_is_tagged_titled_and_in_british_english(pdf: pikepdf.Pdf) -> None:
    assert str(pdf.Root.Lang) == "en-GB"
    assert pdf.Root.MarkInfo.Marked is True
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo["/Title"]) == "Quarter Two 2026/27 Performance Management Report"


def test_structure_has_real_headings_tables_and_figures_with_alt_text(
    pdf: pikepdf.Pdf, sample_charts: list[Chart]
) -> None:
    nodes = list(_structure(pdf.Root.StructTreeRoot))
    kinds = Counter(str(node.S) for node in nodes)
    assert kinds["/H1"] == 14 and kinds["/H2"] >= 12
    assert kinds["/Table"] >= 12 and kinds["/TH"] > kinds["/Table"] * 3
    figures = [node for node in nodes if node.S == "/Figure"]
    assert len(figures) == len(sample_charts)  # every chart, sparklines too, is a tagged figure
    alts = [str(node.Alt) for node in figures]
    assert alts == [chart.alt_text for chart in sample_charts]
    assert (
        "Children in care per 10,000 children, Sep 2021 to Sep 2026: Fernshire rose from 92 to 95. "
        "England 67 (Mar 2025), North East 111 (Mar 2025), "
        "Fernshire statistical neighbours 93 (Mar 2025)."
    ) in alts


def test_the_bundled_font_is_embedded(pdf: pikepdf.Pdf) -> None:
    fonts = {
        str(font.BaseFont).split("+")[-1]
        for page in pdf.pages
        for font in page.Resources.Font.values()
    }
    assert fonts == {"Liberation-Sans", "Liberation-Sans-Bold"}
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_bookmarks_follow_the_headings(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles[0] == "Quarter Two 2026/27 Performance Management Report"
    assert "Children in care" in titles and "Social work workforce" in titles
