"""The sample pack's model as text, compared with a reviewed copy.

After an intended change, regenerate the copy and review its diff:
    REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

from reportgen.build import build_pack
from reportgen.compute import compute
from reportgen.pipeline import check
from reportgen.render.text import render_text

from conftest import SAMPLE

GOLDEN = Path(__file__).parent / "golden" / "fernshire.txt"


def test_sample_pack_matches_the_reviewed_text() -> None:
    config, dataset = check(SAMPLE)
    dump = render_text(build_pack(config, compute(config, dataset)))
    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        GOLDEN.write_text(dump, encoding="utf-8")
    assert dump == GOLDEN.read_text(encoding="utf-8")
