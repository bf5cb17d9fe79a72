"""A council's Word template kept to what stays inside the pack: an attached template Word
fetches on opening, external links, fields that include files, OLE objects and altChunk
parts are removed from its zip parts before python-docx opens it, and each is named."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from reportgen.archives import DTDS
from reportgen.errors import echoed
from reportgen.limits import MAX_ARCHIVE_MEMBERS, MAX_NAMED_REMOVED, MAX_TEMPLATE_UNZIPPED_BYTES
from reportgen.render.docx import NOT_WORD, TemplateError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE = "urn:schemas-microsoft-com:office:office"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
ATTACHED = R + "/attachedTemplate"
# Relationships to parts that hold another program's content: removed with their parts.
EMBEDDED = {
    R + "/oleObject": "OLE object",
    R + "/package": "OLE object",  # an embedded file (another Word or Excel file)
    R + "/aFChunk": "altChunk part",
}
# Elements holding another program's content, removed wherever they are.
DROPPED = (f"{{{W}}}object", f"{{{OFFICE}}}OLEObject", f"{{{W}}}altChunk")
RUN, FIELD_CHAR, INSTRUCTION = f"{{{W}}}r", f"{{{W}}}fldChar", f"{{{W}}}instrText"
FIELD_CHAR_TYPE = f"{{{W}}}fldCharType"
# Fields whose result Word fetches from a file, a program or the web when they update.
FETCHING = ("INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "IMPORT", "LINK", "DDE", "DDEAUTO")
# Office never writes a DTD, and entities are how XML reaches other files: never resolved.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def w(name: str) -> str:
    """Return a WordprocessingML element's or attribute's qualified name."""
    return f"{{{W}}}{name}"


@dataclass
class Removed:
    """What was removed from a template, kind by kind, each thing named as it was found."""

    kinds: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, name: str = "") -> None:
        """Count one thing of `kind`, named by `name` (if it has one)."""
        self.kinds.setdefault(kind, []).append(name)

    def said(self) -> str:
        """Return the warning naming everything removed ("" when nothing was)."""
        if not self.kinds:
            return ""
        return (
            "removed "
            + ", ".join(_kind(kind, self.kinds[kind]) for kind in sorted(self.kinds, key=_order))
            + ": a pack keeps nothing that reaches outside it"
        )


def _order(kind: str) -> tuple[int, str]:
    """Return where a kind comes in the warning: what Word fetches on opening first."""
    first = ("attached template", "external link")
    last = ("OLE object", "altChunk part")
    if kind in first:
        return first.index(kind), ""
    return (len(first) + 1 + last.index(kind), "") if kind in last else (len(first), kind)


def _kind(kind: str, names: list[str]) -> str:
    """Return one kind's part of the warning: how many, and the first few by name."""
    named = [echoed(name) for name in names if name][:MAX_NAMED_REMOVED]
    more = len([name for name in names if name]) - len(named)
    listed = ", ".join(named) + (f" and {more:,} more" if more else "")
    if kind == "attached template":
        return f"the attached template at {listed}" if listed else "the attached template"
    count = f"{len(names):,} {kind}{'' if len(names) == 1 else 's'}"
    return f"{count} ({listed})" if listed else count


def keep_inside(data: bytes) -> tuple[bytes, str]:
    """Return a Word template's bytes without what reaches outside the pack, and the warning
    naming what was removed ("" and the same bytes when nothing was); raise TemplateError
    for a file that is not a Word file's zip."""
    try:
        parts = _parts(data)
    except TemplateError:
        raise
    except Exception as error:  # not a zip, or a damaged one: zipfile raises many kinds
        raise TemplateError(NOT_WORD) from error
    removed = Removed()
    try:
        trees = {name: _parse(name, blob) for name, blob in parts.items() if _is_xml(name)}
    except etree.XMLSyntaxError as error:
        raise TemplateError(NOT_WORD) from error
    dropped = _drop_relationships(trees, removed)
    for name, tree in trees.items():
        if not name.endswith(".rels") and name != "[Content_Types].xml":
            _clean_part(tree, dropped.get(name, {}), removed)
    gone = {name for name in parts if _is_embedded_name(name)} | _targets(trees, dropped)
    for name in list(gone):  # a removed part's own relationships go with it
        gone.add(_rels_of(name))
    if not removed.kinds and not gone & set(parts):
        return data, ""
    for name in sorted(gone & set(parts)):  # an OLE object's part no relationship named
        if _is_embedded_name(name) and name not in removed.kinds.get("OLE object", []):
            removed.add("OLE object", name)
    _drop_types(trees["[Content_Types].xml"], gone, set(parts) - gone)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in parts.items():
            if name in gone:
                continue
            tree = trees.get(name)
            target.writestr(name, blob if tree is None else _serialised(tree))
    return output.getvalue(), removed.said()


def _parts(data: bytes) -> dict[str, bytes]:
    """Return a template's parts by name, refusing a zip larger than a template can be."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_ARCHIVE_MEMBERS:
            raise TemplateError(
                f"holds {len(members):,} parts (allowed: up to {MAX_ARCHIVE_MEMBERS:,})"
            )
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_TEMPLATE_UNZIPPED_BYTES:  # zipfile reads no more than a part's size says
            raise TemplateError(
                f"unpacks to {unpacked:,} bytes (allowed: up to {MAX_TEMPLATE_UNZIPPED_BYTES:,})"
            )
        if "[Content_Types].xml" not in archive.namelist():
            raise TemplateError(NOT_WORD)
        return {member.filename: archive.read(member) for member in members}


def _is_xml(name: str) -> bool:
    """Return whether a part is XML reportgen looks into (its relationships and Word's parts)."""
    return name == "[Content_Types].xml" or name.endswith((".rels", ".xml"))


def _parse(name: str, blob: bytes) -> Any:
    """Return a part's XML tree, refusing a DTD (entities are not allowed)."""
    if any(dtd in blob for dtd in DTDS):
        raise TemplateError(f"has a DTD in {name} (entities are not allowed)")
    return etree.fromstring(blob, PARSER)


def _serialised(tree: Any) -> bytes:
    """Return a part's XML as Word writes it: UTF-8 with a standalone declaration."""
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True))


def _source_of(rels: str) -> str:
    """Return the part a relationships part belongs to ("word/_rels/a.xml.rels" -> "word/a.xml")."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def _rels_of(name: str) -> str:
    """Return the name of a part's relationships part."""
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", base + ".rels")


def _target(source: str, target: str) -> str:
    """Return the part a relationship's target names, from the part it belongs to."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _drop_relationships(trees: dict[str, Any], removed: Removed) -> dict[str, dict[str, str]]:
    """Remove every external relationship and every relationship to an embedded part;
    return, part by part, the removed relationships' ids and the parts they named."""
    dropped: dict[str, dict[str, str]] = {}
    for name, tree in trees.items():
        if not name.endswith(".rels"):
            continue
        source = _source_of(name)
        for rel in list(tree.iter(f"{{{RELS}}}Relationship")):
            kind, target = rel.get("Type", ""), rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                removed.add("attached template" if kind == ATTACHED else "external link", target)
                dropped.setdefault(source, {})[rel.get("Id", "")] = ""
            elif kind in EMBEDDED:
                part = _target(source, target)
                removed.add(EMBEDDED[kind], part)
                dropped.setdefault(source, {})[rel.get("Id", "")] = part
            else:
                continue
            tree.remove(rel)
    return dropped


def _targets(trees: dict[str, Any], dropped: dict[str, dict[str, str]]) -> set[str]:
    """Return the parts the removed relationships named, no other relationship naming them."""
    named = {part for ids in dropped.values() for part in ids.values() if part}
    for name, tree in trees.items():
        if name.endswith(".rels"):
            for rel in tree.iter(f"{{{RELS}}}Relationship"):
                if rel.get("TargetMode") != "External":
                    named.discard(_target(_source_of(name), rel.get("Target", "")))
    return named


def _is_embedded_name(name: str) -> bool:
    """Return whether a part is an OLE object's by its name, whoever refers to it."""
    base = posixpath.basename(name).lower()
    return name.startswith("word/embeddings/") and base.startswith("oleobject")


def _clean_part(tree: Any, ids: dict[str, str], removed: Removed) -> None:
    """Remove from one part what refers to its removed relationships, OLE objects, altChunk
    elements and fields that include files."""
    for element in list(tree.iter(*DROPPED)):
        if not _detached(element, tree):
            element.getparent().remove(element)
    if ids:
        _drop_references(tree, ids)
    for simple in list(tree.iter(w("fldSimple"))):
        name = _fetching(simple.get(w("instr"), ""))
        if name and not _detached(simple, tree):
            removed.add(f"{name} field", simple.get(w("instr"), "").strip())
            _unwrap(simple)  # its last result stays as plain text
    found, runs = _complex_fields(tree)
    for name, instruction in found:
        removed.add(f"{name} field", instruction.strip())
    doomed = set(runs)
    for parent in {run.getparent() for run in runs}:  # each parent rebuilt once, not per run
        parent[:] = [child for child in parent if child not in doomed]


def _drop_references(tree: Any, ids: dict[str, str]) -> None:
    """Remove what refers to removed relationships: a hyperlink keeps its text, a linked
    picture its embedded copy; anything else (the attached template, a linked subdocument,
    a mail merge's data source) goes."""
    referring = tree.xpath("//*[@*[namespace-uri() = $r]]", r=R)  # few elements refer at all
    for element in referring:
        keys = [k for k, v in element.attrib.items() if v in ids and k.startswith(f"{{{R}}}")]
        if not keys or _detached(element, tree):
            continue
        if element.tag == w("hyperlink"):
            _unwrap(element)
        elif str(element.tag).endswith("}blip"):
            for key in keys:
                del element.attrib[key]
        else:
            element.getparent().remove(element)


def _detached(element: Any, tree: Any) -> bool:
    """Return whether an element was removed with an element around it."""
    return element is not tree and element.getroottree().getroot() is not tree


def _unwrap(element: Any) -> None:
    """Put an element's children in its place (a hyperlink's runs, a field's result)."""
    parent = element.getparent()
    at = parent.index(element)
    parent[at : at + 1] = list(element)


def _fetching(instruction: str) -> str:
    """Return the field's name if it fetches from outside the pack, else ""."""
    words = instruction.split()
    name = words[0].upper() if words else ""
    if name in FETCHING:
        return name
    if name == "HYPERLINK" and not re.search(r"\\l\b", instruction):
        return name  # a link to a file or the web (one with \l goes to a bookmark inside)
    return ""


@dataclass
class _Field:
    """A field being read: where its begin and separate runs are, and its instruction."""

    begin: int
    instruction: list[str] = field(default_factory=list)
    separate: int | None = None


def _complex_fields(tree: Any) -> tuple[list[tuple[str, str]], list[Any]]:
    """Return the fields (begin, instruction, separate, result and end runs) that fetch from
    outside the pack, each as its name and instruction, and the runs to remove: all of
    theirs but their results."""
    runs: list[Any] = []
    spans: list[tuple[int, int]] = []  # runs to remove, from and to (inclusive)
    found: list[tuple[str, str]] = []
    open_fields: list[_Field] = []

    def close(done: _Field, end: int) -> None:
        instruction = "".join(done.instruction)
        name = _fetching(instruction)
        if name:
            found.append((name, instruction))
            # Its instruction, with any fields nested in it, and its end: never its result.
            spans.append((done.begin, end if done.separate is None else done.separate))
            spans.append((end, end))

    # One walk in document order; a fldChar or instrText is in the run met last before it.
    for element in tree.iter(RUN, FIELD_CHAR, INSTRUCTION):
        if element.tag == RUN:
            runs.append(element)
            continue
        at = len(runs) - 1
        if element.tag == INSTRUCTION:
            if open_fields and open_fields[-1].separate is None:
                open_fields[-1].instruction.append(element.text or "")
            continue
        kind = element.get(FIELD_CHAR_TYPE)
        if kind == "begin":
            open_fields.append(_Field(at))
        elif open_fields and kind == "separate":
            open_fields[-1].separate = at
        elif open_fields and kind == "end":
            close(open_fields.pop(), at)
    for done in open_fields:  # a field never ended: Word still reads its instruction
        close(done, len(runs) - 1)
    # Spans of nested fields overlap: each run is removed once, whatever the nesting.
    remove: list[Any] = []
    reached = -1
    for first, last in sorted(spans):
        remove += runs[max(first, reached + 1) : last + 1]
        reached = max(reached, last)
    return found, remove


def _drop_types(types: Any, gone: set[str], kept: set[str]) -> None:
    """Remove the content types of removed parts: their overrides, and the defaults no
    part kept has the extension of."""
    extensions = {posixpath.splitext(name)[1].lstrip(".").lower() for name in kept}
    removed_extensions = {posixpath.splitext(name)[1].lstrip(".").lower() for name in gone}
    for entry in list(types):
        if entry.tag == f"{{{TYPES}}}Override":
            if entry.get("PartName", "").lstrip("/") in gone:
                types.remove(entry)
        elif entry.tag == f"{{{TYPES}}}Default":
            extension = entry.get("Extension", "").lower()
            if extension in removed_extensions and extension not in extensions:
                types.remove(entry)
