"""JSON files read within bounds: a size checked before reading and a nesting depth checked
before parsing, so that a hostile file cannot exhaust memory or the stack."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from reportgen.limits import MAX_JSON_BYTES, MAX_JSON_DEPTH

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)  # brackets inside strings are text
_BRACKETS = re.compile(r"[\[\]{}]")


def nesting(text: str) -> int:
    """Return how deeply the arrays and objects of some JSON text nest (0 for a bare value)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(path: Path) -> Any:
    """Return the document in a JSON file; raise ValueError saying what is wrong with one too
    large, too deeply nested, not UTF-8 or not JSON."""
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise ValueError(f"is larger than {MAX_JSON_BYTES:,} bytes (allowed for JSON)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("is not UTF-8 text") from None
    if nesting(text) > MAX_JSON_DEPTH:
        raise ValueError(f"is nested more than {MAX_JSON_DEPTH} levels deep (allowed for JSON)")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"is not JSON (line {error.lineno}: {error.msg})") from None
