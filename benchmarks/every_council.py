"""Time a pack for every council in England from the published statistics, the README's way.

Follows README.md's "A pack for your own council from published statistics": imports the
shared DfE files (EES, LAIT, the statistical-neighbour model) into one work folder, timed once,
then builds the pack of each local authority that has a statistical-neighbour group, one
output folder per council, all through one chart cache that starts empty. Prints each pack's
seconds and PDF pages, then the median, minimum, maximum and total; exits 1 if any failed.

python benchmarks/every_council.py [--data ../shared/data] [--limit N]
                                   [--formats pdf,docx,html] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import traceback
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pypdfium2
import yaml

from reportgen import pipeline
from reportgen.paths import slug
from reportgen.plotting import ChartCache

REPO = Path(__file__).resolve().parent.parent
CSC, LAIT = "dfe_csc_outcomes_enablers", "dfe_lait"
IMPORTS = [  # the README's three import commands, in order
    (
        "ees",
        [
            f"{CSC}/cla_number_and_rate_per_10k_children.csv",
            f"{CSC}/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            f"{CSC}/csww_indicators_2017_to_2025.csv",
        ],
    ),
    ("lait", [f"{LAIT}/bds_long_0.parquet"]),  # as LAIT publishes it
    ("neighbours", [f"{CSC}/sn_model_2025_wide.csv"]),
]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def report_yaml(area: str, region: str) -> dict[str, Any]:
    """Return the README's report.yaml for `area`, compared with England, its region and its
    statistical neighbours."""
    return {
        "title": "Children's services benchmarks",
        "committee": "Children and Young People Overview and Scrutiny Committee",
        "meeting_date": date(2025, 9, 15),
        "area": area,
        "council": f"{area} Council",
        "period_end": date(2025, 3, 31),
        "comparators": {
            "national": "England",
            "regional": region,
            "neighbours": f"{area} statistical neighbours",
        },
        "rating": {"scheme": "quartile"},
        "data": {
            "indicators": "indicators.csv",
            "observations": "observations.csv",
            "areas": "areas.csv",
        },
    }


def write_config(config: Path, area: str, region: str) -> None:
    config.write_text(yaml.safe_dump(report_yaml(area, region), sort_keys=False), "utf-8")


def import_published(data: Path, config: Path) -> float:
    """Run the README's imports into `config`'s tables; return the seconds they took."""
    start = time.perf_counter()
    for kind, files in IMPORTS:
        for line in pipeline.import_files(kind, [data / name for name in files], config):
            say(f"  {line}")
    return time.perf_counter() - start


def councils(areas_csv: Path) -> list[tuple[str, str]]:
    """Return (area, region) for each LA in the areas table that has a neighbour group."""
    areas = pd.read_csv(areas_csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    groups = {group for cell in areas["groups"] for group in cell.split("; ") if group}
    return [
        (str(row["area"]), str(row["region"]))
        for row in areas[areas["type"] == "la"].to_dict("records")
        if f"{row['area']} statistical neighbours" in groups
    ]


def pdf_pages(written: list[Path]) -> str:
    """Return the page count of the PDF among `written`, or "-" if none was asked for."""
    for path in written:
        if path.suffix == ".pdf":
            pdf = pypdfium2.PdfDocument(path)
            try:
                return str(len(pdf))
            finally:
                pdf.close()
    return "-"


def build_council(
    config: Path, area: str, region: str, out: Path, formats: list[str], cache: ChartCache
) -> tuple[float, str]:
    """Build `area`'s pack into its own folder under `out`; return seconds and PDF pages."""
    write_config(config, area, region)
    start = time.perf_counter()
    written = pipeline.build(config, out / slug(area), formats, cache=cache)
    return time.perf_counter() - start, pdf_pages(written)


def one_line(error: Exception) -> str:
    """Return the error, its message and the last place in reportgen it passed, on one line."""
    frames = traceback.extract_tb(error.__traceback__)
    where = [f for f in frames if "reportgen" in Path(f.filename).parts[-3:-1]] or frames
    place = f"{Path(where[-1].filename).name}:{where[-1].lineno} in {where[-1].name}"
    return f"{type(error).__name__}: {' '.join(str(error).split())} ({place})"


def summary(seconds: list[float], failed: int) -> list[str]:
    if not seconds:
        return [f"no pack was built; {failed} failed"]
    return [
        f"median {statistics.median(seconds):.1f} s per pack "
        f"(min {min(seconds):.1f} s, max {max(seconds):.1f} s)",
        f"total {sum(seconds):.1f} s for {len(seconds)} packs; {failed} failed",
    ]


def run(data: Path, root: Path, limit: int | None, formats: list[str]) -> int:
    """Import, then build every council's pack under `root`; return how many failed."""
    config = root / "work" / "report.yaml"
    config.parent.mkdir(parents=True)
    write_config(config, "County Durham", "North East")  # as the README writes it first
    say(f"importing from {data} into {config.parent}")
    say(f"import took {import_published(data, config):.1f} s")
    chosen = councils(config.parent / "areas.csv")[:limit]
    cache = ChartCache(root / "chart-cache", [pipeline.CHART_FORMATS_FOR[f] for f in formats])
    say(
        f"building {len(chosen)} packs ({', '.join(formats)}) into {root / 'packs'}, with one "
        f"chart cache for the whole run, empty at the start ({cache.folder})"
    )
    seconds, failed = [], 0
    for area, region in chosen:
        try:
            took, pages = build_council(config, area, region, root / "packs", formats, cache)
        except Exception as error:
            failed += 1
            say(f"{area:<40} failed: {one_line(error)}")
            continue
        seconds.append(took)
        say(f"{area:<40} {took:6.1f} s  {pages:>3} pages")
    for line in summary(seconds, failed):
        say(line)
    return failed


def is_empty_folder(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def parse_args() -> argparse.Namespace:
    default_data = os.environ.get("REPORTGEN_SHARED_DATA") or REPO.parent / "shared" / "data"
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument("--limit", type=int, help="build only the first N councils")
    parser.add_argument("--formats", default=",".join(pipeline.FORMATS))
    parser.add_argument("--out", type=Path, help="keep everything here (a new or empty folder)")
    args = parser.parse_args()
    args.formats = [fmt for fmt in args.formats.split(",") if fmt]
    if not args.formats or set(args.formats) - set(pipeline.FORMATS):
        parser.error(f"--formats: choose from {','.join(pipeline.FORMATS)}")
    if not args.data.is_dir():
        parser.error(f"--data: {args.data} is not a folder")
    if args.out is not None and args.out.exists() and not is_empty_folder(args.out):
        parser.error(f"--out: {args.out} is not a new or empty folder")
    return args


def main() -> None:
    args = parse_args()
    if args.out is not None:
        failed = run(args.data, args.out, args.limit, args.formats)
    else:
        with tempfile.TemporaryDirectory() as folder:
            failed = run(args.data, Path(folder), args.limit, args.formats)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
