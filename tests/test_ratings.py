"""Each rating scheme against its council's published key, with the key's own edges, and the
laws every scheme keeps (mirror symmetry, monotonicity), checked with hypothesis."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.options import Tolerance
from reportgen.ratings import (
    Z_SCORES,
    annualised,
    confidence_interval,
    direction,
    dtcg_rating,
    gap_trend,
    poisson_count_interval,
    quartile_cut_points,
    quartile_of,
    quartile_rating,
    rating_vs_reference,
    significance,
    significance_rating,
    threshold_rating,
    wilson_interval,
)

TWO_PERCENT = Tolerance(2.0, relative=True)
ORDER = {"green": 0, "amber": 1, "red": 2}


# Durham 2016/17, Appendix 2: "Same or better than comparable period / comparator group: GREEN;
# worse (within 2% tolerance): AMBER; worse (greater than 2%): RED".
@pytest.mark.parametrize(
    ("value", "reference", "polarity", "rating"),
    [
        (100, 100, "high", "green"),  # same
        (101, 100, "high", "green"),  # better
        (98, 100, "high", "amber"),  # exactly 2% worse is still within tolerance
        (97.9, 100, "high", "red"),
        (102, 100, "low", "amber"),
        (102.1, 100, "low", "red"),
        (99, 100, "low", "green"),
        (50, 100, "none", None),  # no polarity, no colour
        (math.nan, 100, "high", None),  # suppressed figure
        (100, None, "high", None),  # missing comparator
    ],
)
def test_tolerance_key(
    value: float, reference: float | None, polarity: str, rating: str | None
) -> None:
    assert rating_vs_reference(value, reference, polarity, TWO_PERCENT) == rating


def test_absolute_tolerance_is_in_the_indicators_units() -> None:
    two_points = Tolerance(2.0, relative=False)
    assert rating_vs_reference(18.0, 20.0, "high", two_points) == "amber"
    assert rating_vs_reference(17.9, 20.0, "high", two_points) == "red"


def test_direction_of_travel() -> None:
    assert direction(18, 15, "low", 0) == "worsening"
    assert direction(18, 15, "high", 0) == "improving"
    assert direction(18, 15, "none", 0) == "higher"
    assert direction(15, 15, "high", 0) == "same"
    assert direction(15, None, "high", 0) is None


def test_direction_of_travel_compares_the_figures_as_shown() -> None:
    # 10.45 and 10.35 (Norfolk's 7.6a, 114/1091 and 114/1101) are both shown as 10.4.
    assert direction(10.35, 10.449, "low", 1) == "same"
    assert direction(10.35, 10.449, "none", 1) == "same"
    assert direction(10.35, 10.449, "low", 2) == "improving"
    assert direction(64.25, 64.3, "high", 1) == "same"  # halves round up, as shown
    assert direction(64.24, 64.3, "high", 1) == "worsening"


# Durham 2023/24 data-table key (D, T, C, G and the overall assessment).
def test_dtcg_target_indicators_take_t() -> None:
    assert dtcg_rating("target", "green", "red", "deteriorating") == "green"  # better than target
    assert dtcg_rating("target", "amber", "green", "improving") == "amber"  # within 2% of target
    assert dtcg_rating("target", "red", "green", "improving") == "red"  # more than 2% behind
    assert dtcg_rating("target", None, "green", "improving") is None  # no target, no guess


@pytest.mark.parametrize(
    ("d", "g", "rating"),
    [
        ("green", "improving", "green"),  # D meets or exceeds AND G improving
        ("amber", "improving", "amber"),  # D worse (within 2%) OR ...
        ("red", "same", "amber"),
        ("green", "deteriorating", "amber"),  # ... OR G deteriorating
        ("amber", "deteriorating", "red"),  # D worse AND G deteriorating
        ("red", "deteriorating", "red"),
        ("green", "same", "amber"),  # the key is silent here; reportgen says amber
        ("green", None, None),  # no England figure a year ago: no G, no rating
    ],
)
def test_dtcg_trackers_combine_d_and_g(d: str, g: str | None, rating: str | None) -> None:
    assert dtcg_rating("tracker", None, d, g) == rating


def test_gap_to_england_over_the_year() -> None:
    # Re-referrals (lower is better): 15% against England 22% a year ago, 18% against 21% now.
    assert gap_trend(18, 21, 15, 22, "low") == "deteriorating"
    assert gap_trend(117, 70, 108, 70, "low") == "deteriorating"  # children looked after rate
    assert gap_trend(82, 83, 75, 84, "high") == "improving"  # assessments within 45 days
    assert gap_trend(80, 80, 70, 70, "high") == "same"
    assert gap_trend(80, None, 70, 70, "high") is None


# The scorecard's quartile key: "Top quartile of local authorities or high in the second
# quartile with an improving trend / Second or third quartile with room for improvement /
# Fourth quartile or low in the third quartile with a declining trend".
CUTS = (10.0, 20.0, 30.0)


@pytest.mark.parametrize(
    ("value", "polarity", "trend", "quartile", "rating"),
    [
        (35, "high", "worsening", 1, "green"),
        (30, "high", "improving", 2, "green"),  # at the 75th percentile: LAIT's band C, high Q2
        (28, "high", "worsening", 2, "amber"),
        (22, "high", "improving", 2, "amber"),  # low in Q2
        (18, "high", "worsening", 3, "amber"),  # high in Q3
        (12, "high", "worsening", 3, "red"),  # low in Q3 and declining
        (12, "high", "improving", 3, "amber"),
        (5, "high", "improving", 4, "red"),
        (5, "low", "worsening", 1, "green"),
        (12, "low", "improving", 2, "green"),  # better half of Q2 for a lower-is-better measure
        (28, "low", "worsening", 3, "red"),
        (35, "low", "improving", 4, "red"),
    ],
)
def test_quartile_key(value: float, polarity: str, trend: str, quartile: int, rating: str) -> None:
    assert quartile_of(value, CUTS, polarity) == quartile
    assert quartile_rating(quartile, trend, value, CUTS, polarity) == rating


def test_quartile_from_the_column_cannot_split_halves() -> None:
    assert quartile_rating(2, "improving") == "amber"
    assert quartile_rating(1, None) == "green"
    assert quartile_rating(None, "improving") is None


def test_quartile_cut_points_interpolate_like_r() -> None:
    # R: quantile(c(1, 2, 3, 4, 10)) gives 25% = 2, 50% = 3, 75% = 4.
    assert quartile_cut_points([1, 2, 3, 4, 10]) == (2.0, 3.0, 4.0)
    # R: quantile(c(1, 2, 3, 4)) gives 1.75, 2.5, 3.25.
    assert quartile_cut_points([4, 1, 3, 2]) == (1.75, 2.5, 3.25)


# Norfolk's performance summary: re-referrals (low is good) red 30%, green 20%;
# contacts accepted as referrals (high is good) red 15%, green 25%.
@pytest.mark.parametrize(
    ("value", "red", "green", "polarity", "rating"),
    [
        (19.4, 30, 20, "low", "green"),
        (20, 30, 20, "low", "green"),
        (25, 30, 20, "low", "amber"),
        (30, 30, 20, "low", "red"),
        (13.9, 15, 25, "high", "red"),
        (20, 15, 25, "high", "amber"),
        (25, 15, 25, "high", "green"),
        (25, None, 25, "high", None),
    ],
)
def test_threshold_key(
    value: float, red: float | None, green: float, polarity: str, rating: str | None
) -> None:
    assert threshold_rating(value, red, green, polarity) == rating


def test_wilson_interval_matches_the_published_method() -> None:
    lower, upper = wilson_interval(50, 200, Z_SCORES[95.0])
    assert (round(lower * 100, 2), round(upper * 100, 2)) == (19.51, 31.43)


def test_rate_intervals_use_byar_and_exact_poisson_for_small_counts() -> None:
    z = Z_SCORES[95.0]
    assert tuple(round(x, 3) for x in poisson_count_interval(5, z)) == (1.623, 11.668)
    assert tuple(round(x, 3) for x in poisson_count_interval(0, z)) == (0.0, 3.689)
    assert tuple(round(x, 2) for x in poisson_count_interval(20, z)) == (12.21, 30.89)
    lower, upper = confidence_interval("rate_per_10k", 1183, 100432, 95.0)  # type: ignore[misc]
    assert (round(lower, 1), round(upper, 1)) == (111.2, 124.7)


@pytest.mark.parametrize(
    ("england", "polarity", "compared", "rating"),
    [
        (22, "high", "similar", "amber"),
        (35, "high", "lower", "red"),
        (15, "high", "higher", "green"),
        (15, "low", "higher", "red"),
        (15, "none", "higher", None),
    ],
)
def test_significance_against_england(
    england: float, polarity: str, compared: str, rating: str | None
) -> None:
    lower, upper = confidence_interval("percent", 50, 200, 95.0)  # type: ignore[misc]
    assert significance(lower, upper, england) == compared
    assert significance_rating(compared, polarity) == rating


def test_a_wider_confidence_level_finds_fewer_differences() -> None:
    assert significance(*confidence_interval("percent", 50, 200, 95.0), 32) == "lower"  # type: ignore[misc]
    assert significance(*confidence_interval("percent", 50, 200, 99.8), 32) == "similar"  # type: ignore[misc]


def test_annualising_a_six_month_flow_doubles_it() -> None:
    assert annualised(2521, 6) == 5042
    assert annualised(100, 12) == 100


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)
tolerances = st.builds(Tolerance, st.floats(min_value=0, max_value=50), st.booleans())


@given(finite, finite, tolerances)
def test_mirror_swapping_polarity_and_negating_values(
    value: float, reference: float, tolerance: Tolerance
) -> None:
    assert rating_vs_reference(value, reference, "high", tolerance) == rating_vs_reference(
        -value, -reference, "low", tolerance
    )


@given(finite, finite, finite, tolerances, st.sampled_from(["high", "low"]))
def test_a_better_value_never_gets_a_worse_colour(
    a: float, b: float, reference: float, tolerance: Tolerance, polarity: str
) -> None:
    better, worse = (max(a, b), min(a, b)) if polarity == "high" else (min(a, b), max(a, b))
    assert (
        ORDER[rating_vs_reference(better, reference, polarity, tolerance)]
        <= ORDER[  # type: ignore[index]
            rating_vs_reference(worse, reference, polarity, tolerance)
        ]
    )  # type: ignore[index]


@given(finite, finite, positive, positive)
def test_threshold_mirror(value: float, red: float, spread: float, _: float) -> None:
    green = red + spread
    assert threshold_rating(value, red, green, "high") == threshold_rating(
        -value, -red, -green, "low"
    )


@given(st.lists(finite, min_size=4, max_size=40), finite, finite)
def test_quartiles_are_monotone(values: list[float], a: float, b: float) -> None:
    cuts = quartile_cut_points(values)
    low, high = sorted((a, b))
    assert quartile_of(high, cuts, "high") <= quartile_of(low, cuts, "high")  # type: ignore[operator]
    assert quartile_of(low, cuts, "low") <= quartile_of(high, cuts, "low")  # type: ignore[operator]


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=5000))
def test_intervals_contain_the_estimate(numerator: int, extra: int) -> None:
    denominator = numerator + extra
    for unit in ("percent", "rate_per_10k"):
        interval = confidence_interval(unit, numerator, denominator, 95.0)
        assert interval is not None
        estimate = numerator / denominator * (100 if unit == "percent" else 10_000)
        assert interval[0] - 1e-9 <= estimate <= interval[1] + 1e-9
