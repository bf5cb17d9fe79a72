"""The sample pack's build against WeasyPrint alone, per page, as ratios anyone can repeat.

The yardstick is WeasyPrint laying out and writing a fixed document, the sample pack's
standalone HTML as reportgen built it at commit aec013a (reference-aec013a.html, 44 pages),
with the options reportgen uses (tagged PDF/UA-1). Against it, each build runs as a user
runs it, `reportgen build --format pdf --format docx` in a fresh process:
  cold       an empty cache: every chart drawn and the figures computed;
  warm       charts and computed figures from the cache;
  narrative  warm, after an officer's words changed in the narrative file.
Prints the median seconds, seconds per page, the ratio to the yardstick per page, and the
peak memory of the build (its processes' proportional set sizes, summed at each moment); then the time
`reportgen --help` takes. Beside the builds it prints the engine's floor for the pack's own pages:
WeasyPrint alone on the HTML the build hands it, and on the same HTML with every chart blank
(the text and tables only), which no build of those pages can go below.

python benchmarks/versus_weasyprint.py [--runs 3] [--report sample_data/fernshire/report.yaml]
                                       [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pypdfium2
import yaml
from weasyprint import HTML

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference-aec013a.html"
SAMPLE = HERE.parent / "sample_data" / "fernshire" / "report.yaml"
POLL_SECONDS = 0.02
BLANK_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'


def weasyprint_alone(target: Path) -> float:
    """Return the seconds WeasyPrint takes to turn the reference HTML into a tagged PDF."""
    html = REFERENCE.read_text(encoding="utf-8")
    start = time.perf_counter()
    HTML(string=html).write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True)
    return time.perf_counter() - start


def engine_on_pack(report: Path, cache: Path, target: Path, blank: bool) -> float:
    """Return the seconds WeasyPrint takes on the HTML the build of `report` hands it; with
    `blank`, every chart an empty picture of its size, leaving the text and tables."""
    from reportgen.build import build_pack
    from reportgen.compute import compute
    from reportgen.model import with_charts
    from reportgen.pipeline import check
    from reportgen.plotting import ChartCache
    from reportgen.render.html import render_html
    from reportgen.render.pdf import write_pdf

    config, dataset = check(report)
    pack = with_charts(build_pack(config, compute(config, dataset)), ChartCache(cache).draw)
    if blank:
        pack = with_charts(pack, lambda chart: replace(chart, svg=BLANK_SVG))
    html = render_html(pack)
    start = time.perf_counter()
    write_pdf(html, target)
    return time.perf_counter() - start


def pages(pdf: Path) -> int:
    return len(pypdfium2.PdfDocument(pdf))


def tree_memory_kb(pid: int) -> int:
    """Return the proportional set size of a process and all its descendants, in kB: each
    page they share (a forked worker's) counted once between them, not once per process."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += next(
                int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue  # it ended while we looked
    return total


def run_measured(
    command: list[str], env: dict[str, str], poll: float = POLL_SECONDS
) -> tuple[float, float]:
    """Run `command`; return its wall seconds and the peak memory of its process tree, MB,
    looked at every `poll` seconds (reading a large process's memory map takes a while)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_memory_kb(process.pid))
        time.sleep(poll)
    seconds = time.perf_counter() - start
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed with exit status {process.returncode}")
    return seconds, peak / 1024


def change_a_word(report: Path, round_number: int) -> None:
    """Write an officer's words into the first place of the narrative file, different each
    round, as a narrative-only edit between builds."""
    with report.open(encoding="utf-8") as file:
        narrative = report.parent / (yaml.safe_load(file).get("narrative") or "narrative.yaml")
    from reportgen.pipeline import narrative_status

    key = narrative_status(report)[0][0][0]
    entries = yaml.safe_load(narrative.read_text(encoding="utf-8")) if narrative.exists() else {}
    entries = entries or {}
    entries[key] = f"Performance held steady this quarter (draft {round_number})."
    narrative.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--report", type=Path, default=SAMPLE, help="default: Fernshire's")
    parser.add_argument("--jobs", type=int, help="passed to reportgen build")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        reference_pdf = work / "reference.pdf"
        reference = statistics.median(
            weasyprint_alone(reference_pdf) for _ in range(arguments.runs)
        )
        reference_pages = pages(reference_pdf)
        per_reference_page = reference / reference_pages
        shutil.copytree(arguments.report.parent, work / "report")
        report = work / "report" / arguments.report.name
        out, cache = work / "out", work / "cache"
        env = {**os.environ, "REPORTGEN_CACHE_DIR": str(cache)}
        build = [sys.executable, "-m", "reportgen.cli", "build", str(report), "-o", str(out)]
        build += ["--format", "pdf", "--format", "docx"]
        if arguments.jobs:
            build += ["--jobs", str(arguments.jobs)]
        results: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": [], "narrative": []}
        for round_number in range(arguments.runs):
            shutil.rmtree(cache, ignore_errors=True)
            results["cold"].append(run_measured(build, env))
            results["warm"].append(run_measured(build, env))
            change_a_word(report, round_number)
            results["narrative"].append(run_measured(build, env))
        built_pages = pages(next(out.glob("*.pdf")))
        floors = {
            name: statistics.median(
                engine_on_pack(report, cache, work / "floor.pdf", blank)
                for _ in range(arguments.runs)
            )
            for name, blank in (("its HTML", False), ("charts blank", True))
        }
        help_seconds = statistics.median(
            run_measured([sys.executable, "-m", "reportgen.cli", "--help"], env)[0]
            for _ in range(arguments.runs)
        )
    out_line = sys.stdout.write
    out_line(f"median of {arguments.runs} runs\n")
    out_line(
        f"  WeasyPrint alone, reference      {reference:6.2f} s  "
        f"{per_reference_page:.3f} s/page ({reference_pages} pages)\n"
    )
    cold = statistics.median(seconds for seconds, _ in results["cold"])
    for name, measured in results.items():
        seconds = statistics.median(s for s, _ in measured)
        peak = max(mb for _, mb in measured)
        per_page = seconds / built_pages
        out_line(
            f"  build {name:<10} {built_pages:3} pages  {seconds:6.2f} s  {per_page:.3f} s/page  "
            f"ratio {per_page / per_reference_page:4.2f}  peak {peak:5.0f} MB\n"
        )
    for name, seconds in floors.items():
        per_page = seconds / built_pages
        out_line(
            f"  WeasyPrint alone, {name:<14} {seconds:6.2f} s  {per_page:.3f} s/page  "
            f"ratio {per_page / per_reference_page:4.2f}\n"
        )
    narrative = statistics.median(s for s, _ in results["narrative"])
    out_line(f"  narrative-only rebuild / cold build   {narrative / cold:4.2f}\n")
    out_line(f"  reportgen --help                 {help_seconds:6.2f} s\n")


if __name__ == "__main__":
    main()
