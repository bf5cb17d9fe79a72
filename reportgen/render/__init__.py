"""One renderer per output format, each dispatching on the model's block types."""

from __future__ import annotations

import re

from reportgen.model import Block


def block_name(block: Block) -> str:
    """Return the snake_case name a block's templates and rules go by: IndicatorTable -> indicator_table."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(block).__name__).lower()
