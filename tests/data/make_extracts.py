"""Cut the small extracts of real published statistics that reportgen's tests read.

python tests/data/make_extracts.py [SHARED_DATA_DIR]

SHARED_DATA_DIR holds the whole published files, laid out as dfe_csc_outcomes_enablers/...
and dfe_lait/... (default: ../shared/data beside the repository). The extracts are written
into this folder; PROVENANCE.md says where each whole file comes from and how it is cut.

CSV extracts are cut line by line: the header line and every kept record are copied as the
published bytes (byte order mark, quoting, number formatting and line endings included), in
the published order. Each extract is then read back with pandas and checked cell for cell
against the same rows of the whole file. The same run always writes the same bytes.
"""

from __future__ import annotations

import codecs
import csv
import shutil
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent.parent.parent / "shared" / "data"
CSC = "dfe_csc_outcomes_enablers"
LAIT = "dfe_lait"

Row = dict[str, str]
Keep = Callable[[Row], bool]

# Explore Education Statistics files: every row of the latest two time periods.
EES_FILES = (
    "cla_number_and_rate_per_10k_children.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2024__vintage2024.csv",
    "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "d3_cpps_subsequent_plan_2013_to_2024__vintage2024.csv",
    "csww_indicators_2017_to_2025.csv",
    "csww_indicators_2017_to_2024__vintage2024.csv",
)
# ...and in these files every year of these LAs (old_la_code): old Dorset (835) and the new
# Dorset (838) that replaced it in 2019, North Yorkshire (815) and Somerset (933), whose
# new_la_code changed in 2023, and Northamptonshire (928), abolished in 2021, with the North
# (940) and West Northamptonshire (941) that replaced it.
EES_EVERY_YEAR = {
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv": {
        "835",
        "838",
        "815",
        "933",
        "928",
        "940",
        "941",
    },
}
# ...and in these files the regional rows of these years: DfE's regional counts are rounded to
# the nearest 10 and its percentages worked out before rounding (Outer London's 2013 12.8% of
# second or subsequent plans is 550 / 4,340 = 12.7% of the rounded counts).
EES_REGIONS_IN = {"d3_cpps_subsequent_plan_2013_to_2025.csv": {"2013"}}
# ...and England's rows of these years: DfE's 2022 percentage of second or subsequent plans
# (22.7%) leaves out Doncaster, whose count it marks unreliable (u), while its totals keep it
# (14,550 / 64,390 = 22.6%). A published value stands as published.
EES_NATIONAL_IN = {"d3_cpps_subsequent_plan_2013_to_2025.csv": {"2022"}}

# LAIT: these measures (Short Desc), the latest two Years of each...
LAIT_MEASURES = (
    "CIN",
    "CPP_rate",
    "LAC",
    "ReReferral",
    "CareLeaverEET",
    "Work_Force_TO_Rate",
    "Work_Force_Vac_Rate",
    "Work_Force_Agecy_Rate",
)
# LAIT's data dictionary: the rows of those measures and of PrevRegCPR (LAIT's name for the
# second or subsequent child protection plans measure that EES's d3 file gives), whose labels
# the built-in measures follow.
DICTIONARY = "lait_data_dictionary.csv"
DICTIONARY_EXTRACT = "lait_data_dictionary__builtin_measures.csv"
DICTIONARY_MEASURES = (*LAIT_MEASURES, "PrevRegCPR")
# ...and every year of these measures for Dorset (838) and old Dorset, "Dorset (Pre LG)" (835).
LAIT_EVERY_YEAR = {"ReReferral", "Work_Force_TO_Rate"}
LAIT_DORSET = {835.0, 838.0}

# OHID Fingertips: England (and any region) and these local authorities, every row of each.
FINGERTIPS_AREAS = (
    "County Durham",
    # County Durham's ten statistical neighbours (DfE model, 2025)
    "Halton",
    "Wirral",
    "Gateshead",
    "Redcar and Cleveland",
    "Rotherham",
    "Barnsley",
    "Sunderland",
    "South Tyneside",
    "Stockton-on-Tees",
    "Darlington",
    # large, small, renamed and new authorities
    "Norfolk",
    "North Yorkshire UA",
    "Somerset UA",
    "Cumberland",
    "Westmorland and Furness",
    "Dorset",
    "Cornwall",
    "Isles of Scilly",
    "City of London",
    "Westminster",
)

COPIED = (f"{CSC}/sn_model_2025_wide.csv", f"{LAIT}/sn_may_2025.xlsx")


@dataclass(frozen=True)
class Published:
    """A published CSV file as its header line and records, each with its exact text."""

    bom: bool
    header_text: str
    header: list[str]
    records: list[tuple[str, Row]]


def _lines(text: str) -> Iterator[str]:
    """Yield the lines of `text`, each with its own line ending (LF or CRLF)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end + 1
        yield text[start:end]
        start = end


def read_published(path: Path) -> Published:
    """Read a CSV file's records, keeping the text each one was written as."""
    raw = path.read_bytes()
    bom = raw.startswith(codecs.BOM_UTF8)
    text = raw[len(codecs.BOM_UTF8) if bom else 0 :].decode("utf-8")
    consumed: list[str] = []

    def feed() -> Iterator[str]:
        for line in _lines(text):
            consumed.append(line)
            yield line

    records: list[tuple[str, list[str]]] = []
    for cells in csv.reader(feed()):
        records.append(("".join(consumed), cells))  # the lines that made up this record
        consumed.clear()
    (header_text, header), *body = records
    rows = []
    for number, (record_text, cells) in enumerate(body, start=2):
        if len(cells) != len(header):
            raise SystemExit(f"{path}: record {number} has {len(cells)} cells, not {len(header)}")
        rows.append((record_text, dict(zip(header, cells, strict=True))))
    return Published(bom, header_text, header, rows)


def cut_csv(source: Path, target: Path, keep: Keep) -> None:
    """Write the header and the records of `source` that `keep` accepts into `target`."""
    published = read_published(source)
    kept = [text for text, row in published.records if keep(row)]
    if not kept:
        raise SystemExit(f"{source}: no rows kept")
    text = published.header_text + "".join(kept)
    target.write_bytes((codecs.BOM_UTF8 if published.bom else b"") + text.encode("utf-8"))
    check_csv(source, target, keep)


def _frame(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def check_csv(source: Path, target: Path, keep: Keep) -> None:
    """Check that `target` holds exactly the rows of `source` that `keep` accepts, unchanged."""
    whole, extract = _frame(source), _frame(target)
    wanted = [keep(row) for row in whole.to_dict("records")]
    expected = whole[wanted].reset_index(drop=True)
    pd.testing.assert_frame_equal(extract, expected, check_dtype=False)
    with source.open("rb") as a, target.open("rb") as b:
        assert a.readline() == b.readline(), f"{target.name}: header differs from the source"


def latest_two(values: list[str], key: Callable[[str], object] = str) -> set[str]:
    """Return the two latest of `values` (by `key`)."""
    return set(sorted(set(values), key=key)[-2:])


def ees_keep(source: Path) -> Keep:
    rows = [row for _, row in read_published(source).records]
    periods = latest_two([row["time_period"] for row in rows], key=int)
    every_year = EES_EVERY_YEAR.get(source.name, set())
    regions_in = EES_REGIONS_IN.get(source.name, set())
    national_in = EES_NATIONAL_IN.get(source.name, set())
    return lambda row: (
        row["time_period"] in periods
        or row["old_la_code"] in every_year
        or (row["geographic_level"] == "Regional" and row["time_period"] in regions_in)
        or (row["geographic_level"] == "National" and row["time_period"] in national_in)
    )


def lait_latest(measures: list[str], years: list[str]) -> dict[str, set[str]]:
    """Return the latest two Years of each of the LAIT measures."""
    by_measure: dict[str, list[str]] = defaultdict(list)
    for measure, year in zip(measures, years, strict=True):
        if measure in LAIT_MEASURES:
            by_measure[measure].append(year)
    missing = set(LAIT_MEASURES) - set(by_measure)
    if missing:
        raise SystemExit(f"LAIT measures not found: {sorted(missing)}")
    return {measure: latest_two(found) for measure, found in by_measure.items()}


def lait_wanted(latest: dict[str, set[str]], measure: str, year: str, number: float) -> bool:
    if measure not in LAIT_MEASURES:
        return False
    return year in latest[measure] or (measure in LAIT_EVERY_YEAR and number in LAIT_DORSET)


def cut_lait_csv(source: Path, target: Path) -> None:
    rows = [row for _, row in read_published(source).records]
    latest = lait_latest([r["Short Desc"] for r in rows], [r["Years"] for r in rows])

    def keep(row: Row) -> bool:
        number = float(row["LA Number"]) if row["LA Number"] else float("nan")
        return lait_wanted(latest, row["Short Desc"], row["Years"], number)

    cut_csv(source, target, keep)


def cut_lait_parquet(source: Path, target: Path, csv_extract: Path) -> None:
    """Write the same selection of the published Parquet file, in its own schema."""
    table = pq.read_table(source)
    measures = table.column("Short Desc").to_pylist()
    years = table.column("Years").to_pylist()
    numbers = table.column("LA Number").to_pylist()
    latest = lait_latest(measures, years)
    wanted = [
        lait_wanted(latest, m, y, n) for m, y, n in zip(measures, years, numbers, strict=True)
    ]
    kept = table.filter(pa.array(wanted))
    pq.write_table(kept, target, compression="snappy")
    # Same schema as the published file, and the same rows as the CSV extract.
    assert pq.read_schema(target) == table.schema, "Parquet schema changed"
    frame = pd.read_parquet(target)
    as_text = frame.astype(object).where(frame.notna(), "")
    as_text["LA Number"] = [repr(n) if n != "" else "" for n in as_text["LA Number"]]
    pd.testing.assert_frame_equal(
        as_text.astype(str), _frame(csv_extract).astype(str), check_dtype=False
    )


def fingertips_keep(row: Row) -> bool:
    kind = row["Area Type"]
    return kind == "England" or "region" in kind.lower() or row["Area Name"] in FINGERTIPS_AREAS


def cut_fingertips(source: Path, target: Path) -> None:
    names = {row["Area Name"] for _, row in read_published(source).records}
    missing = set(FINGERTIPS_AREAS) - names
    if missing:
        raise SystemExit(f"{source.name}: areas not found: {sorted(missing)}")
    cut_csv(source, target, fingertips_keep)


def rows_of(path: Path) -> int:
    if path.suffix == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    if path.suffix == ".xlsx":
        return sum(len(sheet) for sheet in pd.read_excel(path, sheet_name=None).values())
    return len(_frame(path))


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        sys.stderr.write("usage: python tests/data/make_extracts.py [SHARED_DATA_DIR]\n")
        return 2
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    if not source.is_dir():
        sys.stderr.write(f"no such folder: {source}\n")
        return 2
    written: list[Path] = []
    for name in EES_FILES:
        whole = source / CSC / name
        cut_csv(whole, HERE / name, ees_keep(whole))
        written.append(HERE / name)
    lait_csv = HERE / "lait_bds_long__key_csc_measures_subset.csv"
    cut_lait_csv(source / LAIT / lait_csv.name, lait_csv)
    lait_parquet = HERE / "lait_bds_long.parquet"
    cut_lait_parquet(source / LAIT / "bds_long_0.parquet", lait_parquet, lait_csv)
    written += [lait_csv, lait_parquet]
    dictionary = HERE / DICTIONARY_EXTRACT
    cut_csv(
        source / LAIT / DICTIONARY,
        dictionary,
        lambda row: row["Measure_short"] in DICTIONARY_MEASURES,
    )
    written.append(dictionary)
    fingertips = HERE / "la_hospital_admissions_2324.csv"
    cut_fingertips(source / CSC / fingertips.name, fingertips)
    written.append(fingertips)
    for relative in COPIED:
        target = HERE / Path(relative).name
        shutil.copyfile(source / relative, target)
        assert target.read_bytes() == (source / relative).read_bytes()
        written.append(target)
    total = 0
    for path in written:
        size = path.stat().st_size
        total += size
        sys.stdout.write(f"{path.name:<80} {rows_of(path):>6,} rows {size:>10,} bytes\n")
    sys.stdout.write(f"{'total':<80} {'':>11} {total:>10,} bytes\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
