"""matplotlib's SVG rewritten to draw the same picture with far less work for WeasyPrint.

WeasyPrint draws an SVG node by node: for each it saves and restores the graphics state,
cascades the attributes, parses any style="..." with a CSS parser and matches the stylesheet
against it. matplotlib wraps nearly every element in a group named only by an id, gives every
element a style attribute, every text a rotate(-0 ...) that does nothing and most elements a
<defs> of their own. `lean_svg` removes that work and nothing the picture shows.

It keeps every clip (taking one off a line that lies inside it changes no pixel WeasyPrint
draws, but does change a few anti-aliased pixels in Chromium, which draws the standalone page)
and the figure's white background (a chart may stand on a shaded table cell or a theme's
colour). What it does not understand it leaves alone: an SVG with an element, attribute,
style or stylesheet it has no rule for comes back unchanged.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
PREFIXES = {XLINK_NS, XML_NS}  # the namespaces of attributes it understands
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'

ROOT, GROUP, DEFS, USE, PATH = (
    f"{{{SVG_NS}}}{name}" for name in ("svg", "g", "defs", "use", "path")
)
METADATA, STYLE = (f"{{{SVG_NS}}}{name}" for name in ("metadata", "style"))
TEXT_ELEMENTS = {f"{{{SVG_NS}}}{name}" for name in ("text", "title", "desc")}  # their text counts
HREFS = (f"{{{XLINK_NS}}}href", "href")

NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
NO_ROTATION = re.compile(rf"\s*rotate\(\s*({NUMBER})(?:[\s,]+{NUMBER}){{0,2}}\s*\)\s*")
UNIVERSAL_RULE = re.compile(r"\s*\*\s*\{([^{}]*)\}\s*")  # matplotlib's one rule: *{...}
PROPERTY = re.compile(r"[a-z][a-z-]*")
PLAIN_VALUE = re.compile(r"[\w#.,%' ()-]+")  # no escapes, comments, !important or nesting
URL_REFERENCE = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")


class _Unsure(Exception):
    """The SVG holds something lean_svg has no rule for, so it is left as it is."""


def lean_svg(svg: bytes) -> bytes:
    """Return matplotlib's SVG drawing the same picture with fewer, simpler elements."""
    try:
        root = ElementTree.fromstring(svg)
        _check_understood(root)
        _remove_metadata(root)
        rule = _take_universal_rule(root)
        _styles_to_attributes(root, rule)
        _remove_still_rotations(root)
        _tidy_path_data(root)
        _remove_unreferenced(root)
        _flatten_bare_groups(root)
        _gather_definitions(root)
        _pin_universal_rule(root, rule)
    except (ElementTree.ParseError, _Unsure):
        return svg
    return (XML_DECLARATION + _serialised(root) + "\n").encode("utf-8")


# Checks -------------------------------------------------------------------------------------


def _check_understood(root: Element) -> None:
    """Raise _Unsure unless every element and attribute (metadata aside) is one of SVG's,
    and no text lies outside the elements whose text is drawn or read."""
    if root.tag != ROOT:
        raise _Unsure("not an SVG document")
    _check_element(root, in_text=False)


def _check_element(element: Element, in_text: bool) -> None:
    if element.tag == METADATA:
        return
    if not element.tag.startswith(f"{{{SVG_NS}}}"):
        raise _Unsure(f"element {element.tag}")
    for name in element.attrib:
        if name.startswith("{") and name[1:].split("}")[0] not in PREFIXES:
            raise _Unsure(f"attribute {name}")
    in_text = in_text or element.tag in TEXT_ELEMENTS
    if not in_text and element.tag != STYLE and (element.text or "").strip():
        raise _Unsure("text outside a text element")
    for child in element:
        if not in_text and (child.tail or "").strip():
            raise _Unsure("text outside a text element")
        _check_element(child, in_text)


# Styles -------------------------------------------------------------------------------------


def _take_universal_rule(root: Element) -> dict[str, str]:
    """Remove matplotlib's stylesheet, a rule for every element, and return its declarations.

    Any other stylesheet could select elements by their place or id, which the rewriting
    changes, so it leaves the SVG as it is."""
    rule: dict[str, str] = {}
    for parent in list(root.iter()):
        for style in [child for child in parent if child.tag == STYLE]:
            if (
                style.get("type", "text/css") != "text/css"
                or len(style)
                or set(style.attrib) - {"type"}
            ):
                raise _Unsure("a stylesheet other than matplotlib's")
            match = UNIVERSAL_RULE.fullmatch(style.text or "")
            if match is None:
                raise _Unsure("a stylesheet other than matplotlib's")
            rule.update(_declarations(match.group(1)))
            parent.remove(style)
    return rule


def _declarations(style: str) -> list[tuple[str, str]]:
    """Return a style's declarations as (property, value), refusing anything but the plain
    'property: value' that reads the same as an attribute."""
    declarations = []
    for part in style.split(";"):
        if not part.strip():
            continue
        name, colon, value = (piece.strip() for piece in part.partition(":"))
        plain = PLAIN_VALUE.fullmatch(value) and value.count("'") % 2 == 0
        if not colon or not PROPERTY.fullmatch(name) or not plain or value == "inherit":
            raise _Unsure(f"style {part!r}")
        declarations.append((name, value))
    return declarations


def _styles_to_attributes(root: Element, rule: dict[str, str]) -> None:
    """Write each style="..." as presentation attributes, which WeasyPrint reads without a
    CSS parser, keeping CSS's order: the style attribute outranks the stylesheet's rule,
    which outranks a presentation attribute."""
    for element in root.iter():
        declared = _declarations(element.attrib.pop("style", ""))
        for name, value in rule.items():
            if name in element.attrib:
                element.set(name, value)
        for name, value in declared:
            element.set(name, value)


def _pin_universal_rule(root: Element, rule: dict[str, str]) -> None:
    """Give the stylesheet rule's values to every element as the rule did, by inheritance:
    set them on the root, and again on any element (or any use's target) that would
    otherwise inherit another value from a parent that sets its own."""
    targets = _elements_by_id(root)
    for name, value in rule.items():
        root.attrib.setdefault(name, value)
        for element in root.iter():
            if element.get(name, value) == value:
                continue
            heirs = list(element)
            if element.tag == USE and (target := targets.get(_href_id(element) or "")):
                heirs.append(target)
            for heir in heirs:
                heir.attrib.setdefault(name, value)


# Transforms and path data -------------------------------------------------------------------


def _remove_still_rotations(root: Element) -> None:
    """Remove transform="rotate(0 ...)" (matplotlib writes rotate(-0 x y) on every text)."""
    for element in root.iter():
        match = NO_ROTATION.fullmatch(element.get("transform", "x"))
        if match and float(match.group(1)) == 0:
            del element.attrib["transform"]


def _tidy_path_data(root: Element) -> None:
    """Write each path's data with single spaces (matplotlib ends each command with a new
    line, which parsing turns into two spaces): the same shape in fewer bytes."""
    for element in root.iter(PATH):
        if "d" in element.attrib:
            element.set("d", " ".join(element.attrib["d"].split()))


# Structure ----------------------------------------------------------------------------------


def _remove_metadata(root: Element) -> None:
    for parent in list(root.iter()):
        for child in [child for child in parent if child.tag == METADATA]:
            parent.remove(child)


def _remove_unreferenced(root: Element) -> None:
    """Remove definitions nothing uses (never drawn) and ids nothing refers to."""
    while True:
        referenced = _referenced_ids(root)
        unused = [
            (defs, child)
            for defs in root.iter(DEFS)
            for child in defs
            if child.get("id") not in referenced
        ]
        if not unused:
            break
        for defs, child in unused:
            defs.remove(child)
    for element in root.iter():
        if element.get("id") is not None and element.get("id") not in referenced:
            del element.attrib["id"]


def _flatten_bare_groups(element: Element) -> None:
    """Replace each group with no attributes by its children, in order: such a group
    changes nothing its children draw."""
    children: list[Element] = []
    for child in element:
        _flatten_bare_groups(child)
        if child.tag == GROUP and not child.attrib:
            children.extend(child)
        else:
            children.append(child)
    element[:] = children


def _gather_definitions(root: Element) -> None:
    """Move every definition into one <defs> at the start and drop the emptied ones: where a
    definition stands changes nothing (it is drawn only where used, in the user's space)."""
    definitions: list[Element] = []
    for parent in list(root.iter()):
        for defs in [child for child in parent if child.tag == DEFS and not child.attrib]:
            definitions.extend(defs)
            parent.remove(defs)
    if definitions:
        gathered = Element(DEFS)
        gathered.extend(definitions)
        root.insert(0, gathered)


# References ---------------------------------------------------------------------------------


def _referenced_ids(root: Element) -> set[str]:
    """Return the ids something refers to, by href="#..." or url(#...)."""
    referenced = set()
    for element in root.iter():
        if (target := _href_id(element)) is not None:
            referenced.add(target)
        for value in element.attrib.values():
            referenced.update(URL_REFERENCE.findall(value))
    return referenced


def _href_id(element: Element) -> str | None:
    for name in HREFS:
        value = element.get(name, "")
        if value.startswith("#"):
            return value[1:]
    return None


def _elements_by_id(root: Element) -> dict[str, Element]:
    return {element.attrib["id"]: element for element in root.iter() if "id" in element.attrib}


# Writing ------------------------------------------------------------------------------------


def _serialised(root: Element) -> str:
    for prefix, namespace in (("", SVG_NS), ("xlink", XLINK_NS)):
        ElementTree.register_namespace(prefix, namespace)  # written as matplotlib names them
    return ElementTree.tostring(root, encoding="unicode")
