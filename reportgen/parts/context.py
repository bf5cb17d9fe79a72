"""What every part is built from: the config, the indicators by theme, the computed figures;
with the helpers several parts share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.compute import Computed, ComputedRow
    from reportgen.config import Config
    from reportgen.tables import Indicator


@dataclass(frozen=True)
class Context:
    """The inputs of a part: report.yaml's config, the indicators grouped by theme (in the
    computed order), and the computed figures."""

    config: Config
    themes: dict[str, list[Indicator]]
    computed: Computed

    def home_rows(self) -> list[ComputedRow]:
        """Return the computed rows of the pack's own area."""
        return [row for row in self.computed.rows if row.area == self.config.area]
