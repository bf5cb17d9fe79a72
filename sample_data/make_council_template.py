"""Write sample_data/fernshire/council-template.docx: a fictional council's corporate Word
template (its fonts, heading colour, header and footer), as designed.yaml's word_template.

python sample_data/make_council_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

OUT = Path(__file__).resolve().parent / "fernshire" / "council-template.docx"
GREEN = RGBColor(0x00, 0x5A, 0x3C)  # Fernshire's corporate green


def main() -> None:
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "Liberation Serif"
    styles["Normal"].font.size = Pt(11)
    for name, size in (("Title", 24), ("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
        style = styles[name]
        style.font.name = "Liberation Sans"
        style.font.size = Pt(size)
        style.font.color.rgb = GREEN
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = GREEN
    link.font.underline = True
    section = document.sections[0]
    section.header.paragraphs[0].text = "Fernshire County Council | OFFICIAL"
    section.footer.paragraphs[0].text = "Fernshire County Council, County Hall, Fernshire"
    document.add_paragraph("This template's sample text is replaced by the pack.")
    document.core_properties.author = "Fernshire County Council"
    document.save(str(OUT))


if __name__ == "__main__":
    main()
