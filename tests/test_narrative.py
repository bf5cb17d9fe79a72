"""Officers' words: content controls in the Word pack, `narrative pull`, and the round trip
build -> edit in Word -> pull -> build."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
import pytest
import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.resources import styles_dir

from conftest import REPORT, BuiltPack, run_cli

ROUND_TRIP_REPORT = REPORT + "narrative: narrative.yaml\n"


def controls(document: Any) -> dict[str, Any]:
    """Return the pack's content controls by tag."""
    found = {}
    for sdt in document.element.body.iter(qn("w:sdt")):
        tag = sdt.find(qn("w:sdtPr")).find(qn("w:tag"))
        if tag is not None:
            found[tag.get(qn("w:val"))] = sdt
    return found


def control_text(sdt: Any) -> list[str]:
    return [
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in sdt.find(qn("w:sdtContent")).iter(qn("w:p"))
    ]


def type_over(sdt: Any, lines: list[str]) -> None:
    """Replace a content control's text as an officer typing in Word would: keep the first
    paragraph's formatting, one paragraph per line."""
    content = sdt.find(qn("w:sdtContent"))
    first, *rest = list(content.iter(qn("w:p")))
    for paragraph in rest:
        content.remove(paragraph)
    for line in lines:
        paragraph = first if line == lines[0] else content.makeelement(first.tag, {})
        if paragraph is not first:
            paragraph.append(first.find(qn("w:pPr")).__copy__())
            content.append(paragraph)
        for run in paragraph.findall(qn("w:r")):
            paragraph.remove(run)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = line
        run.append(text)
        paragraph.append(run)


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return " ".join(" ".join(p.get_textpage().get_text_range() for p in document).split())
    finally:
        document.close()


def test_every_officer_place_is_a_tagged_rich_text_control(sample_pack: BuiltPack) -> None:
    document = docx.Document(str(sample_pack.docx))
    found = controls(document)
    assert {
        "summary.going-well",
        "summary.issues",
        "dashboard.early-help",
        "dashboard.children-in-care",
    } <= set(found)
    alias = found["dashboard.children-in-care"].find(qn("w:sdtPr")).find(qn("w:alias"))
    assert alias.get(qn("w:val")) == "Commentary: Children in care"
    assert control_text(found["dashboard.children-in-care"])[0].startswith(
        "Children in care per 10,000 children: 95 (at Sep 26)"
    )
    settings = [child.tag.split("}")[1] for child in document.settings.element]
    # Word's schema orders settings: updateFields before compat, docVars before rsids.
    assert settings.index("updateFields") < settings.index("compat") < settings.index("docVars")
    assert settings.index("docVars") < settings.index("rsids")


def test_the_reference_styles_define_every_style_the_pack_uses(sample_pack: BuiltPack) -> None:
    used = {p.style.name for p in docx.Document(str(sample_pack.docx)).paragraphs}
    reference = docx.Document(str(styles_dir() / "reference.docx"))
    defined = {style.name for style in reference.styles}
    assert used <= defined and {"Title", "Heading 1", "Heading 2", "Heading 3"} <= defined
    assert reference.styles["Normal"].font.name == "Arial"
    assert reference.styles["Heading 1"].font.size.pt == 18


def test_the_round_trip_keeps_officers_words(make_report, tmp_path: Path) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    first = tmp_path / "first"
    assert run_cli("build", config, "-o", first).exit_code == 0
    document = docx.Document(str(first / "test-pack.docx"))
    found = controls(document)
    untouched = control_text(found["summary.issues"])
    type_over(
        found["dashboard.contacts-and-referrals"],
        ["Re-referrals fell after the new front door opened.", "We will review in spring."],
    )
    # A tracked change, as Word saves one: an insertion kept, a deletion left out.
    paragraph = next(found["summary.going-well"].find(qn("w:sdtContent")).iter(qn("w:p")))
    insertion, deletion = OxmlElement("w:ins"), OxmlElement("w:del")
    for element, tag, text in (
        (insertion, "w:t", " Confirmed by the service."),
        (deletion, "w:delText", " REMOVED"),
    ):
        element.set(qn("w:id"), "1")
        element.set(qn("w:author"), "Officer")
        run, words = OxmlElement("w:r"), OxmlElement(tag)
        words.text = text
        run.append(words)
        element.append(run)
        paragraph.append(element)
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    result = run_cli("narrative", "pull", edited, "--config", config)
    assert result.exit_code == 0, result.output
    assert "updated dashboard.contacts-and-referrals" in result.output
    assert "updated summary.going-well" in result.output
    assert "summary.issues" not in result.output  # untouched: stays a draft
    written = yaml.safe_load((tmp_path / "narrative.yaml").read_text())
    assert written["dashboard.contacts-and-referrals"]["bullets"] == [  # typed in the list
        "Re-referrals fell after the new front door opened.",
        "We will review in spring.",
    ]
    assert written["summary.going-well"]["bullets"][0].endswith("Confirmed by the service.")
    assert "REMOVED" not in str(written)

    second = tmp_path / "second"
    assert run_cli("build", config, "-o", second).exit_code == 0
    text = pdf_text(second / "test-pack.pdf")
    assert "Re-referrals fell after the new front door opened. We will review in spring." in text
    assert "Confirmed by the service." in text and "REMOVED" not in text
    rebuilt = controls(docx.Document(str(second / "test-pack.docx")))
    assert control_text(rebuilt["dashboard.contacts-and-referrals"]) == [
        "Re-referrals fell after the new front door opened.",
        "We will review in spring.",
    ]
    assert control_text(rebuilt["summary.issues"]) == untouched
    assert "Issues we are addressing (drafted from the figures" in text

    again = run_cli("narrative", "pull", second / "test-pack.docx", "--config", config)
    assert "narrative.yaml: no commentary changed" in again.output


def test_controls_that_lost_their_tags_are_found_by_their_titles(
    make_report, tmp_path: Path
) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    assert run_cli("build", config, "-o", tmp_path, "--format", "docx").exit_code == 0
    document = docx.Document(str(tmp_path / "test-pack.docx"))
    sdt = controls(document)["summary.issues"]
    sdt.find(qn("w:sdtPr")).remove(sdt.find(qn("w:sdtPr")).find(qn("w:tag")))
    type_over(sdt, ["Caseloads are the issue."])
    for sdt in list(controls(document).values()):
        if control_text(sdt) and "Children in care" in control_text(sdt)[0]:
            sdt.getparent().remove(sdt)  # the officer deleted this place
    document.save(str(tmp_path / "edited.docx"))
    result = run_cli("narrative", "pull", tmp_path / "edited.docx", "--config", config)
    assert result.exit_code == 0
    assert "updated summary.issues" in result.output
    assert "warning: narrative dashboard.children-in-care: its place is missing" in result.stderr


def test_a_build_warns_when_the_figures_have_moved_on(make_report, tmp_path: Path) -> None:
    config = make_report(
        report=ROUND_TRIP_REPORT,
        **{
            "narrative.yaml": (
                "summary.issues:\n  paragraphs: [Written against last quarter's figures.]\n"
                "  figures: 0123456789abcdef\n"
            )
        },
    )
    result = run_cli("build", config, "-o", tmp_path, "--format", "pdf")
    assert result.exit_code == 0
    assert (
        "warning: narrative summary.issues: figures changed since this commentary was written"
    ) in result.stderr
    assert "Written against last quarter's figures." in pdf_text(tmp_path / "test-pack.pdf")


def test_a_broken_narrative_file_is_located(make_report) -> None:
    config = make_report(
        report=ROUND_TRIP_REPORT,
        **{"narrative.yaml": ("summary.issues:\n  paragraph: [A typo in the field name.]\n")},
    )
    result = run_cli("validate", config)
    assert result.exit_code == 2
    assert (
        "narrative.yaml: summary.issues: unknown field 'paragraph' (allowed: paragraphs, "
        "bullets, figures)"
    ) in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pack.pdf", b"%PDF-1.7", "pack.pdf: is not a .docx file"),
        (
            "pack.docx",
            b"not a zip",
            "pack.docx: is not a Word .docx file (it is not a zip archive)",
        ),
        ("bomb.docx", None, "bomb.docx: unzips to 60,000,000 bytes (allowed: up to 50,000,000)"),
    ],
)
def test_pull_refuses_what_is_not_a_pack(
    make_report, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    path = tmp_path / name
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b"\0" * 60_000_000)
        content = buffer.getvalue()
    path.write_bytes(content)
    result = run_cli("narrative", "pull", path, "--config", config)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_pull_needs_a_narrative_file_in_the_config(make_report, tmp_path: Path) -> None:
    config = make_report()
    assert run_cli("build", config, "-o", tmp_path, "--format", "docx").exit_code == 0
    result = run_cli("narrative", "pull", tmp_path / "test-pack.docx", "--config", config)
    assert result.exit_code == 2
    assert "report.yaml: narrative: names no narrative file to pull into" in result.stderr


def test_libreoffice_reads_the_word_pack_as_the_same_pack(
    sample_pack: BuiltPack, tmp_path: Path
) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed (.ci/run installs libreoffice-writer)")
        pytest.skip("LibreOffice is not installed here")
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'u').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(sample_pack.docx),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    text = pdf_text(tmp_path / f"{sample_pack.docx.stem}.pdf")
    for expected in (
        "Quarter Two 2026/27 Performance Management Report",
        "Appendix 1: Implications",
        "Dashboard: Children in care",
        "Children in care per 10,000 children",
        "Scorecard",
        "Appendix: indicator definitions",
        "Page 1 of",
    ):
        assert expected in text
