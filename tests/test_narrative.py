"""Officers' words: the places they write in the Word pack, `narrative pull` from files saved
by Word, LibreOffice or editors that drop content controls, and the round trip build -> edit
-> pull -> build."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
import pytest
import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from reportgen.inputs import printable
from reportgen.model import Line
from reportgen.narrative import Written, load_narrative, marker, save_narrative
from reportgen.resources import styles_dir

from conftest import REPORT, BuiltPack, libreoffice, run_cli

ROUND_TRIP_REPORT = REPORT + "narrative: narrative.yaml\n"
PACK = "test-pack"


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


def type_into(document: Any, key: str, lines: list[str]) -> None:
    """Replace a place's words as an officer typing in Word would: a line starting "- " is a
    bullet; \\n is a line break (Shift+Enter) and \\t a tab."""
    content = controls(document)[key].find(qn("w:sdtContent"))
    for paragraph in list(content):
        content.remove(paragraph)
    for line in lines:
        bullet = line.startswith("- ")
        typed = document.add_paragraph(
            line[2:] if bullet else line, "List Bullet" if bullet else None
        )
        content.append(typed._p)


def tracked(kind: str, text: str) -> Any:
    """Return a tracked change as Word saves one: w:ins, w:del, w:moveFrom or w:moveTo."""
    change = OxmlElement(f"w:{kind}")
    change.set(qn("w:id"), str(abs(hash((kind, text))) % 10_000))
    change.set(qn("w:author"), "Officer")
    run, words = OxmlElement("w:r"), OxmlElement("w:delText" if kind == "del" else "w:t")
    words.text = text
    run.append(words)
    change.append(run)
    return change


def build(config: Path, folder: Path, *formats: str) -> Path:
    """Build the test pack into `folder`; return its Word file."""
    options = [a for f in formats for a in ("--format", f)]
    result = run_cli("build", config, "-o", folder, *options)
    assert result.exit_code == 0, result.output
    return folder / f"{PACK}.docx"


def pull(edited: Path, config: Path, *options: str) -> Any:
    result = run_cli("narrative", "pull", edited, "--config", config, *options)
    assert result.exit_code == 0, result.output
    return result


def report_with_narrative(make_report: Any, text: str) -> Path:
    """Return a test report whose narrative file holds `text`."""
    return make_report(report=ROUND_TRIP_REPORT, **{"narrative.yaml": text})


def narrative_file(config: Path) -> dict[str, Any]:
    return yaml.safe_load((config.parent / "narrative.yaml").read_text(encoding="utf-8"))


def libreoffice_resave(path: Path, folder: Path) -> Path:
    """Return `path` opened and saved again as .docx by LibreOffice Writer."""
    office = libreoffice()
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return folder / path.name


def without_content_controls(path: Path, target: Path) -> Path:
    """Save a copy of a Word file with every content control removed and its words kept,
    as Word's "Remove Content Control" or a Google Docs export leaves it."""
    document = docx.Document(str(path))
    for sdt in list(document.element.body.iter(qn("w:sdt"))):
        parent = sdt.getparent()
        at = parent.index(sdt)
        parent[at : at + 1] = list(sdt.find(qn("w:sdtContent")))
    document.save(str(target))
    return target


def without_record(path: Path, target: Path) -> Path:
    """Save a copy of a Word file without its custom properties, as some editors leave it."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/custom.xml":
                continue
            if item.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*docProps/custom.xml\"/>", b"", data)
            copy.writestr(item, data)
    return target


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return " ".join(" ".join(p.get_textpage().get_text_range() for p in document).split())
    finally:
        document.close()


def test_every_officer_place_is_marked_for_every_editor(sample_pack: BuiltPack) -> None:
    document = docx.Document(str(sample_pack.docx))
    found = controls(document)
    assert {
        "summary.going-well",
        "summary.issues",
        "dashboard.early-help",
        "dashboard.children-in-care",
        "indicator.CIC-RATE",
    } <= set(found)
    alias = found["dashboard.children-in-care"].find(qn("w:sdtPr")).find(qn("w:alias"))
    assert alias.get(qn("w:val")) == "Commentary: Children in care"
    assert control_text(found["dashboard.children-in-care"])[0].startswith(
        "Children in care per 10,000 children: 95 (at Sep 26)"
    )
    # Each place starts with a bookmark on its label and ends with one on what follows it.
    bookmarks = {
        b.get(qn("w:name")): b.getparent()
        for b in document.element.body.iter(qn("w:bookmarkStart"))
    }
    for key, sdt in found.items():
        assert bookmarks[marker(key)] is sdt.getprevious(), key
        assert bookmarks[marker(key, end=True)] is sdt.getnext(), key
        assert len(marker(key, end=True)) <= 40  # Word's longest bookmark name
    # The record of which report this is, and what each place held, is in custom properties.
    with zipfile.ZipFile(sample_pack.docx) as archive:
        custom = archive.read("docProps/custom.xml").decode()
    assert 'name="reportgen edition"><vt:lpwstr>Fernshire to 30 September 2026<' in custom
    assert custom.count('name="reportgen place ') == len(found)
    settings = [child.tag.split("}")[1] for child in document.settings.element]
    # Word's schema orders settings: updateFields before compat.
    assert settings.index("updateFields") < settings.index("compat")


def test_the_reference_styles_define_every_style_the_pack_uses(sample_pack: BuiltPack) -> None:
    used = {p.style.name for p in docx.Document(str(sample_pack.docx)).paragraphs}
    reference = docx.Document(str(styles_dir() / "reference.docx"))
    defined = {style.name for style in reference.styles}
    assert used <= defined and {"Title", "Heading 1", "Heading 2", "Heading 3"} <= defined
    assert reference.styles["Normal"].font.name == "Arial"
    assert reference.styles["Heading 1"].font.size.pt == 18


def test_the_round_trip_keeps_exactly_what_officers_typed(make_report, tmp_path: Path) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    document = docx.Document(str(build(config, tmp_path / "first")))
    untouched = control_text(controls(document)["summary.issues"])
    type_into(
        document,
        "dashboard.contacts-and-referrals",
        [
            "Re-referrals fell after the new front door opened.",
            "- Caseloads are down.",
            "First line\nsecond line\tafter a tab",
        ],
    )
    # Tracked changes, as Word saves them: as if every one were accepted.
    paragraph = next(controls(document)["summary.going-well"].iter(qn("w:p")))
    for kind, text in (
        ("ins", " Confirmed by the service."),
        ("del", " REMOVED"),
        ("moveFrom", " Moved sentence."),
    ):
        paragraph.append(tracked(kind, text))
    last = list(controls(document)["summary.going-well"].iter(qn("w:p")))[-1]
    last.append(tracked("moveTo", " Moved sentence."))
    edited = tmp_path / "edited.docx"
    document.save(str(edited))

    result = pull(edited, config)
    assert "updated dashboard.contacts-and-referrals" in result.output
    assert "updated summary.going-well" in result.output
    assert "summary.issues" not in result.output  # untouched: stays a draft
    written = narrative_file(config)
    assert written["dashboard.contacts-and-referrals"]["text"] == [
        "Re-referrals fell after the new front door opened.",
        {"bullet": "Caseloads are down."},
        "First line\nsecond line\tafter a tab",
    ]
    going_well = " ".join(
        line["bullet"] if isinstance(line, dict) else line
        for line in written["summary.going-well"]["text"]
    )
    assert going_well.count("Moved sentence.") == 1 and going_well.endswith("Moved sentence.")
    assert "Confirmed by the service." in going_well and "REMOVED" not in going_well

    rebuilt = build(config, tmp_path / "second")
    text = pdf_text(tmp_path / "second" / f"{PACK}.pdf")
    assert "Re-referrals fell after the new front door opened. Caseloads are down." in text
    assert "First line second line" in text and "Moved sentence." in text
    html = (tmp_path / "second" / f"{PACK}.html").read_text(encoding="utf-8")
    assert (
        "<p>Re-referrals fell after the new front door opened.</p>\n<ul>\n  <li>Caseloads are "
        "down.</li>\n</ul>\n<p>First line\nsecond line\tafter a tab</p>"
    ) in html
    word = docx.Document(str(rebuilt))
    typed = list(controls(word)["dashboard.contacts-and-referrals"].iter(qn("w:p")))
    assert [docx.text.paragraph.Paragraph(p, word).text for p in typed] == [
        "Re-referrals fell after the new front door opened.",
        "Caseloads are down.",
        "First line\nsecond line\tafter a tab",
    ]
    assert [docx.text.paragraph.Paragraph(p, word).style.name for p in typed] == [
        "Normal",
        "List Bullet",
        "Normal",
    ]
    assert control_text(controls(word)["summary.issues"]) == untouched
    assert "Issues we are addressing (drafted from the figures" in text
    assert "no commentary changed" in pull(rebuilt, config).output


def test_a_libreoffice_save_keeps_every_paragraph_and_every_draft(
    make_report, tmp_path: Path
) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    document = docx.Document(str(build(config, tmp_path / "first", "docx")))
    type_into(document, "summary.issues", ["- Caseloads.", "- Recruitment."])
    document.save(str(tmp_path / "first.docx"))
    pull(tmp_path / "first.docx", config)  # an earlier pull saved two bullets
    document = docx.Document(str(build(config, tmp_path / "second", "docx")))
    type_into(
        document,
        "dashboard.contacts-and-referrals",
        ["The first new paragraph.", "- A bullet between.", "The second new paragraph."],
    )
    document.save(str(tmp_path / "edited.docx"))
    resaved = libreoffice_resave(tmp_path / "edited.docx", tmp_path / "libreoffice")
    with zipfile.ZipFile(resaved) as archive:  # LibreOffice did rewrite the controls
        assert "<w:tag " not in archive.read("word/document.xml").decode()

    result = pull(resaved, config)
    assert result.output.startswith(
        "updated dashboard.contacts-and-referrals\nnarrative.yaml: 1 place(s) updated\n"
    ), result.output
    written = narrative_file(config)
    assert written["dashboard.contacts-and-referrals"]["text"] == [
        "The first new paragraph.",
        {"bullet": "A bullet between."},
        "The second new paragraph.",
    ]
    assert written["summary.issues"]["text"] == [
        {"bullet": "Caseloads."},
        {"bullet": "Recruitment."},
    ]
    assert set(written) == {"summary.issues", "dashboard.contacts-and-referrals"}  # drafts stay

    rebuilt = build(config, tmp_path / "third")
    again = libreoffice_resave(rebuilt, tmp_path / "libreoffice-again")
    assert "no commentary changed" in pull(again, config).output
    # Without the record of what each place held, drafts are known by the current drafts.
    bare = pull(without_record(again, tmp_path / "bare.docx"), config)
    assert "no commentary changed" in bare.output
    assert "bare.docx: has no record of which report it is" in bare.stderr
    text = pdf_text(tmp_path / "third" / f"{PACK}.pdf")
    assert "The first new paragraph. A bullet between. The second new paragraph." in text
    assert "Caseloads. Recruitment." in text
    html = (tmp_path / "third" / f"{PACK}.html").read_text(encoding="utf-8")
    assert "<p>The first new paragraph.</p>\n<ul>\n  <li>A bullet between.</li>" in html
    word = controls(docx.Document(str(rebuilt)))
    assert control_text(word["dashboard.contacts-and-referrals"]) == [
        "The first new paragraph.",
        "A bullet between.",
        "The second new paragraph.",
    ]


def test_a_file_without_content_controls_or_bookmarks_is_read_by_its_labels(
    make_report, tmp_path: Path
) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    document = docx.Document(str(build(config, tmp_path, "docx")))
    type_into(document, "summary.issues", ["Caseloads are the issue.", "- And recruitment."])
    type_into(document, "dashboard.children-in-care", ["Placements are stable."])
    for bookmark in list(document.element.body.iter(qn("w:bookmarkStart"))):
        if bookmark.get(qn("w:name")).startswith(("_rgs", "_rge")):
            bookmark.getparent().remove(bookmark)
    document.save(str(tmp_path / "edited.docx"))
    plain = without_content_controls(tmp_path / "edited.docx", tmp_path / "plain.docx")
    assert not controls(docx.Document(str(plain)))

    result = pull(plain, config)
    assert "updated summary.issues" in result.output
    assert "updated dashboard.children-in-care" in result.output
    written = narrative_file(config)
    assert written["summary.issues"]["text"] == [
        "Caseloads are the issue.",
        {"bullet": "And recruitment."},
    ]
    assert written["dashboard.children-in-care"]["text"] == ["Placements are stable."]
    assert len(written) == 2


def test_a_place_that_cannot_be_found_is_named_and_left_alone(make_report, tmp_path: Path) -> None:
    config = report_with_narrative(make_report, "summary.issues: Words already pulled.\n")
    document = docx.Document(str(build(config, tmp_path, "docx")))
    type_into(document, "summary.going-well", ["Going well, typed."])
    label = controls(document)["summary.issues"].getprevious()
    label.getparent().remove(label)  # the officer deleted the label, and its bookmark with it
    plain = tmp_path / "edited.docx"
    document.save(str(plain))
    without_content_controls(plain, plain)

    result = pull(plain, config)
    assert "updated summary.going-well" in result.output
    assert "not found summary.issues: left as it was" in result.output
    assert (
        "warning: narrative summary.issues: not found with certainty (its label and bookmark "
        "are gone) in edited.docx; nothing was taken for it"
    ) in result.stderr
    assert narrative_file(config)["summary.issues"] == {"text": ["Words already pulled."]}


def test_a_mistyped_key_stops_the_build_with_its_line(make_report, tmp_path: Path) -> None:
    config = report_with_narrative(
        make_report,
        (
            "summary.issues: Caseloads.\n"
            "dashboard.contacts-referrals:\n  text: [Re-referrals fell.]\n"
        ),
    )
    for command in (("validate", config), ("build", config, "-o", tmp_path)):
        result = run_cli(*command)
        assert result.exit_code == 2
        assert (
            "error: narrative.yaml:2: dashboard.contacts-referrals: names no place in this pack "
            "(did you mean dashboard.contacts-and-referrals?)"
        ) in result.stderr
    assert not any(tmp_path.glob(f"{PACK}.*"))


def test_an_older_copy_keeps_the_newer_words_and_sets_its_own_beside_them(
    make_report, tmp_path: Path
) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    original = build(config, tmp_path / "built", "docx")
    older = tmp_path / "older.docx"
    shutil.copyfile(original, older)  # a second officer works on a copy of the same build
    document = docx.Document(str(original))
    type_into(document, "summary.issues", ["The first officer's words."])
    document.save(str(tmp_path / "first.docx"))
    pull(tmp_path / "first.docx", config)

    document = docx.Document(str(older))
    type_into(document, "summary.issues", ["The second officer's words."])
    type_into(document, "summary.going-well", ["Only the second officer wrote here."])
    document.save(str(older))
    result = pull(older, config)
    assert "updated summary.going-well" in result.output
    assert "kept summary.issues: its words in narrative.yaml are newer than older.docx's" in (
        result.output
    )
    written = narrative_file(config)["summary.issues"]
    assert written["text"] == ["The first officer's words."]
    assert written["incoming"]["text"] == ["The second officer's words."]
    assert written["incoming"]["from"].startswith("older.docx, pulled ")

    built = run_cli("build", config, "-o", tmp_path / "rebuilt", "--format", "docx")
    assert "words pulled from older.docx" in built.stderr and "wait under incoming:" in built.stderr
    status = run_cli("narrative", "status", config).output
    assert "summary.issues" in status and "to choose (words from older.docx" in status

    pull(older, config, "--force")
    forced = narrative_file(config)["summary.issues"]
    assert forced["text"] == ["The second officer's words."] and "incoming" not in forced


def test_a_pack_of_another_report_is_refused(make_report, tmp_path: Path) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    last_quarter = make_report(
        report=ROUND_TRIP_REPORT.replace("period_end: 2025-09-30", "period_end: 2025-06-30")
    )
    assert last_quarter == config  # the same folder, a quarter earlier
    document = docx.Document(str(build(last_quarter, tmp_path / "june", "docx")))
    type_into(document, "summary.issues", ["Last quarter's words."])
    document.save(str(tmp_path / "june.docx"))
    config.write_text(ROUND_TRIP_REPORT, encoding="utf-8")
    result = run_cli("narrative", "pull", tmp_path / "june.docx", "--config", config)
    assert result.exit_code == 2
    assert (
        "error: june.docx: is the pack for Testshire to 30 June 2025, not this report's "
        "(Testshire to 30 September 2025); pull the Word file built from this report"
    ) in result.stderr
    assert not (config.parent / "narrative.yaml").exists()


def test_every_pull_keeps_the_previous_narrative_file(make_report, tmp_path: Path) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    built = build(config, tmp_path, "docx")
    states = []
    for words in ("First words.", "Second words.", "Third words."):
        document = docx.Document(str(built))
        type_into(document, "summary.issues", [words])
        document.save(str(tmp_path / "edited.docx"))
        pull(tmp_path / "edited.docx", config, "--force")
        states.append((config.parent / "narrative.yaml").read_text(encoding="utf-8"))
        built = build(config, tmp_path, "docx")
    history = sorted((config.parent / "narrative-history").iterdir())
    assert [copy.read_text(encoding="utf-8") for copy in history] == states[:2]
    assert all(copy.name.startswith("narrative-") and copy.suffix == ".yaml" for copy in history)


def test_two_pulls_at_once_both_keep_their_words(make_report, tmp_path: Path) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    built = build(config, tmp_path, "docx")
    edits = {"summary.issues": "Words for the issues.", "summary.going-well": "Going well."}
    for key, words in edits.items():
        document = docx.Document(str(built))
        type_into(document, key, [words])
        document.save(str(tmp_path / f"{key}.docx"))
    pulls = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reportgen.cli",
                "narrative",
                "pull",
                str(tmp_path / f"{key}.docx"),
                "--config",
                str(config),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for key in edits
    ]
    for process in pulls:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0 and "1 place(s) updated" in output, output
    written = narrative_file(config)
    assert {key: written[key]["text"] for key in edits} == {k: [w] for k, w in edits.items()}


def test_commentary_on_one_indicator_round_trips(make_report, tmp_path: Path) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    document = docx.Document(str(build(config, tmp_path / "first")))
    drafted = control_text(controls(document)["indicator.REREF"])
    assert drafted[0].startswith("Re-referrals within 12 months: 18%")
    first_text = pdf_text(tmp_path / "first" / f"{PACK}.pdf")
    assert "Commentary: Re-referrals within 12 months" not in first_text  # a draft: Word only
    type_into(document, "indicator.REREF", ["Re-referrals fell after the new front door."])
    document.save(str(tmp_path / "edited.docx"))
    assert "updated indicator.REREF" in pull(tmp_path / "edited.docx", config).output

    rebuilt = build(config, tmp_path / "second")
    text = pdf_text(tmp_path / "second" / f"{PACK}.pdf")
    table = text.index("Contacts and referrals: performance indicators")
    note = text.index("Commentary: Re-referrals within 12 months")
    assert table < note and "Re-referrals fell after the new front door." in text[note:]
    html = (tmp_path / "second" / f"{PACK}.html").read_text(encoding="utf-8")
    assert 'data-key="indicator.REREF"' in html and 'data-key="indicator.CIC-RATE"' not in html
    word = controls(docx.Document(str(rebuilt)))
    assert control_text(word["indicator.REREF"]) == ["Re-referrals fell after the new front door."]
    assert control_text(word["indicator.CIC-RATE"])[0].startswith("Children in care per 10,000")


def test_narrative_status_lists_every_place(make_report) -> None:
    config = report_with_narrative(
        make_report,
        (
            "summary.issues: Caseloads.\n"
            "summary.going-well:\n  text: [Written long ago.]\n  figures: 0123456789abcdef\n"
        ),
    )
    result = run_cli("narrative", "status", config)
    assert result.exit_code == 0, result.output
    lines = dict(line.split(None, 1) for line in result.output.splitlines())
    assert lines["summary.issues"] == "written by officers"
    assert lines["summary.going-well"] == "stale (figures changed since written)"
    assert lines["dashboard.contacts-and-referrals"] == "drafted from the figures"
    assert lines["indicator.EHCP-20WK"] == "drafted from the figures"
    assert set(lines) >= {"indicator.REREF", "indicator.CIC-RATE", "dashboard.children-in-care"}


def test_narrative_written_by_hand_reads_as_it_looks(make_report, tmp_path: Path) -> None:
    config = report_with_narrative(
        make_report,
        (
            "summary.issues: |\n  One paragraph\n  over two lines.\n\n  Another paragraph.\n"
            "summary.going-well:\n  text:\n  - A paragraph.\n  - bullet: A bullet.\n"
            "  - Closing paragraph.\n"
        ),
    )
    build(config, tmp_path, "html")
    html = (tmp_path / f"{PACK}.html").read_text(encoding="utf-8")
    assert "<p>One paragraph\nover two lines.</p>\n<p>Another paragraph.</p>" in html
    assert (
        "<p>A paragraph.</p>\n<ul>\n  <li>A bullet.</li>\n</ul>\n<p>Closing paragraph.</p>" in html
    )


def test_a_build_warns_when_the_figures_have_moved_on(make_report, tmp_path: Path) -> None:
    config = report_with_narrative(
        make_report,
        (
            "summary.issues:\n  paragraphs: [Written against last quarter's figures.]\n"
            "  figures: 0123456789abcdef\n"
        ),
    )
    result = run_cli("build", config, "-o", tmp_path, "--format", "pdf")
    assert result.exit_code == 0
    assert (
        "warning: narrative summary.issues: figures changed since this commentary was written"
    ) in result.stderr
    assert "Written against last quarter's figures." in pdf_text(tmp_path / "test-pack.pdf")


def test_a_broken_narrative_file_is_located(make_report) -> None:
    config = report_with_narrative(
        make_report, ("summary.issues:\n  paragraph: [A typo in the field name.]\n")
    )
    result = run_cli("validate", config)
    assert result.exit_code == 2
    assert (
        "narrative.yaml:1: summary.issues: unknown field 'paragraph' (allowed: text, "
        "paragraphs, bullets, figures, incoming)"
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
    assert "report.yaml: narrative: names no narrative file for officers' words" in result.stderr


def test_libreoffice_reads_the_word_pack_as_the_same_pack(
    sample_pack: BuiltPack, tmp_path: Path
) -> None:
    office = libreoffice()
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


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1).map(lambda t: printable(t).strip()), st.booleans()).filter(
            lambda line: bool(line[0])
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_words_survive_the_narrative_file_exactly(lines: list[tuple[str, bool]]) -> None:
    typed = {"summary.issues": Written(tuple(Line(text, bullet) for text, bullet in lines), "f")}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "narrative.yaml"
        save_narrative(path, typed)
        assert load_narrative(path).entries == typed


def test_status_lists_the_places_then_names_a_key_that_is_none_of_them(make_report) -> None:
    config = report_with_narrative(make_report, "summary.issue: Caseloads.\n")
    result = run_cli("narrative", "status", config)
    assert result.exit_code == 2
    assert result.output.startswith("summary.going-well")
    assert "indicator.REREF" in result.output
    assert (
        "error: narrative.yaml:1: summary.issue: names no place in this pack "
        "(did you mean summary.issues?)"
    ) in result.stderr


def test_a_picture_pasted_into_commentary_is_said_to_be_left_out(
    make_report, tmp_path: Path
) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    document = docx.Document(str(build(config, tmp_path, "docx")))
    type_into(document, "summary.issues", ["Words before the picture."])
    image = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(image, format="PNG")
    picture = document.add_paragraph()
    picture.add_run().add_picture(image)
    controls(document)["summary.issues"].find(qn("w:sdtContent")).append(picture._p)
    document.save(str(tmp_path / "edited.docx"))
    result = pull(tmp_path / "edited.docx", config)
    assert "updated summary.issues" in result.output
    assert (
        "warning: narrative summary.issues: a picture in edited.docx is not kept (commentary "
        "is text); its words are"
    ) in result.stderr
    assert narrative_file(config)["summary.issues"]["text"] == ["Words before the picture."]


def test_a_draft_retyped_by_an_editor_stays_a_draft(make_report, tmp_path: Path) -> None:
    config = make_report(report=ROUND_TRIP_REPORT)
    document = docx.Document(str(build(config, tmp_path, "docx")))
    for words in document.element.body.iter(qn("w:t")):  # curly quotes, doubled spaces
        words.text = (words.text or "").replace("'", "\u2019").replace(" ", "  ")
    paragraph = next(controls(document)["summary.going-well"].iter(qn("w:p")))
    docx.text.paragraph.Paragraph(paragraph, document).style = "List Bullet"  # a real edit
    document.save(str(tmp_path / "edited.docx"))
    result = pull(tmp_path / "edited.docx", config)
    assert result.output.startswith("updated summary.going-well\nnarrative.yaml: 1 place(s)")
