"""Every option a council chooses, not only the sample's path: every council of the published
files under every rating scheme with every part of the registry in its layout, and generated
figures (zeros, gaps, suppression, ties, negative values, one-period series, equal references)
under every scheme and part. Each pack's document model is checked for what a reader relies on:
it builds; no figure is dated after the period; the figures shown are the computed table's;
rugs rank current councils only; and the key states the rule each indicator is rated by."""

from __future__ import annotations

import os
import re
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_every_council import councils, for_council

from reportgen.build import build_pack
from reportgen.charts import TartanSpec
from reportgen.compute import Computed, Published, compute, published
from reportgen.config import Config
from reportgen.dashboards import tartan_text
from reportgen.model import Chart, Pack, with_charts
from reportgen.options import RATING_SCHEMES
from reportgen.parts import PARTS
from reportgen.pipeline import check
from reportgen.rating_keys import SCHEME_TITLES
from reportgen.reasons import rating_reason
from reportgen.render.text import render_text
from reportgen.validate import Dataset
from reportgen.wording import figure_text

EVERY_PART = tuple(PARTS)


def pack_problems(config: Config, dataset: Dataset, figures: Published) -> list[str]:
    """Return what is wrong in the pack of `config` with every part: each problem named."""
    config = replace(config, layout=EVERY_PART)
    computed = compute(config, dataset, figures)
    pack = build_pack(config, computed)
    text = render_text(pack)
    where = f"{config.area} ({config.rating.scheme})"
    return [
        f"{where}: {problem}"
        for problem in (
            *_dated_after_the_period(text, config, figures),
            *_figures_not_the_computed(text, config, computed),
            *_rugs_not_the_computed(pack, computed),
            *_ranks_not_current_councils(pack, dataset, config.period_end),
            *_key_disagrees_with_the_reasons(text, config, computed),
        )
    ]


def _dated_after_the_period(text: str, config: Config, figures: Published) -> list[str]:
    """Return the period labels the pack shows that belong only to periods after its own."""
    after, before = set(), set()
    for found in figures.series.values():
        for f in found:
            (after if f.period_end > config.period_end else before).add(f.label)
    return [
        f"shows {label!r}, after {config.period_end}"
        for label in sorted(after - before)
        if re.search(rf"(?<![\w/-]){re.escape(label)}(?![\w/-])", text)
    ]


def _figures_not_the_computed(text: str, config: Config, computed: Computed) -> list[str]:
    """Return the area's computed figures (and their reasons) the pack does not show."""
    home = [row for row in computed.rows if row.area == config.area]
    missing = [
        f"{row.indicator.id}: {shown!r} not shown"
        for row in home
        if (shown := figure_text(row.indicator, row.latest)) not in text
    ]
    return missing + [
        f"{row.indicator.id}: reason {reason!r} not shown"
        for row in home
        if (reason := rating_reason(row, config)) not in text
    ]


def _rugs_not_the_computed(pack: Pack, computed: Computed) -> list[str]:
    """Return each rug cell that differs from its area's computed figure for the row's period,
    and each rank out of more councils than the rug has current councils with figures."""
    rugs: list[TartanSpec] = []
    with_charts(pack, lambda chart: _keep_rug(chart, rugs))
    by_title = {indicator.title: indicator for indicator in computed.indicators}
    # A rug split over charts ranks the councils of all its charts together.
    ranked_councils: dict[str, set[str]] = {}
    for rug in rugs:
        ranked_councils.setdefault(_whole(rug.title), set()).update(rug.areas[rug.references :])
    wrong = []
    for rug in rugs:
        if rug.rated:
            continue  # a rug of ratings (localities) shows ratings, not figures
        for row in rug.rows:
            indicator = by_title[row.title]
            for area, shown in zip(rug.areas, row.texts, strict=True):
                figure = next(
                    (
                        f
                        for f in computed.series.get((indicator.id, area), ())
                        if f.label == row.period
                    ),
                    None,
                )
                if shown != tartan_text(indicator, figure):
                    wrong.append(f"{rug.title}: {row.title}, {area}: {shown!r} is not {figure}")
            ranked = [rank for rank in row.ranks if rank is not None]
            councils = len(ranked_councils[_whole(rug.title)])
            if ranked and not max(ranked) <= row.among <= councils:
                wrong.append(
                    f"{rug.title}: {row.title}: ranks {ranked} of {row.among} ({councils})"
                )
    return wrong


def _whole(title: str) -> str:
    """Return a rug's title without the part of it a chart is: "(2 of 3)"."""
    return re.sub(r" \(\d+ of \d+\)$", "", title)


def _ranks_not_current_councils(pack: Pack, dataset: Dataset, day: date) -> list[str]:
    """Return each area a rug ranks that is not a council at the period (a former council, a
    joint return repeating its members' figures)."""
    rugs: list[TartanSpec] = []
    with_charts(pack, lambda chart: _keep_rug(chart, rugs))
    councils = {area.name for area in dataset.areas if area.is_council_at(day)}
    return [
        f"{rug.title}: ranks {area}, not a council at {day}"
        for rug in rugs
        if not rug.rated
        for area in rug.areas[rug.references :]
        if dataset.areas and area not in councils
    ]


def _keep_rug(chart: Chart, rugs: list[TartanSpec]) -> Chart:
    if isinstance(chart.spec, TartanSpec):
        rugs.append(chart.spec)
    return chart


def _key_disagrees_with_the_reasons(text: str, config: Config, computed: Computed) -> list[str]:
    """Return each rated indicator whose scheme's key the pack leaves out, whose reason states
    a tolerance other than its own, or whose tolerance the key does not state for it."""
    wrong = []
    key_lines = [line for line in text.splitlines() if "within" in line]
    for row in computed.rows:
        if row.area != config.area or row.rating is None:
            continue
        title = SCHEME_TITLES[row.scheme].format(national=config.national_name)
        if title not in text:
            wrong.append(f"{row.indicator.id}: rated by {row.scheme}, no key titled {title!r}")
        stated = re.search(
            r"the ([-\d.]+)\S* (?:percentage points )?tolerance", rating_reason(row, config)
        )
        if stated is None:
            continue
        amount = row.tolerance.amount
        if float(stated.group(1)) != pytest.approx(amount):
            wrong.append(f"{row.indicator.id}: reason states {stated.group(1)}, not {amount:g}")
        said = f"{amount:g}%" if row.tolerance.relative else f"{amount:g} "
        if not any(
            f"within {said}" in line or (f"{said}" in line and row.indicator.title in line)
            for line in key_lines
        ):
            wrong.append(f"{row.indicator.id}: its {row.tolerance} tolerance is not in the key")
    return wrong


@pytest.fixture(scope="module")
def published_pack(england: Path) -> tuple[Config, Dataset, Published]:
    config, dataset = check(england / "report.yaml")
    return config, dataset, published(config, dataset)


def test_no_part_shows_a_figure_from_after_the_period(
    published_pack: tuple[Config, Dataset, Published],
) -> None:
    """A pack to 31 March 2025: the neighbours' rug shows the workforce at Sep 24, as every
    other part does, though the Sep 25 census is imported (it took the newest most shared)."""
    config, dataset, figures = published_pack
    config = for_council(config, "Leicestershire", "East Midlands")
    assert pack_problems(config, dataset, figures) == []
    pack = build_pack(replace(config, layout=EVERY_PART), compute(config, dataset, figures))
    rugs: list[TartanSpec] = []
    with_charts(pack, lambda chart: _keep_rug(chart, rugs))
    periods = {row.title: row.period for rug in rugs for row in rug.rows}
    assert periods["Agency social workers"] == "At Sep 24"
    assert periods["Social worker turnover rate"] == "12 months to Sep 24"


@pytest.mark.parametrize("scheme", RATING_SCHEMES)
def test_every_council_under_every_scheme_with_every_part(
    published_pack: tuple[Config, Dataset, Published], scheme: str, england: Path
) -> None:
    config, dataset, figures = published_pack
    rating = replace(config.rating, scheme=scheme)
    problems = [
        problem
        for area, region in councils(england).items()
        for problem in pack_problems(
            replace(for_council(config, area, region), rating=rating), dataset, figures
        )
    ]
    assert problems == []


# Generated figures: every unit, polarity and kind, with thresholds for the threshold scheme and
# numerators and denominators for the significance scheme.
INDICATORS = """\
    id,title,theme,unit,polarity,kind,measure,red_threshold,green_threshold,tolerance,scheme
    PCT,Share seen in time,Seen,percent,high,target,flow,40,60,{tolerance},{scheme}
    LOW,Repeat referrals,Seen,percent,low,tracker,flow,30,20,,
    RATE,Children in need per 10k,Need,rate_per_10k,low,tracker,stock,400,300,,{scheme}
    NONE,Contacts,Need,count,none,tracker,flow,,,,
    DAYS,Days to adoption,Care,days,low,target,stock,500,400,{tolerance},
    SCORE,Attainment score,Care,score,high,tracker,stock,-1,1,,
    """
AREAS = """\
    area,code,type,region,groups,part_of
    England,E92000001,national,,,
    North,E12000001,region,,,
    Testshire,E10000001,la,North,,
    Oneshire,E10000002,la,North,Testshire statistical neighbours,
    Twoshire,E10000003,la,North,Testshire statistical neighbours,
    Threeshire,E10000004,la,North,Testshire statistical neighbours,
    Testshire West,,locality,,,Testshire
    Testshire East,,locality,,,Testshire
    """
REPORT = """\
    title: Generated pack
    committee: Children and Young People Overview and Scrutiny Committee
    meeting_date: 2025-09-15
    area: Testshire
    period_end: 2025-03-31
    comparators: {{national: England, regional: North, neighbours: Testshire statistical neighbours}}
    rating: {{scheme: {scheme}, tolerance: "{tolerance}"}}
    data: {{indicators: indicators.csv, observations: observations.csv, areas: areas.csv}}
    """
SHARES = ("PCT", "LOW")  # percentages, given with a numerator and denominator
AREA_NAMES = ("Testshire", "England", "North", "Oneshire", "Twoshire", "Threeshire")
AREA_NAMES += ("Testshire West", "Testshire East")
INDICATOR_IDS = ("PCT", "LOW", "RATE", "NONE", "DAYS", "SCORE")
# Quarter ends around the period (31 March 2025), two after it.
PERIODS = tuple(date(y, m, d) for y, m, d in ((2024, 3, 31), (2024, 6, 30), (2024, 9, 30)))
PERIODS += (date(2024, 12, 31), date(2025, 3, 31), date(2025, 6, 30), date(2025, 9, 30))

values = st.one_of(
    st.sampled_from(["0", "0.0", "50", "50.0", "-3", "c", "x", ""]),
    st.decimals(min_value=-20, max_value=120, places=1).map(str),
)
series = st.dictionaries(st.sampled_from(PERIODS), values, min_size=1, max_size=len(PERIODS))
observations = st.dictionaries(
    st.tuples(st.sampled_from(INDICATOR_IDS), st.sampled_from(AREA_NAMES)), series, min_size=1
)


def _observations_csv(drawn: dict[tuple[str, str], dict[date, str]], target: str) -> str:
    # Every area has a figure, so each comparator names an area with data.
    lines = ["indicator,area,period_end,value,numerator,denominator,target"] + [
        f"NONE,{area},2023-03-31,1,,," for area in AREA_NAMES
    ]
    for (ident, area), figures in sorted(drawn.items()):
        for day, drawn_value in sorted(figures.items()):
            if drawn_value:  # else a gap in the series
                value = _valid_for(ident, drawn_value)
                parts = (
                    f"{float(value) * 2:g},200" if ident in SHARES and value[0].isdigit() else ","
                )
                lines.append(f"{ident},{area},{day},{value},{parts},{target}")
    return "\n".join(lines) + "\n"


def _valid_for(ident: str, value: str) -> str:
    """Return the drawn value as its unit allows: only a score is negative; a share is at most
    100%."""
    if not value.lstrip("-")[0].isdigit() or ident == "SCORE":
        return value
    value = value.lstrip("-")
    return "100" if ident in SHARES and float(value) > 100 else value


@settings(
    max_examples=int(os.environ.get("REPORTGEN_EXAMPLES", "60")),
    derandomize=not os.environ.get("REPORTGEN_EXAMPLES"),  # the same examples in every CI run
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    drawn=observations,
    scheme=st.sampled_from(RATING_SCHEMES),
    tolerance=st.sampled_from(["0%", "2%", "5%", "1", "0"]),
    own_tolerance=st.sampled_from(["", "10%", "3"]),
    own_scheme=st.sampled_from(["", *RATING_SCHEMES]),
    target=st.sampled_from(["", "0", "50", "50.0"]),
)
def test_generated_figures_under_every_scheme_and_part(
    tmp_path_factory: pytest.TempPathFactory,
    drawn: dict[tuple[str, str], dict[date, str]],
    scheme: str,
    tolerance: str,
    own_tolerance: str,
    own_scheme: str,
    target: str,
) -> None:
    folder = tmp_path_factory.mktemp("generated")
    files = {
        "report.yaml": REPORT.format(scheme=scheme, tolerance=tolerance),
        "indicators.csv": INDICATORS.format(tolerance=own_tolerance, scheme=own_scheme),
        "observations.csv": _observations_csv(drawn, target),
        "areas.csv": AREAS,
    }
    for name, content in files.items():
        (folder / name).write_text(textwrap.dedent(content), encoding="utf-8")
    config, dataset = check(folder / "report.yaml")
    for audience in ("public", "internal"):
        chosen = replace(config, audience=audience)
        assert pack_problems(chosen, dataset, published(chosen, dataset)) == []
