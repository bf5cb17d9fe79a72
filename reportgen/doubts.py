"""Figures that load but are probably mistakes, each worth a located warning: a percentage
typed as a fraction, a value that disagrees with its own numerator and denominator."""

from __future__ import annotations

from datetime import date

import pandas as pd

from reportgen.errors import Problem
from reportgen.formatting import format_number, round_half_up
from reportgen.ratings import UNIT_SCALE
from reportgen.tables import Indicator, records
from reportgen.year_to_date import is_year_to_date

# DfE rounds its national and regional counts to the nearest 10, so a count written as a
# multiple of 10 may stand for any within 5 of it; other whole counts are exact.
ROUNDED_TO = 10


def doubtful_figures(
    label: str, observations: pd.DataFrame, indicators: list[Indicator], home: str
) -> list[Problem]:
    """Return a warning for each figure that looks like a mistake, located in `label`."""
    units = {indicator.id: indicator.unit for indicator in indicators}
    frame = observations.assign(unit=observations["indicator"].map(units))
    # A published release's value stands as its publisher gives it, and no one running the
    # pack can correct it: DfE's percentages for England leave out an LA whose count is
    # unreliable (u), while its totals of the counts keep it.
    typed = frame[frame["release"].isna()] if "release" in frame else frame
    return _fractions(label, frame[frame["area"] == home]) + _disagreements(label, typed)


def missing_area_figures(
    label: str, observations: pd.DataFrame, area: str, localities: tuple[str, ...], end: date
) -> list[Problem]:
    """Warn of each indicator whose localities have a figure for their latest month (to `end`)
    that `area`, which they are part of, has none for: its cells in the pack are dashes."""
    if not localities:
        return []
    near = observations[
        observations["area"].isin((area, *localities)) & (observations["period_end"] <= end)
    ]
    periods = zip(near["period_start"], near["period_end"], strict=True)
    monthly = [not is_year_to_date(start, finish) for start, finish in periods]
    months = near[pd.Series(monthly, index=near.index, dtype=bool)]
    local = months[months["area"] != area]
    doubts = []
    for indicator, figures in local.groupby("indicator", sort=False):
        latest = figures["period_end"].max()
        own = months[(months["indicator"] == indicator) & (months["area"] == area)]
        if (own["period_end"] >= latest).any():
            continue
        first = figures[figures["period_end"] == latest]["row"].min()
        doubts.append(
            Problem(
                label,
                f"{indicator} has figures for {area}'s localities for {latest:%B %Y} but none "
                f"for {area}; add {area}'s own figure (the pack shows dashes for it until then)",
                row=int(first),
                column="area",
            )
        )
    return doubts


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
    """Warn of a value that no numerator and denominator within their rounding give, to the
    places it is written with (18.4 against 1,069 / 5,986 = 17.9); 2.5 against DfE's
    90 / 3,760 (2.4) agrees, as 95 / 3,755 gives 2.5."""
    scale = frame["unit"].map(UNIT_SCALE).astype(float)  # numbers, even when there are none
    complete = frame[
        frame["value"].notna()
        & frame["numerator"].notna()
        & (frame["denominator"] > 0)
        & scale.notna()
    ]
    scale = scale[complete.index]
    numerator, denominator = complete["numerator"], complete["denominator"]
    numerator_off = _rounding(numerator, complete["numerator_places"])
    denominator_off = _rounding(denominator, complete["denominator_places"])
    lowest = (numerator - numerator_off) / (denominator + denominator_off) * scale
    highest = (numerator + numerator_off) / (denominator - denominator_off).clip(lower=0) * scale
    # What the value may stand for, written to its places (with room for float noise).
    half = 0.5 * 10.0 ** -complete["value_places"].astype(float) * (1 + 1e-9)
    agrees = (lowest <= complete["value"] + half) & (highest >= complete["value"] - half)
    derived = numerator / denominator * scale
    doubts = []
    for record, made in zip(records(complete[~agrees]), derived[~agrees], strict=True):
        shown = round_half_up(made, record.value_places)
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


def _rounding(counts: pd.Series, places: pd.Series) -> pd.Series:
    """Return how far each count may be from the figure it was rounded from: half a unit of
    its last place (12.5 within 0.05), 5 for a multiple of 10 (DfE's rounding), else 0."""
    fraction = 0.5 * 10.0 ** -places.astype(float)
    tens = (counts != 0) & (counts % ROUNDED_TO == 0)
    whole = tens.astype(float) * ROUNDED_TO / 2
    return fraction.where(places > 0, whole)
