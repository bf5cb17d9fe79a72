"""Where reportgen may read and write: a report's files stay in its folder, and the names it
makes from a report's words (files, anchors, keys) are safe and bounded."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.limits import MAX_SLUG_CHARS

OUTSIDE = "is outside the folder of {config} (keep a report's files in its folder or below)"


def inside(folder: Path, name: str) -> Path | None:
    """Return `name` resolved against `folder`, or None where it lands outside the folder (an
    absolute path, "..", or a link that leads out)."""
    path = (folder / name).resolve()
    return path if path.is_relative_to(folder.resolve()) else None


def slug(text: str) -> str:
    """Return a lower-case, hyphenated form of `text` for anchors, keys and file names: ASCII
    letters and digits only, short enough for any file system, and never empty (a title of
    "«»" must not name hidden files)."""
    made = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return made[:MAX_SLUG_CHARS].rstrip("-") or "pack"
