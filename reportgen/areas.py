"""Areas as published files name them: matching LAs across code changes and renames, and
DfE's statistical-neighbour model as neighbour groups of the areas table."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from reportgen.errors import InputError, Problem
from reportgen.inputs import missing_code, read_published, read_report_table, read_sheet_rows
from reportgen.periods import shift_months

AREA_COLUMNS = (
    "area",
    "code",
    "type",
    "region",
    "old_code",
    "former_codes",
    "groups",
    "part_of",
    "status",
    "until",
)
# What a local authority of the areas table is: a council now, a council that has ended (its
# figures are its own until then), or a joint return of several councils' figures.
STATUSES = ("current", "former", "joint")
JOINED = " / "  # DfE's joint returns: "Kingston upon Thames / Richmond upon Thames"
PRE_REORGANISATION = "(Pre LG)"  # LAIT's mark on a council before local government reorganisation
# A council whose figures stop is former when another of its region starts within this many
# months of its last figure: the reorganisation that replaced it.
SUCCESSOR_MONTHS = 12
NEIGHBOURS_SUFFIX = " statistical neighbours"
_SUFFIXES = re.compile(r"\b(city of|county of|county council|county|council|borough|the|ua)\b")


def normalised(name: str) -> str:
    """Return an area's name reduced for matching, its words in any order: "Bristol, City of"
    and "City of Bristol" agree, and so do LAIT's "London (Inner)" and EES's "Inner London"."""
    text = name.lower().replace("&", " and ").replace("st.", "st").replace("(b)", " ")
    text = _SUFFIXES.sub(" ", text)
    return " ".join(sorted(re.sub(r"[^a-z0-9]+", " ", text).split()))


@dataclass(frozen=True)
class Published:
    """How a published row names its area."""

    name: str
    kind: str  # la, region or national
    code: str = ""  # ONS code, which changes when an authority is reorganised
    old_code: str = ""  # DfE's LA number, which stays (North Yorkshire is 815 under both codes)
    region: str = ""
    period: date | None = None  # the period the row is for: the latest period's code is kept


@dataclass
class AreaBook:
    """The areas table as it grows while importing.

    A published row belongs to the area with its LA number; else to the area with its ONS code
    (current or former); else to the area of the same name and type, unless their LA numbers
    or codes say they are different authorities (old Dorset, 835, and the Dorset of 2019, 838).
    An area keeps the name it was first given (a second authority of that name is told apart by
    its LA number) and the code of its latest period, with earlier codes in `former_codes`.
    """

    rows: list[dict[str, str]] = field(default_factory=list)
    latest: dict[str, date] = field(default_factory=dict)  # area -> latest period seen

    @classmethod
    def read(cls, path: Path | None, latest: dict[str, date] | None = None) -> AreaBook:
        """Return the book of an areas table (empty if there is none yet); `latest` gives each
        area's latest period in the observations already imported."""
        if path is None or not path.is_file():
            return cls(latest=dict(latest or {}))
        frame = read_report_table(path)[0]  # as validate reads it
        rows = [{c: str(r.get(c, "")) for c in AREA_COLUMNS} for r in frame.to_dict("records")]
        return cls(rows, dict(latest or {}))

    def resolve(self, place: Published) -> str:
        """Return the area a published row belongs to, adding it if it is new."""
        row = self._match(place)
        if row is None:
            row = self._add(place)
        self._update(row, place)
        return row["area"]

    def _match(self, place: Published) -> dict[str, str] | None:
        if place.old_code:
            found = next((r for r in self.rows if r["old_code"] == place.old_code), None)
            if found is not None:
                return found
        if place.code:
            found = next(
                (r for r in self.rows if place.code in _codes(r) and not _differ(r, place)), None
            )
            if found is not None:
                return found
        name = normalised(place.name)
        return next(
            (
                r
                for r in self.rows
                if r["type"] == place.kind
                and normalised(r["area"]) == name
                and not _differ(r, place)
                and not (place.code and r["code"] and place.code not in _codes(r))
            ),
            None,
        )

    def _add(self, place: Published) -> dict[str, str]:
        # Another authority of the same name already has it: say which one this is.
        taken = {r["area"] for r in self.rows}
        candidates = [
            place.name,
            *([f"{place.name} (LA {place.old_code})"] if place.old_code else []),
            f"{place.name} ({place.code or place.kind})",
        ]
        name = next((c for c in candidates if c not in taken), candidates[-1])
        row = dict.fromkeys(AREA_COLUMNS, "") | {"area": name, "type": place.kind}
        self.rows.append(row)
        return row

    def _update(self, row: dict[str, str], place: Published) -> None:
        """Record the row's code (the latest period's is kept), LA number and region."""
        area = row["area"]
        newest = place.period is None or place.period >= self.latest.get(area, place.period)
        if place.code and place.code != row["code"]:
            former = [c for c in row["former_codes"].split(";") if c]
            if newest:
                former.append(row["code"])
                row["code"] = place.code
            else:
                former.append(place.code)
            row["former_codes"] = ";".join(dict.fromkeys(c for c in former if c))
        row["old_code"] = row["old_code"] or place.old_code
        row["region"] = row["region"] or place.region
        if place.period is not None and newest:
            self.latest[area] = place.period

    def add_neighbours(self, model: dict[str, list[str]]) -> tuple[int, list[str]]:
        """Record each LA's statistical neighbours as the group "<LA> statistical neighbours",
        joined by its members (matched by LA number); return how many groups were named and
        the LA numbers of the model that no area holds."""
        by_number = {row["old_code"]: row for row in self.rows if row["old_code"]}
        named = 0
        for number, members in model.items():
            if number not in by_number:
                continue
            group = by_number[number]["area"] + NEIGHBOURS_SUFFIX
            named += 1
            for member in members:
                if member in by_number:
                    row = by_number[member]
                    current = [g for g in row["groups"].split("; ") if g]
                    if group not in current:
                        row["groups"] = "; ".join([*current, group])
        numbers = {n for number, members in model.items() for n in (number, *members)}
        return named, sorted(numbers - set(by_number), key=lambda n: (len(n), n))

    def mark_statuses(self, observations: pd.DataFrame) -> None:
        """Record each LA's status (and a former council's `until`), worked out afresh from
        every figure of the observations table (text, as written): a later release may show
        a council ended. Areas of other types have none."""
        places = [Place(r["area"], r["type"], r["code"], r["region"]) for r in self.rows]
        found = statuses(places, text_figure_periods(observations))
        for row in self.rows:
            standing = found.get(row["area"])
            row["status"] = standing.status if standing else ""
            row["until"] = standing.until.isoformat() if standing and standing.until else ""

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(AREA_COLUMNS))


def _codes(row: dict[str, str]) -> set[str]:
    return {row["code"], *row["former_codes"].split(";")} - {""}


def _differ(row: dict[str, str], place: Published) -> bool:
    """Return whether the LA numbers say two authorities are different ones."""
    return bool(row["old_code"] and place.old_code and row["old_code"] != place.old_code)


def read_neighbours(path: Path) -> dict[str, list[str]]:
    """Return DfE's statistical-neighbour model: each LA's number -> its ten neighbours' numbers.

    Reads the wide CSV (old_la_code, la_name, SN_1 .. SN_10) or LAIT's workbook (a title row,
    then "LA num", "LA Name", ... "SN1" .. "SN10")."""
    if path.suffix.lower() == ".xlsx":
        rows = read_sheet_rows(path)
        start = next((i for i, row in enumerate(rows) if "LA Name" in row), 0)
        header, records = rows[start] if rows else [], rows[start + 1 :]
        number, pattern = "LA num", r"SN\d+"
    else:
        frame = read_published(path, (), "DfE's statistical-neighbour model")
        header, records = list(frame.columns), frame.values.tolist()
        number, pattern = "old_la_code", r"SN_\d+"
    neighbours = [i for i, c in enumerate(header) if re.fullmatch(pattern, str(c))]
    if not neighbours or number not in header:
        raise InputError(
            [
                Problem(
                    path.name,
                    "is not DfE's statistical-neighbour model (it "
                    "needs an LA number column and SN1 to SN10 columns)",
                )
            ]
        )
    at = header.index(number)
    model = {}
    for record in records:
        la = str(record[at]).strip().removesuffix(".0")
        if la.isdigit():
            model[la] = [
                str(record[i]).strip().removesuffix(".0")
                for i in neighbours
                if str(record[i]).strip()
            ]
    return model


class Place(NamedTuple):
    """What the areas table says of an area that its status is worked out from."""

    name: str
    type: str
    code: str = ""
    region: str = ""


class Standing(NamedTuple):
    """A local authority's status, and for a former council the period end of its last
    figures (a figure for a later period is not its own, nor counted among councils)."""

    status: str
    until: date | None = None


Periods = Mapping[str, frozenset[date]]  # area -> the period ends it has a figure for


def figure_periods(areas: Iterable[str], days: Iterable[date]) -> dict[str, frozenset[date]]:
    """Return the period ends each area has a figure for, from the (area, period end) pairs of
    its figures (suppressed and missing figures left out by the caller)."""
    found: dict[str, set[date]] = {}
    for area, day in zip(areas, days, strict=True):
        found.setdefault(area, set()).add(day)
    return {area: frozenset(days) for area, days in found.items()}


def text_figure_periods(observations: pd.DataFrame) -> dict[str, frozenset[date]]:
    """Return the period ends each area has a figure for in an observations table as written
    (text): a value that is no suppression code, or a numerator and denominator."""
    if observations.empty or not {"area", "period_end", "value"} <= set(observations.columns):
        return {}
    columns = observations.reindex(columns=["value", "numerator", "denominator"], fill_value="")

    def given(text: object) -> bool:
        return bool(str(text).strip()) and missing_code(str(text)) is None

    value = columns["value"].map(given)
    parts = columns["numerator"].map(given) & columns["denominator"].map(given)
    blank = columns["value"].astype(str).str.strip() == ""
    kept = observations[value | (blank & parts)]
    days = [date.fromisoformat(str(day)[:10]) for day in kept["period_end"]]
    return figure_periods(kept["area"].astype(str), days)


def statuses(places: Sequence[Place], periods: Periods) -> dict[str, Standing]:
    """Return each local authority's status, worked out from the areas table and its figures.

    A joint return is an LA whose code is several codes joined by " / ", or whose name is
    other areas' names joined so (DfE's "North Northamptonshire / West Northamptonshire").

    A former council is one whose figures stop before most councils' do while a successor
    starts: another LA of its region (not a joint return) whose first figure is within a year
    of its last, and which had none in a period when it and another council had theirs (the
    successor did not exist yet). Northamptonshire's last figures are for the year to 31 March
    2021, when North and West Northamptonshire had none; theirs start the year after. So is
    an LA LAIT names "(Pre LG)", before local government reorganisation. A former council's
    `until` is the period end of its last figure.

    Every other LA is current, one with no figures at all too (nothing shows that it ended)."""
    authorities = [p for p in places if p.type == "la"]
    names = {p.name for p in places}
    joint = {p.name for p in authorities if _is_joint(p, names)}
    councils = [p for p in authorities if p.name not in joint and periods.get(p.name)]
    last_figures = sorted(max(periods[p.name]) for p in councils)
    found = {p.name: Standing("joint") for p in authorities if p.name in joint}
    for place in authorities:
        if place.name in found:
            continue
        own = periods.get(place.name, frozenset())
        if PRE_REORGANISATION in place.name:  # LAIT's own mark: "Dorset (Pre LG)"
            found[place.name] = Standing("former", max(own) if own else None)
        elif (
            own
            and _most_go_on_after(max(own), last_figures)
            and _succeeded(place, councils, periods)
        ):
            found[place.name] = Standing("former", max(own))
        else:
            found[place.name] = Standing("current")
    return found


def _most_go_on_after(day: date, last_figures: list[date]) -> bool:
    """Return whether most councils have figures after `day`: a council whose own monthly
    figures run ahead of everyone's annual ones is no successor to them all."""
    return 2 * (len(last_figures) - bisect.bisect_right(last_figures, day)) > len(last_figures)


def _is_joint(place: Place, names: set[str]) -> bool:
    parts = place.name.split(JOINED)
    return JOINED in place.code or (len(parts) > 1 and all(p.strip() in names for p in parts))


def _succeeded(place: Place, councils: list[Place], periods: Periods) -> bool:
    """Return whether another council of the place's region starts as its figures stop."""
    own = periods[place.name]
    last = max(own)
    window = (shift_months(last, -SUCCESSOR_MONTHS), shift_months(last, SUCCESSOR_MONTHS))
    for other in councils:
        if other.name == place.name or other.region != place.region:
            continue
        start = min(periods[other.name])
        if not window[0] <= start <= window[1] or start <= min(own):
            continue
        # It had no figure in a period when this council and a third one had theirs.
        before = {day for day in own if day < start}
        if any(
            before & periods[third.name]
            for third in councils
            if third.name not in (place.name, other.name)
        ):
            return True
    return False
