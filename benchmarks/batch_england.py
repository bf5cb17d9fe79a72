"""Every council in England in one `reportgen batch`, against building them one by one.

Imports the published DfE files into one work folder as the README says, then, each in a
fresh process with its own empty chart cache:
  batch       `reportgen batch report.yaml --areas all`;
  one by one  `reportgen build` for each council in turn (or every k-th council, with
              --every k, the total then scaled to all of them), as a user would run them.
Prints the seconds per pack, the total and the peak memory (the processes' proportional set
sizes, summed) of each, and the batch's time as a ratio of one by one.

python benchmarks/batch_england.py [--data ../shared/data] [--every 1] [--jobs N]
                                   [--formats pdf,docx,html]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd
from every_council import IMPORTS, REPO, import_published, say, write_config
from versus_weasyprint import run_measured

from reportgen.paths import slug

POLL_SECONDS = 0.5  # a batch's processes are large: looking at them often would slow it


def councils(index_csv: Path) -> list[tuple[str, str]]:
    """Return (area, region) of each council the batch built, from its index."""
    index = pd.read_csv(index_csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return list(zip(index["area"], index["region"], strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_data = os.environ.get("REPORTGEN_SHARED_DATA") or REPO.parent / "shared" / "data"
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument("--every", type=int, default=1, help="build one by one every k-th")
    parser.add_argument("--jobs", type=int, help="passed to both")
    parser.add_argument("--formats", default="pdf,docx,html")
    args = parser.parse_args()
    formats = [part for fmt in args.formats.split(",") for part in ("-f", fmt)]
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        config = work / "data" / "report.yaml"
        config.parent.mkdir()
        write_config(config, "County Durham", "North East")
        say(f"import took {import_published(args.data, config):.1f} s ({len(IMPORTS)} imports)")
        cli = [sys.executable, "-m", "reportgen.cli"]
        env = {**os.environ, "REPORTGEN_CACHE_DIR": str(work / "batch-cache")}
        command = [*cli, "batch", str(config), "--areas", "all", "-o", str(work / "batch")]
        batch_seconds, batch_peak = run_measured([*command, *formats, *jobs], env, POLL_SECONDS)
        chosen = councils(work / "batch" / "index.csv")
        say(f"batch: {len(chosen)} councils in {batch_seconds:.0f} s, peak {batch_peak:.0f} MB")
        env["REPORTGEN_CACHE_DIR"] = str(work / "one-cache")
        seconds, peak, sampled = 0.0, 0.0, chosen[:: args.every]
        for area, region in sampled:
            single = work / "data" / f"{slug(area)}.yaml"
            write_config(single, area, region)
            out = work / "one" / slug(area)
            took, mb = run_measured(
                [*cli, "build", str(single), "-o", str(out), *formats, *jobs], env
            )
            seconds, peak = seconds + took, max(peak, mb)
        one_by_one = seconds * len(chosen) / len(sampled)
    scaled = f" (scaled from {len(sampled)})" if len(sampled) < len(chosen) else ""
    say(f"totals, {len(chosen)} councils, formats {args.formats}")
    say(
        f"  batch        {batch_seconds:7.0f} s  {batch_seconds / len(chosen):5.2f} s per pack  "
        f"peak {batch_peak:5.0f} MB"
    )
    say(
        f"  one by one   {one_by_one:7.0f} s  {one_by_one / len(chosen):5.2f} s per pack  "
        f"peak {peak:5.0f} MB{scaled}"
    )
    say(f"  batch / one by one  {batch_seconds / one_by_one:4.2f}")


if __name__ == "__main__":
    main()
