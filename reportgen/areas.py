"""Areas as published files name them: matching LAs across code changes and renames, and
DfE's statistical-neighbour model as neighbour groups of the areas table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from reportgen.errors import InputError, Problem
from reportgen.inputs import read_published, read_sheet_rows

AREA_COLUMNS = (
    "area",
    "code",
    "type",
    "region",
    "old_code",
    "former_codes",
    "groups",
    "part_of",
)
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
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
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
