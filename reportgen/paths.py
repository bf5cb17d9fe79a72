"""Where reportgen may read and write: a report's files stay in its folder."""

from __future__ import annotations

from pathlib import Path

OUTSIDE = "is outside the folder of {config} (keep a report's files in its folder or below)"


def inside(folder: Path, name: str) -> Path | None:
    """Return `name` resolved against `folder`, or None where it lands outside the folder (an
    absolute path, "..", or a link that leads out)."""
    path = (folder / name).resolve()
    return path if path.is_relative_to(folder.resolve()) else None
