"""Trustworthy under publication rules: small numbers never published, builds that can be
proved unchanged, an audit trail, and a killed build that leaves the last good pack alone."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pypdfium2 as pdfium

from reportgen.build import build_pack
from reportgen.compute import compute
from reportgen.pipeline import check
from reportgen.render.text import render_text

from conftest import INDICATORS, OBSERVATIONS, REPORT, SAMPLE, BuiltPack, run_cli

SMALL = re.compile(r"(?<![\d.,£-])([1-5])(?![\d.,%])")  # a whole count from 1 to 5


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_a_public_pack_shows_no_small_count_anywhere() -> None:
    config, dataset = check(SAMPLE)
    assert config.audience == "public"
    computed = compute(config, dataset)
    counts = {i.id for i in dataset.indicators if i.unit == "count"}
    for (ident, _), figures in computed.series.items():
        for figure in figures:
            if ident in counts and not figure.annualised:
                assert not 1 <= figure.value <= 5, (ident, figure)
            assert not 1 <= figure.numerator <= 5, (ident, figure)  # nor a small numerator
    dump = render_text(build_pack(config, computed))
    custody = [line for line in dump.splitlines() if "Custodial sentences" in line and "|" in line]
    assert custody and all(not SMALL.search(line.split("|", 2)[2]) for line in custody)


def test_small_numbers_are_suppressed_and_never_rated_charted_or_worded(
    make_report, tmp_path: Path
) -> None:
    indicators = INDICATORS + "CUSTODY,Custodial sentences,Youth justice,count,low,tracker,flow,0\n"
    observations = OBSERVATIONS + (
        "CUSTODY,Testshire,2025-06-30,9,,,\nCUSTODY,Testshire,2025-09-30,3,,,\n"
        "CUSTODY,England,2025-03-31,500,,,\n"
    )
    config = make_report(indicators=indicators, observations=observations)
    assert run_cli("build", config, "-o", tmp_path / "public").exit_code == 0
    public = pdf_text(tmp_path / "public" / "test-pack.pdf")
    assert "Custodial sentences At Sep 25 c Tracker" in " ".join(public.split())
    assert "5 or fewer children, suppressed so that no child can be identified" in public
    assert "Not for publication" not in public
    html = (tmp_path / "public" / "test-pack.html").read_text()
    assert "Custodial sentences: 3" not in html and "rose from 9 to 3" not in html
    internal = make_report(
        report=REPORT + "audience: internal\n", indicators=indicators, observations=observations
    )
    assert run_cli("build", internal, "-o", tmp_path / "internal").exit_code == 0
    pages = pdfium.PdfDocument(tmp_path / "internal" / "test-pack.pdf")
    try:
        texts = [page.get_textpage().get_text_range() for page in pages]
    finally:
        pages.close()
    assert all("Not for publication" in text for text in texts)
    assert "Custodial sentences At Sep 25 3 Tracker" in " ".join(" ".join(texts).split())
    word = docx.Document(str(tmp_path / "internal" / "test-pack.docx"))
    assert "Not for publication" in [p.text for p in word.sections[0].header.paragraphs]


def test_two_builds_with_the_same_date_are_byte_identical_whatever_the_jobs(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1800000000"}
    for run, jobs in (("first", "1"), ("second", "2")):
        env["REPORTGEN_CACHE_DIR"] = str(tmp_path / f"cache-{run}")  # drawn afresh each time
        subprocess.run(
            [
                sys.executable,
                "-m",
                "reportgen.cli",
                "build",
                str(SAMPLE),
                "-o",
                str(tmp_path / run),
                "--jobs",
                jobs,
            ],
            check=True,
            env=env,
            capture_output=True,
        )
    first = sorted((tmp_path / "first").iterdir())
    assert [p.name for p in first] == [p.name for p in sorted((tmp_path / "second").iterdir())]
    for path in first:
        assert path.read_bytes() == (tmp_path / "second" / path.name).read_bytes(), path.name
    manifest = json.loads(next((tmp_path / "first").glob("*.manifest.json")).read_text())
    assert manifest["generated"] == "2027-01-15"


def test_the_manifest_names_inputs_outputs_and_rules(sample_pack: BuiltPack) -> None:
    manifest = json.loads(next(sample_pack.pdf.parent.glob("*.manifest.json")).read_text())
    assert manifest["audience"] == "public" and manifest["suppression"]["count"] == 5
    assert manifest["rating"] == {"scheme": "dtcg", "tolerance": "2%", "confidence": 95.0}
    assert [i["file"] for i in manifest["inputs"]] == [
        "report.yaml",
        "indicators.csv",
        "observations.csv",
        "areas.csv",
    ]
    import hashlib

    pdf = next(o for o in manifest["outputs"] if o["file"].endswith(".pdf"))
    assert pdf["sha256"] == hashlib.sha256(sample_pack.pdf.read_bytes()).hexdigest()


def test_the_definitions_appendix_states_sources_and_their_dates(sample_pack: BuiltPack) -> None:
    text = " ".join(pdf_text(sample_pack.pdf).split())
    assert "Data sources Source Indicators Latest period" in text
    assert "DfE Children looked after in England (SSDA903)" in text


def test_a_killed_build_leaves_the_last_good_pack(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", SAMPLE, "-o", out, "--format", "pdf").exit_code == 0
    good = {p.name: p.read_bytes() for p in out.iterdir()}
    for how in (signal.SIGTERM, signal.SIGKILL):
        build = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reportgen.cli",
                "build",
                str(SAMPLE),
                "-o",
                str(out),
                "--format",
                "pdf",
            ],
            env={**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path / "c")},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while not list(out.glob(".*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.05)  # until the PDF is being written
        build.send_signal(how)
        build.wait(timeout=60)
        assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == good
        if how == signal.SIGTERM:
            assert not list(out.glob(".*"))  # cleaned up on the way out
    assert run_cli("build", SAMPLE, "-o", out, "--format", "pdf").exit_code == 0
    assert not list(out.glob(".*"))  # what SIGKILL left, the next build removes
