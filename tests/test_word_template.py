"""The council's own Word template (`word_template:`): the Word pack takes its styles, page
setup, header and footer, gains the styles it lacks from reportgen's own, keeps the places
officers write; a template that cannot be used stops the build with one clear line."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
import pytest
import yaml
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from test_narrative import controls, type_into

from conftest import REPORT, SAMPLE, libreoffice, run_cli

HEADER = "Fernshire County Council - OFFICIAL"
FOOTER = "Fernshire County Council, County Hall, Fernbridge FE1 1AA"
SERIF = "DejaVu Serif"
PURPLE = RGBColor(0x6A, 0x1B, 0x9A)
LACKING = ("Caption", "List Bullet")
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
    '"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt='
    '"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property '
    'fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Classification">'
    "<vt:lpwstr>OFFICIAL</vt:lpwstr></property></Properties>"
)


def corporate_template(
    *, header: bool = True, lacking: tuple[str, ...] = LACKING, sections: int = 1
) -> bytes:
    """Return a council's corporate template as Word would save one: Normal in DejaVu Serif
    11 pt, Heading 1 in purple, A4 with 25 mm margins, a header and a footer, a line of
    sample text, a classification in its custom properties, and none of the `lacking`
    styles (nor any list style, nor a numbering part, as a template without lists has)."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = SERIF, Pt(11)
    heading = document.styles["Heading 1"]
    fonts = heading.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)  # the theme's font would override the named one
    heading.font.name, heading.font.color.rgb = SERIF, PURPLE
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
    if header:
        section.header.paragraphs[0].text = HEADER
        section.footer.paragraphs[0].text = FOOTER
    document.add_paragraph("Sample text: delete this before use.")
    for _ in range(sections - 1):  # later sections show the first's header (linked)
        document.add_section()
        document.add_paragraph("More sample text.")
    for style in list(document.styles):
        properties = style.element.pPr
        lists = properties is not None and properties.find(qn("w:numPr")) is not None
        if style.name in lacking or lists:
            style.delete()
    numbering = [r for r, rel in document.part.rels.items() if rel.reltype == RT.NUMBERING]
    for rel in numbering:
        document.part.drop_rel(rel)
    package = document.part.package
    custom = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, CUSTOM, package)
    package.relate_to(custom, RT.CUSTOM_PROPERTIES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_content_type(data: bytes, old: str, new: str) -> bytes:
    """Return a Word file with its main part's content type changed (.docx to .dotx ...)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(old.encode(), new.encode())
            target.writestr(item.filename, content)
    return output.getvalue()


def sample_with(folder: Path, lines: str, **files: bytes) -> Path:
    """Copy the sample report into `folder` with `lines` added to its report.yaml and
    `files` beside it; return its report.yaml."""
    shutil.copytree(SAMPLE.parent, folder)
    config = folder / "report.yaml"
    config.write_text(config.read_text(encoding="utf-8") + lines, encoding="utf-8")
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return config


def header_text(part: Any) -> list[str]:
    return [p.text for p in part.paragraphs if p.text]


def reads_as_serif(style: Any) -> bool:
    """Return whether a style's font is the template's, its own or through what it is
    based on."""
    while style is not None:
        if style.font.name:
            return bool(style.font.name == SERIF)
        style = style.base_style
    return False


@dataclass(frozen=True)
class Built:
    config: Path
    docx: Path
    stderr: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sample pack's Word file, built on the corporate template."""
    folder = tmp_path_factory.mktemp("template") / "report"
    config = sample_with(
        folder,
        "word_template: council-template.docx\n",
        **{"council-template.docx": corporate_template()},
    )
    result = run_cli("build", config, "-o", folder / "out", "--format", "docx")
    assert result.exit_code == 0, result.output
    return Built(config, next((folder / "out").glob("*.docx")), result.stderr)


@pytest.fixture(scope="module")
def document(built: Built) -> Any:
    return docx.Document(str(built.docx))


def test_the_pack_takes_the_templates_fonts_and_colours(document: Any) -> None:
    assert document.styles["Normal"].font.name == SERIF
    assert document.styles["Normal"].font.size == Pt(11)
    assert document.styles["Heading 1"].font.color.rgb == PURPLE
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)
    # The language is reportgen's, set on the template's Normal.
    assert document.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert document.core_properties.title == "Quarter Two 2026/27 Performance Management Report"


def test_every_section_shows_the_templates_header_and_footer(document: Any) -> None:
    orientations = set()
    for section in document.sections:
        orientations.add(section.orientation)
        assert header_text(section.header) == [HEADER]  # the council's replaces reportgen's
        footer = header_text(section.footer)
        assert footer == [FOOTER, "Page 1 of 1"]  # the template numbered no pages: reportgen does
        landscape = section.orientation == WD_ORIENT.LANDSCAPE
        size = round(section.page_width.mm), round(section.page_height.mm)
        assert size == ((297, 210) if landscape else (210, 297))  # the template's A4
        assert round(section.left_margin.mm) == round(section.top_margin.mm) == 25
    assert orientations == {WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE}
    # Only the first section defines them; the rest are linked to it, as Word links them.
    assert [s.header.is_linked_to_previous for s in document.sections[:2]] == [False, True]


def test_the_templates_sample_text_is_removed(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
    assert not any("Sample text" in text for text in texts)
    assert document.paragraphs[0].text == "Fernshire County Council"


def test_the_styles_the_template_lacks_are_added_and_named(built: Built, document: Any) -> None:
    warning = next(line for line in built.stderr.splitlines() if "styles added" in line)
    assert warning.startswith(
        "warning: council-template.docx: styles added from reportgen's own "
        "(the template has none of these): "
    )
    named = warning.split(": ")[-1].split(", ")
    assert set(LACKING) <= set(named) and "Heading 1" not in named
    assert built.stderr.count("styles added") == 1
    used = {p.style.name for p in document.paragraphs}
    assert set(LACKING) <= used
    for name in LACKING:  # in the template's font, not reportgen's Arial
        assert reads_as_serif(document.styles[name]), name
    # The bullets are a real Word list: the style's numbering is defined in the file.
    number = document.styles["List Bullet"].element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    abstract = numbering.num_having_numId(number).abstractNumId.val
    formats = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract}"]//w:numFmt/@w:val')
    assert formats == ["bullet"]


def test_the_templates_custom_properties_are_kept_beside_reportgens(built: Built) -> None:
    with zipfile.ZipFile(built.docx) as archive:
        custom = archive.read("docProps/custom.xml").decode()
        assert archive.namelist().count("docProps/custom.xml") == 1
    assert 'name="Classification"><vt:lpwstr>OFFICIAL<' in custom
    assert 'name="reportgen edition"><vt:lpwstr>Fernshire to 30 September 2026<' in custom


def test_officers_places_round_trip_on_the_template(built: Built, tmp_path: Path) -> None:
    document = docx.Document(str(built.docx))
    places = controls(document)
    assert "summary.going-well" in places and "dashboard.children-in-care" in places
    type_into(document, "dashboard.children-in-care", ["Placements are more stable.", "- Good."])
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    result = run_cli("narrative", "pull", edited, "--config", built.config)
    assert result.exit_code == 0, result.output
    assert "updated dashboard.children-in-care" in result.output
    written = yaml.safe_load((built.config.parent / "narrative.yaml").read_text(encoding="utf-8"))
    assert written["dashboard.children-in-care"]["text"] == [
        "Placements are more stable.",
        {"bullet": "Good."},
    ]


def small_report(make_report: Any, lines: str, template: bytes, name: str = "t.docx") -> Path:
    return make_report(report=REPORT + lines + f"word_template: {name}\n", **{name: template})


def test_a_dotx_template_makes_a_docx(make_report: Any, tmp_path: Path) -> None:
    template = with_content_type(corporate_template(), CT.WML_DOCUMENT_MAIN, TEMPLATE_MAIN)
    config = small_report(make_report, "", template, "council-template.dotx")
    assert run_cli("build", config, "-o", tmp_path / "out", "--format", "docx").exit_code == 0
    built = tmp_path / "out" / "test-pack.docx"
    with zipfile.ZipFile(built) as archive:
        types = archive.read("[Content_Types].xml").decode()
    assert CT.WML_DOCUMENT_MAIN in types and TEMPLATE_MAIN not in types
    document = docx.Document(str(built))
    assert header_text(document.sections[-1].header) == [HEADER]


@pytest.mark.parametrize(
    ("template", "audience", "header"),
    [
        (dict(), "internal", [HEADER, "Not for publication"]),
        (dict(sections=2), "public", [HEADER]),  # the last section's, inherited from the first
        (dict(header=False), "public", ["Children and Young People Overview and Scrutiny"]),
    ],
    ids=["notice-kept", "two-section-template", "no-header-in-template"],
)
def test_the_header_is_the_councils_with_reportgens_notice(
    make_report: Any,
    tmp_path: Path,
    template: dict[str, Any],
    audience: str,
    header: list[str],
) -> None:
    config = small_report(make_report, f"audience: {audience}\n", corporate_template(**template))
    assert run_cli("build", config, "-o", tmp_path / "out", "--format", "docx").exit_code == 0
    document = docx.Document(str(tmp_path / "out" / "test-pack.docx"))
    for section in document.sections:
        shown = header_text(section.header)
        assert [line[: len(h)] for line, h in zip(shown, header, strict=True)] == header
    if template.get("header") is False:  # reportgen's own page numbers and running header
        assert header_text(document.sections[0].footer) == ["Page 1 of 1"]


def test_strict_refuses_a_template_lacking_styles(make_report: Any, tmp_path: Path) -> None:
    config = small_report(make_report, "", corporate_template())
    result = run_cli("build", "--strict", config, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "t.docx: styles added from reportgen's own" in result.stderr
    assert not (tmp_path / "out").exists()


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


WORKBOOK = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


NOT_WORD = "'council-template.docx' is not a Word document (save it from Word as .docx)"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "council-template.docx",
            None,
            "file not found: 'council-template.docx' (paths are relative to report.yaml)",
        ),
        (
            "council-template.docm",
            b"PK",
            "'council-template.docm' is a macro-enabled Word file (save it from Word as a "
            ".docx or a .dotx template, without macros)",
        ),
        (
            "council-template.doc",
            b"\xd0\xcf\x11\xe0",
            "'council-template.doc' is not a .docx or .dotx file",
        ),
        ("council-template.docx", b"Minutes of the meeting\n", NOT_WORD),
        ("council-template.docx", WORKBOOK, NOT_WORD),
        ("council-template.docx", "damaged", NOT_WORD),
        (
            "council-template.docx",
            "macros",
            "'council-template.docx' is a macro-enabled Word file (save it from Word without "
            "macros)",
        ),
        (
            "council-template.docx",
            "huge",
            "'council-template.docx' is 10,000,001 bytes (allowed: up to 10,000,000)",
        ),
        (
            "council-template.docx",
            "bomb",
            "'council-template.docx' unpacks to 100,000,009 bytes (allowed: up to 100,000,000)",
        ),
        ("../council-template.docx", None, "'../council-template.docx' is outside the folder"),
    ],
    ids=[
        "missing",
        "docm",
        "doc",
        "text-renamed",
        "workbook-renamed",
        "damaged",
        "macro-enabled-renamed",
        "too-big",
        "unpacks-too-big",
        "outside",
    ],
)
def test_a_template_that_cannot_be_used_stops_the_build(
    make_report: Any, tmp_path: Path, name: str, content: Any, message: str
) -> None:
    config = make_report(report=REPORT + f'word_template: "{name}"\naccent_colour: blue\n')
    target = tmp_path / name
    if content == "damaged":
        content = corporate_template()[:2000]
    elif content == "macros":
        content = with_content_type(
            corporate_template(),
            CT.WML_DOCUMENT_MAIN,
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        )
    elif content == "bomb":  # a small file that unpacks to more than a template needs
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")  # 8 bytes, and 100,000,001
            with archive.open("word/media/image1.png", "w") as part:
                for _ in range(100):
                    part.write(bytes(1_000_000))
                part.write(b"\0")
        content = buffer.getvalue()
    if content == "huge":
        with target.open("wb") as file:
            file.truncate(10_000_001)  # sparse: refused by its size before it is read
    elif content is not None:
        target.write_bytes(content)
    result = run_cli("build", config, "-o", tmp_path / "out", "--format", "docx")
    assert result.exit_code == 2, result.output
    assert f"error: report.yaml: word_template: {message}" in result.stderr
    assert "report.yaml: accent_colour: 'blue' is not a colour" in result.stderr  # all at once
    assert "2 problems found; nothing was written." in result.stderr
    assert not (tmp_path / "out").exists()


def test_libreoffice_shows_the_header_on_portrait_and_landscape_pages(
    make_report: Any, tmp_path: Path
) -> None:
    office = libreoffice()
    config = small_report(make_report, "", corporate_template())
    assert run_cli("build", config, "-o", tmp_path / "out", "--format", "docx").exit_code == 0
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(tmp_path / "out" / "test-pack.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    pdf = pdfium.PdfDocument(tmp_path / "pdf" / "test-pack.pdf")
    try:
        pages = [(page.get_size(), page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()
    assert {width > height for (width, height), _ in pages} == {True, False}
    for number, (_, text) in enumerate(pages, start=1):
        assert HEADER in text, number
        assert FOOTER in text and f"Page {number} of {len(pages)}" in text, number
