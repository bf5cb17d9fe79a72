"""Write styles/reference.docx: the Word styles reportgen's packs use, from reportgen's theme.

Run after changing reportgen/theme.py:  python styles/make_reference_docx.py
Every style the Word renderer uses is defined here (none is left latent), so Word's navigation
pane, its contents field and an officer's "Styles" gallery all work from the first build.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from reportgen import theme
from reportgen.render.docx import CHARACTER_STYLES, PARAGRAPH_STYLES, TABLE_STYLES

TARGET = Path(__file__).resolve().parent / "reference.docx"


def colour(value: str) -> RGBColor:
    return RGBColor.from_string(value.lstrip("#").upper())


def use_theme_font(style: object) -> None:
    """Give a style the theme's font, dropping the Office theme fonts that would override it."""
    style.font.name = theme.WORD_FONT  # type: ignore[attr-defined]
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def main() -> None:
    document = Document()
    styles = document.styles
    for name in PARAGRAPH_STYLES:
        if name not in [s.name for s in styles]:
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    normal = styles["Normal"]
    use_theme_font(normal)
    normal.font.size = Pt(theme.BODY_PT)
    normal.font.color.rgb = colour(theme.TEXT)
    normal.paragraph_format.space_after = Pt(6)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    for name, size in (("Title", 22), *((f"Heading {n}", theme.HEADING_PT[n]) for n in (1, 2, 3))):
        style = styles[name]
        use_theme_font(style)
        style.font.size, style.font.bold = Pt(size), True
        style.font.color.rgb = colour(theme.TEXT)
    # The title is the document's first heading: outline level 1, as the PDF's H1, so that
    # the front sheet's Heading 2s follow it without skipping a level.
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    styles["Title"].element.get_or_add_pPr().append(outline)
    caption = styles["Caption"]
    caption.font.size, caption.font.bold, caption.font.italic = Pt(theme.TABLE_PT), True, False
    caption.font.color.rgb = colour(theme.TEXT)
    for name in TABLE_STYLES:
        assert name in [s.name for s in styles], name
    for name in CHARACTER_STYLES:
        if name not in [s.name for s in styles]:
            styles.add_style(name, WD_STYLE_TYPE.CHARACTER, builtin=True)  # Word's own
    link = styles["Hyperlink"]  # a link in a council's own section
    link.base_style = styles["Default Paragraph Font"]
    link.font.color.rgb, link.font.underline = colour(theme.LINK), True
    link.priority, link.unhide_when_used = 99, True
    document.core_properties.title = "reportgen reference styles"
    document.save(str(TARGET))


if __name__ == "__main__":
    main()
