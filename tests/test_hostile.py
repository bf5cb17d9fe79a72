"""Broken and hostile input, run as a user runs reportgen (a process of its own), each case
within 10 seconds and 500 MB: a located error with exit 2, or a correct build. Nothing is
written outside the report's folder or the output folder, and no mixed pack is left."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import INDICATORS, OBSERVATIONS, REPORT, real_data, word_file

SECONDS, MEGABYTES = 10, 500
Files = dict[str, "str | bytes | Callable[[Path], None]"]


@dataclass(frozen=True)
class Case:
    name: str
    files: Files
    command: tuple[str, ...] = ("validate", "report.yaml")
    message: str = ""  # in stderr; none for a case that must succeed
    code: int = 2
    written: tuple[str, ...] = ()  # files that must exist afterwards (relative to the folder)


@dataclass(frozen=True)
class Ran:
    code: int
    stderr: str
    seconds: float
    megabytes: float


def run_bounded(folder: Path, command: tuple[str, ...]) -> Ran:
    """Run reportgen in `folder` as its own process; return its exit, stderr, time and peak
    memory (its own, from the kernel's accounting when it ends)."""
    start = time.monotonic()
    with open(folder.parent / "stderr.txt", "w+b") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "reportgen.cli", *command],
            cwd=folder,
            stdout=stderr,  # what a user sees, in order
            stderr=subprocess.STDOUT,
            env={**os.environ, "REPORTGEN_CACHE_DIR": str(folder.parent / "cache")},
        )
        peak_kb = 0
        while True:
            peak_kb = max(peak_kb, _high_water_kb(process.pid))
            pid, status, _ = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > SECONDS * 3:
                process.kill()
            time.sleep(0.01)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
    (folder.parent / "stderr.txt").unlink()
    return Ran(process.returncode, text, time.monotonic() - start, peak_kb / 1024)


def _high_water_kb(pid: int) -> int:
    """Return the process's peak resident memory so far (the kernel's VmHWM), 0 once it has
    ended. Not wait4's ru_maxrss: that keeps the resident size of the test process it was
    forked from, so it grows with the test run, not with what reportgen does."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def nested_aliases(levels: int = 9) -> str:
    lines = ["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def big_workbook(path: Path, megabytes: int) -> None:
    """Write a small workbook whose one sheet unzips to `megabytes` MiB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                member.write(block)


def built_docx() -> bytes:
    return word_file("Hello")


def docx_with(change: Callable[[dict[str, bytes]], None]) -> bytes:
    """Return a Word file whose parts `change` altered."""
    with zipfile.ZipFile(io.BytesIO(built_docx())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    change(parts)
    return zip_of(parts)


def bad_crc(data: bytes) -> bytes:
    """Return a zip whose first part's checksum is wrong."""
    at = data.index(b"PK\x01\x02")  # the central directory's first entry
    crc = struct.unpack_from("<I", data, at + 16)[0] ^ 0xFFFF
    patched = bytearray(data)
    struct.pack_into("<I", patched, at + 16, crc)
    struct.pack_into("<I", patched, 14, crc)  # and the local header's copy
    return bytes(patched)


def png(width: int, height: int) -> bytes:
    """Return a PNG of the given size, written without holding its pixels."""
    row = b"\0" + b"\0" * width  # filter byte, then one grey byte a pixel
    compressor = zlib.compressobj()
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(size)

    return make


IMPORT_REPORT = REPORT.replace("observations.csv\n", "observations.csv\n  areas: areas.csv\n")
PULL = ("narrative", "pull", "pack.docx", "--config", "report.yaml")
NARRATIVE_REPORT = REPORT + "narrative: narrative.yaml\n"
LATE_QUOTE = OBSERVATIONS.replace(
    "EHCP-20WK,Testshire,2025-09-30,c,,,60", 'EHCP-20WK,Testshire,2025-09-30,c,,,"60'
)

CASES = [
    # 1. Bounded YAML.
    Case(
        "alias bomb in a title",
        {"report.yaml": nested_aliases() + REPORT.replace("title: Test pack", "title: *a9")},
        message="once its aliases (*name) are written out",
    ),
    Case(
        "alias bomb in the rating scheme",
        {"report.yaml": nested_aliases() + REPORT + "rating:\n  scheme: *a9\n"},
        message="once its aliases (*name) are written out",
    ),
    Case(
        "alias bomb as a narrative place's figures",
        {
            "report.yaml": NARRATIVE_REPORT,
            "narrative.yaml": nested_aliases() + "summary.going-well:\n  figures: *a9\n",
        },
        message="narrative.yaml:1: stands for more than",
    ),
    Case(
        "YAML nested 20,000 deep",
        {"report.yaml": "title: " + "[" * 20_000 + "]" * 20_000 + "\n"},
        message="report.yaml:1: is nested more than 50 levels deep",
    ),
    Case(
        "a key given twice",
        {"report.yaml": REPORT + "title: Another\n"},
        message="the key 'title' is given twice (first on line 1",
    ),
    Case(
        "1 and true are the same key",
        {"report.yaml": REPORT + "implications:\n  1: a\n  true: b\n"},
        message="the key True is given twice",
    ),
    # 2. Imports write only inside the report's folder.
    Case(
        "an import into an absolute path",
        {
            "report.yaml": lambda path: path.write_text(
                IMPORT_REPORT.replace(
                    "areas: areas.csv", f"areas: {path.parent.parent / 'areas.csv'}"
                )
            )
        },
        command=(
            "import",
            "lait",
            str(real_data("lait_bds_long.parquet")),
            "--into",
            "report.yaml",
        ),
        message="areas.csv' is outside the folder of report.yaml",
    ),
    Case(
        "an import into a folder above",
        {"report.yaml": IMPORT_REPORT.replace("areas: areas.csv", "areas: ../../areas.csv")},
        command=(
            "import",
            "lait",
            str(real_data("lait_bds_long.parquet")),
            "--into",
            "report.yaml",
        ),
        message="'../../areas.csv' is outside the folder of report.yaml",
    ),
    # 3. Unzipping is bounded everywhere.
    Case(
        "a neighbours workbook that unzips to 1 GB",
        {"report.yaml": IMPORT_REPORT, "sn.xlsx": lambda path: big_workbook(path, 1024)},
        command=("import", "neighbours", "sn.xlsx", "--into", "report.yaml"),
        message="sn.xlsx: unzips to 1,073,741,832 bytes (allowed: up to 20,000,000)",
    ),
    Case(
        "an observations workbook that unzips to 185 MB",
        {
            "report.yaml": REPORT.replace("observations.csv", "observations.xlsx"),
            "observations.xlsx": lambda path: big_workbook(path, 185),
        },
        message="observations.xlsx: unzips to 193,986,568 bytes (allowed: up to 20,000,000)",
    ),
    Case(
        "a Word file with a DTD",
        {
            "report.yaml": NARRATIVE_REPORT,
            "pack.docx": docx_with(
                lambda parts: parts.update(
                    {
                        "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "x">]>'
                        + parts["word/document.xml"].split(b"?>", 1)[1]
                    }
                )
            ),
        },
        command=PULL,
        message="pack.docx: has a DTD in word/document.xml (entities are not allowed)",
    ),
    # 4. Strict CSV quoting.
    Case(
        "a quote left open late in the observations",
        {"observations.csv": LATE_QUOTE},
        message="observations.csv:9: a double quote in this row is not closed",
    ),
    Case(
        "a cell longer than the CSV reader takes",
        {
            "observations.csv": OBSERVATIONS
            + 'REREF,England,2024-03-31,22,,,"'
            + "x" * 200_000
            + '"\n'
        },
        message="observations.csv:10: a cell is longer than 131,072 characters",
    ),
    # 5. What passes validation builds.
    Case(
        "a title of 235 characters",
        {"report.yaml": REPORT.replace("title: Test pack", "title: " + "Performance " * 20)},
        command=("build", "report.yaml", "-o", "out"),
        code=0,
        written=("out/" + "-".join(["performance"] * 7)[:80] + ".pdf",),
    ),
    Case(
        "a committee making the Word subject over 255 characters",
        {"report.yaml": REPORT.replace("Scrutiny Committee", "Scrutiny Committee" + " and" * 80)},
        command=("build", "report.yaml", "-o", "out", "--format", "docx"),
        code=0,
        written=("out/test-pack.docx",),
    ),
    Case(
        "chart labels that look like mathtext",
        {
            "indicators.csv": INDICATORS.replace(
                "Re-referrals within 12 months", "Q2 {$#1$} X $\\notacommand{x}$"
            )
        },
        command=("build", "report.yaml", "-o", "out", "--format", "pdf"),
        code=0,
        written=("out/test-pack.pdf",),
    ),
    Case(
        "a count of 10 to the 30th",
        {
            "observations.csv": OBSERVATIONS.replace(
                "REREF,Testshire,2025-06-30,21", "REREF,Testshire,2025-06-30,1" + "0" * 30
            )
        },
        message=f"observations.csv:2: value: '1{'0' * 30}' is too large for a figure",
    ),
    Case(
        "a value of 400 nines",
        {
            "observations.csv": OBSERVATIONS.replace(
                "REREF,Testshire,2025-06-30,21", "REREF,Testshire,2025-06-30," + "9" * 400
            )
        },
        message=f"observations.csv:2: value: '{'9' * 79}…' is too large for a figure",
    ),
    # 6. Located errors, not tracebacks.
    Case(
        "a workbook with an entity",
        {
            "report.yaml": REPORT.replace("observations.csv", "observations.xlsx"),
            "observations.xlsx": zip_of(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
                }
            ),
        },
        message="observations.xlsx: has a DTD in xl/workbook.xml (entities are not allowed)",
    ),
    Case(
        "a Word file nested 300 deep",
        {
            "report.yaml": NARRATIVE_REPORT,
            "pack.docx": docx_with(
                lambda parts: parts.update(
                    {
                        "word/document.xml": parts["word/document.xml"].replace(
                            b"<w:body>", b"<w:body>" + b"<w:p>" * 300 + b"</w:p>" * 300
                        )
                    }
                )
            ),
        },
        command=PULL,
        message="pack.docx: is not a Word .docx file reportgen can read",
    ),
    Case(
        "a truncated Word file",
        {"report.yaml": NARRATIVE_REPORT, "pack.docx": built_docx()[:5000]},
        command=PULL,
        message="pack.docx: is not a Word .docx file",
    ),
    Case(
        "a Word file without its content types",
        {
            "report.yaml": NARRATIVE_REPORT,
            "pack.docx": docx_with(lambda p: p.pop("[Content_Types].xml")),
        },
        command=PULL,
        message="pack.docx: is not complete: it has no [Content_Types].xml",
    ),
    Case(
        "a Word file without its relationships",
        {"report.yaml": NARRATIVE_REPORT, "pack.docx": docx_with(lambda p: p.pop("_rels/.rels"))},
        command=PULL,
        message="pack.docx: is not complete: it has no _rels/.rels",
    ),
    Case(
        "a Word file with broken settings",
        {
            "report.yaml": NARRATIVE_REPORT,
            "pack.docx": docx_with(lambda p: p.update({"word/settings.xml": b"<w:settings"})),
        },
        command=PULL,
        message="pack.docx: is not a Word .docx file reportgen can read",
    ),
    Case(
        "a Word file with a 10 MB text",
        {
            "report.yaml": NARRATIVE_REPORT,
            "pack.docx": docx_with(
                lambda parts: parts.update(
                    {
                        "word/document.xml": parts["word/document.xml"].replace(
                            b"Hello", b"x" * 11_000_000
                        )
                    }
                )
            ),
        },
        command=PULL,
        message="pack.docx: is not a Word .docx file reportgen can read",
    ),
    Case(
        "a Word file with a bad checksum",
        {"report.yaml": NARRATIVE_REPORT, "pack.docx": bad_crc(built_docx())},
        command=PULL,
        message="pack.docx: is not a Word .docx file (broken: Bad CRC-32",
    ),
    Case(
        "a LAIT import of a file that is not LAIT's",
        {"report.yaml": IMPORT_REPORT, "lait.csv": "a,b\n1,2\n"},
        command=("import", "lait", "lait.csv", "--into", "report.yaml"),
        message="lait.csv: is not LAIT long data: it has no 'Short Desc'",
    ),
    Case(
        "an EES file with a bad time_period",
        {
            "report.yaml": IMPORT_REPORT,
            "ees.csv": "time_period,time_identifier,geographic_level,country_name,vacancy_rate_fte\n"
            "20x5,Reporting year,National,England,17.3\n2025,Reporting year,National,England,16.9\n",
        },
        command=("import", "ees", "ees.csv", "--into", "report.yaml"),
        message="skipped ees.csv:2: time_period '20x5' is not a year",
        code=0,
    ),
    Case(
        "an EES file in Windows-1252",
        {
            "report.yaml": IMPORT_REPORT,
            "ees.csv": "time_period,time_identifier,geographic_level,country_name,vacancy_rate_fte\n"
            "2025,Reporting year,National,Engl\xe0nd,16.9\n".encode("cp1252"),
        },
        command=("import", "ees", "ees.csv", "--into", "report.yaml"),
        code=0,
        written=("observations.csv",),
    ),
    Case(
        "a neighbours workbook without its header row",
        {"report.yaml": IMPORT_REPORT, "sn.xlsx": zip_of({"[Content_Types].xml": b"<Types/>"})},
        command=("import", "neighbours", "sn.xlsx", "--into", "report.yaml"),
        message="sn.xlsx: is not an Excel .xlsx workbook reportgen can read",
    ),
    Case(
        "a mapping file that is not UTF-8",
        {
            "report.yaml": IMPORT_REPORT,
            "ees.csv": "time_period,geographic_level\n",
            "map.yaml": b"\xff\xfe\x00",
        },
        command=("import", "ees", "ees.csv", "--into", "report.yaml", "--mapping", "map.yaml"),
        message="map.yaml: is not UTF-8 text",
    ),
    Case(
        "a narrative path that is a folder",
        {"report.yaml": NARRATIVE_REPORT, "narrative.yaml/keep": ""},
        message="'narrative.yaml' is a folder (name a file)",
    ),
    # 8. Pictures.
    Case(
        "a logo of 6 GB",
        {"report.yaml": REPORT + "logo: logo.png\n", "logo.png": sparse(6 * 10**9)},
        message="'logo.png' is 6,000,000,000 bytes (allowed: up to 1,000,000)",
    ),
    Case(
        "a logo of 13,000 by 13,000 pixels",
        {"report.yaml": REPORT + "logo: logo.png\n", "logo.png": png(13_000, 13_000)},
        message="'logo.png' is more than 4,000,000 pixels",
    ),
    # 9. Quietly odd, no longer.
    Case(
        "a title of no letters",
        {"report.yaml": REPORT.replace("title: Test pack", "title: «»")},
        command=("build", "report.yaml", "-o", "out", "--format", "html"),
        code=0,
        written=("out/pack.html", "out/pack.manifest.json"),
    ),
    Case(
        "two themes with one key",
        {"indicators.csv": INDICATORS.replace("SEND and EHCPs", "Contacts-and-referrals!")},
        message="theme 'Contacts-and-referrals!' is too like 'Contacts and referrals' (row 2)",
    ),
]


def write_project(folder: Path, files: Files, report: str = REPORT) -> Path:
    """Return `folder`, made and holding the test pack's files with `files` over them (a
    callable writes its own file)."""
    folder.mkdir(parents=True, exist_ok=True)
    every: Files = {
        "report.yaml": report,
        "indicators.csv": INDICATORS,
        "observations.csv": OBSERVATIONS,
        **files,
    }
    for name, content in every.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def check_case(case: Case, folder: Path) -> Ran:
    """Run the case in `folder` and check what a user sees: within bounds, no traceback, its
    exit status, one located error if refused, its message and files; nothing written beside
    the folder."""
    before = _files_beside(folder)
    ran = run_bounded(folder, case.command)
    assert ran.seconds < SECONDS, ran
    assert ran.megabytes < MEGABYTES, ran
    assert "Traceback" not in ran.stderr, ran.stderr
    assert ran.code == case.code, ran.stderr
    if case.code == 2:
        errors = [line for line in ran.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1, ran.stderr
    assert case.message in ran.stderr, ran.stderr
    for name in case.written:
        assert (folder / name).is_file(), sorted(p.name for p in folder.rglob("*"))
    assert _files_beside(folder) == before
    return ran


def _files_beside(folder: Path) -> dict[Path, int]:
    """Return the files beside the folder, and beside its parent, with their times."""
    beside = (*folder.parent.glob("*"), *folder.parent.parent.glob("*"))
    return {p: p.stat().st_mtime_ns for p in beside if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input_is_refused_or_built_within_bounds(case: Case, tmp_path: Path) -> None:
    check_case(case, write_project(tmp_path / "report", case.files))
    assert sorted(p.name for p in tmp_path.iterdir()) in (["report"], ["cache", "report"])
