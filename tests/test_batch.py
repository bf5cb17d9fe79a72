"""reportgen batch: a pack for each of many councils from the published files, each the same
as a single build of that council, with progress, an index, shards, and a failure in one
council stopping no other."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result

from reportgen.batch import Outcome, Progress, in_shard
from reportgen.pipeline import check

from conftest import PUBLISHED_REPORT, axe_violations, run_cli

GENERATED = "generated: 2026-11-30\n"  # the same date for the batch and the single builds
TWO = ("Hartlepool", "Darlington")


def report(england: Path, name: str, area: str, region: str = "North East") -> Path:
    path = england / f"{name}.yaml"
    path.write_text(PUBLISHED_REPORT.format(area=area, region=region) + GENERATED)
    return path


def batch(*args: str | Path) -> Result:
    return run_cli("batch", *args)


@pytest.fixture(scope="module")
def batched(england: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """Two councils and a former one (Cumbria, which has no statistical neighbours now)."""
    names = tmp_path_factory.mktemp("names") / "councils.txt"
    names.write_text("# the councils to build\nHartlepool\n\nDarlington\nCumbria\n")
    out = tmp_path_factory.mktemp("batch")
    config = report(england, "batch", "County Durham")
    return out, batch(config, "--areas", names, "-o", out, "-f", "pdf", "-f", "docx", "-j", "2")


def manifest(folder: Path) -> dict:
    return json.loads(next(folder.glob("*.manifest.json")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("area", TWO)
def test_each_councils_pack_is_byte_for_byte_its_single_build(
    england: Path, batched: tuple[Path, Result], tmp_path: Path, area: str
) -> None:
    out, _ = batched
    single = report(england, f"single-{area.lower()}", area)
    result = run_cli("build", single, "-o", tmp_path, "-f", "pdf", "-f", "docx")
    assert result.exit_code == 0, result.output
    folder = out / area.lower()
    for suffix in ("pdf", "docx"):
        built = (folder / f"children-s-services-benchmarks.{suffix}").read_bytes()
        assert built == (tmp_path / f"children-s-services-benchmarks.{suffix}").read_bytes()
    from_batch, alone = manifest(folder), manifest(tmp_path)
    assert from_batch["inputs"][1:] == alone["inputs"][1:]  # all but report.yaml's own name
    del from_batch["inputs"], alone["inputs"]
    assert from_batch == alone  # figures, ratings, warnings and the files' hashes


def test_a_failed_council_is_reported_and_stops_no_other(batched: tuple[Path, Result]) -> None:
    out, result = batched
    assert result.exit_code == 1
    assert "[3/3]" in result.output  # progress, a line per council when not on a terminal
    failure = next(line for line in result.output.splitlines() if line.startswith("failed:"))
    assert "Cumbria" in failure and "'Cumbria statistical neighbours'" in failure
    assert "3 councils in" in result.output and "2 built, 0 unchanged, 1 failed" in result.output
    assert "Traceback" not in result.output
    assert not any((out / "cumbria").glob("*.*"))
    assert all(
        (out / area.lower() / "children-s-services-benchmarks.pdf").is_file() for area in TWO
    )


def test_the_index_lists_each_council_its_files_and_its_ratings(
    batched: tuple[Path, Result],
) -> None:
    out, _ = batched
    index = pd.read_csv(out / "index.csv", keep_default_na=False, encoding="utf-8-sig")
    assert list(index["area"]) == [*TWO, "Cumbria"]
    assert list(index["status"]) == ["built", "built", "failed"]
    for row in index.itertuples():
        if row.status == "failed":
            assert "statistical neighbours" in row.reason and row.files == ""
            continue
        ratings = [r["rating"] for r in manifest(out / row.area.lower())["ratings"]]
        counts = (row.green, row.amber, row.red, row.not_rated)
        assert counts == tuple(ratings.count(r) for r in ("green", "amber", "red", None))
        assert all((out / name).is_file() for name in row.files.split("; "))
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="hartlepool/children-s-services-benchmarks.pdf"' in page
    assert "failed: " in page and '<th scope="row">Cumbria</th>' in page
    assert axe_violations(out / "index.html", out) == []


def test_a_rerun_skips_unchanged_packs_and_rebuilds_what_changed(
    england: Path, batched: tuple[Path, Result]
) -> None:
    out, _ = batched
    pdf = out / "darlington" / "children-s-services-benchmarks.pdf"
    kept = (out / "hartlepool" / "children-s-services-benchmarks.pdf").stat().st_mtime_ns
    pdf.write_bytes(b"changed by hand")
    (out.parent / "two.txt").write_text("\n".join(TWO))
    args = ("--areas", out.parent / "two.txt", "-o", out, "-f", "pdf", "-f", "docx", "-j", "1")
    again = batch(england / "batch.yaml", *args)
    assert again.exit_code == 0, again.output
    assert "Hartlepool: unchanged" in again.output and "Darlington: built" in again.output
    assert (out / "hartlepool" / "children-s-services-benchmarks.pdf").stat().st_mtime_ns == kept
    assert pdf.read_bytes().startswith(b"%PDF")
    assert list(pd.read_csv(out / "index.csv")["status"]) == ["unchanged", "built"]


def test_every_council_of_a_region_in_two_shards(england: Path, tmp_path: Path) -> None:
    config = report(england, "region", "County Durham")
    region = [a.name for a in check(config)[1].areas if a.type == "la" and a.region == "North East"]
    built = []
    for shard in ("1/2", "2/2"):
        result = batch(config, "--areas", "region:North East", "-o", tmp_path, "-f", "docx",
                       "--shard", shard)  # fmt: skip
        assert result.exit_code == 0, result.output
        index = pd.read_csv(tmp_path / f"index-{shard.replace('/', '-of-')}.csv")
        assert set(index["status"]) == {"built"}
        built += list(index["area"])
    assert sorted(built) == sorted(region) and len(region) == 12
    assert all(any((tmp_path / name.lower().replace(" ", "-")).glob("*.docx")) for name in region)


def test_shards_split_the_councils_the_same_way_whatever_else_is_chosen(england: Path) -> None:
    areas = [a for a in check(england / "report.yaml")[1].areas if a.type == "la"]
    shards = [in_shard(areas, (k, 3)) for k in (1, 2, 3)]
    assert sorted(a.name for s in shards for a in s) == sorted(a.name for a in areas)
    assert all(len(s) > len(areas) / 5 for s in shards)  # each a fair share
    some = areas[::7]
    assert in_shard(some, (2, 3)) == [a for a in shards[1] if a in some]


@pytest.mark.parametrize(
    ("areas", "said"),
    [
        ("region:Nowhere", "no council's region is 'Nowhere' (regions: East Midlands, "),
        (
            "councils.txt",
            "councils.txt:2: 'Hartlepol' is not an area of the areas table; did you mean 'Hartlepool'?",
        ),
        ("missing.txt", "missing.txt is not a file; write all, region:NAME, or a file"),
    ],
)
def test_a_wrong_choice_of_councils_is_one_clear_message(
    england: Path, tmp_path: Path, areas: str, said: str
) -> None:
    (tmp_path / "councils.txt").write_text("Hartlepool\nHartlepol\n")
    out = tmp_path / "out"
    choice = areas if areas.startswith("region:") else tmp_path / areas
    result = batch(england / "report.yaml", "--areas", choice, "-o", out)
    assert result.exit_code == 2
    assert said in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_a_shard_is_k_of_n(england: Path, tmp_path: Path) -> None:
    result = batch(england / "report.yaml", "--shard", "3/2", "-o", tmp_path)
    assert result.exit_code == 2 and "write K/N, K from 1 to N" in result.output


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_redraws_one_line_with_the_time_left() -> None:
    stream = Terminal()
    progress = Progress(3, stream)
    progress.add(Outcome("Hartlepool", "North East", "hartlepool", "built"))
    progress.add(Outcome("Cumbria", "North West", "cumbria", "failed", "no neighbours"))
    progress.add(Outcome("Darlington", "North East", "darlington", "unchanged"))
    progress.close()
    lines = stream.getvalue().split("\r")
    assert lines[1].startswith("[########----------------] 1/3 councils (1 built), about ")
    assert "s left" in lines[1]
    assert lines[2].startswith("[2/3] Cumbria: failed (no neighbours)")  # kept above the bar
    assert (
        lines[-1].rstrip()
        == "[########################] 3/3 councils (1 built, 1 unchanged, 1 failed), done"
    )
