"""Officers' commentary: the narrative file, putting it into a pack, and merging in the words
pulled out of a Word file they edited.

Each place an officer writes has a key (``dashboard.early-help``, ``summary.going-well``,
``indicator.CSC-01``). The narrative file maps keys to lines of text and to a fingerprint of
the figures the text was written against, so a later build can say when the figures have moved
on. The file is the officers' data: every pull keeps the previous copy, and words that would
overwrite newer ones are set beside them, never in their place.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
import shutil
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from reportgen.atomic import write_atomically
from reportgen.errors import InputError, Problem, echoed
from reportgen.inputs import printable
from reportgen.model import Line, Narrative, Pack
from reportgen.paths import writable
from reportgen.yamlfile import load_yaml

log = logging.getLogger(__name__)

FIELDS = ("text", "paragraphs", "bullets", "figures", "incoming")
HISTORY = "{stem}-history"  # the folder of earlier copies, beside the narrative file


@dataclass(frozen=True)
class Written:
    """An officer's words for one place, the fingerprint of the figures they saw, and words
    pulled from an older copy of the pack that wait beside them for a person to choose."""

    lines: tuple[Line, ...] = ()
    figures: str = ""
    incoming: tuple[Line, ...] = ()
    incoming_from: str = ""


def fingerprint(texts: tuple[str, ...]) -> str:
    """Return a short, stable fingerprint of some text (the figures in words, or a narrative)."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


SPACES = re.compile(r"[^\S\n]+")  # any run of spaces but a line break
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def words_fingerprint(lines: tuple[Line, ...]) -> str:
    """Return the fingerprint of what some lines say, and which are bullets, whatever an editor
    did to their typography (runs of spaces, non-breaking spaces, curly quotes, dashes)."""
    return fingerprint(
        tuple(
            ("- " if line.bullet else "")
            + SPACES.sub(" ", unicodedata.normalize("NFKC", line.text).translate(QUOTES)).strip()
            for line in lines
        )
    )


# Narrative file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NarrativeFile:
    """The narrative file as read: its entries by key, and the line each key is on."""

    name: str = ""
    entries: dict[str, Written] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def load_narrative(path: Path | None) -> NarrativeFile:
    """Return the narrative file, read and checked (empty if there is no file yet)."""
    if path is None or not path.is_file():
        return NarrativeFile()
    key_lines: dict[str, int] = {}
    raw = load_yaml(path, key_lines) or {}
    if not isinstance(raw, dict):
        raise InputError([Problem(path.name, "must map narrative keys to text")])
    problems: list[Problem] = []
    entries = {
        str(key): _entry(
            Problem(path.name, "", row=key_lines.get(str(key)), column=str(key)), value, problems
        )
        for key, value in raw.items()
    }
    if problems:
        raise InputError(problems)
    return NarrativeFile(path.name, entries, key_lines)


def _entry(where: Problem, value: Any, problems: list[Problem]) -> Written:
    def problem(message: str) -> None:
        problems.append(replace(where, message=message))

    if isinstance(value, str):  # a paragraph per run of lines, as a YAML block reads
        return Written(tuple(Line(p) for p in _tidy(re.split(r"\n\s*\n", value))))
    if not isinstance(value, dict):
        problem("must be text, or text: a list of paragraphs and bullets")
        return Written()
    for name in value:
        if name not in FIELDS:
            problem(f"unknown field {echoed(name)} (allowed: {', '.join(FIELDS)})")
    lines = (
        _lines(value.get("text"), problem)
        + tuple(Line(t) for t in _texts(value.get("paragraphs"), "paragraphs", problem))
        + tuple(Line(t, bullet=True) for t in _texts(value.get("bullets"), "bullets", problem))
    )
    incoming = value.get("incoming") or {}
    if not isinstance(incoming, dict):
        problem("incoming must hold from: and text:")
        incoming = {}
    return Written(
        lines,
        str(value.get("figures") or ""),
        _lines(incoming.get("text"), problem),
        str(incoming.get("from") or ""),
    )


def _lines(items: Any, problem: Any) -> tuple[Line, ...]:
    """Read `text:`: a list whose items are a paragraph's text, or `bullet: text`."""
    if items is None:
        return ()
    items = [items] if isinstance(items, str) else items
    lines = []
    for item in items if isinstance(items, list) else [None]:
        if isinstance(item, str):
            lines.append(Line(item))
        elif (
            isinstance(item, dict) and list(item) == ["bullet"] and isinstance(item["bullet"], str)
        ):
            lines.append(Line(item["bullet"], bullet=True))
        else:
            problem("text must be a list of paragraphs (text) and bullets (bullet: text)")
            return ()
    return tuple(Line(text, line.bullet) for line in lines for text in _tidy([line.text]))


def _texts(items: Any, field: str, problem: Any) -> list[str]:
    items = [] if items is None else [items] if isinstance(items, str) else items
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        problem(f"{field} must be text or a list of text")
        return []
    return _tidy(items)


def _tidy(texts: list[str]) -> list[str]:
    return [printable(t.strip()) for t in texts if t.strip()]


def save_narrative(path: Path, entries: dict[str, Written]) -> Path | None:
    """Write the narrative file (keys sorted; atomically, so a failure leaves the old file),
    first keeping the file it replaces in the history folder; return that copy."""
    data = {key: _as_yaml(entry) for key, entry in sorted(entries.items())}
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    kept = _keep_previous(path)
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    return kept


YAML_BREAKS = re.compile("[\r\x85\u2028\u2029]")


class _Dumper(yaml.SafeDumper):
    """Writes a paragraph with line breaks as a block, each line as the officer typed it."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # YAML folds its other line breaks (\r, NEL, U+2028, U+2029): only quotes keep them.
    style = '"' if YAML_BREAKS.search(text) else "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)


def _as_yaml(entry: Written) -> dict[str, Any]:
    data: dict[str, Any] = {"text": _lines_as_yaml(entry.lines)}
    if entry.figures:
        data["figures"] = entry.figures
    if entry.incoming:
        data["incoming"] = {"from": entry.incoming_from, "text": _lines_as_yaml(entry.incoming)}
    return data


def _lines_as_yaml(lines: tuple[Line, ...]) -> list[Any]:
    return [{"bullet": line.text} if line.bullet else line.text for line in lines]


def _keep_previous(path: Path) -> Path | None:
    """Copy the narrative file into its history folder under the time it was replaced."""
    if not path.is_file():
        return None
    folder = writable(path.parent / HISTORY.format(stem=path.stem), path.parent)
    folder.mkdir(exist_ok=True)
    moment = datetime.now(UTC)
    stamp = moment.strftime("%Y-%m-%dT%H%M%S.") + f"{moment.microsecond // 1000:03d}Z"
    copy = folder / f"{path.stem}-{stamp}{path.suffix}"
    number = 1
    while copy.exists():  # two pulls in one millisecond
        number += 1
        copy = folder / f"{path.stem}-{stamp}-{number}{path.suffix}"
    write_atomically(copy, lambda temporary: shutil.copyfile(path, temporary))
    return copy


def check_keys(narrative: NarrativeFile, pack: Pack) -> None:
    """Raise InputError for each narrative key that names no place in the pack: a mistyped
    key's words would otherwise silently vanish."""
    problems = unknown_keys(narrative, pack)
    if problems:
        raise InputError(problems)


def unknown_keys(narrative: NarrativeFile, pack: Pack) -> list[Problem]:
    """Return a problem, located, for each narrative key that names no place in the pack,
    with the place it most likely meant."""
    places = [block.key for block in narrative_blocks(pack)]
    problems = []
    for key in narrative.entries:
        if key in places:
            continue
        close = difflib.get_close_matches(key, places, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else "`reportgen narrative status` lists them"
        problems.append(
            Problem(
                narrative.name,
                f"names no place in this pack ({hint})",
                row=narrative.lines.get(key),
                column=key,
            )
        )
    return problems


# Into the pack ----------------------------------------------------------------------------


def with_narrative(pack: Pack, entries: dict[str, Written]) -> Pack:
    """Return the pack with officers' words in their places; drafts stay where there are none."""

    def written(block: Narrative) -> Narrative:
        entry = entries.get(block.key)
        if entry is not None and entry.incoming:
            log.warning(
                "narrative %s: words pulled from %s wait under incoming: beside the words "
                "used; keep one and delete the other",
                block.key,
                entry.incoming_from,
            )
        if entry is None or not entry.lines:
            return block
        if entry.figures and entry.figures != block.fingerprint:
            log.warning(
                "narrative %s: figures changed since this commentary was written; "
                "check it still holds",
                block.key,
            )
        return replace(block, lines=entry.lines, status="written")

    return replace(
        pack,
        sections=tuple(
            replace(
                section,
                blocks=tuple(written(b) if isinstance(b, Narrative) else b for b in section.blocks),
            )
            for section in pack.sections
        ),
    )


def narrative_blocks(pack: Pack) -> list[Narrative]:
    """Return every place in the pack an officer writes, in the pack's order."""
    return [b for s in pack.sections for b in s.blocks if isinstance(b, Narrative)]


def status_lines(pack: Pack, entries: dict[str, Written]) -> list[tuple[str, str]]:
    """Return each place's key and state: written by officers, drafted, stale, missing, or
    with incoming words to choose between."""
    states = []
    for block in narrative_blocks(pack):
        entry = entries.get(block.key)
        if entry is not None and entry.incoming:
            state = f"to choose (words from {entry.incoming_from} wait beside the written ones)"
        elif entry is not None and entry.lines:
            stale = entry.figures and entry.figures != block.fingerprint
            state = "stale (figures changed since written)" if stale else "written by officers"
        else:
            state = "drafted from the figures" if block.status == "draft" else "missing"
        states.append((block.key, state))
    return states


# What a Word pack records of itself ----------------------------------------------------------

EDITION = "reportgen edition"  # custom document properties, which Word and LibreOffice keep
BUILT = "reportgen built"
PLACE = "reportgen place "


def marker(key: str, end: bool = False) -> str:
    """Return the name of the bookmark that starts (on its label) or ends (on the paragraph
    after it) a place in the Word pack: hidden (a leading _), within Word's 40 characters."""
    return ("_rge" if end else "_rgs") + hashlib.sha256(key.encode()).hexdigest()[:24]


def record(pack: Pack) -> dict[str, str]:
    """Return the properties a Word pack carries: which report and build it is, and what
    each place held, so a pull can tell an officer's edit from an older copy."""
    properties = {EDITION: pack.edition, BUILT: pack.generated.isoformat()}
    for block in narrative_blocks(pack):
        words = words_fingerprint(block.lines)
        properties[PLACE + block.key] = f"{block.status} {words} {block.fingerprint or '-'}"
    return properties


def held_places(properties: dict[str, str]) -> dict[str, Held]:
    """Return what each place held when built, from a Word pack's properties."""
    held = {}
    for name, value in properties.items():
        parts = value.split()
        if name.startswith(PLACE) and len(parts) == 3:
            held[name[len(PLACE) :]] = Held(parts[0], parts[1], parts[2].strip("-"))
    return held


# Merging a pull -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Held:
    """What a Word pack's place held when it was built: its state, a fingerprint of its words
    and one of the figures it was drafted from."""

    status: str
    words: str
    figures: str


@dataclass(frozen=True)
class Pulled:
    """What `narrative pull` did: places whose words it took, places it set beside newer words,
    places it could not find (and left alone), and the copy kept of the previous file."""

    changed: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    unsure: tuple[str, ...] = ()
    kept: Path | None = None


def merge_pulled(
    found: dict[str, tuple[Line, ...]],
    held: dict[str, Held] | None,
    pack: Pack,
    entries: dict[str, Written],
    source: str,
    force: bool = False,
) -> tuple[dict[str, Written], tuple[str, ...], tuple[str, ...]]:
    """Return the entries with the words found in an edited pack merged in, the keys taken,
    and the keys whose incoming words were set beside newer ones.

    A place is taken only if the officer changed it: its words differ from what the Word file
    held when built (or, where the editor dropped that record, from the current draft and
    the file's words). If the narrative file's words for it changed since the Word file was
    built, the newer words stay and the incoming ones wait beside them, unless `force`.
    """
    places = {block.key: block for block in narrative_blocks(pack)}
    merged, changed, conflicts = dict(entries), [], []
    for key, lines in found.items():
        block, entry = places[key], entries.get(key)
        if not lines:
            log.warning("narrative %s: its place in %s is empty; it is left as it was", key, source)
            continue
        current = words_fingerprint(entry.lines) if entry and entry.lines else ""
        incoming = words_fingerprint(lines)
        record = (held or {}).get(key)
        untouched = {record.words} if record else {words_fingerprint(block.lines), current}
        if incoming in untouched or incoming == current:
            continue  # as built: an untouched draft, or words already in the file
        figures = record.figures if record else block.fingerprint
        if record:
            newer = current != (record.words if record.status == "written" else "")
        else:
            newer = bool(current)  # no record of what it held: never overwrite without asking
        if newer and not force:
            merged[key] = replace(entry or Written(), incoming=lines, incoming_from=source)
            conflicts.append(key)
            continue
        merged[key] = Written(lines, figures)
        changed.append(key)
    return merged, tuple(changed), tuple(conflicts)
