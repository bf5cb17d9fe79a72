"""Time each stage of building a sample pack; print the median of several runs per stage.

python benchmarks/build_sample.py [--runs 5] [--report sample_data/marlshire/report.yaml]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportgen.build import build_pack
from reportgen.compute import compute
from reportgen.edited import read_edited
from reportgen.model import Chart, charts_in, with_charts
from reportgen.narrative import narrative_blocks
from reportgen.pipeline import check
from reportgen.plotting import ChartCache, render
from reportgen.render.docx import render_docx
from reportgen.render.html import render_html
from reportgen.render.pdf import write_pdf

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "fernshire" / "report.yaml"


def draw_uncached(chart: Chart) -> Chart:
    saved = render(chart.spec)
    return replace(chart, svg=saved["svg"].decode("utf-8"), png=saved["png"])


def median_seconds(stage: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Return the median wall time of `runs` calls of `stage`, and its last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = stage()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--report", type=Path, default=SAMPLE, help="default: Fernshire's")
    arguments = parser.parse_args()
    runs, report = arguments.runs, arguments.report
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "pack.pdf"
        timings = []
        seconds, (config, dataset) = median_seconds(lambda: check(report), runs)
        timings.append(("load and validate", seconds))
        seconds, computed = median_seconds(lambda: compute(config, dataset), runs)
        timings.append(("compute", seconds))
        seconds, pack = median_seconds(lambda: build_pack(config, computed), runs)
        timings.append(("build model", seconds))
        seconds, pack = median_seconds(lambda: with_charts(pack, draw_uncached), runs)
        charts = len(charts_in(pack))
        timings.append((f"draw {charts} charts (no cache)", seconds))
        cache = ChartCache(Path(folder) / "cache")
        with_charts(pack, cache.draw)
        seconds, _ = median_seconds(lambda: with_charts(pack, cache.draw), runs)
        timings.append(("take them from the cache", seconds))
        seconds, html = median_seconds(lambda: render_html(pack), runs)
        timings.append(("render HTML", seconds))
        seconds, _ = median_seconds(lambda: write_pdf(html, pdf), runs)
        timings.append(("HTML to PDF (WeasyPrint)", seconds))
        seconds, word = median_seconds(lambda: render_docx(pack), runs)
        timings.append(("render Word", seconds))
        edited = Path(folder) / "edited.docx"
        edited.write_bytes(word)
        places = narrative_blocks(pack)
        seconds, _ = median_seconds(lambda: read_edited(edited, places), runs)
        timings.append((f"read {len(places)} places back", seconds))
    total = sum(seconds for _, seconds in timings)
    sys.stdout.write(
        f"median of {runs} runs per stage, {report.parent.name} "
        f"({len(dataset.indicators)} indicators, {len(dataset.observations)} rows)\n"
    )
    for name, seconds in timings:
        sys.stdout.write(f"  {name:<28} {seconds * 1000:8.0f} ms  {seconds / total:5.0%}\n")
    sys.stdout.write(f"  {'total':<28} {total * 1000:8.0f} ms\n")


if __name__ == "__main__":
    main()
