"""Why each rating: one sentence per rated figure, the same in the computed table and the pack."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import docx
import pandas as pd
import pytest

from reportgen.compute import compute
from reportgen.config import load_config
from reportgen.reasons import rating_reason
from reportgen.validate import load_dataset

from conftest import SAMPLE, run_cli

INDICATORS = """\
    id,title,theme,unit,polarity,kind,measure,decimals,scheme,red_threshold,green_threshold
    REREF,Re-referrals,Referrals,percent,low,tracker,flow,1,,,
    IN45,Assessments in 45 days,Assessments,percent,high,target,flow,1,,,
    ACCEPT,Contacts accepted,Referrals,percent,high,tracker,flow,1,threshold,15,25
    CONTACTS,Contacts,Referrals,count,none,tracker,flow,0,,,
    """
REPORT = """\
    title: Reasons
    committee: Children and Young People Overview and Scrutiny Committee
    meeting_date: 2026-01-12
    area: Testshire
    period_end: 2025-09-30
    rating: {{scheme: tolerance, tolerance: "{tolerance}"}}
    data:
      indicators: indicators.csv
      observations: observations.csv
    """


def _reasons(make_report: Callable[..., Path], rows: str, tolerance: str = "2%") -> dict[str, str]:
    path = make_report(
        report=REPORT.format(tolerance=tolerance),
        indicators=INDICATORS,
        observations="indicator,area,period_end,value,target\n" + rows,
    )
    config = load_config(path)
    computed = compute(config, load_dataset(config))
    return {row.indicator.id: rating_reason(row, config) for row in computed.rows}


@pytest.mark.parametrize(
    ("now", "then", "tolerance", "reason"),
    [
        (
            23.2,
            22.6,
            "2%",
            "Red: 23.2% is 2.7% worse than 12 months earlier (22.6%), beyond the 2% tolerance.",
        ),
        (
            23.0,
            22.6,
            "2%",
            "Amber: 23.0% is 1.8% worse than 12 months earlier (22.6%), within the 2% tolerance.",
        ),
        (20.1, 22.6, "2%", "Green: 20.1% is better than 12 months earlier (22.6%)."),
        (22.6, 22.6, "2%", "Green: 22.6% is the same as 12 months earlier (22.6%)."),
        # Figures shown alike are alike: never "0.0 percentage points worse".
        (22.64, 22.6, "0%", "Green: 22.6% is the same as 12 months earlier (22.6%)."),
        (
            0.4,
            0.0,
            "2%",
            "Red: 0.4% is 0.4 percentage points worse than 12 months earlier (0.0%), beyond the "
            "2% tolerance.",
        ),
        (
            23.2,
            22.6,
            "2pp",
            "Amber: 23.2% is 0.6 percentage points worse than 12 months earlier (22.6%), within "
            "the 2.0 percentage points tolerance.",
        ),
    ],
)
def test_a_tolerance_rating_says_what_it_compared(
    make_report: Callable[..., Path], now: float, then: float, tolerance: str, reason: str
) -> None:
    rows = f"REREF,Testshire,2024-09-30,{then},\nREREF,Testshire,2025-09-30,{now},\n"
    assert _reasons(make_report, rows, tolerance)["REREF"] == reason


def test_targets_thresholds_and_the_unrated_say_why(make_report: Callable[..., Path]) -> None:
    rows = """\
        IN45,Testshire,2025-09-30,80.0,85
        ACCEPT,Testshire,2025-09-30,13.9,
        CONTACTS,Testshire,2025-09-30,3234,
        REREF,Testshire,2025-09-30,c,
        """
    reasons = _reasons(make_report, rows)
    assert reasons == {
        "IN45": "Red: 80.0% is 5.9% worse than the target (85.0%), beyond the 2% tolerance.",
        "ACCEPT": "Red: 13.9% is at or worse than the red threshold (15.0%).",
        "CONTACTS": "Not rated: neither higher nor lower is better.",
        "REREF": "Not rated: there is no figure for the period (it is suppressed or not "
        "available).",
    }


def test_the_pack_gives_the_computed_tables_reasons(tmp_path: Path) -> None:
    """Under each theme's data table, in Word, each indicator's reason as the table has it."""
    assert run_cli("compute", SAMPLE, "-o", tmp_path / "table.csv").exit_code == 0
    table = pd.read_csv(tmp_path / "table.csv", encoding="utf-8-sig", keep_default_na=False)
    home = table[table["area"] == "Fernshire"]
    expected = [f"{r.title}. {r.rating_reason}" for r in home.itertuples()]
    assert run_cli("build", SAMPLE, "-o", tmp_path, "-f", "docx").exit_code == 0
    document = docx.Document(str(next(tmp_path.glob("*.docx"))))
    paragraphs = [p.text for p in document.paragraphs]
    shown = [
        text
        for at, heading in enumerate(paragraphs)
        if heading.startswith("Why each rating: ")
        for text in _list_after(document, at)
    ]
    assert shown == expected
    assert any(text.startswith("Red: ") for text in home["rating_reason"])


def _list_after(document: docx.document.Document, at: int) -> list[str]:
    """Return the bullet paragraphs that follow paragraph `at`."""
    found = []
    for paragraph in document.paragraphs[at + 1 :]:
        if not paragraph.style.name.startswith("List"):
            break
        found.append(paragraph.text)
    return found


def test_the_key_states_each_indicators_own_tolerance(
    make_report: Callable[..., Path], tmp_path: Path
) -> None:
    """An indicator rated within 5% while the report's default is 2%: the key says both, as
    the reasons do."""
    lines = textwrap.dedent(INDICATORS).splitlines()
    indicators = "\n".join(
        [
            lines[0] + ",tolerance",
            *(line + (",5%" if "REREF" in line else ",") for line in lines[1:]),
        ]
    )
    path = make_report(
        report=REPORT.format(tolerance="2%"),
        indicators=indicators,
        observations="indicator,area,period_end,value,target\n"
        "REREF,Testshire,2024-09-30,22.6,\nREREF,Testshire,2025-09-30,23.6,\n"
        "IN45,Testshire,2025-09-30,84,85\n",
    )
    config = load_config(path)
    computed = compute(config, load_dataset(config))
    reasons = {row.indicator.id: rating_reason(row, config) for row in computed.rows}
    assert reasons["REREF"].endswith("within the 5% tolerance.")
    assert reasons["IN45"].endswith("within the 2% tolerance.")
    assert run_cli("build", path, "-o", tmp_path / "out", "-f", "html").exit_code == 0
    page = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "but within 2% (5% for Re-referrals) of it" in page
