"""Shared fixtures: the sample pack built once, small data sets written per test, real data
(extracts of published statistics in tests/data, described in tests/data/PROVENANCE.md)."""

from __future__ import annotations

import html
import io
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pdfua
import pytest
from click.testing import CliRunner, Result
from matplotlib.text import Text

from reportgen import plotting
from reportgen.build import build_pack
from reportgen.cli import main
from reportgen.compute import compute
from reportgen.logs import Kept
from reportgen.model import Chart, Heading, Pack, with_charts
from reportgen.pipeline import check

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data" / "fernshire" / "report.yaml"
# Tests draw charts into a cache of their own, never the user's.
os.environ["REPORTGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="reportgen-test-cache-")
REAL_DATA = Path(__file__).resolve().parent / "data"


def run_cli(*args: str | Path) -> Result:
    """Return the result of running reportgen's command line with `args`."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def real_data(name: str) -> Path:
    """Return tests/data/`name`, an extract of a published file; fail, never skip, if missing."""
    path = REAL_DATA / name
    if not path.is_file():
        pytest.fail(
            f"real data extract missing: {path} (python tests/data/make_extracts.py "
            "regenerates the extracts from the whole published files)"
        )
    return path


def text_clashes(spec: Any) -> list[str]:
    """Return each piece of a chart's text that runs off the figure or overlaps another,
    measured as matplotlib lays the chart out (the boxes are those of the drawn glyphs)."""
    with plotting.drawn(spec) as figure:
        renderer = figure.canvas.get_renderer()
        ticks = [
            tick
            for axes in figure.axes
            for axis in (axes.xaxis, axes.yaxis)
            for tick in (*axis.get_major_ticks(), *axis.get_minor_ticks())
        ]
        drawn_ticks = {  # matplotlib keeps labels for ticks beyond the axis, and draws none
            id(label)
            for axes in figure.axes
            for axis in (axes.xaxis, axes.yaxis)
            for tick in axis.get_major_ticks()
            if _within(tick.get_loc(), axis.get_view_interval())
            for label in (tick.label1, tick.label2)
        }
        tick_labels = {id(label) for tick in ticks for label in (tick.label1, tick.label2)}
        texts = [
            (t.get_text().replace("\n", " "), t.get_window_extent(renderer))
            for t in figure.findobj(Text)
            if t.get_visible()
            and t.get_text().strip()
            and (id(t) not in tick_labels or id(t) in drawn_ticks)
        ]
    bounds = figure.bbox
    clashes = [
        f"{spec.title}: {text!r} runs off the chart"
        for text, box in texts
        if box.x0 < bounds.x0 - 0.5
        or box.y0 < bounds.y0 - 0.5
        or box.x1 > bounds.x1 + 0.5
        or box.y1 > bounds.y1 + 0.5
    ]
    for i, (text, box) in enumerate(texts):
        for other, other_box in texts[i + 1 :]:
            overlap_x = min(box.x1, other_box.x1) - max(box.x0, other_box.x0)
            overlap_y = min(box.y1, other_box.y1) - max(box.y0, other_box.y0)
            if overlap_x > 0.5 and overlap_y > 0.5:
                clashes.append(f"{spec.title}: {text!r} overlaps {other!r}")
    return clashes


def _within(value: float, interval: Any) -> bool:
    low, high = sorted(interval)
    slack = (high - low) * 1e-9
    return low - slack <= value <= high + slack


def pdfua_findings(path: Path) -> list[str]:
    """Return what the independent PDF/UA-1 checker pdfua finds in a PDF, errors and
    warnings alike, one line each."""
    report = pdfua.validate(str(path))
    return [f"{f.rule_id} {f.severity.name} {f.location}: {f.message}" for f in report.findings]


AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_RUN = """<script>
axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
  .then(r => { const out = document.createElement("pre"); out.id = "axe-results";
    out.textContent = JSON.stringify(r.violations.map(v => [v.id, v.impact,
      v.nodes.map(n => n.target.join(" ")).slice(0, 3)])); document.body.append(out); });
</script>"""


# The Debian package that brings each program the tests run: the README's test command must
# install every one (test_packaging checks it against every program a test asks for).
PROGRAM_PACKAGES = {
    "pdftoppm": "poppler-utils",
    "libreoffice": "libreoffice-writer",
    "soffice": "libreoffice-writer",
    "chromium": "chromium",
}


def program(*names: str) -> str:
    """Return the first of `names` installed; fail in CI, skip elsewhere, if none is."""
    found = next((path for name in names if (path := shutil.which(name))), None)
    if found is None:
        package = PROGRAM_PACKAGES[names[0]]
        if os.environ.get("CI"):
            pytest.fail(
                f"{names[0]} is not installed (the README's test command installs {package})"
            )
        pytest.skip(f"{names[0]} is not installed here (apt-get install {package})")
    return found


def libreoffice() -> str:
    """Return the LibreOffice command."""
    return program("libreoffice", "soffice")


def chromium_flags(profile: Path) -> list[str]:
    """Return the command that runs headless Chromium with nothing but the page to do."""
    return [
        program("chromium"),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]


def axe_violations(page: Path, folder: Path) -> list[Any]:
    """Return what axe-core finds against WCAG 2.2 A and AA in a standalone HTML page, run
    in headless Chromium: [rule, impact, the first few elements] for each rule broken."""
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core is not installed ({AXE}; npm install --prefix tests)")
        pytest.skip("axe-core is not installed here (npm install --prefix tests)")
    checked = folder / f"axe-{page.name}"
    script = f"<script>{AXE.read_text(encoding='utf-8')}</script>" + AXE_RUN % json.dumps(
        WCAG_22_AA
    )
    checked.write_text(
        page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8"
    )
    dom = subprocess.run(
        [
            *chromium_flags(folder / "profile"),
            "--virtual-time-budget=60000",
            "--dump-dom",
            checked.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', dom, re.S)
    assert found, "axe-core did not finish in headless Chromium"
    return list(json.loads(html.unescape(found.group(1))))


def word_file(text: str = "Officers' words") -> bytes:
    """Return the bytes of a small, sound Word file holding one paragraph."""
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rated_tables(document: Any) -> list[Any]:
    """Return a Word document's indicator tables: those whose last column is the rating."""
    return [
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "Indicator" and t.rows[0].cells[-1].text == "Rating"
    ]


@dataclass(frozen=True)
class BuiltPack:
    pdf: Path
    docx: Path
    weasyprint_errors: tuple[str, ...]


@pytest.fixture(scope="session")
def sample_pack(tmp_path_factory: pytest.TempPathFactory) -> BuiltPack:
    """Build the sample pack once for the session, noting any WeasyPrint error logs."""
    out = tmp_path_factory.mktemp("sample-pack")
    errors = Kept(logging.ERROR)
    logging.getLogger("weasyprint").addHandler(errors)
    try:
        result = run_cli("build", SAMPLE, "-o", out)
    finally:
        logging.getLogger("weasyprint").removeHandler(errors)
    assert result.exit_code == 0, result.output
    return BuiltPack(
        pdf=next(out.glob("*.pdf")),
        docx=next(out.glob("*.docx")),
        weasyprint_errors=tuple(errors.messages),
    )


@pytest.fixture(scope="session")
def sample_model() -> Pack:
    """Return the sample pack's document model (charts not yet drawn)."""
    config, dataset = check(SAMPLE)
    return build_pack(config, compute(config, dataset))


@pytest.fixture(scope="session")
def sample_charts(sample_model: Pack) -> list[Chart]:
    """Return every chart of the sample pack's model, in reading order."""
    found: list[Chart] = []
    with_charts(sample_model, lambda chart: found.append(chart) or chart)
    return found


def section_titles(pack: Pack) -> list[str]:
    """Return the title (first heading) of each section of a pack."""
    return [
        next(b.text for b in s.blocks if isinstance(b, Heading))
        for s in pack.sections
        if any(isinstance(b, Heading) for b in s.blocks)
    ]


INDICATORS = textwrap.dedent("""\
    id,title,theme,unit,polarity,kind,measure,decimals
    REREF,Re-referrals within 12 months,Contacts and referrals,percent,low,tracker,flow,0
    CIC-RATE,"Children in care per 10,000 children",Children in care,rate_per_10k,low,tracker,stock,0
    EHCP-20WK,EHCPs issued within 20 weeks,SEND and EHCPs,percent,high,target,flow,0
    """)
OBSERVATIONS = textwrap.dedent("""\
    indicator,area,period_end,value,numerator,denominator,target
    REREF,Testshire,2025-06-30,21,,,
    REREF,Testshire,2025-09-30,18,,,
    REREF,England,2025-03-31,22,,,
    CIC-RATE,Testshire,2025-06-30,110,,,
    CIC-RATE,Testshire,2025-09-30,,1183,101000,
    CIC-RATE,England,2025-03-31,70,,,
    EHCP-20WK,Testshire,2025-06-30,55,,,60
    EHCP-20WK,Testshire,2025-09-30,c,,,60
    """)
REPORT = textwrap.dedent("""\
    title: Test pack
    committee: Children and Young People Overview and Scrutiny Committee
    meeting_date: 2026-01-12
    area: Testshire
    period_end: 2025-09-30
    comparators:
      national: England
    data:
      indicators: indicators.csv
      observations: observations.csv
    """)


@pytest.fixture
def make_report(tmp_path: Path) -> Callable[..., Path]:
    """Return a function writing a small report (defaults valid) and returning its report.yaml."""

    def make(
        report: str = REPORT,
        indicators: str = INDICATORS,
        observations: str = OBSERVATIONS,
        **extra_files: str | bytes,
    ) -> Path:
        files: dict[str, str | bytes] = {
            "report.yaml": report,
            "indicators.csv": indicators,
            "observations.csv": observations,
            **extra_files,
        }
        for name, content in files.items():
            path = tmp_path / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return tmp_path / "report.yaml"

    return make


@pytest.fixture(autouse=True)
def _quiet_reportgen_logger() -> Iterator[None]:
    """Undo what the CLI does to reportgen's logger, so tests do not leak into each other."""
    logger = logging.getLogger("reportgen")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate


# Every council in England from the published files, imported as the README says.
PUBLISHED_IMPORTS = (
    (
        "ees",
        (
            "cla_number_and_rate_per_10k_children.csv",
            "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        ),
    ),
    ("ees", ("csww_indicators_2017_to_2025.csv",)),
    ("lait", ("lait_bds_long__key_csc_measures_subset.csv",)),
    ("neighbours", ("sn_model_2025_wide.csv",)),
)
PUBLISHED_REPORT = """\
title: Children's services benchmarks
committee: Children and Young People Overview and Scrutiny Committee
meeting_date: 2025-09-15
area: {area}
council: {area} Council
period_end: 2025-03-31
comparators: {{national: England, regional: "{region}", neighbours: "{area} statistical neighbours"}}
rating: {{scheme: quartile}}
data: {{indicators: indicators.csv, observations: observations.csv, areas: areas.csv}}
"""


@pytest.fixture(scope="session")
def england(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder holding every council's figures, imported as the README says; its
    report.yaml names County Durham. Tests write their own reports beside it, never over it."""
    folder = tmp_path_factory.mktemp("england")
    report = folder / "report.yaml"
    report.write_text(PUBLISHED_REPORT.format(area="County Durham", region="North East"))
    for kind, names in PUBLISHED_IMPORTS:
        result = run_cli("import", kind, *map(real_data, names), "--into", report)
        assert result.exit_code == 0, result.output
    return folder
