"""Imported observations into a report's tables: new figures added, revised figures replaced
and counted, nothing dropped without a line saying so."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import pandas as pd

from reportgen.areas import AreaBook
from reportgen.atomic import all_or_nothing
from reportgen.errors import InputError, Problem
from reportgen.importers import INDICATOR_FIELDS, Imported
from reportgen.inputs import missing_code
from reportgen.paths import OUTSIDE, inside
from reportgen.tables import COLUMNS
from reportgen.yamlfile import load_yaml

# A year to date may end on the same day as its last month: the start tells them apart.
KEY = ["indicator", "area", "period_start", "period_end"]
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Merged:
    """What an import changed in the report's tables."""

    added: int
    revised: int
    unchanged: int
    areas: int
    indicators_added: int
    duplicates: int  # rows the import itself gave twice (same indicator, area, period)
    kept: int = 0  # figures kept where the import gave only a symbol
    revisions: tuple[str, ...] = ()  # each revised figure, before -> after


def report_tables(config_path: Path) -> dict[str, Path]:
    """Return the CSV files a report.yaml names for indicators, observations and areas (they
    need not exist yet: an import may be the first to write them)."""
    if not config_path.is_file():
        raise InputError(
            [Problem(str(config_path), "file not found (give the report.yaml to import into)")]
        )
    raw = load_yaml(config_path) or {}
    data = raw.get("data") if isinstance(raw, dict) else None
    problems = []
    paths = {}
    for table in ("indicators", "observations", "areas"):
        name = data.get(table) if isinstance(data, dict) else None
        path = inside(config_path.parent, str(name)) if name else None
        if not name or not str(name).lower().endswith(".csv"):
            problems.append(
                Problem(
                    config_path.name,
                    f"imports need a .csv file here (e.g. {table}: {table}.csv)",
                    column=f"data.{table}",
                )
            )
        elif path is None:  # an import writes here: never outside the report's folder
            problems.append(
                Problem(
                    config_path.name,
                    f"{name!r} " + OUTSIDE.format(config=config_path.name),
                    column=f"data.{table}",
                )
            )
        else:
            paths[table] = path
    if problems:
        raise InputError(problems)
    return paths


def merge(paths: dict[str, Path], imported: Imported, book: AreaBook) -> Merged:
    """Write the imported figures into the report's tables; later releases replace earlier
    figures, but a symbol (c, x, -) never replaces a figure already there."""
    incoming = pd.DataFrame(imported.observations, dtype=str).fillna("")
    existing = _read(paths["observations"])
    columns = _columns(COLUMNS["observations"], existing, incoming)
    incoming = incoming.reindex(columns=columns, fill_value="")
    duplicates = int(incoming.duplicated(KEY, keep="last").sum())
    incoming = incoming.drop_duplicates(KEY, keep="last").set_index(KEY)
    before = existing.reindex(columns=columns, fill_value="").set_index(KEY)
    shared = before.index.intersection(incoming.index)
    # Another source's "not available" says nothing about a figure already imported, and one
    # symbol for another (c for -) is no revision.
    kept = shared[
        [
            missing_code(new) is not None and old != ""
            for new, old in zip(
                incoming.loc[shared, "value"], before.loc[shared, "value"], strict=True
            )
        ]
    ]
    incoming.loc[kept, "value"] = ""
    figures = ["value", "numerator", "denominator"]
    changed = (before.loc[shared, figures] != incoming.loc[shared, figures]) & (
        incoming.loc[shared, figures] != ""
    )
    revised_keys = list(shared[changed.any(axis=1).to_numpy()])
    revisions = tuple(
        f"{ind}, {area}, {end}: {before.at[(ind, area, start, end), 'value']!s} -> "
        f"{incoming.at[(ind, area, start, end), 'value']!s}"
        for ind, area, start, end in revised_keys
    )
    # A later release replaces a figure; a cell it leaves blank (LAIT gives no numerators)
    # keeps what the earlier file gave.
    combined = (
        pd.concat([before.reset_index(), incoming.reset_index()])
        .replace("", pd.NA)
        .groupby(KEY, sort=True, dropna=False)
        .last()
        .reset_index()
        .reindex(columns=columns)
        .fillna("")
    )
    indicators = _read(paths["indicators"])
    known = set(indicators.get("id", pd.Series(dtype=str)))
    new = [row for ident, row in imported.indicators.items() if ident not in known]
    indicators = (
        pd.concat([indicators, pd.DataFrame(new, dtype=str)])
        .reindex(columns=_columns(INDICATOR_FIELDS, indicators), fill_value="")
        .fillna("")
    )
    book.mark_statuses(combined)  # from every figure: this release may end a council
    with all_or_nothing() as staging:  # the three tables change together or not at all
        for table, frame in (
            ("observations", combined),
            ("indicators", indicators),
            ("areas", book.frame()),
        ):
            staging.write(paths[table], partial(_write_csv, frame))
    return Merged(
        added=len(incoming.index.difference(before.index)),
        revised=len(revisions),
        unchanged=len(shared) - len(revisions),
        kept=len(kept),
        areas=len(book.rows),
        indicators_added=len(new),
        duplicates=duplicates,
        revisions=revisions,
    )


def latest_periods(path: Path) -> dict[str, date]:
    """Return each area's latest period_end in an observations table (none if there is none)."""
    frame = _read(path)
    if frame.empty or not {"area", "period_end"} <= set(frame.columns):
        return {}
    latest = frame.groupby("area")["period_end"].max()
    return {
        str(area): date.fromisoformat(str(day))
        for area, day in latest.items()
        if _ISO_DAY.fullmatch(str(day))
    }


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        return pd.DataFrame(dtype=str)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _columns(
    contract: tuple[tuple[str, ...], tuple[str, ...]] | tuple[str, ...], *frames: pd.DataFrame
) -> list[str]:
    ordered = [c for part in contract for c in (part if isinstance(part, tuple) else (part,))]
    for frame in frames:
        ordered += [c for c in frame.columns if c not in ordered]
    return ordered


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding="utf-8")
