"""Load every table the config names and check them against each other, reporting all at once."""

from __future__ import annotations

import difflib
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd

from reportgen.areas import Place, figure_periods, statuses
from reportgen.config import Config
from reportgen.dashboard_options import dashboard_problems
from reportgen.doubts import doubtful_figures, missing_area_figures
from reportgen.errors import InputError, Problem, collapsed, echoed
from reportgen.inputs import RawTable, read_table
from reportgen.narrative import NarrativeFile, load_narrative
from reportgen.paths import slug
from reportgen.periods import long_date
from reportgen.tables import (
    Area,
    Indicator,
    missing_columns,
    parse_areas,
    parse_indicators,
    parse_observations,
    records,
    with_decimals,
)
from reportgen.year_to_date import is_year_to_date

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Dataset:
    """The user's data, typed and checked: what the compute stage starts from."""

    indicators: tuple[Indicator, ...]
    observations: pd.DataFrame
    areas: tuple[Area, ...] = ()
    narrative: NarrativeFile = field(default_factory=NarrativeFile)  # officers' words by key
    observations_label: str = "observations.csv"  # as messages and figures' sources name it


@dataclass(frozen=True)
class Loaded:
    """The tables read, typed and checked, with what is said of them: all that packs for
    several councils from the same tables share (a batch reads them once)."""

    dataset: Dataset
    notes: tuple[Problem, ...]  # warnings on the tables themselves
    observations_label: str
    known_areas: frozenset[str]  # the areas and neighbour groups a report.yaml may name

    def home_problems(self, config: Config) -> list[Problem]:
        """Return a problem for each area `config` names that the data does not have, and
        for an area that is not a council at the pack's period."""
        return [
            *_config_area_problems(config, self.known_areas),
            *_home_problems(config, self.dataset.areas),
        ]

    def notes_for(self, config: Config) -> tuple[Problem, ...]:
        """Return the warnings a pack for `config`'s area gives: the tables', and its own
        figures' that look like mistakes, each kind said once."""
        dataset = self.dataset
        doubts = doubtful_figures(
            self.observations_label, dataset.observations, list(dataset.indicators), config.area
        )
        localities = tuple(a.name for a in dataset.areas if a.part_of == config.area)
        doubts += missing_area_figures(
            self.observations_label,
            dataset.observations,
            config.area,
            localities,
            config.period_end,
        )
        return collapsed([*self.notes, *doubts])


def load_dataset(config: Config) -> Dataset:
    """Return the checked data the config names; raise InputError listing every problem."""
    loaded = read_dataset(config)
    for note in loaded.notes_for(config):
        log.warning("%s", note)
    return loaded.dataset


def read_dataset(config: Config) -> Loaded:
    """Return the checked data the config names, and the warnings on it, not yet said; raise
    InputError listing every problem."""
    raw, problems = _read_all(config)
    if problems:
        raise InputError(problems)
    indicators = parse_indicators(raw["indicators"], problems)
    observations = parse_observations(raw["observations"], problems)
    # Every figure, whichever indicators the pack shows, says when a council ended.
    periods = _figure_periods(observations) if not problems else {}
    if not problems:  # the pack's own choice of indicators, in its order of themes
        every = {ind.id for ind in indicators}
        indicators = _chosen(config, indicators, problems)
        left_out = every - {ind.id for ind in indicators}
        observations = observations[~observations["indicator"].isin(left_out)]
    areas = _settled(parse_areas(raw["areas"], problems), periods) if "areas" in raw else []
    known_areas = _known_areas(observations, areas) if not problems else frozenset()
    if not problems:  # cross-table checks need every cell parsed
        problems += _cross_check(config, raw, indicators, observations, areas, known_areas)
    if problems:
        raise InputError(problems)
    indicators = with_decimals(indicators, observations)
    dataset = Dataset(
        tuple(indicators),
        observations,
        tuple(areas),
        load_narrative(config.narrative),
        raw["observations"].label,
    )
    notes = tuple(note for table in raw.values() for note in table.notes)
    return Loaded(dataset, notes, raw["observations"].label, known_areas)


def _figure_periods(observations: pd.DataFrame) -> dict[str, frozenset[date]]:
    """Return the period ends each area has a figure for (not a suppression code)."""
    if observations.empty:
        return {}
    given = observations[observations["missing"] == ""]
    return figure_periods(given["area"], given["period_end"])


def _settled(areas: list[Area], periods: dict[str, frozenset[date]]) -> list[Area]:
    """Return the areas with each la's status as the table gives it, else worked out from the
    figures (see areas.statuses); a former council's `until`, if not given, is the period end
    of its last figure, and an `until` with no status makes the council former."""
    found = statuses([Place(a.name, a.type, a.code, a.region) for a in areas], periods)
    settled = []
    for area in areas:
        status, until = area.status, area.until
        if area.type == "la" and not status:
            status, until = ("former", until) if until else found[area.name]
        if status == "former" and until is None and periods.get(area.name):
            until = max(periods[area.name])
        settled.append(replace(area, status=status, until=until))
    return settled


def _known_areas(observations: pd.DataFrame, areas: list[Area]) -> frozenset[str]:
    # A neighbours comparator may name a group of the areas table, averaged when computed.
    return frozenset(observations["area"]) | {group for area in areas for group in area.groups}


def _chosen(
    config: Config, indicators: list[Indicator], problems: list[Problem]
) -> list[Indicator]:
    """Return the indicators the report includes and does not exclude (by id or theme), with
    its themes in the order `themes` gives; a name that is neither is a problem."""
    ids = {ind.id for ind in indicators}
    themes = {ind.theme for ind in indicators}
    for key in ("include", "exclude", "themes"):
        known = themes if key == "themes" else ids | themes
        what = "a theme" if key == "themes" else "an indicator id or theme"
        for at, name in enumerate(getattr(config, key)):
            if name not in known:
                problems.append(
                    _unknown(
                        config.path.name,
                        None,
                        f"{key}[{at + 1}]",
                        name,
                        known,
                        f"{what} of the indicators table",
                    )
                )

    def named(indicator: Indicator, names: tuple[str, ...]) -> bool:
        return indicator.id in names or indicator.theme in names

    kept = [
        ind
        for ind in indicators
        if (not config.include or named(ind, config.include)) and not named(ind, config.exclude)
    ]
    order = {theme: at for at, theme in enumerate(config.themes)}
    return sorted(kept, key=lambda ind: order.get(ind.theme, len(order)))


def _read_all(config: Config) -> tuple[dict[str, RawTable], list[Problem]]:
    raw: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for name, path in config.data.items():
        try:
            raw[name] = read_table(path, name)
        except InputError as error:
            problems += error.problems
            continue
        problems += missing_columns(raw[name], name)
    return raw, problems


def _cross_check(
    config: Config,
    raw: dict[str, RawTable],
    indicators: list[Indicator],
    observations: pd.DataFrame,
    areas: list[Area],
    known_areas: frozenset[str],
) -> list[Problem]:
    obs_label, ind_label = raw["observations"].label, raw["indicators"].label
    by_id = {ind.id: ind for ind in indicators}
    problems = _duplicates(ind_label, "id", (((ind.id,), ind.row) for ind in indicators))
    problems += _duplicates(
        obs_label,
        "period_end",
        (
            (
                (r.indicator, r.area, r.period_end, is_year_to_date(r.period_start, r.period_end)),
                r.row,
            )
            for r in records(observations)
        ),
        "same indicator, area and period_end; only a year to date from 1 April may end on "
        "the day another figure does",
    )
    for record in records(observations):
        indicator = by_id.get(record.indicator)
        if indicator is None:
            problems.append(
                _unknown(
                    obs_label,
                    record.row,
                    "indicator",
                    record.indicator,
                    by_id,
                    f"an id in {ind_label}",
                )
            )
        else:
            problems += _observation_problems(obs_label, record, indicator)
    if "areas" in raw:
        problems += _area_problems(raw["areas"].label, obs_label, observations, areas)
    problems += _config_area_problems(config, known_areas)
    problems += _home_problems(config, areas)
    problems += _rug_group_problems(config, areas)
    problems += _threshold_problems(config, ind_label, indicators)
    problems += dashboard_problems(config.path.name, config.dashboards, indicators)
    problems += _theme_problems(ind_label, indicators)
    return problems


def _theme_problems(label: str, indicators: list[Indicator]) -> list[Problem]:
    """Return a problem for each theme whose key (its letters and digits) another theme has:
    the two dashboards would share one place for officers' words."""
    first: dict[str, Indicator] = {}
    problems = []
    for indicator in indicators:
        key = slug(indicator.theme)
        other = first.setdefault(key, indicator)
        if other.theme != indicator.theme:
            problems.append(
                Problem(
                    label,
                    f"theme {echoed(indicator.theme)} is too like {echoed(other.theme)} (row {other.row}): "
                    "their dashboards would share one place for commentary (name themes apart "
                    "by their letters or digits)",
                    row=indicator.row,
                    column="theme",
                )
            )
    return problems


def _threshold_problems(config: Config, label: str, indicators: list[Indicator]) -> list[Problem]:
    """Return a problem for each threshold-rated indicator without usable thresholds."""
    problems = []
    for indicator in indicators:
        if (
            indicator.scheme or config.rating.scheme
        ) != "threshold" or indicator.polarity == "none":
            continue
        red, green = indicator.red_threshold, indicator.green_threshold
        if red is None or green is None:
            missing = "red_threshold" if red is None else "green_threshold"
            problems.append(
                Problem(
                    label,
                    "is blank (the threshold scheme needs red_threshold and green_threshold)",
                    row=indicator.row,
                    column=missing,
                )
            )
        elif (green <= red) if indicator.polarity == "high" else (green >= red):
            better = "above" if indicator.polarity == "high" else "below"
            problems.append(
                Problem(
                    label,
                    f"{green:g} is not {better} red_threshold {red:g} (polarity "
                    f"{indicator.polarity}: green must be the better side)",
                    row=indicator.row,
                    column="green_threshold",
                )
            )
    return problems


def _duplicates(
    label: str, column: str, keyed_rows: Iterable[tuple[tuple[Any, ...], int]], what: str = ""
) -> list[Problem]:
    first_row: dict[tuple[Any, ...], int] = {}
    problems = []
    for key, row in keyed_rows:
        if key in first_row:
            detail = f" ({what})" if what else ""
            problems.append(
                Problem(label, f"duplicate of row {first_row[key]}{detail}", row=row, column=column)
            )
        else:
            first_row[key] = row
    return problems


def _unknown(
    label: str, row: int | None, column: str, value: str, known: Iterable[str], what: str
) -> Problem:
    close = difflib.get_close_matches(value, list(known), n=1)
    hint = f"; did you mean {echoed(close[0])}?" if close else ""
    return Problem(label, f"{echoed(value)} is not {what}{hint}", row=row, column=column)


def _observation_problems(label: str, record: Any, indicator: Indicator) -> list[Problem]:
    problems = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(label, message, row=record.row, column=column))

    if record.period_start is not None and record.period_start > record.period_end:
        problem("period_start", f"{record.period_start} is after period_end {record.period_end}")
    if not math.isnan(record.denominator) and record.denominator <= 0:
        problem("denominator", f"{record.denominator:g} is not allowed (a denominator is above 0)")
    if indicator.unit == "percent":
        if not math.isnan(record.value) and not 0 <= record.value <= 100:
            problem("value", f"{record.value:g} is not a percentage (allowed: 0 to 100)")
        if record.denominator > 0 and record.numerator > record.denominator:
            problem(
                "numerator",
                f"{record.numerator:g} is larger than the denominator "
                f"{record.denominator:g} (a percentage's numerator is part of it)",
            )
    if indicator.unit == "count" and record.value < 0:
        problem("value", f"{record.value:g} is not a count (allowed: 0 or more)")
    return problems


def _area_problems(
    areas_label: str, obs_label: str, observations: pd.DataFrame, areas: list[Area]
) -> list[Problem]:
    problems = _duplicates(areas_label, "area", (((a.name,), a.row) for a in areas))
    names = {a.name for a in areas}
    problems += _locality_problems(areas_label, areas)
    problems += _status_problems(areas_label, areas)
    for record in records(observations):
        if record.area not in names:
            problems.append(
                _unknown(
                    obs_label, record.row, "area", record.area, names, f"an area in {areas_label}"
                )
            )
    return problems


def _locality_problems(label: str, areas: list[Area]) -> list[Problem]:
    """Return a problem for each locality that names no local authority it is part of, and
    for each other area that names one (only a locality is part of another area)."""
    local_authorities = {a.name for a in areas if a.type == "la"}
    problems = []
    for area in areas:
        if area.type == "locality" and not area.part_of:
            problems.append(
                Problem(
                    label,
                    "is blank (a locality names the local authority it is part of)",
                    row=area.row,
                    column="part_of",
                )
            )
        elif area.type == "locality" and area.part_of not in local_authorities:
            problems.append(
                _unknown(label, area.row, "part_of", area.part_of, local_authorities, "an la")
            )
        elif area.type != "locality" and area.part_of:
            problems.append(
                Problem(
                    label,
                    f"only a locality is part of another area (this area's type is {area.type})",
                    row=area.row,
                    column="part_of",
                )
            )
    return problems


def _status_problems(label: str, areas: list[Area]) -> list[Problem]:
    """Return a problem for a status on an area that is not an la, and for an `until` on one
    that is not a former council."""
    problems = []
    for area in areas:
        if area.type != "la" and area.status:
            problems.append(
                Problem(
                    label,
                    f"{echoed(area.status)}: only an la has a status (this area's type is "
                    f"{area.type}; leave it blank)",
                    row=area.row,
                    column="status",
                )
            )
        elif area.until is not None and area.status != "former":
            problems.append(
                Problem(
                    label,
                    f"only a former council has an end (this area's status is "
                    f"{area.status or 'blank'}; write former, or leave until blank)",
                    row=area.row,
                    column="until",
                )
            )
    return problems


def _home_problems(config: Config, areas: Sequence[Area]) -> list[Problem]:
    """Return a problem if report.yaml's area is a joint return, or a former council at a
    period after it ended: neither is a council whose pack can rank it among others."""
    area = next((a for a in areas if a.name == config.area and a.type == "la"), None)
    if area is None or area.is_council_at(config.period_end):
        return []
    tables = config.data["areas"].name
    if area.status == "joint":
        message = (
            f"{echoed(area.name)} is a joint return of several councils' figures in {tables}, not "
            "a council (name one of its councils)"
        )
    elif area.until is None:
        message = (
            f"{echoed(area.name)} is a former council with no figures ({tables} gives its status "
            "as former; name a current council)"
        )
    else:
        message = (
            f"{echoed(area.name)} was a council until {long_date(area.until)} ({tables} gives its "
            f"status as former), before period_end {long_date(config.period_end)} (set "
            f"period_end on or before {area.until.isoformat()}, or name a current council)"
        )
    return [Problem(config.path.name, message, column="area")]


def _rug_group_problems(config: Config, areas: list[Area]) -> list[Problem]:
    """Return a problem if report.yaml's rug_group names neither a group of the areas table's
    groups column nor a region of its local authorities, naming the allowed values."""
    if not config.rug_group:
        return []
    regions = {a.region for a in areas if a.type == "la" and a.region}
    groups = {group for a in areas for group in a.groups}
    if config.rug_group in regions | groups:
        return []
    close = difflib.get_close_matches(config.rug_group, [*regions, *groups], n=1)
    hint = f"; did you mean {echoed(close[0])}?" if close else ""
    allowed = (
        f"a region ({', '.join(sorted(regions))}) or a group of the areas table's groups column"
        if regions or groups
        else "a region or group of the areas table, which names none (add an areas table "
        "with region and groups columns)"
    )
    return [
        Problem(
            config.path.name,
            f"{echoed(config.rug_group)} is not a known group or region (allowed: {allowed}){hint}",
            column="rug_group",
        )
    ]


def _config_area_problems(config: Config, known_areas: frozenset[str]) -> list[Problem]:
    named = {"area": config.area} | {f"comparators.{k}": v for k, v in config.comparators.items()}
    return [
        _unknown(config.path.name, None, key, area, known_areas, "an area in the observations")
        for key, area in named.items()
        if area not in known_areas
    ]
