"""Sections of the council's own, written in Markdown: placed by the layout, shown in every
format as the reader should see them (bold, italic, links, lists), raw HTML as text, and
report.yaml's `sections` checked when loaded."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import docx
import pikepdf
import pypdfium2 as pdfium
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import html as lxml_html

from reportgen.model import BulletList, Heading, Paragraph, Span
from reportgen.parts.sections import markdown_blocks

from conftest import INDICATORS, OBSERVATIONS, REPORT, axe_violations, pdfua_findings, run_cli

OFSTED = "https://reports.ofsted.gov.uk/provider/44/80512"
MAILTO = "mailto:performance@testshire.example"
SECTIONS = f"""\
layout: [front_sheet, context, contents, dashboards, report_key, data_quality]
sections:
  - key: context
    title: Context
    text: |
      # Why this matters

      Testshire's *children's services* are **improving**, as the
      [Ofsted report]({OFSTED}) says.
      Do not follow [this link](javascript:alert(1)).

      ## What we did

      - Referrals are *down*
      - Caseloads are **stable**

      1. Recruit social workers
      2. Reduce agency use

      <script>alert(1)</script> and <b>x</b> stay as written.
  - key: data_quality
    title: A note on data quality
    text: |
      Figures for **Quarter 2** are provisional.
      Write to [the performance team]({MAILTO}).
"""
RAW_HTML = "<script>alert(1)</script> and <b>x</b> stay as written."


def write_report(folder: Path, report: str) -> Path:
    for name, content in (
        ("report.yaml", report),
        ("indicators.csv", INDICATORS),
        ("observations.csv", OBSERVATIONS),
    ):
        (folder / name).write_text(textwrap.dedent(content), encoding="utf-8")
    return folder / "report.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the small pack with two sections of its own, in all three formats, once."""
    folder = tmp_path_factory.mktemp("own-sections")
    config = write_report(folder, REPORT + SECTIONS)
    result = run_cli("build", config, "-o", folder / "out")
    assert result.exit_code == 0, result.output
    return folder / "out"


def pdf_pages(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def test_the_pdf_shows_each_section_where_the_layout_places_it(built: Path) -> None:
    pages = pdf_pages(built / "test-pack.pdf")
    starts = [page.split(" ")[0] for page in pages]
    context = next(i for i, page in enumerate(pages) if page.startswith("Context "))
    assert pages[0].startswith("Test pack")  # the front sheet, then the section
    assert context == 1 and starts[2] == "Contents"
    assert pages[-1].startswith("A note on data quality")  # last, as placed
    page = pages[context]
    for words in (
        "Why this matters",
        "Testshire's children's services are improving, as the Ofsted report says.",
        "Do not follow this link.",  # its words, as plain text
        "What we did",
        "Referrals are down",
        "Recruit social workers Reduce agency use",
        RAW_HTML,
    ):
        assert words in page, words
    assert "1. 2." in page  # the list's numbers (which the PDF's text gives after the page's)
    assert "javascript" not in " ".join(pages)
    assert "Figures for Quarter 2 are provisional. Write to the performance team." in pages[-1]
    # The contents lists the section after it, as it lists every part.
    assert "A note on data quality" in pages[2]


def test_the_pdf_links_to_http_and_mailto_and_never_to_javascript(built: Path) -> None:
    pages = pdf_pages(built / "test-pack.pdf")
    with pikepdf.open(built / "test-pack.pdf") as pdf:
        links = [
            (number, str(annotation.A.URI))
            for number, page in enumerate(pdf.pages)
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
            and "/A" in annotation
            and "/URI" in annotation.A
        ]
    context = next(i for i, page in enumerate(pages) if page.startswith("Context "))
    assert (context, OFSTED) in links
    assert (len(pages) - 1, MAILTO) in links
    assert not [uri for _, uri in links if not uri.startswith(("https:", "mailto:"))]


def test_the_pdf_with_links_is_still_pdf_ua(built: Path) -> None:
    assert pdfua_findings(built / "test-pack.pdf") == []


def test_the_html_shows_emphasis_lists_and_links_and_raw_html_as_text(built: Path) -> None:
    page = lxml_html.fromstring((built / "test-pack.html").read_text(encoding="utf-8"))
    ids = [section.get("id") for section in page.iter("section")]
    assert ids[:3] == ["front-sheet", "section-context", "contents"]
    assert ids[-1] == "section-data_quality"
    [context] = page.xpath('//section[@id="section-context"]')
    assert [h.text_content() for h in context.xpath(".//h1|.//h2|.//h3")] == [
        "Context",
        "Why this matters",
        "What we did",
    ]
    assert [e.text_content() for e in context.iter("em")] == ["children's services", "down"]
    assert [e.text_content() for e in context.iter("strong")] == ["improving", "stable"]
    assert [(a.get("href"), a.text_content()) for a in context.iter("a")] == [
        (OFSTED, "Ofsted report")
    ]
    assert [li.text_content() for li in context.xpath(".//ol/li")] == [
        "Recruit social workers",
        "Reduce agency use",
    ]
    assert [li.text_content() for li in context.xpath(".//ul/li")] == [
        "Referrals are down",
        "Caseloads are stable",
    ]
    paragraphs = [p.text_content() for p in context.iter("p")]
    assert RAW_HTML in paragraphs and any("Do not follow this link." in p for p in paragraphs)
    assert not page.xpath("//script") and not context.xpath(".//b")
    assert not [a for a in page.iter("a") if "javascript" in (a.get("href") or "")]
    [note] = page.xpath('//section[@id="section-data_quality"]')
    assert [(a.get("href"), a.text_content()) for a in note.iter("a")] == [
        (MAILTO, "the performance team")
    ]


def test_the_html_with_sections_passes_axe(built: Path, tmp_path: Path) -> None:
    assert axe_violations(built / "test-pack.html", tmp_path) == []


def test_the_word_file_has_runs_hyperlinks_and_numbered_lists_in_layout_order(
    built: Path,
) -> None:
    document = docx.Document(str(built / "test-pack.docx"))
    paragraphs = document.paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Context", "Contents"] and headings[-1] == "A note on data quality"
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Context")
    end = next(i for i, p in enumerate(paragraphs) if p.text == "Contents")
    context = paragraphs[start:end]
    assert [(p.style.name, p.text) for p in context if p.style.name.startswith("Heading")] == [
        ("Heading 1", "Context"),
        ("Heading 2", "Why this matters"),
        ("Heading 3", "What we did"),
    ]
    runs = [run for p in context for run in p.runs]
    assert any(run.bold and run.text == "improving" for run in runs)
    assert any(run.italic and run.text == "children's services" for run in runs)
    [linked] = [p for p in context if p.hyperlinks]
    [link] = linked.hyperlinks
    assert (link.text, link.address) == ("Ofsted report", OFSTED)
    relationship = document.part.rels[link._hyperlink.rId]
    assert relationship.reltype == RT.HYPERLINK and relationship.is_external
    assert relationship.target_ref == OFSTED
    assert "Do not follow this link." in linked.text
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert not [t for t in targets if "javascript" in t]
    numbered = [p for p in context if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["Recruit social workers", "Reduce agency use"]
    for paragraph in numbered:  # its own list, counting from 1
        number = paragraph._p.pPr.numPr.numId.val
        definition = document.part.numbering_part.element.num_having_numId(number)
        assert definition.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}") is not None
    assert [p.text for p in context if p.style.name == "List Bullet"] == [
        "Referrals are down",
        "Caseloads are stable",
    ]
    assert RAW_HTML in [p.text for p in context]
    [mail] = [h for p in paragraphs[end:] for h in p.hyperlinks]
    assert (mail.text, mail.address) == ("the performance team", MAILTO)


def test_markdown_becomes_the_models_blocks() -> None:
    blocks = markdown_blocks(
        textwrap.dedent("""\
            ### First heading, no level skipped

            #### Deeper

            # Top

            ![A chart of *referrals*](chart.png) and [a file](file:///etc/passwd), [a page](page.html)

            > Quoted words

                indented code
                kept as lines

            - outer
              - inner
            ---
            Line one\\
            line two <https://example.org/a>
            """)
    )
    assert blocks[:3] == (
        Heading("First heading, no level skipped", 2),
        Heading("Deeper", 3),
        Heading("Top", 2),
    )
    assert blocks[3] == Paragraph(
        "A chart of referrals and a file, a page",
        (Span("A chart of referrals and a file, a page"),),
    )
    assert blocks[4] == Paragraph("Quoted words", (Span("Quoted words"),))
    assert blocks[5].text == "indented code\nkept as lines"  # type: ignore[union-attr]
    assert blocks[6] == BulletList(("outer", "inner"), spans=((Span("outer"),), (Span("inner"),)))
    assert blocks[7] == Paragraph(
        "Line one\nline two https://example.org/a",
        (Span("Line one\nline two "), Span("https://example.org/a", href="https://example.org/a")),
    )
    assert len(blocks) == 8  # the rule is dropped


def test_a_span_links_only_to_http_https_or_mailto() -> None:
    for href in ("javascript:alert(1)", "file:///etc/passwd", "page.html", "data:text/html,x"):
        with pytest.raises(ValueError, match="http, https or mailto"):
            Span("x", href=href)


def test_every_problem_with_sections_is_located_and_nothing_is_written(tmp_path: Path) -> None:
    report = REPORT + textwrap.dedent("""\
        layout: [front_sheet, contxt, dashboards]
        sections:
          - key: dashboards
            title: Dashboards of ours
            text: Words.
          - key: context
            title: "  "
            text: 42
            body: Words.
          - key: context
            title: [A, list]
            text: Words.
          - key: my key
            title: Mine
            text: ""
          - Just words
        """)
    config = write_report(tmp_path, report)
    result = run_cli("build", config, "-o", tmp_path / "out")
    assert result.exit_code == 2
    for message in (
        "report.yaml: sections[1].key: 'dashboards' is a part's name (choose another key)",
        "report.yaml: sections[2].body: unknown key (allowed: key, title, text)",
        "report.yaml: sections[2].title: is blank (write the section's heading)",
        "report.yaml: sections[2].text: must be text, in Markdown",
        "report.yaml: sections[3].key: 'context' is given twice (each section needs its own",
        "report.yaml: sections[3].title: must be one line of text",
        "report.yaml: sections[4].key: 'my key' is not allowed (up to 40 letters, digits",
        "report.yaml: sections[4].text: is blank (write the section's words, in Markdown)",
        "report.yaml: sections[5]: must give key, title and text",
        "report.yaml: layout: 'contxt' is not a part (allowed: front_sheet, implications,",
    ):
        assert message in result.stderr, message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_mistyped_section_in_the_layout_suggests_the_key(tmp_path: Path) -> None:
    report = REPORT + textwrap.dedent("""\
        layout: [front_sheet, contxt]
        sections:
          - {key: context, title: Context, text: Words.}
        """)
    result = run_cli("validate", write_report(tmp_path, report))
    assert result.exit_code == 2
    assert re.search(
        r"report\.yaml: layout: 'contxt' is not a part \(allowed: front_sheet, [^)]*\) or a "
        r"section's key \(context\); did you mean 'context'\?",
        result.stderr,
    ), result.stderr


def test_sections_not_a_list_is_a_problem(tmp_path: Path) -> None:
    result = run_cli("validate", write_report(tmp_path, REPORT + "sections: Context\n"))
    assert result.exit_code == 2
    assert "report.yaml: sections: must list sections, each with key, title and text" in (
        result.stderr
    )


def test_a_section_the_layout_does_not_place_is_a_warning(tmp_path: Path) -> None:
    report = REPORT + textwrap.dedent("""\
        layout: [front_sheet, report_key]
        sections:
          - {key: context, title: Our context, text: Words of ours.}
        """)
    config = write_report(tmp_path, report)
    result = run_cli("build", config, "-o", tmp_path / "out", "--format", "html")
    assert result.exit_code == 0, result.output
    assert (
        "report.yaml: sections[1].key: 'context' is not in the layout, so it is not shown "
        "(add it to layout)"
    ) in result.stderr
    assert "Words of ours" not in (tmp_path / "out" / "test-pack.html").read_text()
    strict = run_cli("validate", config, "--strict")
    assert strict.exit_code == 2
