"""Hostile documents, run as a user runs reportgen: the council's own sections, officers'
Word files with nested tables, and logos that are not what their names say. Each case is
refused with one located error (exit 2) or built, within 10 seconds and 500 MB, and nothing
outside the report's folder changes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from test_hostile import Case, built_docx, check_case, write_project, zip_of

from conftest import REPORT

PULL = ("narrative", "pull", "pack.docx", "--config", "report.yaml")
NARRATIVE_REPORT = REPORT + "narrative: narrative.yaml\n"


def section(text: str) -> str:
    """Return report.yaml with one section of the council's own holding `text`."""
    indented = "\n".join("    " + line for line in text.splitlines())
    return (
        REPORT
        + "sections:\n- key: own\n  title: Our context\n  text: |\n"
        + indented
        + "\nlayout: [front_sheet, own]\n"
    )


def nested_tables(levels: int) -> bytes:
    """Return a Word file whose body holds tables nested `levels` deep."""
    cell = "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
    for level in range(levels):
        cell = (
            f"<w:tbl><w:tr><w:tc>{cell}<w:p/></w:tc><w:tc><w:p><w:r><w:t>{level}</w:t></w:r>"
            "</w:p></w:tc></w:tr></w:tbl><w:p/>"
        )
    with zipfile.ZipFile(io.BytesIO(built_docx())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + cell.encode()
    )
    return zip_of(parts)


def picture(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(buffer, format=kind)
    return buffer.getvalue()


LOGO = REPORT + "logo: logo.png\n"

CASES = [
    # 1. Sections of the council's own: bounded, and built in time growing with their size.
    Case(
        "a section of 10,000 list items",
        {"report.yaml": section("\n".join("- x" for _ in range(10_000)))},
        command=("build", "report.yaml", "-o", "out"),
        message="report.yaml: sections[1].text: has 10,000 paragraphs, headings and list items "
        "(allowed: up to 500",
    ),
    Case(
        "a section of 100,000 list items",
        {"report.yaml": section("\n".join("- x" for _ in range(100_000)))},
        message="report.yaml: sections[1].text: is 400,000 characters long (allowed: up to 50,000",
    ),
    Case(
        "a section of 500 list items",
        {"report.yaml": section("\n".join(f"- item {n}" for n in range(500)))},
        command=("build", "report.yaml", "-o", "out"),
        code=0,
        written=("out/test-pack.pdf", "out/test-pack.docx", "out/test-pack.html"),
    ),
    # 2. Word files with tables in tables: each cell read once, and nesting bounded.
    Case(
        "a Word file with tables nested 20 deep",
        {"report.yaml": NARRATIVE_REPORT, "pack.docx": nested_tables(20)},
        command=PULL,
        message="pack.docx: word/document.xml: has tables nested more than 10 deep",
    ),
    Case(
        "a Word file with tables nested 200 deep",
        {"report.yaml": NARRATIVE_REPORT, "pack.docx": nested_tables(200)},
        command=PULL,
        message="pack.docx: is not a Word .docx file reportgen can read",
    ),
    Case(
        "a Word file with tables nested 10 deep",
        {"report.yaml": NARRATIVE_REPORT, "pack.docx": nested_tables(10)},
        command=PULL,
        code=0,
        message="no commentary changed",
    ),
    # 4. Logos by their bytes, not their names.
    Case(
        "a WebP named .png",
        {"report.yaml": LOGO, "logo.png": picture("WEBP")},
        message="report.yaml: logo: 'logo.png' is a WebP picture by its contents, not a .png",
    ),
    Case(
        "an ICO named .png",
        {"report.yaml": LOGO, "logo.png": picture("ICO")},
        message="'logo.png' is an ICO icon by its contents, not a .png",
    ),
    Case(
        "a PCX named .jpg",
        {"report.yaml": REPORT + "logo: logo.jpg\n", "logo.jpg": picture("PCX")},
        message="'logo.jpg' is a PCX picture by its contents, not a .jpg",
    ),
    Case(
        "a PNG named .jpg",
        {"report.yaml": REPORT + "logo: logo.jpg\n", "logo.jpg": picture("PNG")},
        message="'logo.jpg' is a PNG picture by its contents, not a .jpg",
    ),
    Case(
        "a logo outside the folder that is not a picture",
        {"report.yaml": REPORT + "logo: ../logo.png\n"},
        message="report.yaml: logo: '../logo.png' is outside the folder of report.yaml",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_document_is_refused_or_built_within_bounds(case: Case, tmp_path: Path) -> None:
    # Beside the folder: a file named as a logo, which must never be opened (it is a WebP).
    (tmp_path / "logo.png").write_bytes(picture("WEBP"))
    check_case(case, write_project(tmp_path / "report", case.files))
    assert sorted(p.name for p in tmp_path.iterdir()) in (
        ["logo.png", "report"],
        ["cache", "logo.png", "report"],
    )
