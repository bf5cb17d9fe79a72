"""Where reportgen may read and write: a report's files stay in its folder, and the names it
makes from a report's words (files, anchors, keys) are safe and bounded."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.errors import OutputError
from reportgen.limits import MAX_SLUG_CHARS

OUTSIDE = "is outside the folder of {config} (keep a report's files in its folder or below)"


def inside(folder: Path, name: str) -> Path | None:
    """Return `name` resolved against `folder`, or None where it lands outside the folder (an
    absolute path, "..", or a link that leads out)."""
    path = (folder / name).resolve()
    return path if path.is_relative_to(folder.resolve()) else None


def writable(path: Path, root: Path) -> Path:
    """Return `path`, a place reportgen is about to write, once neither it nor any folder
    between `root` and it is a link leading outside `root`; raise OutputError naming the link
    otherwise. Every writer checks its place here (the pack's files, a council's folder, the
    narrative file and its history, the caches), so a link planted in a shared folder cannot
    send officers' words or a pack somewhere else."""
    top = root.resolve()
    step = root
    for part in path.relative_to(root).parts if path.is_relative_to(root) else ():
        step = step / part
        if step.is_symlink() and not step.resolve().is_relative_to(top):
            link = "it" if step == path else step
            where = "the current folder" if root == Path(".") else root
            raise OutputError(
                f"cannot write {path}: {link} is a link to {step.resolve()}, outside {where} "
                "(make it a folder of its own, or name the folder it leads to instead)"
            )
    return path


def output_folder(folder: Path) -> Path:
    """Return the folder a user named for output, once it holds no link leading out of the
    current folder (a folder named by a full path is the user's own choice)."""
    return folder if folder.is_absolute() else writable(folder, Path("."))


def slug(text: str) -> str:
    """Return a lower-case, hyphenated form of `text` for anchors, keys and file names: ASCII
    letters and digits only, short enough for any file system, and never empty (a title of
    "«»" must not name hidden files)."""
    made = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return made[:MAX_SLUG_CHARS].rstrip("-") or "pack"
