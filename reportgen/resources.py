"""Where reportgen's templates, styles and bundled font live: the one module that knows.

In a source checkout they sit at the top of the repository; an installed wheel carries them
inside the package (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """Return the folder `name`, inside the installed package or beside it in a checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reportgen is installed without its {name}/ folder")


def templates_dir() -> Path:
    """Return the folder of jinja2 templates, one per document block plus the page shell."""
    return _resource_dir("templates")


def styles_dir() -> Path:
    """Return the folder of print CSS and the bundled font."""
    return _resource_dir("styles")


def font_file(weight: str = "Regular") -> Path:
    """Return the bundled body font file for `weight` (Regular, Bold or Italic)."""
    return styles_dir() / "fonts" / f"LiberationSans-{weight}.ttf"
