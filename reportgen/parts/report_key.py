"""The report key: what the ratings, benchmarks and symbols in the pack mean."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.inputs import MISSING_CODES
from reportgen.model import Block, BulletList, Heading, Paragraph, Section
from reportgen.options import RATING_SCHEMES
from reportgen.rating_keys import benchmarks_sentence, rating_key

if TYPE_CHECKING:
    from reportgen.config import Config
    from reportgen.parts.context import Context

ANNUALISED_NOTE = (
    "Annualised: a count or rate for part of a year is scaled to a full year (x 12 / months), "
    "so that it compares with annual figures and benchmarks."
)


def build(context: Context) -> list[Section]:
    config, computed = context.config, context.computed
    home = context.home_rows()
    schemes = sorted({row.scheme for row in home}, key=RATING_SCHEMES.index)
    codes = sorted({row.latest.missing for row in computed.rows if row.latest.missing})
    blocks: list[Block] = [
        Heading("Report key", level=1),
        *(
            block
            for scheme in schemes
            for block in rating_key(
                scheme,
                config,
                [(row.indicator.title, row.tolerance) for row in home if row.scheme == scheme],
            )
        ),
        Paragraph(benchmarks_sentence(config)),
    ]
    if codes:
        blocks += [
            Heading("Symbols", level=2),
            BulletList(tuple(f"{code}: {_symbol_meaning(config, code)}" for code in codes)),
        ]
    blocks.append(Paragraph(ANNUALISED_NOTE))
    return [Section(id="report-key", blocks=tuple(blocks))]


def _symbol_meaning(config: Config, code: str) -> str:
    """Return what a symbol in the pack's tables means."""
    if config.audience == "public" and code == config.suppression.symbol:
        return (
            f"{config.suppression.count} or fewer children, suppressed so that no child can "
            "be identified"
        )
    return MISSING_CODES.get(code, "not available")
