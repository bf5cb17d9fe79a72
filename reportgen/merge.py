"""Imported observations into a report's tables: new figures added, revised figures replaced
and counted, nothing dropped without a line saying so."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from reportgen.areas import AreaBook
from reportgen.atomic import all_or_nothing
from reportgen.errors import InputError, Problem, echoed
from reportgen.importers import INDICATOR_FIELDS, Imported
from reportgen.inputs import TextFormat, missing_code, read_report_table, text_format
from reportgen.paths import OUTSIDE, inside
from reportgen.tables import COLUMNS
from reportgen.yamlfile import load_yaml

# A year to date may end on the same day as its last month: the start tells them apart.
KEY = ["indicator", "area", "period_start", "period_end"]
PROVENANCE = ("source", "release")  # where a figure came from: its file and row, its release
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
    # each figure a newer release gives that this import's older release would change
    kept_newer: tuple[str, ...] = ()
    # each indicator whose row in the indicators table says other than the source now does
    redefined: tuple[str, ...] = ()
    newer_releases: tuple[str, ...] = ()  # the releases those figures are kept from


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
                    f"{echoed(name)} " + OUTSIDE.format(config=config_path.name),
                    column=f"data.{table}",
                )
            )
        else:
            paths[table] = path
    if problems:
        raise InputError(problems)
    return paths


def merge(paths: dict[str, Path], imported: Imported, book: AreaBook) -> Merged:
    """Write the imported figures into the report's tables: a newer release replaces an older
    one's figures and an older release never replaces a newer one's, whatever the order of
    the imports; within a release (or where one is not known) the later import replaces the
    earlier, but a symbol (c, x, -) never replaces a figure already there."""
    incoming = pd.DataFrame(imported.observations, dtype=str).fillna("")
    existing = _read(paths["observations"])
    columns = _columns(COLUMNS["observations"], existing, incoming)
    incoming = incoming.reindex(columns=columns, fill_value="")
    existing = _restarted(existing.reindex(columns=columns, fill_value=""), incoming)
    duplicates = int(incoming.duplicated(KEY, keep="last").sum())
    # Of a figure given twice, the newer release's is kept (else the later file's).
    incoming = incoming.iloc[_release(incoming["release"]).argsort(kind="stable")]
    incoming = incoming.drop_duplicates(KEY, keep="last").set_index(KEY)
    before = existing.set_index(KEY)
    shared = before.index.intersection(incoming.index)
    old, new = before.loc[shared], incoming.loc[shared]
    old_release, new_release = _release(old["release"]), _release(new["release"])
    older, newer = new_release < old_release, new_release > old_release  # both known
    # Another source's "not available" says nothing about a figure already imported; a newer
    # release's does (DfE withdraws a figure it finds unreliable: u).
    symbol = np.array([missing_code(text) is not None for text in new["value"]], dtype=bool)
    symbol_only = symbol & (old["value"] != "").to_numpy(dtype=bool) & ~newer
    figures = ["value", "numerator", "denominator"]
    differs = (
        ((old[figures] != new[figures]) & (new[figures] != "")).any(axis=1).to_numpy(dtype=bool)
    )
    stays = older | symbol_only  # the figure already there stays
    revised_keys = shared[~stays & differs]
    kept_keys = shared[older & differs]
    combined = _combined(before, incoming, shared[stays], columns)
    indicators = _read(paths["indicators"])
    known = set(indicators.get("id", pd.Series(dtype=str)))
    new_indicators = [row for ident, row in imported.indicators.items() if ident not in known]
    redefined = _redefined(indicators, imported.indicators)
    indicators = (
        pd.concat([indicators, pd.DataFrame(new_indicators, dtype=str)])
        .reindex(columns=_columns(INDICATOR_FIELDS, indicators), fill_value="")
        .fillna("")
    )
    book.mark_statuses(combined)  # from every figure: this release may end a council
    # Each table encoded before any is written: one that cannot be written changes none.
    encoded = {
        table: _encoded(frame, paths[table])
        for table, frame in (
            ("observations", combined),
            ("indicators", indicators),
            ("areas", book.frame()),
        )
    }
    with all_or_nothing() as staging:  # the three tables change together or not at all
        for table, data in encoded.items():
            staging.write(paths[table], partial(_write_bytes, data))
    return Merged(
        added=len(incoming.index.difference(before.index)),
        revised=len(revised_keys),
        unchanged=len(shared) - len(revised_keys) - len(kept_keys),
        kept=int((symbol_only & differs).sum()),
        areas=len(book.rows),
        indicators_added=len(new_indicators),
        duplicates=duplicates,
        revisions=tuple(
            f"{_figure_key(key)}: {before.at[key, 'value']!s} -> {incoming.at[key, 'value']!s}"
            for key in revised_keys
        ),
        kept_newer=tuple(
            f"{_figure_key(key)}: {before.at[key, 'value']!s} from the "
            f"{before.at[key, 'release']!s} release, not {incoming.at[key, 'value']!s} from the "
            f"{incoming.at[key, 'release']!s} release"
            for key in kept_keys
        ),
        newer_releases=tuple(sorted({str(before.at[key, "release"]) for key in kept_keys})),
        redefined=redefined,
    )


def _redefined(table: pd.DataFrame, imported: dict[str, dict[str, str]]) -> tuple[str, ...]:
    """Return each indicator whose title or measure in the report's table differs from what
    the source says (a table written by an earlier reportgen, or edited): the table's row is
    the council's, so it is kept, and the import says how to take the source's."""
    found = []
    for row in table.to_dict("records"):
        source = imported.get(str(row.get("id", ""))) or {}
        found += [
            f"{row['id']}: {field} {echoed(row.get(field, ''))}, the source's {echoed(source[field])}"
            for field in ("title", "measure")
            if source.get(field) and row.get(field, "") != source[field]
        ]
    return tuple(found)


def _restarted(existing: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """Return the observations with the period start the import now gives a figure that an
    earlier import gave without one (a measure since dated over its year, as social worker
    turnover is): the same figure, revised in its place, never kept beside itself."""
    ending = ["indicator", "area", "period_end"]
    starts = (
        incoming[incoming["period_start"] != ""]
        .drop_duplicates(ending)
        .set_index(ending)["period_start"]
    )
    found = starts.reindex(pd.MultiIndex.from_frame(existing[ending])).to_numpy()
    undated = (existing["period_start"] == "").to_numpy(dtype=bool) & pd.notna(found)
    restarted = existing.copy()
    restarted.loc[undated, "period_start"] = found[undated]
    return restarted


def _release(releases: pd.Series) -> np.ndarray:
    """Return each figure's release as a number to compare (NaN where none is known: a
    figure typed by hand, or imported before releases were recorded)."""
    return pd.to_numeric(releases, errors="coerce").to_numpy(dtype=float)


def _combined(
    before: pd.DataFrame, incoming: pd.DataFrame, staying: pd.Index, columns: list[str]
) -> pd.DataFrame:
    """Return the observations with the incoming figures merged in: each figure from the row
    that wins (the incoming one, unless its key is `staying`), a cell it leaves blank (LAIT
    gives no numerators) taken from the other row. Where a figure came from (its source and
    release) goes with the figure, never filled from the other row."""
    rank = pd.Series(1, index=incoming.index)
    rank[staying] = -1  # read before the existing row: the existing row's cells win
    ordered = pd.concat(
        [
            before.reset_index().assign(_rank=0),
            incoming.reset_index().assign(_rank=rank.to_numpy()),
        ]
    ).sort_values("_rank", kind="stable")
    fillable = [c for c in columns if c not in (*KEY, *PROVENANCE)]
    ordered[fillable] = ordered[fillable].replace("", pd.NA)
    return (
        ordered.groupby(KEY, sort=True, dropna=False)
        .last()
        .reset_index()
        .reindex(columns=columns)
        .fillna("")
    )


def _figure_key(key: tuple[str, str, str, str]) -> str:
    indicator, area, _, end = key
    return f"{indicator}, {area}, {end}"


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
    """Return a report's table as validate reads it (any delimiter and encoding it takes),
    without its blank rows; an empty table if there is none yet."""
    return read_report_table(path)[0]


def _columns(
    contract: tuple[tuple[str, ...], tuple[str, ...]] | tuple[str, ...], *frames: pd.DataFrame
) -> list[str]:
    ordered = [c for part in contract for c in (part if isinstance(part, tuple) else (part,))]
    for frame in frames:
        ordered += [c for c in frame.columns if c not in ordered]
    return ordered


def _encoded(frame: pd.DataFrame, path: Path) -> bytes:
    """Return a table as its file is written: in the delimiter, encoding and line ending the
    file has now (UTF-8 for a new file); raise InputError for a character that encoding cannot
    hold, rather than write a file that no longer says what was imported."""
    found = text_format(path) if path.is_file() else TextFormat()
    text = frame.to_csv(index=False, sep=found.delimiter, lineterminator=found.newline)
    try:
        return text.encode(found.encoding)
    except UnicodeEncodeError as error:
        bad = text[error.start]
        row = text.count(found.newline, 0, error.start) + 1
        raise InputError(
            [
                Problem(
                    path.name,
                    f"{echoed(bad)} cannot be written in {found.name}, the encoding this file is "
                    f"saved in; nothing was imported (save {path.name} as CSV UTF-8 from "
                    "Excel, then import again)",
                    row=row,
                )
            ]
        ) from None


def _write_bytes(data: bytes, path: Path) -> None:
    path.write_bytes(data)
