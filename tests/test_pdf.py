"""The PDF as democratic services and a screen reader meet it: text, tags, fonts, outline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pikepdf
import pypdfium2 as pdfium
import pytest

from reportgen.model import Chart, Pack

from conftest import BuiltPack, pdfua_findings, section_titles


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


HEADINGS = {f"/H{level}" for level in range(1, 7)}


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
    assert front.startswith(
        "Fernshire County Council Quarter Two 2026/27 Performance Management Report Committee "
        "Children and Young People Overview and Scrutiny Committee"
    )
    for expected in (
        "Date of meeting 11 January 2027",
        "Report of Director of Children's Services",
        "Purpose of the report",
        "Executive summary",
        "Recommendation",
        "Background papers",
        "Author Performance and Intelligence Team",
    ):
        assert expected in front
    implications = " ".join(pdf_text[1].split())
    assert "Appendix 1: Implications Legal Implications Not applicable." in implications


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


def test_every_part_starts_a_page_in_the_layouts_order(
    pdf_text: list[str], sample_model: Pack
) -> None:
    titles = section_titles(sample_model)
    assert titles[:4] == [
        "Quarter Two 2026/27 Performance Management Report",
        "Appendix 1: Implications",
        "Contents",
        "Executive summary",
    ]
    assert [f"Dashboard: {theme}" for theme in THEMES] == titles[4:15]
    assert titles[15:] == [
        "Benchmarking with statistical neighbours",
        "Report key",
        "Data tables",
        "Scorecard",
        "Appendix: indicator definitions",
        "Appendix: the figures behind the charts",
    ]
    # Each part's title opens its page (the front sheet's under the council's name).
    lines = [[line.strip() for line in page.splitlines()] for page in pdf_text]
    starts = [page[1] if page[0] == "Fernshire County Council" else page[0] for page in lines]
    assert [start for start in starts if start in titles] == titles


def test_contents_give_each_parts_page(pdf_text: list[str]) -> None:
    contents = next(page for page in pdf_text if page.startswith("Contents"))
    lines = [line.strip() for line in contents.splitlines() if "...." in line]
    pages = {line.split(".")[0].strip(): int(line.rsplit(".", 1)[1]) for line in lines}
    assert pages["Executive summary"] == 4
    for title, number in pages.items():
        assert title in pdf_text[number - 1], title


def test_data_tables_are_landscape_and_carry_words_with_colours(
    pdf_text: list[str], pdf: pikepdf.Pdf
) -> None:
    text = " ".join(" ".join(pdf_text).split())
    assert (
        "Children in care per 10,000 children At Sep 26 95 Tracker 97 67 111 93 – – – – Not rated"
        in text
    )
    assert "Average weekly cost of an external residential placement At Sep 26 £7,040" in text
    words = Counter(word for word in text.split() if word in ("Green", "Amber", "Red"))
    assert set(words) == {"Green", "Amber", "Red"}
    for number, page in enumerate(pdf_text):
        width, height = (float(v) for v in pdf.pages[number].mediabox[2:])
        landscape = any(
            page.split("\n", 2)[1].startswith(title)
            for title in (
                "Data tables",
                "Scorecard",
                "Benchmarking",
                "Appendix: indicator definitions",
            )
        )
        if landscape:
            assert width > height, number + 1
    assert any(float(p.mediabox[2]) < float(p.mediabox[3]) for p in pdf.pages)  # A4 portrait too


def test_chart_text_is_selectable_text_in_the_pdf(pdf_text: list[str]) -> None:
    care = next(page for page in pdf_text if page.startswith("Dashboard: Children in care"))
    for label in ("North East 111", "England 67", "Fernshire 95", "per 10,000", "Sep 26"):
        assert label in care


def test_every_page_has_the_running_header(pdf_text: list[str]) -> None:
    for page in pdf_text:
        assert "Children and Young People Overview and Scrutiny Committee | Agenda item 7" in page


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
    assert kinds["/H1"] == 21 and kinds["/H2"] >= 12
    assert kinds["/Table"] >= 12 and kinds["/TH"] > kinds["/Table"] * 3
    figures = [node for node in nodes if node.S == "/Figure"]
    assert len(figures) == len(sample_charts)  # every chart, sparklines too, is a tagged figure
    alts = [str(node.Alt) for node in figures]
    assert alts == [chart.alt_text for chart in sample_charts]
    assert (
        "Children in care per 10,000 children, Sep 2021 to Sep 2026: Fernshire rose from 92 to 95. "
        "England 67 (Mar 2025), North East 111 (Mar 2025), "
        "Statistical neighbours 93 (Mar 2025)."  # the council's own chart drops its name
    ) in alts


def test_every_table_header_has_its_scope_and_every_id_is_in_the_id_tree(
    pdf: pikepdf.Pdf,
) -> None:
    nodes = list(_structure(pdf.Root.StructTreeRoot))
    headers = [node for node in nodes if node.S == "/TH"]
    assert headers and all(str(node.A.Scope) in ("/Column", "/Row") for node in headers)
    names = pdf.Root.StructTreeRoot.IDTree.Names
    keys = [str(names[i]) for i in range(0, len(names), 2)]
    assert keys == sorted(keys)
    assert set(keys) == {str(node.ID) for node in headers if "/ID" in node}
    for i in range(0, len(names), 2):
        assert names[i] == names[i + 1].ID  # each ID leads to the cell that carries it


def test_every_heading_marks_text(pdf: pikepdf.Pdf) -> None:
    # pdfua's own rule for this (UA-14-001) stops on a heading whose /K is an array.
    def marks_content(node: object) -> bool:
        if isinstance(node, int):
            return True
        if isinstance(node, pikepdf.Array):
            return any(marks_content(kid) for kid in node)
        return isinstance(node, pikepdf.Dictionary) and marks_content(node.get("/K"))

    headings = [n for n in _structure(pdf.Root.StructTreeRoot) if str(n.S) in HEADINGS]
    assert len(headings) > 30 and all(marks_content(heading.K) for heading in headings)


def test_the_independent_pdfua_checker_finds_nothing(sample_pack: BuiltPack) -> None:
    assert pdfua_findings(sample_pack.pdf) == []


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
    assert "Dashboard: Children in care" in titles and "Scorecard" in titles
