"""Figures that load but are probably mistakes, each worth a located warning: a percentage
typed as a fraction, a value that disagrees with its own numerator and denominator."""

from __future__ import annotations

import math

import pandas as pd

from reportgen.errors import Problem
from reportgen.formatting import format_number, round_half_up
from reportgen.ratings import UNIT_SCALE
from reportgen.tables import Indicator, records

# Published counts can be rounded (England's to the nearest 10), so a rate recomputed from
# them may differ slightly from the published one; a wider gap is a mistake.
AGREEMENT = 0.01


def doubtful_figures(
    label: str, observations: pd.DataFrame, indicators: list[Indicator], home: str
) -> list[Problem]:
    """Return a warning for each figure that looks like a mistake, located in `label`."""
    units = {indicator.id: indicator.unit for indicator in indicators}
    frame = observations.assign(unit=observations["indicator"].map(units))
    return _fractions(label, frame[frame["area"] == home]) + _disagreements(label, frame)


def _fractions(label: str, frame: pd.DataFrame) -> list[Problem]:
    """Warn of a percentage below 1, written more precisely than the area's other figures,
    which are all 1 or more: 0.45 written for 45%. Only the council's own figures are doubted:
    a published benchmark's 0.7% agency rate is real."""
    percentages = frame[(frame["unit"] == "percent") & frame["value"].notna()]
    doubts = []
    for (_, area), group in percentages.groupby(["indicator", "area"], sort=False):
        others = group[group["value"] >= 1]
        # A fraction is written with more places than the percentages around it (0.45 among
        # 1.3 and 1.5); a real small percentage is not (0.4 among 6.0 and 7.7).
        small = group[
            (group["value"] > 0)
            & (group["value"] < 1)
            & (group["value_places"] > others["value_places"].max())
        ]
        if small.empty or len(others) < 2 or len(small) * 2 > len(group):
            continue
        for record in records(small):
            doubts.append(
                Problem(
                    label,
                    f"{record.value:g} is below 1 where {area}'s other figures for "
                    f"{record.indicator} are {others['value'].min():g}% to "
                    f"{others['value'].max():g}%; if it is "
                    f"a fraction, write it as a percentage ({record.value * 100:g} for "
                    f"{record.value * 100:g}%)",
                    row=record.row,
                    column="value",
                    kind="fraction",
                )
            )
    return doubts


def _disagreements(label: str, frame: pd.DataFrame) -> list[Problem]:
    """Warn of a value its numerator and denominator do not give, to the places it is
    written with (18.4 against 1,069 / 5,986 = 17.9)."""
    scale = frame["unit"].map(UNIT_SCALE)
    complete = frame[
        frame["value"].notna()
        & frame["numerator"].notna()
        & (frame["denominator"] > 0)
        & scale.notna()
    ]
    derived = complete["numerator"] / complete["denominator"] * scale[complete.index]
    off = (complete["value"] - derived).abs() > AGREEMENT * derived.abs()
    doubts = []
    for record, made in zip(records(complete[off]), derived[off], strict=True):
        shown = round_half_up(made, record.value_places)
        if math.isclose(float(shown), record.value):
            continue
        doubts.append(
            Problem(
                label,
                f"{record.value:g} disagrees with numerator / denominator "
                f"({format_number(record.numerator)} / {format_number(record.denominator)} "
                f"= {shown}); correct whichever is wrong (the pack shows the value)",
                row=record.row,
                column="value",
                kind="disagrees",
            )
        )
    return doubts
