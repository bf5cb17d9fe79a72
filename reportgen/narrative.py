"""Officers' commentary: the narrative file, putting it into a pack, and pulling it back out of
a Word file they edited.

Each place an officer writes has a key (``dashboard.early-help``, ``summary.going-well``). The
narrative file maps keys to text and to a fingerprint of the figures the text was written
against, so a later build can say when the figures have moved on.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.oxml.ns import qn

from reportgen.archives import check_archive
from reportgen.atomic import write_atomically
from reportgen.errors import InputError, Problem
from reportgen.inputs import printable
from reportgen.model import Narrative, Pack
from reportgen.yamlfile import load_yaml

log = logging.getLogger(__name__)

MAX_UNZIPPED_BYTES = 50_000_000  # a pack's .docx is a few MB; more is not a pack
WORD_FILE = "a Word .docx file"
WORD_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
TEXT_VARIABLE = "reportgen-text:"  # Word document variables: what each place held when built
FIGURES_VARIABLE = "reportgen-figures:"  # and the figures it was drafted from
FIELDS = ("paragraphs", "bullets", "figures")


@dataclass(frozen=True)
class Written:
    """An officer's words for one place, and the fingerprint of the figures they saw."""

    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    figures: str = ""


def fingerprint(texts: tuple[str, ...]) -> str:
    """Return a short, stable fingerprint of some text (the figures in words, or a narrative)."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


def shown_text(block: Narrative) -> tuple[str, ...]:
    """Return what a narrative place shows, as lines: its paragraphs then its bullets."""
    return block.paragraphs + block.bullets


def load_narrative(path: Path | None) -> dict[str, Written]:
    """Return the narrative file's entries by key (none if there is no file yet)."""
    if path is None or not path.is_file():
        return {}
    raw = load_yaml(path) or {}
    if not isinstance(raw, dict):
        raise InputError([Problem(path.name, "must map narrative keys to text")])
    problems: list[Problem] = []
    entries = {str(key): _entry(path.name, str(key), value, problems) for key, value in raw.items()}
    if problems:
        raise InputError(problems)
    return entries


def _entry(label: str, key: str, value: Any, problems: list[Problem]) -> Written:
    if isinstance(value, str):
        return Written(paragraphs=(printable(value.strip()),))
    if not isinstance(value, dict):
        problems.append(Problem(label, "must be text, or paragraphs and bullets", column=key))
        return Written()
    for field in value:
        if field not in FIELDS:
            problems.append(
                Problem(
                    label, f"unknown field {field!r} (allowed: {', '.join(FIELDS)})", column=key
                )
            )

    def lines(field: str) -> tuple[str, ...]:
        items = value.get(field) or []
        items = [items] if isinstance(items, str) else items
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            problems.append(Problem(label, f"{field} must be text or a list of text", column=key))
            return ()
        return tuple(printable(i.strip()) for i in items if i.strip())

    return Written(lines("paragraphs"), lines("bullets"), str(value.get("figures") or ""))


def save_narrative(path: Path, entries: dict[str, Written]) -> None:
    """Write the narrative file (keys sorted; atomically, so a failure leaves the old file)."""
    data = {
        key: {
            field: list(getattr(entry, field)) if field != "figures" else entry.figures
            for field in FIELDS
            if getattr(entry, field)
        }
        for key, entry in sorted(entries.items())
    }
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def with_narrative(pack: Pack, entries: dict[str, Written]) -> Pack:
    """Return the pack with officers' words in their places; drafts stay where there are none."""

    def written(block: Narrative) -> Narrative:
        entry = entries.get(block.key)
        if entry is None or not (entry.paragraphs or entry.bullets):
            return block
        if entry.figures and entry.figures != block.fingerprint:
            log.warning(
                "narrative %s: figures changed since this commentary was written; "
                "check it still holds",
                block.key,
            )
        return replace(block, paragraphs=entry.paragraphs, bullets=entry.bullets, status="written")

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
    """Return every place in the pack an officer writes."""
    return [b for s in pack.sections for b in s.blocks if isinstance(b, Narrative)]


@dataclass(frozen=True)
class Pulled:
    """What `narrative pull` found: keys whose text changed, and places the officer deleted."""

    changed: tuple[str, ...]
    deleted: tuple[str, ...]


def pull(
    docx_path: Path, pack: Pack, entries: dict[str, Written]
) -> tuple[dict[str, Written], Pulled]:
    """Return the narrative entries with the officers' edits from `docx_path` merged in."""
    document = _open_docx(docx_path)
    variables = _document_variables(document)
    places = {block.key: block for block in narrative_blocks(pack)}
    merged, changed, found = dict(entries), [], set()
    for sdt in document.element.body.iter(qn("w:sdt")):
        key = _content_control_key(sdt, places)
        if key is None:
            continue
        found.add(key)
        paragraphs, bullets = _content_control_text(sdt)
        text = paragraphs + bullets
        if not text:
            log.warning(
                "narrative %s: its place in %s is empty; the file keeps what it had",
                key,
                docx_path.name,
            )
            continue
        as_built = variables.get(TEXT_VARIABLE + key)
        if as_built is None:  # another editor dropped the record: compare with what it held
            as_built = fingerprint(shown_text(places[key]))
        if fingerprint(text) == as_built or _same_as_entry(text, entries.get(key)):
            continue  # as built: an untouched draft, or words already in the file
        figures = variables.get(FIGURES_VARIABLE + key) or places[key].fingerprint
        merged[key] = Written(paragraphs, bullets, figures)
        changed.append(key)
    deleted = tuple(key for key in places if key not in found)
    for key in deleted:
        log.warning(
            "narrative %s: its place is missing from %s (deleted?); its words are kept",
            key,
            docx_path.name,
        )
    return merged, Pulled(tuple(changed), deleted)


def _same_as_entry(text: tuple[str, ...], entry: Written | None) -> bool:
    return entry is not None and text == entry.paragraphs + entry.bullets


def _open_docx(path: Path) -> Any:
    if path.suffix.lower() != ".docx" or not path.is_file():
        raise InputError(
            [
                Problem(
                    str(path),
                    "is not a .docx file (give the Word file of a pack that reportgen built)",
                )
            ]
        )
    check_archive(path, WORD_FILE, MAX_UNZIPPED_BYTES, needs=WORD_PARTS)
    try:
        document = Document(str(path))
        document.settings.element  # parsed now, where a broken part is caught  # noqa: B018
        return document
    except Exception as error:  # python-docx and lxml raise many kinds for a broken file
        raise InputError(
            [Problem(path.name, f"is not {WORD_FILE} reportgen can read ({error})")]
        ) from None


def _document_variables(document: Any) -> dict[str, str]:
    settings = document.settings.element
    return {v.get(qn("w:name")): v.get(qn("w:val")) for v in settings.iter(qn("w:docVar"))}


def _content_control_key(sdt: Any, places: dict[str, Narrative]) -> str | None:
    """Return a content control's narrative key: its tag, or (for files that lost their tags
    in another editor) the key whose label its alias is."""
    properties = sdt.find(qn("w:sdtPr"))
    if properties is None:
        return None
    tag, alias = (_value(properties, name) for name in ("w:tag", "w:alias"))
    if tag in places:
        return tag
    return next((key for key, block in places.items() if block.label == alias), None)


def _value(properties: Any, name: str) -> str:
    element = properties.find(qn(name))
    return "" if element is None else element.get(qn("w:val")) or ""


def _content_control_text(sdt: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return a content control's paragraphs and bullets, tracked insertions included and
    tracked deletions left out (as if every change were accepted).

    Word keeps a block of paragraphs inside the control; some editors re-save it as a control
    inside one paragraph, whose text then counts as that paragraph.
    """
    paragraphs: list[str] = []
    bullets: list[str] = []
    content = sdt.find(qn("w:sdtContent"))
    if content is None:
        return (), ()
    inner = list(content.iter(qn("w:p")))
    blocks = inner or [sdt.getparent()]
    for paragraph in blocks:
        source = paragraph if inner else content
        text = "".join(t.text or "" for t in source.iter(qn("w:t"))).strip()
        if not text:
            continue
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        is_bullet = style is not None and "bullet" in (style.get(qn("w:val")) or "").lower()
        (bullets if is_bullet else paragraphs).append(printable(text))
    return tuple(paragraphs), tuple(bullets)
