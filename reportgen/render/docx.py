"""The Pack as an editable Word document (python-docx), from the same model as the PDF."""

from __future__ import annotations

import functools
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from copy import deepcopy
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
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.parts.numbering import NumberingPart
from docx.shared import Mm, Pt, RGBColor
from lxml import etree  # type: ignore[import-untyped]
from PIL import ImageFont

from reportgen import theme
from reportgen.errors import RenderError
from reportgen.limits import ZIP_YEARS
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
    Span,
    links,
)
from reportgen.narrative import marker, narrative_blocks, record
from reportgen.render import block_name
from reportgen.render.docx_lookups import lookups
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
# Fonts no wider than Arial, whose widths CHAR_MM estimates. A council template's other fonts
# are taken as 1.2 times as wide as Arial's bold (DejaVu Serif's and Verdana's run about that),
# each word measured in the bundled Liberation Sans, whose widths are Arial's, so that no word
# in a table breaks mid-word. A fixed rule, not a measure of the fonts installed: the same
# inputs make the same file on every machine.
NARROW_FONTS = {
    "arial",
    "helvetica",
    "liberation sans",
    "arimo",
    "calibri",
    "carlito",
    "times new roman",
    "liberation serif",
    "tinos",
}
WIDE_FONT = 1.2
SMALLEST_TABLE_PT = 7  # a table in a wider font is set smaller, down to this, to fit the page
PROSE_CHARS = 40  # a column whose cells average this many characters holds sentences
FIRST_COLUMN = 0.22  # the least share of a table's width its first column (row headings) has
# The styles the renderer writes with, each defined in styles/reference.docx; a council's
# template lacking one is given reportgen's definition.
PARAGRAPH_STYLES = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
    "Caption",
)
TABLE_STYLES = ("Table Grid",)
CHARACTER_STYLES = ("Hyperlink",)
USED_STYLES = PARAGRAPH_STYLES + TABLE_STYLES + CHARACTER_STYLES
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_MAIN = (  # the main parts of .docm and .dotm files
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
NUMBERING_XML = (
    '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
)


NOT_WORD = "is not a Word document (save it from Word as .docx)"


class TemplateError(ValueError):
    """A council's Word template that cannot be used; the message says why and what to do."""


def render_docx(pack: Pack, template: bytes | None = None) -> bytes:
    """Return the pack as the bytes of a .docx file, built on the council's Word template
    (the bytes of a .docx or .dotx) when given, else on reportgen's reference styles."""
    if template is None:
        document = Document(str(styles_dir() / "reference.docx"))
    else:
        document = _from_template(template)
    _set_properties(document, pack)
    for index, section in enumerate(pack.sections):
        _start_section(
            document, section, first=index == 0, duplex=pack.duplex, template=bool(template)
        )
        if index == 0:
            _masthead(document, pack, template=bool(template))
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
    # A zip timestamp holds only 1980 to 2107: a date outside (a model made without one)
    # is stamped at the nearer end rather than refused by zipfile.
    first, last = ZIP_YEARS
    stamp = (
        (first, 1, 1, 0, 0, 0)
        if generated.year < first
        else (last, 12, 31, 0, 0, 0)
        if generated.year > last
        else (generated.year, generated.month, generated.day, 0, 0, 0)
    )
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return output.getvalue()


def write_docx(pack: Pack, target: Path, template: bytes | None = None) -> None:
    """Write the pack as a .docx file at `target` (on the council's Word template if given)."""
    target.write_bytes(render_docx(pack, template))


def open_template(data: bytes) -> Any:
    """Return a council's Word template (the bytes of a .docx or .dotx, bounded and kept
    inside the pack by docx_outside.keep_inside) as a python-docx Document; raise
    TemplateError saying why it cannot be one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if not {"[Content_Types].xml", "word/document.xml", "word/styles.xml"} <= names:
                raise TemplateError(NOT_WORD)
            types = archive.read("[Content_Types].xml")
            if any(main.encode() in types for main in MACRO_MAIN) or any(
                name.lower().endswith("vbaproject.bin") for name in names
            ):
                raise TemplateError(
                    "is a macro-enabled Word file (save it from Word without macros)"
                )
            if TEMPLATE_MAIN.encode() in types:  # a .dotx: python-docx opens documents only
                data = _as_document(
                    archive, types.replace(TEMPLATE_MAIN.encode(), CT.WML_DOCUMENT_MAIN.encode())
                )
    except TemplateError:
        raise
    except Exception as error:  # not a zip, or a damaged one: zipfile raises many kinds
        raise TemplateError(NOT_WORD) from error
    try:
        document = Document(io.BytesIO(data))
        document.part.part_related_by(RT.STYLES)
        for rel in document.part.package.rels.values():  # read again when the pack is written
            if rel.reltype == RT.CUSTOM_PROPERTIES:
                parse_xml(rel.target_part.blob)
    except Exception as error:  # python-docx raises many kinds for a damaged package
        raise TemplateError(NOT_WORD) from error
    return document


def _as_document(archive: zipfile.ZipFile, types: bytes) -> bytes:
    """Return the archive's parts as a zip whose content types are `types`."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in archive.infolist():
            name = item.filename
            target.writestr(name, types if name == "[Content_Types].xml" else archive.read(name))
    return output.getvalue()


def styles_to_add(template: Any) -> list[str]:
    """Return the styles the renderer uses (and the styles they are based on) that a
    template lacks, in the order they are added: each after those it is based on."""
    reference = Document(str(styles_dir() / "reference.docx"))
    added: list[str] = []

    def need(name: str) -> None:
        if name in added or name in template.styles or name not in reference.styles:
            return
        base = reference.styles[name].base_style
        if base is not None:
            need(base.name)
        added.append(name)

    for name in USED_STYLES:
        need(name)
    return added


def _from_template(data: bytes) -> Any:
    """Return the council's template ready to write the pack into: its styles, page setup,
    headers and footers kept, its body emptied, and the styles it lacks added."""
    document = open_template(data)
    body = document.element.body
    last = body.get_or_add_sectPr()
    # A section without a header or footer of a kind shows the previous section's, so the
    # last section's are the nearest ones before it, kind by kind.
    references: dict[tuple[str, str | None], Any] = {}
    for sectPr in [*body.iter(qn("w:sectPr"))]:
        for reference in sectPr.iterchildren(qn("w:headerReference"), qn("w:footerReference")):
            references[reference.tag, reference.get(qn("w:type"))] = reference
    for reference in last.iterchildren(qn("w:headerReference"), qn("w:footerReference")):
        last.remove(reference)
    last[0:0] = [deepcopy(reference) for reference in references.values()]
    for child in list(body):  # the template's sample text, tables and earlier sections
        if child is not last:
            body.remove(child)
    _add_styles(document, styles_to_add(document))
    title = document.styles["Title"].element.get_or_add_pPr()
    if title.find(qn("w:outlineLvl")) is None:  # the title is the first heading, as in the PDF
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), "0")
        title.append(outline)
    return document


def _add_styles(document: Any, names: Sequence[str]) -> None:
    """Copy each named style's definition from reportgen's reference styles into the
    document, without its font face, so that it takes the template's fonts."""
    if not names:
        return
    reference = Document(str(styles_dir() / "reference.docx"))
    ours = {style.style_id: style.name for style in reference.styles}
    styles = document.styles.element
    for name in names:
        element = deepcopy(reference.styles[name].element)
        ids = {style.styleId for style in styles.style_lst}
        style_id = element.styleId
        while style_id in ids:  # the template gives this id to another style
            style_id += "Reportgen"
        element.styleId = style_id
        for tag in ("w:basedOn", "w:next", "w:link"):
            link = element.find(qn(tag))
            if link is None:
                continue
            target = ours.get(link.get(qn("w:val")), "")
            if target in document.styles:  # the template's own id for that style
                link.set(qn("w:val"), document.styles[target].style_id)
            else:
                element.remove(link)
        for unwanted in (
            element.find(qn("w:rsid")),
            element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}"),
        ):
            if unwanted is not None:
                unwanted.getparent().remove(unwanted)
        numbering = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if numbering is not None:
            number = _copy_list(document, reference, int(numbering.get(qn("w:val"))), style_id)
            numbering.set(qn("w:val"), str(number))
        styles.append(element)


def _copy_list(document: Any, reference: Any, number: int, style_id: str) -> int:
    """Copy the reference's list definition `number` into the document's numbering, for the
    style `style_id`; return its number there."""
    source = reference.part.numbering_part.element
    abstract_id = source.num_having_numId(number).abstractNumId.val
    abstract = deepcopy(source.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]')[0])
    try:
        numbering = document.part.part_related_by(RT.NUMBERING).element
    except KeyError:  # a template without lists has no numbering part
        package = document.part.package
        taken = {str(part.partname) for part in package.iter_parts()}
        name = next(
            f"/word/numbering{n or ''}.xml"
            for n in range(len(taken) + 1)
            if f"/word/numbering{n or ''}.xml" not in taken
        )
        part = NumberingPart.load(PackURI(name), CT.WML_NUMBERING, NUMBERING_XML.encode(), package)
        document.part.relate_to(part, RT.NUMBERING)
        numbering = part.element
    abstracts = numbering.findall(qn("w:abstractNum"))
    new_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=-1)
    abstract.set(qn("w:abstractNumId"), str(new_id))
    nsids = {n.get(qn("w:val")) for n in numbering.iter(qn("w:nsid"))}
    nsid = abstract.find(qn("w:nsid"))
    if nsid is not None:  # Word joins lists that share an nsid
        seed = zlib.crc32(f"reportgen {style_id}".encode())
        while f"{seed:08X}" in nsids:
            seed = (seed + 1) & 0xFFFFFFFF
        nsid.set(qn("w:val"), f"{seed:08X}")
    for style in abstract.iter(qn("w:pStyle")):
        style.set(qn("w:val"), style_id)
    following = numbering.find(qn("w:num"))
    if following is None:
        following = numbering.find(qn("w:numIdMacAtCleanup"))
    if abstracts:  # the schema orders them: picture bullets, abstractNums, nums
        abstracts[-1].addnext(abstract)
    elif following is not None:
        following.addprevious(abstract)
    else:
        numbering.append(abstract)
    return int(numbering.add_num(new_id).numId)


def _add_paragraph(document: Any, text: str = "", style: str | None = None) -> Any:
    """Add a paragraph as document.add_paragraph does, its style's id looked up once."""
    paragraph = document.add_paragraph(text)
    if style is not None:
        paragraph._p.style = lookups(document.part).style_id(document, style)
    return paragraph


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


def _masthead(document: Any, pack: Pack, template: bool = False) -> None:
    """Put the running header on every page and the council's logo on the first. A council
    template's own header, where it has one, takes the running header's place."""
    section = document.sections[0]
    if template and _has_content(section.header):
        headers = [header for header, _ in _headers_and_footers(document, section)]
    else:
        section.header.paragraphs[0].text = pack.header
        headers = [section.header]
    if pack.notice:  # on every page of an internal pack
        for header in headers:
            header.add_paragraph().add_run(pack.notice).bold = True
    if pack.logo:
        _, data = pack.logo
        run = document.add_paragraph().add_run()
        picture = lookups(document.part).picture(run, data, height=Mm(16))
        picture.docPr.set("descr", f"{pack.council or 'Council'} logo")


def _start_section(
    document: Any, section: Section, first: bool, duplex: bool = False, template: bool = False
) -> None:
    """Start a section of the pack: on A4 with reportgen's margins, or on a council
    template's page size and margins, turned for a landscape section."""
    # Printed duplex, each part of the pack starts on a right-hand (odd) page.
    start = WD_SECTION.ODD_PAGE if duplex and section.part else WD_SECTION.NEW_PAGE
    word_section = document.sections[0] if first else document.add_section(start)
    short, long = A4_SHORT, A4_LONG
    if template and word_section.page_width and word_section.page_height:
        short, long = sorted((word_section.page_width, word_section.page_height))
    landscape = section.landscape
    word_section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    word_section.page_width = long if landscape else short
    word_section.page_height = short if landscape else long
    if not template or word_section.left_margin is None:  # a template may set none
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(word_section, side, MARGIN)
    elif not first:
        # Later sections show the template's headers and footers (linked to the first's),
        # but not its first-page ones, and carry on its page numbers.
        word_section.different_first_page_header_footer = False
        numbering = word_section._sectPr.find(qn("w:pgNumType"))
        if numbering is not None:
            numbering.attrib.pop(qn("w:start"), None)
    if first:
        _page_numbers(document, word_section, template)


def _page_numbers(document: Any, section: Any, template: bool) -> None:
    """Number the pages in the footer, after a council template's own footer unless it
    numbers them already."""
    if not template or not _has_content(section.footer):
        _page_x_of_y(section.footer.paragraphs[0])
        return
    for _, footer in _headers_and_footers(document, section, first_page=False):
        if not _numbers_pages(footer):
            _page_x_of_y(footer.add_paragraph())


def _headers_and_footers(
    document: Any, section: Any, first_page: bool = True
) -> Iterator[tuple[Any, Any]]:
    """Yield the section's header and footer for each kind of page it shows them on:
    every page, even pages when they differ, and its first page when that differs."""
    yield section.header, section.footer
    if document.settings.odd_and_even_pages_header_footer:
        yield section.even_page_header, section.even_page_footer
    if first_page and section.different_first_page_header_footer:
        yield section.first_page_header, section.first_page_footer


def _has_content(part: Any) -> bool:
    """Return whether a header or footer is defined and shows something: text, a picture
    or a field (Word often keeps an empty one)."""
    if part.is_linked_to_previous:
        return False
    element = part._element
    shown = (qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:fldSimple"), qn("w:instrText"))
    return any((t.text or "").strip() for t in element.iter(qn("w:t"))) or any(
        True for _ in element.iter(*shown)
    )


def _numbers_pages(footer: Any) -> bool:
    """Return whether a footer holds a PAGE field."""
    element = footer._element
    codes = [code.text or "" for code in element.iter(qn("w:instrText"))]
    codes += [field.get(qn("w:instr")) or "" for field in element.iter(qn("w:fldSimple"))]
    return any("PAGE" in code.upper() for code in codes)


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
    if not 0 <= block.level <= 9:  # as document.add_heading refuses
        raise ValueError(f"level must be in range 0-9, got {block.level}")
    _add_paragraph(document, block.text, "Title" if block.level == 0 else f"Heading {block.level}")


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
    paragraph = document.add_paragraph("" if block.spans else block.text)
    _add_spans(paragraph, block.spans)
    if follows_table:  # Word has no margin below a table, as the print CSS does
        paragraph.paragraph_format.space_before = Pt(6)


def _bullet_list(document: Any, block: BulletList) -> None:
    style = "List Number" if block.numbered else "List Bullet"
    number = _new_list(document, style) if block.numbered else None
    for index, item in enumerate(block.items):
        paragraph = _add_paragraph(document, "" if block.spans else item, style)
        if block.spans:
            _add_spans(paragraph, block.spans[index])
        if number is not None:
            numbers = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbers.get_or_add_ilvl().val = 0
            numbers.get_or_add_numId().val = number


def _new_list(document: Any, style: str) -> int | None:
    """Return the number of a new list of the style's list definition, counting from 1, so
    that a numbered list does not carry on from the one before (None if the style has none)."""
    path = f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}"
    numbering = document.styles[style].element.find(path)
    if numbering is None:
        return None
    lists = document.part.numbering_part.element
    try:
        definition = lists.num_having_numId(int(numbering.get(qn("w:val")))).abstractNumId.val
    except KeyError:  # the style names a list the document lacks
        return None
    new = lists.add_num(definition)
    new.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(new.numId)


def _add_spans(paragraph: Any, spans: tuple[Span, ...]) -> None:
    """Add a paragraph's spans as runs, bold and italic as they are, "\n" a line break, and
    each link a hyperlink to its address (python-docx has no API for one: the relationship
    and the w:hyperlink element are made here)."""
    for href, run_spans in links(spans):
        hyperlink = None
        if href:
            hyperlink = OxmlElement("w:hyperlink")
            address = paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
            hyperlink.set(qn("r:id"), address)
            paragraph._p.append(hyperlink)
        for span in run_spans:
            run = paragraph.add_run(span.text)
            run.bold = span.strong or None
            run.italic = span.emphasis or None
            if hyperlink is None:
                continue
            styles = paragraph.part.document.styles  # for links only: it searches the parts
            if "Hyperlink" in styles:
                run.style = styles["Hyperlink"]
            else:
                run.font.underline, run.font.color.rgb = True, _hex(theme.LINK)
            hyperlink.append(run._r)


def _facts(document: Any, block: Facts) -> None:
    for label, value in block.items:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)


def _picture(run: Any, chart: Chart, room: int | None = None) -> None:
    """Add a drawn chart to a run as a picture whose description is the chart's alt text,
    narrowed to `room` if it is wider."""
    if not chart.png:
        raise RenderError(f"chart {chart.title!r} was not drawn before rendering")
    width = Mm(chart.width_mm) if room is None else min(Mm(chart.width_mm), room)
    properties = lookups(run.part).picture(run, chart.png, width=width).docPr
    properties.set("descr", chart.alt_text)
    properties.set("title", chart.title)


def _chart(document: Any, block: Chart) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = False
    _picture(paragraph.add_run(), block, room=_usable_width(document))  # a template's margins


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
    _bold_and_size(paragraph.add_run(text), bold, size)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if fill:
        _shade(word_cell, fill)


def _bold_and_size(run: Any, bold: bool, size: float) -> None:
    """Set a new run's bold and size as run.bold and run.font.size do, but appending the
    elements in their schema order: python-docx places each by searching for every element
    that may follow it, over half of the time a table's cells took."""
    weight, points = OxmlElement("w:b"), OxmlElement("w:sz")
    weight.val, points.val = bold, Pt(size)
    run._r.get_or_add_rPr().extend([weight, points])


def _column_widths(
    columns: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    total: int,
    size: float = 9,
    widen: float = 1.0,
) -> list[int]:
    """Return column widths: each later column as wide as its longest unbreakable run of text,
    the rest to the first, whose row headings wrap.

    Word breaks a word that does not fit its column mid-word ("Performa / nce"); text joined by
    no-break spaces ("At Sep 26") must fit whole.
    """
    needed = _needed_widths(columns, rows, size, widen)
    first = max(int(total * FIRST_COLUMN), total - sum(needed))
    # Share out what is left over, or shrink the other columns if they would not fit the page.
    scale = (total - first) / sum(needed) if sum(needed) else 0
    widths = [first, *(int(width * scale) for width in needed)]
    return _shared_with_prose(widths, columns, rows)


def _shared_with_prose(
    widths: list[int], columns: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> list[int]:
    """Return the widths with the first column's room shared with any column of sentences
    (a rating's reason, a definition), by how much text each holds, so neither runs long."""
    lengths = [
        sum(len(row[i].text) for row in rows) / max(len(rows), 1) for i in range(len(columns))
    ]
    prose = [i for i in range(1, len(columns)) if lengths[i] >= PROSE_CHARS]
    if not prose:
        return widths
    shared = [0, *prose]
    pool = sum(widths[i] for i in shared)
    text = sum(lengths[i] for i in shared) or 1
    shares = {i: int(pool * lengths[i] / text) for i in shared}
    return [shares.get(i, width) for i, width in enumerate(widths)]


def _needed_widths(
    columns: Sequence[str], rows: Sequence[Sequence[Cell]], size: float, widen: float
) -> list[int]:
    """Return the width each column after the first needs for its longest word (or chart)."""

    def longest_run(texts: Sequence[str]) -> int:
        return max(len(run) for text in texts for run in text.split(" "))

    def chart_width(index: int) -> float:
        charts = [row[index].chart for row in rows]
        return max((chart.width_mm for chart in charts if chart is not None), default=0)

    def text_width(texts: Sequence[str]) -> int:
        if widen == 1.0:
            return int(Mm(CHAR_MM * size / 9) * longest_run(texts))
        runs = {run for text in texts for run in text.split(" ")}
        return int(Mm(widen * size * max(map(_arial_bold_mm, runs))))

    return [
        int(
            Mm(2.4)
            + max(
                text_width([column, *(row[index].text for row in rows)]),
                Mm(chart_width(index)),
                MIN_COLUMN,  # room for a rating word such as "Green" in bold
            )
        )
        for index, column in enumerate(columns)
        if index
    ]


@functools.cache
def _arial_bold() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(styles_dir() / "fonts" / "LiberationSans-Bold.ttf"), 1000)


@functools.cache
def _arial_bold_mm(text: str) -> float:
    """Return the width of `text` in Arial's bold at 1 pt, in millimetres."""
    return _arial_bold().getlength(text) / 1000 * 25.4 / 72


def _fitting_size(
    columns: Sequence[str], rows: Sequence[Sequence[Cell]], total: int, size: float, widen: float
) -> float:
    """Return the text size, down by half points to SMALLEST_TABLE_PT, at which a table in a
    template's wider font fits the page without its words breaking."""
    room = total - int(total * FIRST_COLUMN)
    while size > SMALLEST_TABLE_PT and sum(_needed_widths(columns, rows, size, widen)) > room:
        size -= 0.5
    return size


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
    font = (document.styles["Normal"].font.name or "").lower()  # a template's, or Arial
    widen = 1.0 if font in NARROW_FONTS else WIDE_FONT
    if widths is None:
        room = _usable_width(document)
        if widen != 1.0:  # smaller text, rather than words broken mid-word
            size = _fitting_size(columns, rows, room, size, widen)
        widths = _column_widths(columns, rows, room, size, widen)
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
    _set_widths(table, widths)


def _set_widths(table: Any, widths: Sequence[int]) -> None:
    """Set each column's width in the grid (LibreOffice reads it) and in each of its cells
    (Word reads those), row by row: python-docx finds a column's cells by walking the whole
    table. A cell spanning columns takes the last one's width, as column by column left it."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table._tbl.tr_lst:
        end = 0
        for cell in row.tc_lst:
            end += cell.grid_span
            cell.width = widths[end - 1]


def _indicator_table(document: Any, block: IndicatorTable) -> None:
    _add_paragraph(document, block.caption, "Caption")
    size = theme.SMALL_PT - 1 if block.compact else theme.TABLE_PT
    _table(document, block.columns, block.rows, groups=block.groups, size=size)


def _contents(document: Any, block: Contents) -> None:
    """Add a contents field Word fills with page numbers; until updated it lists the parts."""
    paragraph = document.add_paragraph()
    _field(paragraph, 'TOC \\o "1-1" \\h \\z \\u', result="\n".join(t for t, _ in block.entries))
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))  # a council template may set it already
    if update is None:
        update = OxmlElement("w:updateFields")
        _insert_setting(settings, update, UPDATE_FIELDS_FOLLOWERS)
    update.set(qn("w:val"), "true")  # Word offers to fill in the page numbers on opening


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
        content.append(_add_paragraph(document, line.text, style)._p)
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
    """Add the document's custom properties part (File > Properties > Custom), keeping a
    council template's own (a sensitivity label, say) after reportgen's."""
    package = document.part.package
    kept = []
    for rel in [r for r in package.rels.values() if r.reltype == RT.CUSTOM_PROPERTIES]:
        kept += [p for p in parse_xml(rel.target_part.blob) if p.get("name") not in properties]
        package.rels.pop(rel.rId)  # its part is written again below, with reportgen's
    items = "".join(
        f'<property fmtid="{PROPERTY_SET}" pid="{number}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(_property(value))}</vt:lpwstr></property>"
        for number, (name, value) in enumerate(properties.items(), start=2)  # as Word numbers
    )
    for number, item in enumerate(kept, start=2 + len(properties)):
        item.set("pid", str(number))
        items += etree.tostring(item, encoding="unicode")
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
        '"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt='
        f'"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{items}'
        "</Properties>"
    )
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
    _add_paragraph(document, block.title, "Heading 2")
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
