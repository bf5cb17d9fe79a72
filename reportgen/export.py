"""The computed indicator table as CSV or XLSX: every figure, reference and rating an analyst
needs to check the pack's colours, written so no cell can run as a spreadsheet formula."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

from reportgen.compute import Computed, ComputedRow, Figure
from reportgen.config import Config
from reportgen.formatting import plain_number
from reportgen.reasons import rating_reason

EXPORT_SUFFIXES = (".csv", ".xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BENCHMARKS = ("national", "regional", "neighbours", "best_neighbour", "top_quartile")
RATED_AGAINST = ("national", "regional", "neighbours")


def computed_frame(computed: Computed, config: Config) -> pd.DataFrame:
    """Return one row per indicator and area with its figures, references and ratings, and
    each rating's reason in words (as the pack gives it)."""
    frame = pd.DataFrame.from_records(
        [
            _record(row, computed.part_of.get(row.area, ""), computed.observations)
            | {"rating_reason": rating_reason(row, config)}
            for row in computed.rows
        ]
    )
    releases = [c for c in frame.columns if c.endswith("release")]
    frame[releases] = frame[releases].astype("Int64")  # 2025, not 2025.0
    return frame


def write_table(frame: pd.DataFrame, target: Path, suffix: str) -> None:
    """Write the table as CSV (UTF-8 with BOM, for Excel) or XLSX, as `suffix` says."""
    if suffix.lower() == ".xlsx":
        _write_xlsx(frame, target)
    else:
        target.write_bytes(csv_bytes(frame))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return the table as `reportgen compute` writes it as CSV, byte for byte (the manifest
    keeps its SHA-256, so a pack's table can be proved)."""
    text: str = frame.map(_csv_safe).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig")


def _figure_columns(prefix: str, figure: Figure | None, table: str) -> dict[str, Any]:
    return {
        f"{prefix}_value": None if figure is None else _number(figure.value),
        f"{prefix}_missing": figure.missing or None if figure else None,
        f"{prefix}_period_end": None if figure is None else figure.period_end.isoformat(),
        **_provenance(f"{prefix}_", figure, table),
    }


def _provenance(prefix: str, figure: Figure | None, table: str) -> dict[str, Any]:
    """Return where a figure came from: the published file and row an import took it from,
    else the observations table's row as a spreadsheet shows it (none for a figure computed
    from others, such as a mean); and the release it is from."""
    if figure is None:
        source = None
    elif figure.source:
        source = figure.source
    else:
        source = f"{table}:{figure.row}" if figure.row else None
    return {
        f"{prefix}source": source,
        f"{prefix}release": None if figure is None else figure.release,
    }


def _number(value: float) -> float | None:
    """Return a figure for the table without float noise (3.36 x 4 is 13.44, not
    13.440000000000001), or None where there is none."""
    return None if value is None or math.isnan(value) else float(plain_number(value))


def _year_to_date_columns(prefix: str, figure: Figure | None, table: str) -> dict[str, Any]:
    start = figure.period_start if figure else None
    return _figure_columns(prefix, figure, table) | {
        f"{prefix}_period_start": start.isoformat() if start else None,
        f"{prefix}_derived": None if figure is None else bool(figure.basis),
    }


def _record(row: ComputedRow, part_of: str, table: str) -> dict[str, Any]:
    indicator, latest = row.indicator, row.latest
    record: dict[str, Any] = {
        "indicator": indicator.id,
        "ref": indicator.ref or None,
        "title": indicator.title,
        "area": row.area,
        "part_of": part_of or None,
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "kind": indicator.kind,
        "scheme": row.scheme,
        "tolerance": str(row.tolerance) if row.scheme in ("tolerance", "dtcg") else None,
        "period_start": latest.period_start.isoformat() if latest.period_start else None,
        "period_end": latest.period_end.isoformat(),
        "period_label": latest.label,
        "annualised": latest.annualised,
        "value": _number(latest.value),
        "missing": latest.missing or None,
        "numerator": _number(latest.numerator),
        "denominator": _number(latest.denominator),
        "target": _number(latest.target),
        **_provenance("", latest, table),
        **_figure_columns("previous", row.previous, table),
        **_figure_columns("year_ago", row.year_ago, table),
        **_year_to_date_columns("ytd", row.ytd, table),
        **_year_to_date_columns("previous_ytd", row.previous_ytd, table),
    }
    for role in BENCHMARKS:
        figure = row.comparators.get(role)
        record |= _figure_columns(role, figure, table)
        if role == "best_neighbour":
            record["best_neighbour_area"] = figure.area if figure else None
        elif role in ("neighbours", "top_quartile"):
            record[f"{role}_basis"] = figure.basis if figure and figure.basis else None
    for reference in ("target", "previous", "year_ago", *RATED_AGAINST):
        record[f"rating_vs_{reference}"] = row.vs.get(reference)
    record |= {
        "direction": row.direction,
        "gap_vs_national": row.gap,
        "significance_vs_national": row.significance,
        "quartile": row.quartile,
        "rating": row.rating,
    }
    return record


def _csv_safe(cell: Any) -> Any:
    """Return a text cell a spreadsheet would run as a formula with a leading apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _write_xlsx(frame: pd.DataFrame, target: Path) -> None:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "indicators"
    sheet.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        sheet.append([None if _is_blank(v) else v for v in values])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, even when it starts with "="
    sheet.freeze_panes = "E2"  # indicator, ref, title and area stay in view
    workbook.save(target)


def _is_blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
