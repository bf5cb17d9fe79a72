"""report.yaml: its schema, defaults and allowed values; every problem collected before stopping."""

from __future__ import annotations

import difflib
import io
import logging
import math
import os
import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from reportgen.dashboard_options import DashboardChoice, read_dashboards
from reportgen.errors import InputError, Problem, echoed
from reportgen.inputs import printable
from reportgen.limits import (
    FIRST_PACK_YEAR,
    LAST_YEAR,
    MAX_LOGO_BYTES,
    MAX_LOGO_PIXELS,
    MAX_SUPPRESSION_THRESHOLD,
    MAX_WORD_TEMPLATE_BYTES,
)
from reportgen.options import (
    CONFIDENCE_LEVELS,
    IMPLICATIONS,
    RATING_SCHEMES,
    SECTIONS,
    RatingConfig,
    Suppression,
    parse_tolerance,
)
from reportgen.paths import OUTSIDE, inside
from reportgen.periods import as_date
from reportgen.previous import Previous, read_previous
from reportgen.yamlfile import load_yaml

if TYPE_CHECKING:
    from reportgen.parts.sections import OwnSection

log = logging.getLogger(__name__)

COMPARATOR_ROLES = ("national", "regional", "neighbours", "top_quartile")
DATA_TABLES = ("indicators", "observations", "areas")
REQUIRED_DATA = ("indicators", "observations")
DATA_SUFFIXES = (".csv", ".xlsx")

REQUIRED_KEYS = ("title", "committee", "meeting_date", "area", "period_end", "data")
OPTIONAL_KEYS = (
    "comparators",
    "rating",
    "narrative",
    "purpose",
    "report_of",
    "author",
    "contact",
    "agenda_item",
    "council",
    "logo",
    "word_template",
    "accent_colour",
    "duplex",
    "layout",
    "divisions",
    "summary",
    "recommendations",
    "background_papers",
    "implications",
    "generated",
    "audience",
    "suppression",
    "months",
    "include",
    "exclude",
    "themes",
    "dashboards",
    "previous",
    "annualise_counts",
    "sections",
    "rug_group",
)
RUG_PART = "regional_rug"  # the part rug_group chooses the councils of
MOST_MONTHS = 13  # columns of months a monthly summary can hold
AUDIENCES = ("public", "internal")
LOGO_TYPES = {
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
PICTURE_SIGNATURES = (  # how a picture's bytes begin, and what it is: checked before decoding
    (b"\x89PNG\r\n\x1a\n", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"RIFF", "a WebP picture"),
    (b"GIF8", "a GIF picture"),
    (b"\x00\x00\x01\x00", "an ICO icon"),
    (b"\x0a", "a PCX picture"),
    (b"BM", "a BMP picture"),
    (b"II*\x00", "a TIFF picture"),
    (b"MM\x00*", "a TIFF picture"),
    (b"%PDF", "a PDF file"),
    (b"<", "text (SVG or HTML)"),
)
LOGO_SIGNATURES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
WORD_TEMPLATE_SUFFIXES = (".docx", ".dotx")
MACRO_SUFFIXES = (".docm", ".dotm")  # macro-enabled: refused
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Config:
    """A validated report.yaml, with data paths resolved against the file's folder."""

    path: Path
    title: str
    committee: str
    meeting_date: date
    area: str
    period_end: date
    data: dict[str, Path]
    comparators: dict[str, str] = field(default_factory=dict)
    rating: RatingConfig = field(default_factory=RatingConfig)
    narrative: Path | None = None
    purpose: tuple[str, ...] = ()
    report_of: str = ""
    author: str = ""
    contact: str = ""
    agenda_item: str = ""
    council: str = ""
    logo: tuple[str, bytes] | None = None  # (media type, bytes), read once at loading
    word_template: bytes | None = None  # the council's .docx or .dotx, read once at loading
    accent_colour: str = ""  # "#RRGGBB", checked, so it is safe to place in CSS
    duplex: bool = False
    layout: tuple[str, ...] = SECTIONS
    divisions: str = ""
    summary: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    background_papers: tuple[str, ...] = ()
    implications: dict[str, str] = field(default_factory=dict)  # heading -> text
    generated: date = field(default_factory=date.today)  # the pack's date, for reproducibility
    audience: str = "public"
    suppression: Suppression = field(default_factory=lambda: Suppression())
    months: int = 4  # the months a monthly summary shows, latest last
    include: tuple[str, ...] = ()  # indicator ids or themes the pack keeps (all when empty)
    exclude: tuple[str, ...] = ()  # indicator ids or themes it leaves out
    themes: tuple[str, ...] = ()  # the order of the themes (others follow, in row order)
    dashboards: tuple[DashboardChoice, ...] = ()  # as the council designs them; else by theme
    previous: Previous | None = None  # the last report's ratings, read once at loading
    annualise_counts: bool = True  # a monthly pack shows counts as counted in the month
    sections: tuple[OwnSection, ...] = ()  # the council's own, in Markdown (parts/sections.py)
    rug_group: str = ""  # the regional rug's councils: a group or region; "" the area's region

    @property
    def national_name(self) -> str:
        """The national comparator's name as a sentence gives it."""
        return self.comparators.get("national", "the national figure")


def _picture_kind(data: bytes) -> str:
    """Return what a picture's bytes begin as, in words (e.g. "a PNG picture")."""
    for signature, kind in PICTURE_SIGNATURES:
        if data.startswith(signature):
            return kind
    return "not a picture reportgen knows"


def load_config(path: Path) -> Config:
    """Return the report configuration read from `path`; raise InputError listing every problem."""
    raw = _read_yaml(path)
    problems: list[Problem] = []
    config = _Checker(path, raw, problems).config()
    known = REQUIRED_KEYS + OPTIONAL_KEYS
    for key in raw:
        if key not in known:
            log.warning(
                "%s",
                Problem(
                    path.name, f"unknown key, ignored (known: {', '.join(known)})", column=str(key)
                ),
            )
    if problems:
        raise InputError(problems)
    assert config is not None
    return config


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InputError([Problem(str(path), "file not found (give the path of a report.yaml)")])
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(
            [Problem(path.name, "must be a mapping of keys to values, e.g. title: ...")]
        )
    return raw


_EPOCHS = (
    int(datetime(FIRST_PACK_YEAR, 1, 1, tzinfo=UTC).timestamp()),
    int(datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC).timestamp()) - 1,
)  # the SOURCE_DATE_EPOCH values that date a pack within the years allowed


def _epoch_day(epoch: str) -> date | None:
    """Return the UTC day of a SOURCE_DATE_EPOCH, or None if it is not a whole number of
    seconds within the years a pack may be dated."""
    if not epoch.isascii() or not epoch.isdigit() or len(epoch) > 12:
        return None
    seconds = int(epoch)
    if not _EPOCHS[0] <= seconds <= _EPOCHS[1]:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC).date()


class _Checker:
    """Reads each key of the raw YAML mapping, noting every problem instead of stopping."""

    def __init__(self, path: Path, raw: dict[str, Any], problems: list[Problem]) -> None:
        self.path, self.raw, self.problems = path, raw, problems

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path.name, message, column=key))

    def text(self, key: str, required: bool = False) -> str:
        value = self.raw.get(key)
        if value is None or str(value).strip() == "":
            if required:
                self.problem(key, "is required (write a value for it)")
            return ""
        if isinstance(value, dict | list):
            self.problem(key, "must be a single line of text")
            return ""
        return self.printable(key, str(value).strip())

    def printable(self, key: str, text: str) -> str:
        """Return text without control characters, warning if any were removed."""
        cleaned = printable(text)
        if cleaned != text:
            log.warning(
                "%s",
                Problem(
                    self.path.name,
                    "control characters removed (they cannot be printed)",
                    column=key,
                ),
            )
        return cleaned

    def day(self, key: str) -> date | None:
        if self.raw.get(key) is None:
            self.problem(key, "is required (write a date as YYYY-MM-DD)")
            return None
        try:
            return as_date(self.raw[key])
        except ValueError as error:
            self.problem(key, str(error))
            return None

    def previous(self) -> Previous | None:
        """Return the last report's ratings, from its manifest or its computed table."""
        name = self.raw.get("previous")
        if not name:
            return None
        known = len(self.problems)
        path = self.existing_file("previous", str(name), (".json", ".csv", ".xlsx"))
        if len(self.problems) > known:
            return None
        try:
            return read_previous(path, str(self.raw.get("area", "")).strip())
        except ValueError as error:
            self.problem("previous", f"{echoed(name)} {error}")
            return None

    def names(self, key: str) -> tuple[str, ...]:
        """Return a list of names (indicator ids or themes), each one line of text."""
        value = self.raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(i, str) and i.strip() for i in value):
            self.problem(
                key, "must be a list of indicator ids or themes, e.g. [CSC-REREF, Early help]"
            )
            return ()
        return tuple(item.strip() for item in value)

    def paragraphs(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str | int | float) for item in items):
            self.problem(key, "must be text or a list of paragraphs")
            return ()
        return tuple(self.printable(key, str(item).strip()) for item in items if str(item).strip())

    def comparators(self) -> dict[str, str]:
        value = self.raw.get("comparators") or {}
        if not isinstance(value, dict):
            self.problem("comparators", f"must map roles ({', '.join(COMPARATOR_ROLES)}) to areas")
            return {}
        result = {}
        for role, area in value.items():
            if role not in COMPARATOR_ROLES:
                self.problem(
                    f"comparators.{role}",
                    f"unknown role (allowed: {', '.join(COMPARATOR_ROLES)})",
                )
            elif area is None or not str(area).strip():
                self.problem(f"comparators.{role}", "needs the area's name as in the observations")
            else:
                result[str(role)] = str(area).strip()
        return result

    def rating(self) -> RatingConfig:
        value = self.raw.get("rating") or {}
        if not isinstance(value, dict):
            self.problem("rating", "must hold scheme and tolerance, e.g. scheme: tolerance")
            return RatingConfig()
        default = RatingConfig()
        scheme = str(value.get("scheme", default.scheme))
        if scheme not in RATING_SCHEMES:
            self.problem(
                "rating.scheme",
                f"{echoed(scheme)} is not a scheme (allowed: {', '.join(RATING_SCHEMES)})",
            )
        tolerance = default.tolerance
        if "tolerance" in value:
            try:
                tolerance = parse_tolerance(value["tolerance"])
            except ValueError as error:
                self.problem("rating.tolerance", str(error))
        confidence = default.confidence
        if "confidence" in value:
            try:
                confidence = float(str(value["confidence"]).rstrip("%"))
            except ValueError:
                confidence = math.nan
            if confidence not in CONFIDENCE_LEVELS:
                self.problem(
                    "rating.confidence",
                    f"{echoed(value['confidence'])} is not allowed (allowed: 95% or 99.8%)",
                )
        for key in value:
            if key not in ("scheme", "tolerance", "confidence"):
                self.problem(
                    f"rating.{key}", "unknown key (allowed: scheme, tolerance, confidence)"
                )
        return RatingConfig(scheme=scheme, tolerance=tolerance, confidence=confidence)

    def data(self) -> dict[str, Path]:
        value = self.raw.get("data")
        if not isinstance(value, dict):
            self.problem("data", "must give the files, e.g. indicators: indicators.csv")
            return {}
        paths = {}
        for table in REQUIRED_DATA:
            if not value.get(table):
                self.problem(f"data.{table}", f"is required (the path of the {table} file)")
        for table, name in value.items():
            key = f"data.{table}"
            if table not in DATA_TABLES:
                self.problem(key, f"unknown table (allowed: {', '.join(DATA_TABLES)})")
            elif name:
                paths[str(table)] = self.existing_file(key, str(name), DATA_SUFFIXES)
        return paths

    def existing_file(
        self, key: str, name: str, suffixes: tuple[str, ...], must_exist: bool = True
    ) -> Path:
        path = inside(self.path.parent, name)
        if path is None:
            self.problem(key, f"{echoed(name)} " + OUTSIDE.format(config=self.path.name))
            return self.path.parent / name
        if path.is_dir():
            self.problem(key, f"{echoed(name)} is a folder (name a file)")
        elif path.suffix.lower() not in suffixes:
            self.problem(key, f"{echoed(name)} is not a {' or '.join(suffixes)} file")
        elif must_exist and not path.is_file():
            self.problem(
                key, f"file not found: {echoed(name)} (paths are relative to {self.path.name})"
            )
        return path

    def generated(self) -> date:
        """Return the pack's date: report.yaml's `generated`, else SOURCE_DATE_EPOCH, else today."""
        if self.raw.get("generated") is not None:
            day = self.day("generated")
            if day is not None and day.year < FIRST_PACK_YEAR:
                self.problem(
                    "generated",
                    f"{echoed(day.isoformat())} is before a Word file can be dated "
                    f"(allowed: {FIRST_PACK_YEAR} to {LAST_YEAR})",
                )
            return day or date.today()
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if not epoch:
            return date.today()
        day = _epoch_day(epoch)
        if day is None:
            self.problems.append(
                Problem(
                    "environment",
                    f"{echoed(epoch)} is not a pack date in seconds since 1 January 1970 UTC "
                    f"(allowed: whole numbers from {_EPOCHS[0]} to {_EPOCHS[1]}, "
                    f"{FIRST_PACK_YEAR} to {LAST_YEAR}; or unset it)",
                    column="SOURCE_DATE_EPOCH",
                )
            )
            return date.today()
        return day

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = str(self.raw.get(key, default))
        if value not in allowed:
            self.problem(key, f"{echoed(value)} is not allowed (allowed: {', '.join(allowed)})")
            return default
        return value

    def suppression(self) -> Suppression:
        value = self.raw.get("suppression") or {}
        if not isinstance(value, dict):
            self.problem("suppression", "must give count, denominator and/or symbol")
            return Suppression()
        default = Suppression()
        numbers = {}
        for key in ("count", "denominator"):
            number = value.get(key, getattr(default, key))
            if (
                isinstance(number, bool)
                or not isinstance(number, int)
                or not 0 <= number <= MAX_SUPPRESSION_THRESHOLD
            ):
                self.problem(
                    f"suppression.{key}",
                    f"{echoed(number)} is not allowed "
                    f"(a whole number from 0 to {MAX_SUPPRESSION_THRESHOLD:,})",
                )
                number = getattr(default, key)
            numbers[key] = number
        symbol = str(value.get("symbol", default.symbol))
        for key in value:
            if key not in ("count", "denominator", "symbol"):
                self.problem(
                    f"suppression.{key}", "unknown key (allowed: count, denominator, symbol)"
                )
        return Suppression(numbers["count"], numbers["denominator"], symbol)

    def whole_number(self, key: str, low: int, high: int, default: int) -> int:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(
                key, f"{echoed(value)} is not allowed (a whole number from {low} to {high})"
            )
            return default
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, f"{echoed(value)} is not allowed (write true or false)")
            return False
        return value

    def accent_colour(self) -> str:
        value = self.text("accent_colour")
        if value and not _HEX_COLOUR.match(value):
            self.problem(
                "accent_colour",
                f'{echoed(value)} is not a colour (write it as #RRGGBB, e.g. "#1D70B8", in quotes)',
            )
            return ""
        return value

    def layout(self, sections: tuple[OwnSection, ...] = ()) -> tuple[str, ...]:
        from reportgen.parts import PARTS  # the registry's parts use the config's types

        own = [section.key for section in sections]
        layout = self._layout(PARTS, own)
        for number, key in enumerate(own, start=1):
            if key not in layout:
                log.warning(
                    "%s",
                    Problem(
                        self.path.name,
                        f"{echoed(key)} is not in the layout, so it is not shown (add it to layout)",
                        column=f"sections[{number}].key",
                    ),
                )
        return layout

    def rug_group(self, layout: tuple[str, ...]) -> str:
        """Return the group or region the regional rug ranks the area in ("" for the area's
        own region): whether the areas table knows it is checked with the data (validate.py,
        _rug_group_problems)."""
        value = self.text("rug_group")
        if value and RUG_PART not in layout:
            log.warning(
                "%s",
                Problem(
                    self.path.name,
                    f"the layout has no {RUG_PART}, so rug_group is not used (add {RUG_PART} "
                    "to layout)",
                    column="rug_group",
                ),
            )
        return value

    def _layout(self, parts: dict[str, Any], own: list[str]) -> tuple[str, ...]:
        value = self.raw.get("layout")
        if value is None:
            return SECTIONS
        if not isinstance(value, list) or not value:
            self.problem(
                "layout", f"must list the parts of the pack in order (from: {', '.join(parts)})"
            )
            return SECTIONS
        names = [*parts, *own]
        first: dict[str, int] = {}
        for number, name in enumerate(map(str, value), start=1):
            if name not in names:
                close = difflib.get_close_matches(name, names, n=1)
                hint = f"; did you mean {echoed(close[0])}?" if close else ""
                keys = f" or a section's key ({', '.join(own)})" if own else ""
                self.problem(
                    "layout",
                    f"{echoed(name)} is not a part (allowed: {', '.join(parts)}){keys}{hint}",
                )
            elif name in first:  # two parts with one id: officers' words could go to neither
                self.problem(
                    "layout",
                    f"{echoed(name)} is named twice (items {first[name]} and {number}); name "
                    "each part once",
                )
            else:
                first[name] = number
        return tuple(first)

    def implications(self) -> dict[str, str]:
        value = self.raw.get("implications") or {}
        if not isinstance(value, dict):
            self.problem("implications", f"must map headings ({', '.join(IMPLICATIONS)}) to text")
            return {}
        given = {}
        for key, text in value.items():
            if key not in IMPLICATIONS:
                self.problem(
                    f"implications.{key}", f"unknown heading (allowed: {', '.join(IMPLICATIONS)})"
                )
            elif text is not None and str(text).strip():
                given[IMPLICATIONS[key]] = self.printable(f"implications.{key}", str(text).strip())
        return {heading: given.get(heading, "Not applicable.") for heading in IMPLICATIONS.values()}

    def logo(self) -> tuple[str, bytes] | None:
        """Return the logo's media type and bytes: a PNG or JPEG by its bytes as well as its
        name (an SVG by its name), checked in order so that a logo refused for its place or
        size is never opened, and one refused for its kind never decoded."""
        name = self.raw.get("logo")
        if not name:
            return None
        known = len(self.problems)
        path = self.existing_file("logo", str(name), tuple(LOGO_TYPES))
        if len(self.problems) > known:  # outside the folder, a folder, not a logo's name
            return None
        size = path.stat().st_size  # before reading: a logo may be any file at all
        if size > MAX_LOGO_BYTES:
            self.problem(
                "logo", f"{echoed(name)} is {size:,} bytes (allowed: up to {MAX_LOGO_BYTES:,})"
            )
            return None
        data = path.read_bytes()
        media = LOGO_TYPES[path.suffix.lower()]
        if media == "image/svg+xml":
            return media, data
        kind = _picture_kind(data)
        if kind != _picture_kind(LOGO_SIGNATURES[media]):
            self.problem(
                "logo",
                f"{echoed(name)} is {kind} by its contents, not a {path.suffix.lower()} "
                "(allowed: PNG or JPEG pictures, or SVG; save it again as PNG)",
            )
            return None
        return self._decoded_logo(str(name), data, media)

    def _decoded_logo(self, name: str, data: bytes, media: str) -> tuple[str, bytes] | None:
        """Return the logo if Pillow reads it as the kind its bytes begin as, within the
        pixels allowed, and undamaged."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                # Pillow is asked for the one kind the bytes begin as, never any other.
                formats = ["PNG"] if media == "image/png" else ["JPEG"]
                with Image.open(io.BytesIO(data), formats=formats) as image:  # the header
                    too_big = image.width * image.height > MAX_LOGO_PIXELS
                    if not too_big:
                        image.verify()  # a damaged picture is refused here, not half-drawn
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            too_big = True
        except Exception:
            self.problem("logo", f"{echoed(name)} is not a readable PNG or JPEG picture")
            return None
        if too_big:
            self.problem(
                "logo",
                f"{echoed(name)} is more than {MAX_LOGO_PIXELS:,} pixels (a logo 1,000 pixels wide "
                "prints sharply)",
            )
            return None
        return media, data

    def word_template(self) -> bytes | None:
        """Return the bytes of the council's Word template, checked to open as one; warn of
        the styles reportgen uses that it lacks (the Word pack adds reportgen's own)."""
        name = self.raw.get("word_template")
        if not name:
            return None
        from reportgen.render.docx import TemplateError, open_template, styles_to_add
        from reportgen.render.docx_outside import keep_inside

        key = "word_template"
        if Path(str(name)).suffix.lower() in MACRO_SUFFIXES:
            self.problem(
                key,
                f"{echoed(name)} is a macro-enabled Word file (save it from Word as a .docx or a "
                ".dotx template, without macros)",
            )
            return None
        known = len(self.problems)
        path = self.existing_file(key, str(name), WORD_TEMPLATE_SUFFIXES)
        if len(self.problems) > known:  # outside the folder, a folder, or not found
            return None
        size = path.stat().st_size  # before reading: it may be any file at all
        if size > MAX_WORD_TEMPLATE_BYTES:
            self.problem(
                key,
                f"{echoed(name)} is {size:,} bytes (allowed: up to {MAX_WORD_TEMPLATE_BYTES:,})",
            )
            return None
        data = path.read_bytes()
        try:
            data, removed = keep_inside(data)  # before python-docx reads any of it
            template = open_template(data)
        except TemplateError as error:
            self.problem(key, f"{echoed(name)} {error}")
            return None
        if removed:
            log.warning("%s", Problem(path.name, removed))
        added = styles_to_add(template)
        if added:
            log.warning(
                "%s",
                Problem(
                    path.name,
                    "styles added from reportgen's own (the template has none of these): "
                    + ", ".join(added),
                ),
            )
        return data

    def config(self) -> Config | None:
        from reportgen.parts import sections  # the registry's parts use the config's types

        narrative = self.raw.get("narrative")
        own = sections.read(self.raw.get("sections"), self.problem, self.printable)
        layout = self.layout(own)
        fields = dict(
            title=self.text("title", required=True),
            committee=self.text("committee", required=True),
            meeting_date=self.day("meeting_date"),
            area=self.text("area", required=True),
            period_end=self.day("period_end"),
            data=self.data(),
            comparators=self.comparators(),
            rating=self.rating(),
            # The narrative file is created by the first `reportgen narrative pull`.
            narrative=self.existing_file("narrative", str(narrative), (".yaml", ".yml"), False)
            if narrative
            else None,
            purpose=self.paragraphs("purpose"),
            report_of=self.text("report_of"),
            author=self.text("author"),
            contact=self.text("contact"),
            agenda_item=self.text("agenda_item"),
            council=self.text("council"),
            logo=self.logo(),
            word_template=self.word_template(),
            accent_colour=self.accent_colour(),
            duplex=self.flag("duplex"),
            layout=layout,
            divisions=self.text("divisions"),
            summary=self.paragraphs("summary"),
            recommendations=self.paragraphs("recommendations"),
            background_papers=self.paragraphs("background_papers"),
            implications=self.implications(),
            generated=self.generated(),
            audience=self.choice("audience", AUDIENCES, "public"),
            suppression=self.suppression(),
            months=self.whole_number("months", 1, MOST_MONTHS, 4),
            include=self.names("include"),
            exclude=self.names("exclude"),
            themes=self.names("themes"),
            dashboards=read_dashboards(self.raw.get("dashboards"), self.problem),
            previous=self.previous(),
            annualise_counts=self.flag("annualise_counts", True),
            sections=own,
            rug_group=self.rug_group(layout),
        )
        if self.problems:
            return None
        return Config(path=self.path, **fields)  # type: ignore[arg-type]
