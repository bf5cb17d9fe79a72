"""Computed figures -> chart specs with their words: the charts of a pack's dashboards.

Which charts a pack has, what each shows and how its figures are written is decided here;
plotting.py only draws the specs.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from datetime import date

from reportgen import charts, spc, wording
from reportgen.compute import Computed, ComputedRow, Figure
from reportgen.config import Config
from reportgen.dashboard_options import DashboardChoice
from reportgen.formatting import UNIT_PHRASES, as_shown, format_value, shown_places
from reportgen.model import Block, Chart, Heading, KeyMessage, KeyMessages, Paragraph
from reportgen.paths import slug
from reportgen.periods import long_date, months_spanned, shift_months
from reportgen.ratings import is_missing
from reportgen.tables import Indicator

CHARTED_ROLES = ("national", "regional", "neighbours")  # the comparators drawn beside home
log = logging.getLogger(__name__)
Y_LABELS = {"percent": "Per cent", "count": "Number", "days": "Days", "currency": "£"}
DISTRIBUTION_PERIODS = 5  # a distribution shows the latest five periods
DASHBOARD_WIDTH_MM = 170  # a portrait page's width, for a rug on a dashboard
TREND_MONTHS = 13  # a monthly trend reaches back to the same month last year
MOST_DASHBOARD_CHARTS = 3  # with the tiles and commentary, a dashboard fills one page
MIN_TARTAN_AREAS = 3  # rank an indicator only when at least this many neighbours have figures
TARTAN_ROWS_PER_PAGE = 14
SPC_NOTE = (
    "Process limits are the mean plus or minus 2.66 times the average month-to-month change "
    "(NHS Making Data Count). Diamonds: outside the limits; squares: 7 or more in a row on one "
    "side of the mean; triangles: 6 or more in a row rising or falling."
)


def chart(spec: charts.ChartSpec) -> Chart:
    """Return the model's chart for a spec: its title and alt text, to be drawn later."""
    return Chart(title=spec.title, alt_text=charts.alt_text(spec), spec=spec)


def chart_name(config: Config, area: str) -> str:
    """Return a comparator's name as the council's own charts show it: "Fernshire statistical
    neighbours" is "Statistical neighbours" beside Fernshire's figures, and fits its label."""
    prefix = config.area + " "
    if not area.startswith(prefix):
        return area
    rest = area.removeprefix(prefix)
    return rest[:1].upper() + rest[1:]


def _text(indicator: Indicator, value: float) -> str:
    return format_value(value, indicator.unit, indicator.decimals)


def _usable(figures: Sequence[Figure], end: date) -> list[Figure]:
    return [f for f in figures if f.period_end <= end and not is_missing(f.value)]


def _series(indicator: Indicator, area: str, role: str, figures: list[Figure]) -> charts.Series:
    return charts.Series(
        name=area,
        role=role,
        points=tuple((f.period_end, f.value) for f in figures),
        value_texts=tuple(_text(indicator, f.value) for f in figures),
    )


def _y_label(indicator: Indicator) -> str:
    return Y_LABELS.get(indicator.unit, UNIT_PHRASES.get(indicator.unit, "Value"))


def trend_chart(config: Config, row: ComputedRow, computed: Computed) -> Chart | None:
    """Return the home area's trend against its comparators, if it has two or more figures."""
    indicator, end = row.indicator, row.latest.period_end
    home = _usable(computed.series.get((indicator.id, config.area), ()), end)
    if len(home) < 2:
        return None
    series = [_series(indicator, config.area, "home", home)]
    for role, area in config.comparators.items():
        if role not in CHARTED_ROLES:
            continue
        figures = _usable(computed.series.get((indicator.id, area), ()), end)
        if figures:
            series.append(_series(indicator, chart_name(config, area), role, figures))
    return _trend(row, indicator.title, series)


def _trend(
    row: ComputedRow, title: str, series: Sequence[charts.Series], height_mm: float = 46
) -> Chart:
    """Return a trend chart of the series, with the row's target if it is a target indicator."""
    indicator = row.indicator
    target = row.latest.target if indicator.kind == "target" else math.nan
    has_target = not is_missing(target)
    return chart(
        charts.TrendSpec(
            title=title,
            y_label=_y_label(indicator),
            series=tuple(series),
            target=target if has_target else None,
            target_text=_text(indicator, target) if has_target else "",
            percent=indicator.unit == "percent",
            height_mm=height_mm,
        )
    )


def comparison_chart(config: Config, row: ComputedRow) -> Chart | None:
    """Return the latest figures of home, region, England and neighbours as bars."""
    if is_missing(row.latest.value):
        return None
    found = [("home", config.area, row.latest)]
    found += [
        (role, chart_name(config, config.comparators[role]), figure)
        for role, figure in row.comparators.items()
        if role in CHARTED_ROLES and not is_missing(figure.value)
    ]
    return _bar_chart(row.indicator, f"{row.indicator.title}, latest figures", found)


def _bar_chart(
    indicator: Indicator, title: str, found: Sequence[tuple[str, str, Figure]]
) -> Chart | None:
    """Return bars of (role, name, figure), or None for fewer than two: nothing to compare."""
    if len(found) < 2:
        return None
    return chart(
        charts.ComparisonSpec(
            title=title,
            x_label=_y_label(indicator),
            bars=tuple(
                charts.Bar(name, role, f.value, _text(indicator, f.value), f.label)
                for role, name, f in found
            ),
            percent=indicator.unit == "percent",
        )
    )


def monthly_trend_chart(config: Config, row: ComputedRow, computed: Computed) -> Chart | None:
    """Return a measure's last 13 months, so the latest month reads against the same month
    last year, with its target."""
    indicator = row.indicator
    first = shift_months(row.latest.period_end, -(TREND_MONTHS - 1))
    figures = [
        f
        for f in _usable(computed.series.get((indicator.id, row.area), ()), row.latest.period_end)
        if f.period_end >= first
    ]
    if len(figures) < 2:
        return None
    title = f"{indicator.title}, last {TREND_MONTHS} months"
    # Shorter than a dashboard's, so that a measure's page holds its table and benchmarks.
    return _trend(row, title, [_series(indicator, row.area, "home", figures)], height_mm=34)


def locality_chart(row: ComputedRow, localities: Sequence[ComputedRow]) -> Chart | None:
    """Return the latest month for each locality with a figure, as bars, and the area's
    beside them unless it is their total (a count); a suppressed figure is left out of the
    chart, and its table says why."""
    indicator = row.indicator
    whole = () if indicator.unit == "count" else (row,)
    found = [
        ("home" if r is row else "locality", r.area, r.latest)
        for r in (*whole, *localities)
        if r.latest.period_end == row.latest.period_end and not is_missing(r.latest.value)
    ]
    title = f"{indicator.title}, {row.latest.period_end:%B %Y}, by locality"
    return _bar_chart(indicator, title, found)


def sparkline(
    config: Config, row: ComputedRow, computed: Computed, compact: bool = False
) -> Chart | None:
    """Return a tiny trend of the home area's figures for a table cell."""
    home = _usable(computed.series.get((row.indicator.id, config.area), ()), row.latest.period_end)
    if len(home) < 2:
        return None
    size = {"width_mm": 16, "height_mm": 4} if compact else {}
    return chart(
        charts.SparklineSpec(
            title=f"Trend of {row.indicator.title}",
            series=_series(row.indicator, config.area, "home", home),
            **size,
        )
    )


def spc_chart(config: Config, row: ComputedRow, computed: Computed) -> Chart | None:
    """Return a process control chart of a monthly series long enough to support one."""
    indicator = row.indicator
    home = _usable(computed.series.get((indicator.id, config.area), ()), row.latest.period_end)
    monthly = all(
        f.period_start and months_spanned(f.period_start, f.period_end) == 1 for f in home
    )
    if not monthly or len(home) < spc.MIN_POINTS:
        return None
    values = [f.value for f in home]
    limits = spc.xmr_limits(values)
    return chart(
        charts.SpcSpec(
            title=f"{indicator.title}, monthly",
            y_label=_y_label(indicator),
            series=_series(indicator, config.area, "home", home),
            mean=limits.mean,
            lower=limits.lower,
            upper=limits.upper,
            limit_texts=(
                _text(indicator, limits.mean),
                _text(indicator, limits.lower),
                _text(indicator, limits.upper),
            ),
            signals=tuple(spc.special_causes(values, limits).items()),
            percent=indicator.unit == "percent",
        )
    )


def distribution_chart(
    config: Config, group: str, indicators: Sequence[Indicator], computed: Computed
) -> Chart | None:
    """Return the shares of a group's categories over its latest periods, as stacked bars."""
    by_period: dict[date, dict[str, Figure]] = {}
    for indicator in indicators:
        for f in _usable(computed.series.get((indicator.id, config.area), ()), config.period_end):
            by_period.setdefault(f.period_end, {})[indicator.id] = f
    complete = [day for day, found in sorted(by_period.items()) if len(found) == len(indicators)]
    if not complete:
        return None
    bars = tuple(
        (
            by_period[day][indicators[0].id].label,
            tuple(by_period[day][i.id].value for i in indicators),
            tuple(_text(i, by_period[day][i.id].value) for i in indicators),
        )
        for day in complete[-DISTRIBUTION_PERIODS:]
    )
    categories = tuple(i.category or i.title for i in indicators)
    return chart(charts.StackedBarSpec(title=group, categories=categories, bars=bars))


def tartan_charts(
    config: Config,
    computed: Computed,
    indicators: Sequence[Indicator] | None = None,
    width_mm: float = 255,
) -> list[Chart]:
    """Return the rug of home and statistical neighbours by indicator (every indicator, or
    those given), ranked per indicator, in parts short enough for a landscape page."""
    group = config.comparators.get("neighbours")
    members = computed.groups.get(group or "", ())
    if not members:
        return []
    areas = (config.area, *members)
    rows = [
        row
        for indicator in (computed.indicators if indicators is None else indicators)
        if (row := _tartan_row(indicator, areas, computed)) is not None
    ]
    parts = math.ceil(len(rows) / TARTAN_ROWS_PER_PAGE)
    size = math.ceil(len(rows) / parts) if parts else 0
    title = f"{config.area} and its statistical neighbours"
    return [
        chart(
            charts.TartanSpec(
                title=f"{title} ({part + 1} of {parts})" if parts > 1 else title,
                areas=areas,
                home=config.area,
                rows=tuple(rows[part * size : (part + 1) * size]),
                width_mm=width_mm,
            )
        )
        for part in range(parts)
    ]


def _tartan_row(
    indicator: Indicator, areas: tuple[str, ...], computed: Computed
) -> charts.TartanRow | None:
    if indicator.polarity == "none":
        return None
    latest = {
        area: {f.period_end: f for f in computed.series.get((indicator.id, area), ())}
        for area in areas
    }
    shared = [
        day
        for day in sorted({d for found in latest.values() for d in found}, reverse=True)
        if sum(day in latest[a] and not is_missing(latest[a][day].value) for a in areas[1:])
        >= MIN_TARTAN_AREAS
        and day in latest[areas[0]]
    ]
    if not shared:
        return None
    day = shared[0]
    figures = [latest[area].get(day) for area in areas]
    values = [None if f is None or is_missing(f.value) else f.value for f in figures]
    if values[0] is None:
        return None
    ranks = printed_ranks(indicator, values)
    texts = tuple(tartan_text(indicator, f) for f in figures)
    label = next(f.label for f in figures if f is not None)
    return charts.TartanRow(title=indicator.title, period=label, texts=texts, ranks=ranks)


def printed_ranks(indicator: Indicator, values: Sequence[float | None]) -> tuple[int | None, ...]:
    """Return each figure's rank (1 best for the indicator's polarity; None when no figure),
    ranking the figures as printed, so areas that read the same share a rank and a colour."""
    places = shown_places(indicator.unit, indicator.decimals)
    shown = [None if v is None else as_shown(v, places) for v in values]
    sign = -1 if indicator.polarity == "high" else 1
    ranked = sorted(sign * v for v in shown if v is not None)
    return tuple(None if v is None else ranked.index(sign * v) + 1 for v in shown)


def tartan_text(indicator: Indicator, figure: Figure | None) -> str:
    """Return a rug cell's figure as printed: its symbol if suppressed, a dash if none."""
    if figure is not None and figure.missing:
        return figure.missing
    if figure is None or is_missing(figure.value):
        return "–"
    return _text(indicator, figure.value)


def dashboard_blocks(
    config: Config,
    title: str,
    indicators: Sequence[Indicator],
    computed: Computed,
    choice: DashboardChoice | None = None,
) -> list[Block]:
    """Return a dashboard: key data messages, up to three charts, commentary; each as the
    council's `choice` says, else chosen from the indicators' figures."""
    rows = [r for i in indicators if (r := computed.row(i.id, config.area)) is not None]
    featured = sorted(
        (r for r in rows if trend_chart(config, r, computed) is not None),
        key=lambda r: _preference(config, r, computed),
    )[:2]
    blocks: list[Block] = [
        Heading(f"Dashboard: {title}", level=1),
        Paragraph(
            f"12 months ending {long_date(config.period_end)} / at "
            f"{long_date(config.period_end)}; benchmarks are the latest published."
        ),
    ]
    tiles = _tiles(config, rows, featured, computed, choice)
    if tiles:
        blocks.append(KeyMessages(tiles))
    chosen = (
        _default_charts(config, indicators, rows, featured, computed)
        if choice is None or choice.charts is None
        else _chosen_charts(config, choice, computed)
    )
    shown_heading = ""
    for heading, made in chosen:
        if heading != shown_heading:
            blocks.append(Heading(heading, level=2))
            shown_heading = heading
        blocks.append(made)
        if isinstance(made.spec, charts.SpcSpec):
            blocks.append(Paragraph(SPC_NOTE))
    if choice is None or choice.commentary:
        blocks.append(
            wording.drafted_narrative(
                f"dashboard.{slug(title)}",
                f"Commentary: {title}",
                featured or rows[:2],
                config.national_name,
                prompt=f"Add commentary on {wording.lower_first(title)}.",
            )
        )
    return blocks


def _tiles(
    config: Config,
    rows: list[ComputedRow],
    featured: list[ComputedRow],
    computed: Computed,
    choice: DashboardChoice | None,
) -> tuple[KeyMessage, ...]:
    """Return the key data messages: those the council names, else the featured indicators'
    first, then the rest's, each indicator once, to three."""
    if choice is not None and choice.tiles is not None:
        named = [computed.row(ident, config.area) for ident in choice.tiles]
        tiles = []
        for ident, row in zip(choice.tiles, named, strict=True):
            message = wording.key_message(row) if row is not None else None
            if message is None:
                log.warning(
                    "%s: %s.tiles: %s has no figure with one 12 months earlier, for a tile",
                    config.path.name,
                    choice.key,
                    ident,
                )
            else:
                tiles.append(message)
        return tuple(tiles)
    leading = {r.indicator.id: r for r in featured + rows}.values()
    return tuple(m for r in leading if (m := wording.key_message(r)) is not None)[:3]


def _default_charts(
    config: Config,
    indicators: Sequence[Indicator],
    rows: list[ComputedRow],
    featured: list[ComputedRow],
    computed: Computed,
) -> list[tuple[str, Chart]]:
    """Return the lead indicator's trend and benchmarks, then what only this theme has (a
    control chart, a distribution), then a second indicator's trend, to three charts."""
    charted: list[tuple[str, Chart | None]] = []
    if featured:
        lead = featured[0]
        charted += [
            (lead.indicator.title, trend_chart(config, lead, computed)),
            (lead.indicator.title, comparison_chart(config, lead)),
        ]
    for row in rows:
        control = spc_chart(config, row, computed)
        charted.append((control.title if control else "", control))
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.group:
            groups.setdefault(indicator.group, []).append(indicator)
    for group, members in groups.items():
        charted.append((group, distribution_chart(config, group, members, computed)))
    for row in featured[1:]:
        charted.append((row.indicator.title, trend_chart(config, row, computed)))
    return [(heading, made) for heading, made in charted if made is not None][
        :MOST_DASHBOARD_CHARTS
    ]


def _chosen_charts(
    config: Config, choice: DashboardChoice, computed: Computed
) -> list[tuple[str, Chart]]:
    """Return the charts the council names, in its order; one its figures cannot give (a
    trend of a single figure) is left out with a warning naming it."""
    by_id = {ind.id: ind for ind in computed.indicators}
    found: list[tuple[str, Chart]] = []
    for number, wanted in enumerate(choice.charts or (), start=1):
        members = [by_id[ident] for ident in wanted.indicators]
        made = _chart_of(config, wanted.type, members, computed)
        if not made:
            log.warning(
                "%s: %s.charts[%d]: no %s chart of %s (its figures do not give one)",
                config.path.name,
                choice.key,
                number,
                wanted.type,
                ", ".join(wanted.indicators),
            )
        headings = {"distribution": members[0].group or choice.title, "rug": choice.title}
        heading = headings.get(wanted.type, members[0].title)
        found += [(heading, chart) for chart in made]
    return found


def _chart_of(
    config: Config, kind: str, members: list[Indicator], computed: Computed
) -> list[Chart]:
    """Return the charts of one type for the indicators a dashboard names."""
    if kind == "distribution":
        title = members[0].group or "Distribution"
        made = distribution_chart(config, title, members, computed)
        return [made] if made else []
    if kind == "rug":
        return tartan_charts(config, computed, members, width_mm=DASHBOARD_WIDTH_MM)
    row = computed.row(members[0].id, config.area)
    if row is None:
        return []
    made = {
        "trend": lambda: trend_chart(config, row, computed),
        "comparison": lambda: comparison_chart(config, row),
        "spc": lambda: spc_chart(config, row, computed),
    }[kind]()
    return [made] if made else []


def _preference(config: Config, row: ComputedRow, computed: Computed) -> tuple[int, int]:
    """Return a sort key: benchmarked indicators first, saw-toothed year-to-date series last."""
    home = computed.series.get((row.indicator.id, config.area), ())
    spans = {months_spanned(f.period_start, f.period_end) for f in home if f.period_start}
    return (0 if row.comparators else 1, 1 if len(spans) > 1 else 0)
