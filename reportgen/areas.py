"""Areas as published files name them: matching LAs across code changes and renames, and
DfE's statistical-neighbour model as neighbour groups of the areas table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reportgen.errors import InputError, Problem

AREA_COLUMNS = ("area", "code", "type", "region", "old_code", "groups")
NEIGHBOURS_SUFFIX = " statistical neighbours"
_SUFFIXES = re.compile(r"\b(city of|county of|county council|county|council|borough|the|ua)\b")


def normalised(name: str) -> str:
    """Return an LA name reduced for matching: "Bristol, City of" and "City of Bristol" agree."""
    text = name.lower().replace("&", " and ").replace("st.", "st").replace("(b)", " ")
    text = _SUFFIXES.sub(" ", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass
class AreaBook:
    """The areas table as it grows while importing: each published row is matched to one area
    by new LA code, then old LA number (stable when codes change, as for North Yorkshire or
    Somerset), then normalised name; an area keeps the name it was first given."""

    rows: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path | None) -> AreaBook:
        if path is None or not path.is_file():
            return cls()
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        return cls([{c: str(r.get(c, "")) for c in AREA_COLUMNS} for r in frame.to_dict("records")])

    def resolve(
        self, name: str, kind: str, code: str = "", old_code: str = "", region: str = ""
    ) -> str:
        """Return the area a published row belongs to, adding it if it is new."""
        for row in self.rows:
            if (
                (code and row["code"] == code)
                or (old_code and row["old_code"] == old_code)
                or (normalised(row["area"]) == normalised(name) and row["type"] == kind)
            ):
                row["code"] = code or row["code"]  # keep the latest code
                row["old_code"] = row["old_code"] or old_code
                row["region"] = row["region"] or region
                return row["area"]
        self.rows.append(
            {
                "area": name,
                "code": code,
                "type": kind,
                "region": region,
                "old_code": old_code,
                "groups": "",
            }
        )
        return name

    def add_neighbours(self, model: dict[str, list[str]]) -> int:
        """Record each LA's statistical neighbours as the group "<LA> statistical neighbours",
        joined by its members (matched by old LA number); return how many groups were named."""
        named = 0
        by_number = {row["old_code"]: row for row in self.rows if row["old_code"]}
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
        return named

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(AREA_COLUMNS))


def read_neighbours(path: Path) -> dict[str, list[str]]:
    """Return DfE's statistical-neighbour model: each LA's number -> its ten neighbours' numbers.

    Reads the wide CSV (old_la_code, la_name, SN_1 .. SN_10) or LAIT's workbook (a title row,
    then "LA num", "LA Name", ... "SN1" .. "SN10")."""
    if path.suffix.lower() == ".xlsx":
        rows = pd.read_excel(path, dtype=str, header=None, keep_default_na=False).values.tolist()
        start = next(i for i, row in enumerate(rows) if "LA Name" in row)
        header, records = [str(c) for c in rows[start]], rows[start + 1 :]
        number, pattern = "LA num", r"SN\d+"
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        header, records = list(frame.columns), frame.values.tolist()
        number, pattern = "old_la_code", r"SN_\d+"
    neighbours = [i for i, c in enumerate(header) if re.fullmatch(pattern, c)]
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
