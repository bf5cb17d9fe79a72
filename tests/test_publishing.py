"""Publishing safely: hostile and unprintable text, the standalone HTML page (checked in headless
Chromium), duplex printing, a council's logo and colour, the layout, and PDF engine errors."""

from __future__ import annotations

import io
import logging
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
import yaml
from docx.oxml.ns import qn
from PIL import Image

from reportgen.charts import Series, SparklineSpec
from reportgen.errors import RenderError
from reportgen.model import Chart, Pack, Section
from reportgen.render.html import render_html
from reportgen.render.pdf import write_pdf

from conftest import INDICATORS, REPORT, SAMPLE, axe_violations, chromium_flags, run_cli

HOSTILE = '<img src="file:///etc/passwd"> <script>alert(1)</script> & {{ 7*7 }}'


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


class _References(HTMLParser):
    """Collects every URL an HTML page would fetch or link to, and its tags."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.urls += [value or "" for name, value in attrs if name in ("src", "href", "srcset")]


def test_hostile_text_stays_text_everywhere(make_report, tmp_path: Path) -> None:
    quoted = HOSTILE.replace('"', '""')  # as a CSV writes a cell holding quotes
    indicators = INDICATORS.replace("Re-referrals within 12 months", f'"{quoted}"')
    report = REPORT.replace("title: Test pack", 'title: "Test pack <b>bold</b>"')
    config = make_report(report=report, indicators=indicators)
    out = tmp_path / "out"
    result = run_cli("build", config, "-o", out)
    assert result.exit_code == 0, result.output
    stem = "test-pack-b-bold-b"
    assert HOSTILE in " ".join(pdf_text(out / f"{stem}.pdf").split())
    html = (out / f"{stem}.html").read_text()
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html and "{{ 7*7 }}" in html
    assert "<script" not in html and 'src="file:' not in html and "<b>bold" not in html
    cells = [
        c.text
        for t in docx.Document(str(out / f"{stem}.docx")).tables
        for row in t.rows
        for c in row.cells
    ]
    assert HOSTILE in cells


def test_unprintable_characters_are_removed_with_a_warning(make_report, tmp_path: Path) -> None:
    indicators = INDICATORS.replace(
        "Re-referrals within 12 months", "Re-referrals\x07 within 12 months"
    )
    config = make_report(
        indicators=indicators,
        report=REPORT.replace("title: Test pack", 'title: "Test\\u0008 pack"'),
    )
    result = run_cli("build", config, "-o", tmp_path / "out", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert (
        "warning: indicators.csv:2: title: control characters removed (they cannot be printed)"
    ) in result.stderr
    assert "warning: report.yaml: title: control characters removed" in result.stderr
    text = pdf_text(tmp_path / "out" / "test-pack.pdf")
    assert "Re-referrals within 12 months" in text and "\x07" not in text


def test_the_standalone_html_needs_nothing_else(tmp_path: Path) -> None:
    assert run_cli("build", SAMPLE, "-o", tmp_path, "--format", "html").exit_code == 0
    [page] = tmp_path.glob("*.html")
    html = page.read_text(encoding="utf-8")
    references = _References()
    references.feed(html)
    assert references.urls and all(url.startswith(("data:", "#")) for url in references.urls)
    assert "link" not in references.tags and "script" not in references.tags
    assert "url(" not in html.replace("url(data:", "").replace("url(#", "")
    assert '<html lang="en-GB">' in html
    assert "<title>Quarter Two 2026/27 Performance Management Report</title>" in html
    # Charts are in the page as SVG: images to assistive technology, named by their alt text,
    # whose words a reader can find and copy.
    assert "<img" not in html.replace('<img class="logo"', "")
    assert html.count('role="img" aria-label="') >= 70 and 'aria-label=""' not in html
    assert (
        'aria-label="Children open to early help, Sep 2021 to Sep 2026: Fernshire rose from '
        '2,666 to 2,797." style="width: 170mm; height: 46mm"><title>Children open to early '
        "help, Sep 2021 to Sep 2026: Fernshire rose from 2,666 to 2,797.</title>"
    ) in html
    assert re.search(r"<text [^>]*>Fernshire 2,797</text>", html)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # each chart's clip paths and groups its own


def test_the_standalone_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    flags = chromium_flags(tmp_path / "profile")
    assert run_cli("build", SAMPLE, "-o", tmp_path, "--format", "html").exit_code == 0
    [page] = tmp_path.glob("*.html")
    dom = subprocess.run(
        [*flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "Dashboard: Children in care" in dom and "Scorecard" in dom
    shot = tmp_path / "page.png"
    subprocess.run(
        [*flags, "--window-size=1280,2000", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert image.size == (1280, 2000) and colours is not None and len(colours) > 50


def test_axe_core_finds_no_wcag_22_aa_violation_in_the_html(tmp_path: Path) -> None:
    assert run_cli("build", SAMPLE, "-o", tmp_path, "--format", "html").exit_code == 0
    [page] = tmp_path.glob("*.html")
    assert axe_violations(page, tmp_path) == []


def test_duplex_printing_starts_each_part_on_a_right_hand_page(make_report, tmp_path: Path) -> None:
    config = make_report(report=REPORT + "duplex: true\n")
    assert run_cli("build", config, "-o", tmp_path, "--format", "pdf").exit_code == 0
    document = pdfium.PdfDocument(tmp_path / "test-pack.pdf")
    try:
        pages = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()
    blank = [i for i, page in enumerate(pages) if "This page is intentionally left blank" in page]
    assert blank, "a part should have needed padding"
    for title in ("Appendix 1: Implications", "Contents", "Executive summary", "Report key"):
        [number] = [i + 1 for i, page in enumerate(pages) if page.startswith(title)]
        assert number % 2 == 1, title


def test_a_councils_name_logo_and_colour(make_report, tmp_path: Path) -> None:
    logo = io.BytesIO()
    Image.new("RGB", (120, 40), "#00703C").save(logo, format="PNG")
    report = REPORT + (
        'council: Testshire County Council\nlogo: logo.png\naccent_colour: "#00703C"\n'
    )
    config = make_report(report=report, **{"logo.png": logo.getvalue()})
    assert run_cli("build", config, "-o", tmp_path / "out").exit_code == 0
    html = (tmp_path / "out" / "test-pack.html").read_text()
    assert 'alt="Testshire County Council logo"' in html and "--accent: #00703C" in html
    assert pdf_text(tmp_path / "out" / "test-pack.pdf").startswith("Testshire County Council")
    document = docx.Document(str(tmp_path / "out" / "test-pack.docx"))
    assert document.inline_shapes[0]._inline.docPr.get("descr") == "Testshire County Council logo"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            'accent_colour: "red; background: url(http://x)"\n',
            "report.yaml: accent_colour: 'red; background: url(http://x)' is not a colour",
        ),
        (
            "layout: [front_sheet, sparkles]\n",
            "report.yaml: layout: 'sparkles' is not a part (allowed: front_sheet, implications,",
        ),
        ("logo: logo.png\n", "report.yaml: logo: 'logo.png' is not a readable PNG or JPEG picture"),
        ("implications:\n  weather: Sunny\n", "report.yaml: implications.weather: unknown heading"),
    ],
)
def test_presentation_options_are_checked(make_report, extra: str, message: str) -> None:
    config = make_report(report=REPORT + extra, **{"logo.png": b"\x89PNG\r\n\x1a\nnot a picture"})
    result = run_cli("validate", config)
    assert result.exit_code == 2
    assert message in result.stderr


def test_the_layout_chooses_and_orders_the_parts(make_report, tmp_path: Path) -> None:
    config = make_report(report=REPORT + "layout: [report_key, front_sheet]\n")
    assert run_cli("build", config, "-o", tmp_path, "--format", "pdf").exit_code == 0
    pages = pdf_text(tmp_path / "test-pack.pdf")
    assert pages.startswith("Report key") and "Test pack" in pages and "Dashboard" not in pages


def test_pdf_engine_errors_are_warnings_or_with_strict_failures(tmp_path: Path) -> None:
    series = Series("Area", "home", ((__import__("datetime").date(2025, 3, 31), 1.0),), ("1",))
    broken = Chart(
        "Broken",
        "A chart that cannot be drawn",
        SparklineSpec("Broken", series),
        svg="<svg this is not valid",
        png=b"",
    )
    pack = Pack("t", "s", "a", sections=(Section("s", (broken,)),))
    html = render_html(pack)
    warnings: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warnings.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("reportgen.render.pdf").addHandler(handler)
    try:
        write_pdf(html, tmp_path / "lenient.pdf")
    finally:
        logging.getLogger("reportgen.render.pdf").removeHandler(handler)
    assert [w for w in warnings if w.startswith("PDF: Failed to load image")]
    with pytest.raises(RenderError, match="--strict treats them as failures"):
        write_pdf(html, tmp_path / "strict.pdf", strict=True)


VECTORS = (
    '<link rel="stylesheet" href="http://127.0.0.1/x.css">',
    '<div style="background: url(file:///etc/passwd)">',
    '<svg><image xlink:href="file:///etc/passwd"/></svg>',
    '=HYPERLINK("http://x","y")',
)


@pytest.mark.parametrize("vector", VECTORS)
def test_hostile_vectors_in_narrative_stay_inert(make_report, tmp_path: Path, vector: str) -> None:
    narrative = yaml.safe_dump({"summary.issues": {"paragraphs": [vector]}})
    config = make_report(
        report=REPORT + "narrative: narrative.yaml\n", **{"narrative.yaml": narrative}
    )
    result = run_cli("build", config, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert vector in " ".join(pdf_text(tmp_path / "out" / "test-pack.pdf").split())
    html = (tmp_path / "out" / "test-pack.html").read_text()
    assert vector not in html and "<link" not in html and 'xlink:href="file' not in html
    body = docx.Document(str(tmp_path / "out" / "test-pack.docx")).element.body
    paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    assert vector in paragraphs  # inside the officers' content control, as plain text


def test_yaml_cannot_run_code(make_report, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    config = make_report(
        report=REPORT + f"colour: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    result = run_cli("validate", config)
    assert result.exit_code == 2 and "YAML syntax error" in result.stderr
    assert not marker.exists()
