"""The index beside a batch's packs: each council, its pack's files and its counts of
ratings, as a web page and as CSV, read from each pack's manifest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from reportgen.atomic import all_or_nothing
from reportgen.export import csv_bytes
from reportgen.jsonfile import load_json
from reportgen.render.html import environment

if TYPE_CHECKING:
    from reportgen.batch import Outcome

FILE_NAMES = {".pdf": "PDF", ".docx": "Word", ".html": "web page", ".json": "manifest"}


@dataclass(frozen=True)
class IndexRow:
    area: str
    region: str
    status: str
    reason: str
    links: tuple[tuple[str, str], ...]  # (what, path relative to the index)
    green: int
    amber: int
    red: int
    not_rated: int
    warnings: int

    @property
    def status_text(self) -> str:
        return f"failed: {self.reason}" if self.status == "failed" else self.status


def _manifest(path: Path) -> dict[str, Any]:
    """Return a pack's manifest, read within the limits of JSON (empty if it is unreadable:
    the index then lists the council without its counts)."""
    try:
        found = load_json(path)
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def index_row(out: Path, outcome: Outcome) -> IndexRow:
    """Return the council's row of the index, from its manifest (a pack skipped as unchanged
    has one too; a failed council keeps its previous pack, if any)."""
    found = sorted((out / outcome.folder).glob("*.manifest.json"))
    manifest = _manifest(found[0]) if found else {}
    files = [output["file"] for output in manifest.get("outputs", [])]
    files += [found[0].name] if found else []
    ratings = [row["rating"] for row in manifest.get("ratings", [])]
    return IndexRow(
        area=outcome.area,
        region=outcome.region,
        status=outcome.status,
        reason=outcome.reason,
        links=tuple(
            (FILE_NAMES.get(Path(name).suffix, name), f"{outcome.folder}/{name}") for name in files
        ),
        green=ratings.count("green"),
        amber=ratings.count("amber"),
        red=ratings.count("red"),
        not_rated=ratings.count(None),
        warnings=len(manifest.get("warnings", [])),
    )


def write_index(
    out: Path, outcomes: Sequence[Outcome], title: str, shard: tuple[int, int] | None
) -> list[Path]:
    """Write index.html and index.csv into `out` (index-K-of-N.* for a shard), together."""
    rows = [index_row(out, outcome) for outcome in outcomes]
    stem = "index" if shard is None else f"index-{shard[0]}-of-{shard[1]}"
    failed = sum(row.status == "failed" for row in rows)
    counts = f"{len(rows):,} councils: {len(rows) - failed:,} packs, {failed:,} failed."
    page = (
        environment()
        .get_template("batch_index.html")
        .render(title=f"{title}: every council's pack", counts=counts, rows=rows)
    )
    frame = pd.DataFrame(
        [
            {
                "area": row.area,
                "region": row.region,
                "status": row.status,
                "reason": row.reason,
                "green": row.green,
                "amber": row.amber,
                "red": row.red,
                "not_rated": row.not_rated,
                "warnings": row.warnings,
                "files": "; ".join(path for _, path in row.links),
            }
            for row in rows
        ]
    )
    targets = [out / f"{stem}.html", out / f"{stem}.csv"]
    with all_or_nothing() as staging:
        staging.write(targets[0], lambda path: path.write_text(page, encoding="utf-8"))
        staging.write(targets[1], lambda path: path.write_bytes(csv_bytes(frame)))
    return targets
