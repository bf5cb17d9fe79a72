"""The rating rules in plain words, written from the configured scheme and tolerance, so the
key printed in the pack always states the rule that computed its colours."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportgen.config import Config
from reportgen.model import Paragraph, RagKey
from reportgen.options import Tolerance
from reportgen.theme import RAG

NOT_RATED_NOTE = (
    "Indicators are not rated when they have no reference to compare with, when the figure is "
    "suppressed, or when neither higher nor lower is better."
)
SCHEME_TITLES = {
    "tolerance": "Ratings against target or the year before",
    "dtcg": "Ratings by direction, target, comparison and gap (D, T, C, G)",
    "quartile": "Ratings by quartile of local authorities",
    "threshold": "Ratings against red and green thresholds",
    "significance": "Ratings by statistical comparison with {national}",
}


def rating_key(
    scheme: str, config: Config, tolerances: Sequence[tuple[str, Tolerance]] = ()
) -> tuple[RagKey, Paragraph]:
    """Return the key to one scheme's ratings and a note on what it compares with, stating
    the tolerance each indicator rated by the scheme is rated with (title, tolerance)."""
    national = config.national_name
    tolerance = tolerance_text(tolerances, config.rating.tolerance)
    meanings = _meanings(scheme, tolerance, config.rating.confidence, national)
    key = RagKey(
        title=SCHEME_TITLES[scheme].format(national=national),
        entries=tuple((rating, RAG[rating].word, meanings[rating]) for rating in RAG),
    )
    notes = " ".join(filter(None, (_notes(scheme, tolerance, national), NOT_RATED_NOTE)))
    return key, Paragraph(notes)


def tolerance_text(tolerances: Sequence[tuple[str, Tolerance]], default: Tolerance) -> str:
    """Return the tolerances as the key states them: "2%", or, where indicators differ, the
    report's (else the most common) with the others named: "2% (5% for Agency social workers)"."""
    counts = Counter(tolerance for _, tolerance in tolerances)
    usual = default if default in counts or not counts else counts.most_common(1)[0][0]
    others: dict[Tolerance, list[str]] = {}
    for title, tolerance in tolerances:
        if tolerance != usual:
            others.setdefault(tolerance, []).append(title)
    exceptions = "; ".join(f"{_stated(t)} for {_and_list(titles)}" for t, titles in others.items())
    return f"{usual} ({exceptions})" if exceptions else str(usual)


def _stated(tolerance: Tolerance) -> str:
    return str(tolerance).replace(" (in the indicator's own units)", " in its own units")


def _and_list(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def benchmarks_sentence(config: Config) -> str:
    """Return the sentence naming the benchmarking groups the pack compares with."""
    roles = {
        "national": "national",
        "regional": "regional",
        "neighbours": "statistical neighbours",
        "top_quartile": "the cut point into the best quarter of local authorities",
    }
    named = [f"{area} ({roles[role]})" for role, area in config.comparators.items()]
    if not named:
        return "No benchmarking groups are configured."
    return (
        "Figures are compared with " + ", ".join(named) + ", using each one's latest "
        "published period on or before ours."
    )


def _meanings(scheme: str, tolerance: str, confidence: float, national: str) -> dict[str, str]:
    if scheme == "tolerance":
        reference = (
            "the target for target indicators, or the same point 12 months earlier for trackers"
        )
        return {
            "green": f"Same as or better than the reference ({reference})",
            "amber": f"Worse than the reference, but within {tolerance} of it",
            "red": f"Worse than the reference by more than {tolerance}",
        }
    if scheme == "dtcg":
        return {
            "green": "Target indicators: same as or better than target. Trackers: same as or better "
            f"than 12 months earlier (D) and the gap with {national} improving (G)",
            "amber": f"Target indicators: worse than target but within {tolerance}. Trackers: worse "
            f"than 12 months earlier, or the gap with {national} deteriorating, or no worse "
            "than 12 months earlier with the gap unchanged",
            "red": f"Target indicators: more than {tolerance} behind target. Trackers: worse than "
            f"12 months earlier and the gap with {national} deteriorating",
        }
    if scheme == "quartile":
        return {
            "green": "Top quartile of local authorities, or high in the second quartile with an "
            "improving trend",
            "amber": "Second or third quartile, with room for improvement",
            "red": "Bottom quartile, or low in the third quartile with a declining trend",
        }
    if scheme == "threshold":
        return {
            "green": "At or better than the indicator's green threshold",
            "amber": "Between the indicator's red and green thresholds",
            "red": "At or worse than the indicator's red threshold",
        }
    level = f"{confidence:g}%"
    return {
        "green": f"Significantly better than {national} ({level} confidence interval)",
        "amber": f"Not significantly different from {national}",
        "red": f"Significantly worse than {national}",
    }


def _notes(scheme: str, tolerance: str, national: str) -> str:
    if scheme == "dtcg":
        return (
            f"D = direction of travel against 12 months earlier; T = compared with target; "
            f"C = compared with the {national} average; each is green when the same or better, "
            f"amber when worse but within {tolerance}, red when worse by more. G = the gap "
            f"between our performance and {national}, improving, the same or deteriorating "
            "since 12 months earlier."
        )
    if scheme == "quartile":
        return (
            "Quartiles rank all local authorities' latest values (England and regions "
            "excluded), quartile 1 being the best quarter for the indicator's direction; "
            "'high' and 'low' mean the better and worse half of a quartile."
        )
    if scheme == "significance":
        return (
            "Confidence intervals use the Wilson score method for percentages and Byar's "
            "method (exact Poisson limits for counts below 10) for rates."
        )
    return ""  # the tolerance and threshold keys say all in their rows
