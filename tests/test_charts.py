"""Charts: each type drawn against a reviewed baseline image, alt text from the data, SPC rules,
determinism and the cache.

After an intended change to the drawing, regenerate the baselines and look at them:
    REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_charts.py
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.testing.compare import compare_images

from reportgen import charts, spc
from reportgen.charts import (
    Bar,
    ComparisonSpec,
    Series,
    SparklineSpec,
    SpcSpec,
    StackedBarSpec,
    TartanRow,
    TartanSpec,
    TrendSpec,
)
from reportgen.model import Chart
from reportgen.periods import month_end
from reportgen.plotting import ChartCache, render
from reportgen.resources import font_file
from reportgen.theme import FONT_FAMILY

from conftest import text_clashes

BASELINES = Path(__file__).parent / "baselines"
QUARTERS = tuple(month_end(2021 + (m + 8) // 12, (m + 8) % 12 + 1) for m in range(0, 63, 3))


def series(
    name: str, role: str, values: list[float], days: tuple[date, ...] = QUARTERS, suffix: str = ""
) -> Series:
    return Series(
        name,
        role,
        tuple(zip(days, values, strict=False)),
        tuple(f"{v:,.0f}{suffix}" for v in values),
    )


CARE = series(
    "Fernshire",
    "home",
    [92, 93, 93, 94, 95, 96, 97, 97, 96, 95, 95, 96, 97, 97, 98, 97, 96, 95, 95, 94, 95],
)
ENGLAND = Series(
    "England",
    "national",
    ((date(2022, 3, 31), 70.0), (date(2023, 3, 31), 71.0), (date(2025, 3, 31), 67.0)),
    ("70", "71", "67"),
)
MONTHS = tuple(month_end(2023 + (m + 9) // 12, (m + 9) % 12 + 1) for m in range(36))
DECIDED = [
    90.1,
    89.6,
    90.4,
    89.8,
    90.6,
    90.2,
    89.9,
    90.3,
    89.7,
    90.5,
    90.0,
    89.4,
    90.2,
    90.1,
    89.9,
    90.4,
    89.5,
    81.2,
    80.6,
    89.8,
    90.1,
    90.3,
    89.7,
    90.0,
    90.2,
    89.8,
    90.0,
    89.9,
    92.4,
    92.8,
    92.6,
    93.0,
    92.5,
    92.9,
    92.7,
    93.1,
]

SPECS: dict[str, charts.ChartSpec] = {
    "trend": TrendSpec(
        "Children in care per 10,000 children",
        "per 10,000",
        (CARE, ENGLAND),
        target=90.0,
        target_text="90",
    ),
    "comparison": ComparisonSpec(
        "Children in care per 10,000 children, latest figures",
        "per 10,000",
        (
            Bar("Fernshire", "home", 95, "95", "At Sep 26"),
            Bar("England", "national", 67, "67", "At Mar 25"),
            Bar("North East", "regional", 111, "111", "At Mar 25"),
            Bar("Fernshire statistical neighbours", "neighbours", 93, "93", "At Mar 25"),
        ),
    ),
    "sparkline": SparklineSpec("Trend of children in care", CARE),
    "stacked_bar": StackedBarSpec(
        "Social worker caseloads",
        ("Fewer than 16", "16 to 20", "21 to 25", "More than 25"),
        tuple(
            (label, shares, tuple(f"{s:.0f}%" for s in shares))
            for label, shares in (
                ("At Sep 25", (30.0, 40.0, 20.0, 10.0)),
                ("At Dec 25", (33.0, 40.0, 19.0, 8.0)),
                ("At Mar 26", (35.0, 41.0, 18.0, 6.0)),
            )
        ),
    ),
    "tartan": TartanSpec(
        "Fernshire and its statistical neighbours",
        ("Fernshire", "Ashdown", "Brackenford", "Cheverley"),
        "Fernshire",
        (
            TartanRow(
                "Re-referrals within 12 months",
                "2024/25",
                ("22%", "19%", "25%", "x"),
                (2, 1, 3, None),
            ),
            TartanRow(
                "Care leavers in education, employment or training",
                "2024/25",
                ("53%", "49%", "58%", "55%"),
                (3, 4, 1, 2),
            ),
        ),
    ),
    "spc": SpcSpec(
        "Contacts with a decision within 24 hours, monthly",
        "Per cent",
        series("Fernshire", "home", DECIDED, MONTHS, "%"),
        90.0,
        86.0,
        94.0,
        ("90.0%", "86.0%", "94.0%"),
        ((17, "outside"), (18, "outside")),
        percent=True,
    ),
}


@pytest.mark.parametrize("name", list(SPECS))
def test_each_chart_type_matches_its_reviewed_baseline(name: str, tmp_path: Path) -> None:
    png = render(SPECS[name], ["png"])["png"]
    actual = tmp_path / f"{name}.png"
    actual.write_bytes(png)
    expected = BASELINES / f"{name}.png"
    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        BASELINES.mkdir(exist_ok=True)
        expected.write_bytes(png)
    assert compare_images(str(expected), str(actual), tol=2) is None


@pytest.mark.parametrize("name", list(SPECS))
def test_the_same_chart_is_byte_identical_when_drawn_again(name: str) -> None:
    assert render(SPECS[name]) == render(SPECS[name])


def test_chart_text_stays_text_in_the_svg() -> None:
    svg = render(SPECS["trend"], ["svg"])["svg"].decode("utf-8")
    assert "England 67" in svg and "<path" in svg
    assert "Date" not in svg.split("<svg", 1)[0]  # no build date in the file


def test_the_cache_returns_a_drawn_chart_without_drawing_again(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path)
    spec = SPECS["sparkline"]
    first = cache.draw(Chart("t", "alt", spec))
    [svg_file] = tmp_path.glob("*.svg")
    svg_file.write_text(first.svg.replace("</svg>", "<!-- from the cache --></svg>"))
    again = cache.draw(Chart("t", "alt", spec))
    assert "<!-- from the cache -->" in again.svg
    assert again.png == first.png
    other = cache.draw(Chart("t", "alt", SPECS["trend"]))
    assert "from the cache" not in other.svg and len(list(tmp_path.glob("*.svg"))) == 2


def test_alt_text_for_a_rising_trend_with_benchmarks_and_target() -> None:
    assert charts.alt_text(SPECS["trend"]) == (
        "Children in care per 10,000 children, Sep 2021 to Sep 2026: Fernshire rose from 92 "
        "to 95. England 67 (Mar 2025). Target 90."
    )


def test_alt_text_for_falling_flat_and_single_figures() -> None:
    falling = TrendSpec(
        "Re-referrals", "%", (series("Fernshire", "home", [24, 21, 18], suffix="%"),)
    )
    assert charts.alt_text(falling) == (
        "Re-referrals, Sep 2021 to Mar 2022: Fernshire fell from 24% to 18%."
    )
    flat = TrendSpec("Re-referrals", "%", (series("Fernshire", "home", [18, 19, 18], suffix="%"),))
    assert charts.alt_text(flat).endswith("Fernshire was 18% at both ends.")
    single = SparklineSpec("Trend", series("Fernshire", "home", [18], suffix="%"))
    assert charts.alt_text(single) == "Trend, Sep 2021: Fernshire 18%."


def test_alt_text_for_the_other_chart_types() -> None:
    assert charts.alt_text(SPECS["comparison"]) == (
        "Children in care per 10,000 children, latest figures: Fernshire 95 (At Sep 26), "
        "England 67 (At Mar 25), North East 111 (At Mar 25), Fernshire statistical neighbours "
        "93 (At Mar 25)."
    )
    assert charts.alt_text(SPECS["stacked_bar"]) == (
        "Social worker caseloads, Sep 25 to Mar 26. Latest (at Mar 26): Fewer than 16 35%, "
        "16 to 20 41%, 21 to 25 18%, More than 25 6%."
    )
    assert charts.alt_text(SPECS["tartan"]) == (
        "Fernshire and its statistical neighbours: Fernshire against 3 areas, 1st being best. "
        "Re-referrals within 12 months, 2024/25: 22%, 2nd of 3; Care leavers in education, "
        "employment or training, 2024/25: 53%, 3rd of 4."
    )
    assert charts.alt_text(SPECS["spc"]) == (
        "Contacts with a decision within 24 hours, monthly, Oct 2023 to Sep 2026, statistical "
        "process control chart: mean 90.0%, process limits 86.0% to 94.0%. Special-cause "
        "variation: outside the process limits: Mar 2025 (81%), Apr 2025 (81%)."
    )


def test_every_chart_has_a_data_table() -> None:
    for spec in SPECS.values():
        columns, rows = charts.data_table(spec)
        assert rows and all(len(row) == len(columns) for row in rows)
    columns, rows = charts.data_table(SPECS["trend"])
    assert columns == ("Period end", "Fernshire", "England")
    assert ("Mar 2025", "98", "67") in rows and rows[-1] == ("Sep 2026", "95", "–")


def test_spc_limits_and_special_causes() -> None:
    limits = spc.xmr_limits(DECIDED)
    signals = spc.special_causes(DECIDED, limits)
    assert signals[17] == signals[18] == "outside"  # the two-month dip
    assert all(signals.get(i) in ("shift", "outside") for i in range(28, 36))  # the step up
    stable = [50.0, 51.0, 49.0, 50.5, 49.5] * 4
    assert spc.special_causes(stable, spc.xmr_limits(stable)) == {}
    rising = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 6.5]
    assert set(spc.special_causes(rising, spc.Limits(4.0, -100, 100))) >= {0, 1, 2, 3, 4, 5, 6}


def test_every_chart_type_appears_in_the_sample_pack(sample_charts: list[Chart]) -> None:
    assert {type(chart.spec) for chart in sample_charts} == {
        TrendSpec,
        ComparisonSpec,
        SparklineSpec,
        StackedBarSpec,
        TartanSpec,
        SpcSpec,
    }


def test_a_sample_chart_is_byte_identical_across_builds(
    sample_charts: list[Chart], tmp_path: Path
) -> None:
    one_of_each = list({type(chart.spec): chart for chart in sample_charts}.values())
    first = [ChartCache(tmp_path / "first").draw(chart) for chart in one_of_each]
    script = (
        "import pickle, sys\n"
        "from reportgen.plotting import ChartCache\n"
        "charts = pickle.load(sys.stdin.buffer)\n"
        f"drawn = [ChartCache(__import__('pathlib').Path({str(tmp_path / 'second')!r}))"
        ".draw(c) for c in charts]\n"
        "pickle.dump([(c.svg, c.png) for c in drawn], sys.stdout.buffer)\n"
    )
    # A second process, with another hash seed, draws the same charts from scratch.
    second = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(one_of_each),
        capture_output=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    ).stdout
    assert [(c.svg, c.png) for c in first] == pickle.loads(second)


def test_chart_text_is_drawn_as_written_never_as_maths() -> None:
    # Two dollar signs would otherwise be typeset as mathtext, and "\notacommand" would fail.
    names = ("Q2 {$#1$}", "$\\notacommand{x}$")
    spec = TrendSpec(
        "Spend", "£", (series(names[0], "home", [18, 19]), series(names[1], "national", [9, 9]))
    )
    svg = render(spec, ["svg"])["svg"].decode()
    assert all(name in svg for name in names)


def test_area_names_never_break_inside_a_word() -> None:
    areas = (
        "Norfolk",
        "Northumberland",
        "Derbyshire",
        "Lincolnshire",
        "Nottinghamshire",
        "Suffolk",
        "Medway",
        "Kent",
        "Cornwall",
        "Somerset",
        "Herefordshire, County of",
    )
    row = TartanRow("Re-referrals within 12 months", "2024/25", ("20%",) * 11, tuple(range(1, 12)))
    rug = TartanSpec("Norfolk and its statistical neighbours", areas, "Norfolk", (row,))
    assert not rug.upright  # too narrow a column for "Nottinghamshire": the names stand on end
    for area, label in zip(areas, rug.area_labels, strict=True):
        assert label.split() == area.split()  # whole words, wrapped only between them
    assert rug.header_mm >= len("Nottinghamshire") * 1.5
    columns, rows = charts.data_table(rug)
    assert columns == ("Area", "Figure", "Rank among the areas")
    assert rows[1] == ("Northumberland", "20%", "2nd of 11")
    assert charts.data_groups(rug) == (("Re-referrals within 12 months (2024/25)", 0),)
    wide = TartanSpec("Fernshire", ("Fernshire", "Ashdown", "Kestrel Vale"), "Fernshire", ())
    assert wide.upright and wide.area_labels == ("Fernshire", "Ashdown", "Kestrel Vale")


def test_no_chart_text_overlaps_or_runs_off_in_the_sample(sample_charts: list[Chart]) -> None:
    clashes = [clash for chart in sample_charts for clash in text_clashes(chart.spec)]
    assert clashes == []


def test_charts_are_drawn_with_the_bundled_font_whatever_the_machine_has() -> None:
    """Debian's fonts-liberation (which LibreOffice brings) has a Liberation Sans of its own,
    older, with other metrics: the charts draw and measure with the bundled files all the same."""
    render(SPECS["trend"], ("png",))
    for weight, name in (("normal", "Regular"), ("bold", "Bold")):
        found = font_manager.findfont(
            font_manager.FontProperties(family=FONT_FAMILY, weight=weight)
        )
        assert Path(found) == font_file(name)
