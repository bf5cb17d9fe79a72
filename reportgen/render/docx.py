"""The Pack as an editable Word document (python-docx), from the same model as the PDF."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reportgen import theme
from reportgen.errors import RenderError
from reportgen.model import (
    BulletList,
    Cell,
    Chart,
    Contents,
    Facts,
    Heading,
    IndicatorTable,
    KeyMessages,
    Narrative,
    Pack,
    PageBreak,
    Paragraph,
    RagKey,
    Section,
)
from reportgen.narrative import marker, narrative_blocks, record
from reportgen.render import block_name
from reportgen.resources import styles_dir

A4_SHORT, A4_LONG = Mm(210), Mm(297)
MARGIN = Mm(16)
MIN_COLUMN = Mm(10)
# Elements of Word's settings that must come after updateFields (the schema fixes their
# order, and Word refuses files that break it).
UPDATE_FIELDS_FOLLOWERS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)
PROPERTY_SET = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # user-defined properties
MAX_PROPERTY = 255  # characters Word keeps in a core property (title, subject, author)
CHAR_MM = 1.75  # width of an average bold character at 9 pt, for sizing columns


def render_docx(pack: Pack) -> bytes:
    """Return the pack as the bytes of a .docx file."""
    document = Document(str(styles_dir() / "reference.docx"))
    _set_properties(document, pack)
    for index, section in enumerate(pack.sections):
        _start_section(document, section, first=index == 0, duplex=pack.duplex)
        if index == 0:
            _masthead(document, pack)
        for block in section.blocks:
            _renderer_for(block)(document, block)
    _end_places(document, pack)
    _custom_properties(document, record(pack))
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible_zip(buffer.getvalue(), pack.generated)


def _reproducible_zip(data: bytes, generated: date) -> bytes:
    """Return the .docx with every zip entry stamped with the pack's date instead of now, so
    the same inputs and date give the same bytes."""
    stamp = (generated.year, generated.month, generated.day, 0, 0, 0)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return output.getvalue()


def write_docx(pack: Pack, target: Path) -> None:
    """Write the pack as a .docx file at `target`."""
    target.write_bytes(render_docx(pack))


def _renderer_for(block: Any) -> Callable[[Any, Any], None]:
    rule = RULES.get(block_name(block))
    if rule is None:
        raise RenderError(f"no Word rule for block type {type(block).__name__}")
    return rule


def _hex(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _set_properties(document: Any, pack: Pack) -> None:
    """Set the document's properties and language (its styles come from reference.docx)."""
    properties = document.core_properties
    properties.title, properties.subject = _property(pack.title), _property(pack.subject)
    properties.author = _property(pack.author)
    properties.language = pack.language
    properties.keywords, properties.comments = "", ""
    moment = datetime.combine(pack.generated, time())
    properties.created = properties.modified = properties.last_printed = moment
    properties.revision, properties.last_modified_by = 1, _property(pack.author)
    _set_language(document.styles["Normal"].element, pack.language)


def _property(text: str) -> str:
    """Return text short enough for a Word document property (255 characters at most)."""
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


def _set_language(style_element: Any, language: str) -> None:
    run_properties = style_element.get_or_add_rPr()
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), language)


def _masthead(document: Any, pack: Pack) -> None:
    """Put the running header on every page and the council's logo on the first."""
    document.sections[0].header.paragraphs[0].text = pack.header
    if pack.notice:  # on every page of an internal pack
        document.sections[0].header.add_paragraph().add_run(pack.notice).bold = True
    if pack.logo:
        _, data = pack.logo
        picture = document.add_paragraph().add_run().add_picture(io.BytesIO(data), height=Mm(16))
        picture._inline.docPr.set("descr", f"{pack.council or 'Council'} logo")


def _start_section(document: Any, section: Section, first: bool, duplex: bool = False) -> None:
    # Printed duplex, each part of the pack starts on a right-hand (odd) page.
    start = WD_SECTION.ODD_PAGE if duplex and section.part else WD_SECTION.NEW_PAGE
    word_section = document.sections[0] if first else document.add_section(start)
    landscape = section.landscape
    word_section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    word_section.page_width = A4_LONG if landscape else A4_SHORT
    word_section.page_height = A4_SHORT if landscape else A4_LONG
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(word_section, side, MARGIN)
    if first:
        _page_x_of_y(word_section.footer.paragraphs[0])


def _page_x_of_y(paragraph: Any) -> None:
    """Fill a footer paragraph with "Page X of Y" as Word fields that update themselves."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph: Any, instruction: str, result: str = "1") -> None:
    """Add a Word field (PAGE, NUMPAGES, TOC ...) showing `result` until Word updates it."""
    run = paragraph.add_run()

    def mark(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    mark("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run._r.append(code)
    mark("separate")
    for index, line in enumerate(result.split("\n")):
        if index:
            run._r.append(OxmlElement("w:br"))
        text = OxmlElement("w:t")
        text.text = line
        run._r.append(text)
    mark("end")


def _heading(document: Any, block: Heading) -> None:
    document.add_heading(block.text, level=block.level)  # level 0 is Word's "Title"


def _last_block(document: Any) -> Any | None:
    """Return the body's last paragraph, table or content control (None on an empty page)."""
    body = document.element.body
    last = body[-1] if len(body) else None
    if last is not None and last.tag == qn("w:sectPr"):  # the section's settings close the body
        last = last.getprevious()
    return last


def _paragraph(document: Any, block: Paragraph) -> None:
    last = _last_block(document)
    follows_table = last is not None and last.tag == qn("w:tbl")
    paragraph = document.add_paragraph(block.text)
    if follows_table:  # Word has no margin below a table, as the print CSS does
        paragraph.paragraph_format.space_before = Pt(6)


def _bullet_list(document: Any, block: BulletList) -> None:
    for item in block.items:
        document.add_paragraph(item, style="List Bullet")


def _facts(document: Any, block: Facts) -> None:
    for label, value in block.items:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)


def _picture(run: Any, chart: Chart) -> None:
    """Add a drawn chart to a run as a picture whose description is the chart's alt text."""
    if not chart.png:
        raise RenderError(f"chart {chart.title!r} was not drawn before rendering")
    properties = run.add_picture(io.BytesIO(chart.png), width=Mm(chart.width_mm))._inline.docPr
    properties.set("descr", chart.alt_text)
    properties.set("title", chart.title)


def _chart(document: Any, block: Chart) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = False
    _picture(paragraph.add_run(), block)


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


def _write_cell(
    word_cell: Any,
    text: str,
    *,
    bold: bool = False,
    right: bool = False,
    fill: str | None = None,
    chart: Chart | None = None,
    size: float = theme.TABLE_PT,
) -> None:
    paragraph = word_cell.paragraphs[0]
    if chart is not None:
        _picture(paragraph.add_run(), chart)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if fill:
        _shade(word_cell, fill)


def _column_widths(
    columns: Sequence[str], rows: Sequence[Sequence[Cell]], total: int, size: float = 9
) -> list[int]:
    """Return column widths: each later column as wide as its longest unbreakable run of text,
    the rest to the first, whose row headings wrap.

    Word breaks a word that does not fit its column mid-word ("Performa / nce"); text joined by
    no-break spaces ("At Sep 26") must fit whole.
    """

    def longest_run(texts: Sequence[str]) -> int:
        return max(len(run) for text in texts for run in text.split(" "))

    def chart_width(index: int) -> float:
        charts = [row[index].chart for row in rows]
        return max((chart.width_mm for chart in charts if chart is not None), default=0)

    needed = [
        int(
            Mm(2.4)
            + max(
                Mm(CHAR_MM * size / 9) * longest_run([column, *(row[index].text for row in rows)]),
                Mm(chart_width(index)),
                MIN_COLUMN,  # room for a rating word such as "Green" in bold
            )
        )
        for index, column in enumerate(columns)
        if index
    ]
    first = max(int(total * 0.22), total - sum(needed))
    # Share out what is left over, or shrink the other columns if they would not fit the page.
    scale = (total - first) / sum(needed) if sum(needed) else 0
    return [first, *(int(width * scale) for width in needed)]


def _narrow_cell_margins(table: Any, twips: int = 57) -> None:
    """Set a table's left and right cell margins to about 1 mm, as the print CSS has them."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _usable_width(document: Any) -> int:
    section = document.sections[-1]
    return int(section.page_width - section.left_margin - section.right_margin)


def _table(
    document: Any,
    columns: tuple[str, ...],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int] | None = None,
    groups: Sequence[tuple[str, int]] = (),
    size: float = theme.TABLE_PT,
) -> None:
    widths = widths or _column_widths(columns, rows, _usable_width(document), size)
    starts = {start: title for title, start in groups}
    table = document.add_table(rows=1 + len(rows) + len(groups), cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _narrow_cell_margins(table)
    header, *body = table.rows
    # Repeat the header row at the top of each page the table runs onto.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for word_cell, column in zip(header.cells, columns, strict=True):
        _write_cell(word_cell, column, bold=True, fill=theme.HEADER_FILL, size=size)
    word_rows = iter(body)
    for index, row in enumerate(rows):
        if index in starts:  # a group's title across the whole row
            merged = next(word_rows).cells
            _write_cell(
                merged[0].merge(merged[-1]),
                starts[index],
                bold=True,
                fill=theme.HEADER_FILL,
                size=size,
            )
        for word_cell, cell in zip(next(word_rows).cells, row, strict=True):
            style = theme.RAG[cell.rating] if cell.rating else None
            _write_cell(
                word_cell,
                cell.text,
                bold=bool(style),
                right=cell.numeric,
                fill=style.fill if style else None,
                chart=cell.chart,
                size=size,
            )
    # Word reads each cell's width, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for word_cell in column.cells:
            word_cell.width = width


def _indicator_table(document: Any, block: IndicatorTable) -> None:
    document.add_paragraph(block.caption, style="Caption")
    size = theme.SMALL_PT - 1 if block.compact else theme.TABLE_PT
    _table(document, block.columns, block.rows, groups=block.groups, size=size)


def _contents(document: Any, block: Contents) -> None:
    """Add a contents field Word fills with page numbers; until updated it lists the parts."""
    paragraph = document.add_paragraph()
    _field(paragraph, 'TOC \\o "1-1" \\h \\z \\u', result="\n".join(t for t, _ in block.entries))
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")  # Word offers to fill in the page numbers on opening
    _insert_setting(document.settings.element, update, UPDATE_FIELDS_FOLLOWERS)


def _key_messages(document: Any, block: KeyMessages) -> None:
    """Add each key data message as a shaded paragraph: its figure large, then its words.
    Not a table: Word's accessibility checker asks a table for a header row, which a row
    of tiles has not."""
    for tile in block.tiles:
        paragraph = document.add_paragraph()
        properties = paragraph._p.get_or_add_pPr()
        borders, left = OxmlElement("w:pBdr"), OxmlElement("w:left")
        for name, value in (("w:val", "single"), ("w:sz", "36"), ("w:space", "6")):
            left.set(qn(name), value)
        left.set(qn("w:color"), theme.ACCENT.lstrip("#"))
        borders.append(left)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), theme.TILE_FILL.lstrip("#"))
        properties.extend([borders, shading])
        paragraph.paragraph_format.keep_together = True
        figure = paragraph.add_run(tile.figure)
        figure.bold, figure.font.size = True, Pt(16)
        paragraph.add_run().add_break()
        paragraph.add_run(tile.message).font.size = Pt(theme.SMALL_PT)


def _narrative(document: Any, block: Narrative) -> None:
    """Add a place for officers' words: a label saying whether it holds a draft, then a
    rich-text content control tagged with its key. A bookmark on the label starts the place
    and one on the paragraph after it ends it (`_end_places`): editors that lose content
    controls keep bookmarks, so a pull finds every paragraph typed in between."""
    marks = {
        "draft": " (drafted from the figures: officers to confirm or rewrite)",
        "prompt": " (to be written by officers)",
    }
    paragraph = document.add_paragraph()
    _bookmark(paragraph._p, marker(block.key))
    label = paragraph.add_run(block.label + marks.get(block.status, ""))
    label.bold, label.font.size = True, Pt(theme.SMALL_PT)
    label.font.color.rgb = _hex(theme.MUTED)
    control = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    for name, value in (
        ("w:alias", block.label),
        ("w:tag", block.key),
        ("w:id", str(_number(block.key))),
    ):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        properties.append(element)
    content = OxmlElement("w:sdtContent")
    control.extend([properties, content])
    for line in block.lines:  # run.text makes \n a line break and \t a tab
        style = "List Bullet" if line.bullet else None
        content.append(document.add_paragraph(line.text, style=style)._p)
    document.element.body.insert(len(document.element.body) - 1, control)  # before sectPr


def _number(key: str) -> int:
    return zlib.crc32(key.encode()) & 0x7FFFFFFF


def _bookmark(paragraph: Any, name: str) -> None:
    """Put an empty bookmark at the start of a paragraph's text."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(_number(name)))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(_number(name)))
    properties = paragraph.find(qn("w:pPr"))
    at = 0 if properties is None else paragraph.index(properties) + 1
    paragraph[at:at] = [start, end]


def _end_places(document: Any, pack: Pack) -> None:
    """Mark the paragraph after each place (the first of a table's, or a new last one)."""
    body = document.element.body
    controls = {
        sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")): sdt
        for sdt in body.iterchildren(qn("w:sdt"))
    }
    for block in narrative_blocks(pack):
        after = controls[block.key].getnext()
        if after.tag == qn("w:sectPr"):
            after = document.add_paragraph()._p
        elif after.tag == qn("w:tbl"):
            after = next(after.iter(qn("w:p")))
        _bookmark(after, marker(block.key, end=True))


def _custom_properties(document: Any, properties: dict[str, str]) -> None:
    """Add the document's custom properties part (File > Properties > Custom)."""
    items = "".join(
        f'<property fmtid="{PROPERTY_SET}" pid="{number}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(_property(value))}</vt:lpwstr></property>"
        for number, (name, value) in enumerate(properties.items(), start=2)  # as Word numbers
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
        '"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt='
        f'"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{items}'
        "</Properties>"
    )
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml.encode(), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _insert_setting(settings: Any, element: Any, followers: tuple[str, ...]) -> None:
    """Insert a settings element where Word's schema orders it: before the first follower."""
    for child in settings:
        if child.tag in {qn(name) for name in followers}:
            child.addprevious(element)
            return
    settings.append(element)


def _rag_key(document: Any, block: RagKey) -> None:
    document.add_heading(block.title, level=2)
    rows = [(Cell(word, rating=rating), Cell(meaning)) for rating, word, meaning in block.entries]
    label = int(Mm(25))
    _table(document, ("Rating", "Meaning"), rows, widths=(label, _usable_width(document) - label))


def _page_break(document: Any, block: PageBreak) -> None:
    document.add_page_break()


RULES: dict[str, Callable[[Any, Any], None]] = {
    "heading": _heading,
    "paragraph": _paragraph,
    "bullet_list": _bullet_list,
    "facts": _facts,
    "chart": _chart,
    "indicator_table": _indicator_table,
    "rag_key": _rag_key,
    "page_break": _page_break,
    "contents": _contents,
    "key_messages": _key_messages,
    "narrative": _narrative,
}
