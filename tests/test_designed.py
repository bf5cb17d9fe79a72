"""The sample as a council designs it (sample_data/fernshire/designed.yaml): every option that
shapes a pack, read back from the PDF, the HTML and the Word file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pikepdf
import pytest
from lxml import html as lxml_html

from conftest import run_cli

DESIGNED = Path(__file__).parent.parent / "sample_data" / "fernshire" / "designed.yaml"
PARTS = [
    "Quarter Two 2026/27 Performance Management Report",
    "Context",
    "Contents",
    "Executive summary",
    "What has changed since the last report",
    "Dashboard: The front door",
    "Dashboard: Children in care",
    "Dashboard: Social worker caseloads",
    "Benchmarking with statistical neighbours",
    "Report key",
    "Data tables",
    "Scorecard",
    "Appendix: indicator definitions",
    "A note on data quality",
    "Appendix: the figures behind the charts",
]


@dataclass(frozen=True)
class Built:
    pdf: Path
    docx: Path
    html: Path


@pytest.fixture(scope="module")
def designed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("designed")
    result = run_cli("build", DESIGNED, "-o", out, "--strict")
    assert result.exit_code == 0, result.output
    return Built(*(next(out.glob(f"*.{suffix}")) for suffix in ("pdf", "docx", "html")))


def _outline(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        return [item.title for item in outline.root]


def test_the_parts_and_sections_come_in_the_order_asked(designed: Built) -> None:
    assert _outline(designed.pdf)[: len(PARTS)] == PARTS
    page = lxml_html.parse(str(designed.html)).getroot()
    assert [h.text_content() for h in page.xpath("//h1")] == PARTS
    document = docx.Document(str(designed.docx))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Title", "Heading 1")]
    assert headings == PARTS


def test_the_dashboards_have_the_tiles_and_charts_asked(designed: Built) -> None:
    page = lxml_html.parse(str(designed.html)).getroot()

    def section(key: str) -> lxml_html.HtmlElement:
        return page.xpath(f"//section[@id='dashboard-{key}']")[0]

    front = section("the-front-door")
    tiles = [
        " ".join(t.text_content().split()) for t in front.xpath(".//ul[@class='key-messages']/li")
    ]
    assert len(tiles) == 2
    assert tiles[0].startswith("23.2% re-referrals within 12 months")
    assert "referrals per 10,000 children" in tiles[1]
    charts = [svg.get("aria-label") for svg in front.xpath(".//svg[@role='img']")]
    assert [re.split(r"[,:]", label)[0] for label in charts] == [
        "Re-referrals within 12 months",
        "Re-referrals within 12 months",
        "Fernshire and its statistical neighbours",
    ]
    assert "latest figures" in charts[1]
    caseloads = section("social-worker-caseloads")
    assert [
        svg.get("aria-label").split(",")[0] for svg in caseloads.xpath(".//svg[@role='img']")
    ] == [
        "Social worker caseloads",
        "Average caseload per social worker",
    ]
    assert not caseloads.xpath(".//*[contains(@class, 'narrative')]")  # commentary: false
    assert section("children-in-care").xpath(".//*[contains(@class, 'narrative')]")


def test_indicators_left_out_are_nowhere_and_themes_come_in_order(designed: Built) -> None:
    page = lxml_html.parse(str(designed.html)).getroot()
    text = page.text_content()
    assert "Youth justice" not in text and "Contacts with a decision within 24 hours" not in text
    themes = [h.text_content() for h in page.xpath("//section[@id='data-tables']//h2")]
    assert themes[:3] == ["Children in care", "Contacts and referrals", "Child protection"]


def test_the_word_file_is_on_the_councils_template(designed: Built) -> None:
    document = docx.Document(str(designed.docx))
    assert document.styles["Normal"].font.name == "Liberation Serif"
    assert str(document.styles["Heading 1"].font.color.rgb) == "005A3C"
    headers = {p.text for s in document.sections for p in s.header.paragraphs if p.text}
    assert headers == {"Fernshire County Council | OFFICIAL"}


def test_the_front_doors_tiles_and_charts_in_word_and_pdf(designed: Built) -> None:
    document = docx.Document(str(designed.docx))
    body = list(document.element.body.iterchildren())
    texts = [
        docx.text.paragraph.Paragraph(e, document).text if e.tag.endswith("}p") else ""
        for e in body
    ]
    start = texts.index("Dashboard: The front door")
    end = texts.index("Dashboard: Children in care")
    descriptions = [
        drawing.get("descr", "")
        for element in body[start:end]
        for drawing in element.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    ]
    assert [re.split(r"[,:]", d)[0] for d in descriptions] == [
        "Re-referrals within 12 months",
        "Re-referrals within 12 months",
        "Fernshire and its statistical neighbours",
    ]
    tiles = [t for t in texts[start:end] if t.startswith(("23.2%", "498"))]
    assert len(tiles) == 2
    document_pdf = pikepdf.open(designed.pdf)
    figures = [
        str(node.get("/Alt"))
        for node in _structure(document_pdf.Root.StructTreeRoot)
        if node.get("/S") == "/Figure"
    ]
    document_pdf.close()
    # The front door's rug of three indicators, beside the benchmarking page's two parts.
    rugs = [f for f in figures if f.startswith("Fernshire and its statistical neighbours")]
    assert len(rugs) == 3 and rugs[0].startswith("Fernshire and its statistical neighbours: ")
    assert rugs[0].count(" of 11") == 3


def _structure(node: object) -> Iterator[pikepdf.Dictionary]:
    if isinstance(node, pikepdf.Dictionary):
        yield node
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                yield from _structure(kid)
        elif isinstance(kids, pikepdf.Dictionary):
            yield from _structure(kids)
