"""Compare two builds of a pack page by page, as pictures: does a change to the markup leave
every page looking the same? Each page is rendered at 60 dpi (poppler's pdftoppm) and compared
with matplotlib's image comparison, as the chart baselines are; prints each page that differs
by more than the tolerance (RMS of the pixel values) and exits 1 if any does.

python benchmarks/compare_pages.py BEFORE.pdf AFTER.pdf [--tolerance 2] [--dpi 60]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from matplotlib.testing.compare import compare_images


def page_images(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    folder.mkdir()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--tolerance", type=float, default=2.0)
    parser.add_argument("--dpi", type=int, default=60)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        before = page_images(arguments.before, Path(folder) / "before", arguments.dpi)
        after = page_images(arguments.after, Path(folder) / "after", arguments.dpi)
        if len(before) != len(after):
            sys.exit(f"{len(before)} pages before, {len(after)} after")
        differing = []
        for number, (old, new) in enumerate(zip(before, after, strict=True), start=1):
            result = compare_images(str(old), str(new), tol=arguments.tolerance, in_decorator=True)
            if result is not None:
                differing.append(number)
                sys.stdout.write(f"  page {number}: RMS {result['rms']:.2f}\n")
    sys.stdout.write(
        f"{len(before) - len(differing)} of {len(before)} pages the same "
        f"(RMS tolerance {arguments.tolerance})\n"
    )
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
