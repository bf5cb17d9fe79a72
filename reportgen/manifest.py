"""The build's audit trail: a small JSON file beside the pack naming every input with its
SHA-256, the rules applied, the warnings given and every output with its SHA-256, so an
archived pack can be proved to be the one these inputs make."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from reportgen import __version__
from reportgen.config import Config
from reportgen.export import csv_bytes


def sha256(path: Path) -> str:
    """Return a file's SHA-256 as hexadecimal."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inputs(config: Config) -> list[dict[str, str]]:
    """Return the files a pack is built from, each with its SHA-256, as the manifest lists them."""
    paths = [config.path, *config.data.values()]
    if config.narrative is not None and config.narrative.is_file():
        paths.append(config.narrative)
    return [{"file": _relative(path, config.path.parent), "sha256": sha256(path)} for path in paths]


def write_manifest(
    target: Path,
    config: Config,
    outputs: dict[Path, Path],
    warnings: list[str],
    table: pd.DataFrame,
) -> None:
    """Write the manifest of a build (deterministic: no clock, paths relative to the config);
    `outputs` maps each output's final path to the file that holds it now. It keeps the
    SHA-256 of the computed table (as `reportgen compute` writes it as CSV) and the home
    area's ratings, which the next report's `previous:` reads."""
    manifest = {
        "reportgen": __version__,
        "generated": config.generated.isoformat(),
        "report": config.title,
        "area": config.area,
        "period_end": config.period_end.isoformat(),
        "audience": config.audience,
        "suppression": {
            "count": config.suppression.count,
            "denominator": config.suppression.denominator,
            "symbol": config.suppression.symbol,
        }
        if config.audience == "public"
        else None,
        "rating": {
            "scheme": config.rating.scheme,
            "tolerance": str(config.rating.tolerance),
            "confidence": config.rating.confidence,
        },
        "inputs": inputs(config),
        "outputs": [
            {"file": final.name, "sha256": sha256(holding)} for final, holding in outputs.items()
        ],
        "files_read_once": {  # read when report.yaml was loaded: the logo and Word template
            name: hashlib.sha256(data).hexdigest()
            for name, data in (
                ("logo", config.logo[1] if config.logo else None),
                ("word_template", config.word_template),
            )
            if data
        },
        "warnings": warnings,
        "computed_table": {
            "sha256": hashlib.sha256(csv_bytes(table)).hexdigest(),
            "rows": len(table),
        },
        "sources": figure_sources(table),
        "ratings": [
            {
                "indicator": row.indicator,
                "title": row.title,
                "rating": row.rating if isinstance(row.rating, str) else None,
                "period": row.period_label,
                "reason": row.rating_reason,
            }
            for row in table[table["area"] == config.area].itertuples()
        ],
    }
    target.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def figure_sources(table: pd.DataFrame) -> list[dict[str, object]]:
    """Return the files the computed table's figures came from (the published files imported,
    or the observations table for figures typed there), each with the releases its figures
    are from and how many figures it gave."""
    columns = [c for c in table.columns if c == "source" or c.endswith("_source")]
    if not columns:
        return []
    pairs = pd.concat(
        [
            table[["indicator", column, column.removesuffix("source") + "release"]].set_axis(
                ["indicator", "source", "release"], axis=1
            )
            for column in columns
        ]
    )
    # Each figure once (a latest figure is another row's comparator; a row of a file may give
    # several indicators).
    pairs = pairs[pairs["source"].notna()].drop_duplicates(["indicator", "source"])
    files = pairs["source"].map(lambda source: str(source).rpartition(":")[0] or str(source))
    found = []
    for file, group in pairs.groupby(files, sort=True):
        releases = sorted({int(release) for release in group["release"].dropna()})
        found.append({"file": str(file), "releases": releases, "figures": len(group)})
    return found


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.name
