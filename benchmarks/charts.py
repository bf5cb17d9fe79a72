"""Time drawing each chart type (SVG and PNG, no cache); print the median per type.

python benchmarks/charts.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_charts import SPECS

from reportgen.plotting import render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    render(SPECS["sparkline"])  # load fonts and backends once, as a build does
    sys.stdout.write(
        f"median CPU time of {runs} draws per chart type, ms: SVG only (PDF builds), "
        "PNG only (Word), both (the default build)\n"
    )
    for name, spec in SPECS.items():
        medians = []
        for formats in (["svg"], ["png"], ["svg", "png"]):
            times = []
            for _ in range(runs):
                start = time.process_time()
                render(spec, formats)
                times.append(time.process_time() - start)
            medians.append(statistics.median(times) * 1000)
        sys.stdout.write(f"  {name:<12}" + "".join(f"{m:8.0f}" for m in medians) + "\n")


if __name__ == "__main__":
    main()
