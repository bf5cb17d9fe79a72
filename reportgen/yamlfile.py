"""YAML files read safely and within bounds: no tags that make objects, no alias bombs, no
nesting deep enough to exhaust the stack, no key given twice, every refusal located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reportgen.errors import InputError, Problem, echoed
from reportgen.limits import MAX_NUMBER_CHARS, MAX_YAML_BYTES
from reportgen.limits import MAX_YAML_DEPTH as MAX_DEPTH
from reportgen.limits import MAX_YAML_NODES as MAX_NODES
from reportgen.periods import DATE_HELP


class _Refused(yaml.MarkedYAMLError):
    def __init__(self, node: Node | None, problem: str) -> None:
        super().__init__(problem=problem, problem_mark=node.start_mark if node else None)


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting while it composes and repeated keys while
    it constructs."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.keys: dict[int, str] = {}  # the key each value node is under, to locate a refusal

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(parent, f"is nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            self.keys[id(value_node)] = str(key)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: the base loader says so
                break
            if first is not None:
                raise _Refused(
                    key_node,
                    f"the key {echoed(key)} is given twice (first on line {first.start_mark.line + 1};"
                    " give each key once)",
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)

    def construct_int(self, node: ScalarNode) -> Any:
        """Return the whole number a plain value stands for; refuse, located, one too long to
        be any setting (Python will not even read one of thousands of digits)."""
        if len(str(node.value)) > MAX_NUMBER_CHARS:
            key = self.keys.get(id(node))
            raise _Refused(
                node,
                (f"{key}: " if key else "")
                + f"a number of more than {MAX_NUMBER_CHARS} characters is not allowed",
            )
        return self.construct_yaml_int(node)

    def construct_timestamp(self, node: ScalarNode) -> Any:
        """Return the date (or date and time) a plain YYYY-MM-DD value stands for; refuse,
        located, one that is not a real date (30 February, year 0) rather than fail."""
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            key = self.keys.get(id(node))
            raise _Refused(
                node,
                (f"{key}: " if key else "")
                + f"{echoed(str(node.value))} is not a real date ({DATE_HELP})",
            ) from None


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _BoundedLoader.construct_timestamp)
_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_int)


def _expanded_size(node: Node, sizes: dict[int, int]) -> int:
    """Return how many values `node` stands for with every alias written out in full."""
    if id(node) in sizes:
        return sizes[id(node)]
    sizes[id(node)] = 1  # a node met again while being sized counts once (no cycles in size)
    if isinstance(node, SequenceNode):
        size = 1 + sum(_expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, MappingNode):
        size = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    else:
        size = 1
    sizes[id(node)] = min(size, MAX_NODES + 1)
    return sizes[id(node)]


def load_yaml(path: Path, key_lines: dict[str, int] | None = None) -> Any:
    """Return the document in a YAML file; raise InputError, located, for anything unsafe,
    unbounded or malformed. `key_lines`, if given, receives the line of each top-level key."""
    if path.stat().st_size > MAX_YAML_BYTES:
        raise InputError(
            [Problem(path.name, f"is larger than {MAX_YAML_BYTES:,} bytes (allowed for YAML)")]
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(path.name, "is not UTF-8 text (save it as UTF-8)")]) from None
    loader = None
    try:
        loader = _BoundedLoader(text)  # its reader refuses characters YAML does not allow
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise _Refused(
                node,
                f"stands for more than {MAX_NODES:,} values once its aliases (*name) are "
                "written out; write the values themselves",
            )
        if key_lines is not None and isinstance(node, MappingNode):
            key_lines.update({str(k.value): k.start_mark.line + 1 for k, _ in node.value})
        return None if node is None else loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or "is not valid YAML"
        reason = reason if isinstance(error, _Refused) else f"YAML syntax error: {reason}"
        row = mark.line + 1 if mark is not None else None
        raise InputError([Problem(path.name, reason, row=row)]) from None
    finally:
        if loader is not None:
            loader.dispose()
