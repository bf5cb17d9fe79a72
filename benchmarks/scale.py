"""Time and measure a generated pack of N indicators, stage by stage, each build in a fresh process.

python benchmarks/scale.py [--sizes 100 1000] [--full] [--runs 1]

The pack is Fernshire's sample with its indicators (and their observations) copied as
`<id>_<k>` until there are N, copy by copy so that every theme grows alike. Each build runs in
its own process, with its own empty chart cache, so that its peak memory is its own. Prints each
stage's seconds, milliseconds per indicator and the process's peak RSS after it, then how the
time per indicator at the largest size compares with the smallest.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "fernshire"
Measured = dict[str, tuple[float, float]]  # stage -> (seconds, peak RSS in MB after it)
STAGES = ("load and validate", "compute", "build model", "draw charts", "HTML", "PDF", "Word")


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, columns)
        writer.writeheader()
        writer.writerows(rows)


def copies(indicators: list[dict[str, str]]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (copy number, indicator) endlessly: the sample's indicators, copy after copy, each
    copy's in theme-interleaved order so that a part-copy takes from every theme alike."""
    by_theme: dict[str, list[dict[str, str]]] = {}
    for row in indicators:
        by_theme.setdefault(row["theme"], []).append(row)
    interleaved = [
        row for rows in itertools.zip_longest(*by_theme.values()) for row in rows if row is not None
    ]
    for k in itertools.count():
        for row in interleaved:
            yield k, row


def renamed(row: dict[str, str], k: int) -> dict[str, str]:
    """Return the indicator as its k-th copy (the first is the sample's own)."""
    if k == 0:
        return row
    copy = {**row, "id": f"{row['id']}_{k}", "title": f"{row['title']} ({k + 1})"}
    if copy.get("group"):  # each copy's categories make a distribution of their own
        copy["group"] = f"{row['group']} ({k + 1})"
    return copy


def shifted(observation: dict[str, str], k: int) -> dict[str, str]:
    """Return the k-th copy's figures: the sample's, a little smaller, so that each copy's
    charts differ (identical pictures would be stored once in the Word file, hiding its cost).
    A figure given by its counts is kept, so that it still agrees with them."""
    text = observation["value"]
    if observation.get("numerator") or observation.get("denominator"):
        return {}
    try:
        number = float(text) * (1 - 0.001 * (k % 100))
    except ValueError:  # blank, or a suppression code such as c
        return {}
    return {"value": f"{number:.{len(text.partition('.')[2])}f}"}


def make_pack(folder: Path, size: int) -> Path:
    """Write a pack of `size` indicators into `folder`; return its report.yaml."""
    for name in ("report.yaml", "areas.csv"):
        shutil.copy(SAMPLE / name, folder / name)
    columns, indicators = read_rows(SAMPLE / "indicators.csv")
    picked = list(itertools.islice(copies(indicators), size))
    write_rows(folder / "indicators.csv", columns, [renamed(row, k) for k, row in picked])
    columns, observations = read_rows(SAMPLE / "observations.csv")
    of_indicator: dict[str, list[dict[str, str]]] = {}
    for row in observations:
        of_indicator.setdefault(row["indicator"], []).append(row)
    rows = [
        {**obs, **shifted(obs, k), "indicator": renamed(row, k)["id"]}
        for k, row in picked
        for obs in of_indicator[row["id"]]
    ]
    write_rows(folder / "observations.csv", columns, rows)
    return folder / "report.yaml"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux gives KiB


def build_stages(report: Path, cache_folder: Path) -> Iterator[tuple[str, Callable[[], Any]]]:
    """Yield each stage of a build as (name, the call that does it), in order."""
    from reportgen.build import build_pack
    from reportgen.compute import compute
    from reportgen.model import with_charts
    from reportgen.pipeline import check
    from reportgen.plotting import ChartCache
    from reportgen.render.docx import render_docx
    from reportgen.render.html import render_html
    from reportgen.render.pdf import write_pdf

    done: dict[str, Any] = {}
    cache = ChartCache(cache_folder, ("svg", "png"))
    yield STAGES[0], lambda: done.update(zip(("config", "dataset"), check(report), strict=True))
    yield STAGES[1], lambda: done.update(computed=compute(done["config"], done["dataset"]))
    yield STAGES[2], lambda: done.update(pack=build_pack(done["config"], done["computed"]))
    yield STAGES[3], lambda: done.update(pack=with_charts(done["pack"], cache.draw))
    yield STAGES[4], lambda: done.update(html=render_html(done["pack"]))
    yield STAGES[5], lambda: write_pdf(done["html"], cache_folder.parent / "pack.pdf")
    yield STAGES[6], lambda: render_docx(done["pack"])


def child(size: int) -> None:
    """Build a pack of `size` indicators; print each stage's seconds and peak MB as JSON."""
    with tempfile.TemporaryDirectory() as folder:
        report = make_pack(Path(folder), size)
        measured = {}
        for name, stage in build_stages(report, Path(folder) / "cache"):
            start = time.perf_counter()
            stage()
            measured[name] = (time.perf_counter() - start, peak_mb())
    sys.stdout.write(json.dumps(measured) + "\n")


def build_once(size: int) -> Measured:
    """Build in a fresh interpreter, so its peak memory is this build's alone."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(size)],
        check=True,
        stdout=subprocess.PIPE,  # its warnings and any traceback go to the terminal
        text=True,
    )
    result: Measured = json.loads(done.stdout.splitlines()[-1])
    return result


def medians(runs: list[Measured]) -> Measured:
    return {
        name: (
            statistics.median(run[name][0] for run in runs),
            statistics.median(run[name][1] for run in runs),
        )
        for name in STAGES
    }


def show(size: int, measured: Measured) -> None:
    total = sum(seconds for seconds, _ in measured.values())
    say(f"{size:,} indicators{'':14}  seconds  ms/indicator  peak MB")
    for name, (seconds, peak) in [*measured.items(), ("total", (total, max_peak(measured)))]:
        say(f"  {name:<30} {seconds:7.2f} {seconds / size * 1000:12.2f} {peak:8.0f}")


def max_peak(measured: Measured) -> float:
    return max(peak for _, peak in measured.values())


def show_ratios(smallest: int, largest: int, results: dict[int, Measured]) -> None:
    say(f"time per indicator at {largest:,} / at {smallest:,} (1.0 is linear)")
    for name in [*STAGES, "total"]:
        ratio = per_indicator(results, largest, name) / per_indicator(results, smallest, name)
        say(f"  {name:<30} {ratio:6.2f}")


def per_indicator(results: dict[int, Measured], size: int, stage: str) -> float:
    measured = results[size]
    if stage == "total":
        return sum(seconds for seconds, _ in measured.values()) / size
    return measured[stage][0] / size


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--full", action="store_true", help="add 5,000 indicators")
    parser.add_argument("--runs", type=int, default=1, help="builds per size; medians shown")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child)
        return
    sizes = sorted(set(arguments.sizes) | ({5000} if arguments.full else set()))
    results = {}
    for size in sizes:
        results[size] = medians([build_once(size) for _ in range(arguments.runs)])
        show(size, results[size])
    if len(sizes) > 1:
        show_ratios(sizes[0], sizes[-1], results)


if __name__ == "__main__":
    main()
