"""Generate the Marlshire sample data set for reportgen: a monthly pack, locality by locality.

Marlshire is a fictional shire county in the East of England with about 150,000 children under
18, modelled on Norfolk County Council's monthly "Children's Services Performance Summary
(County)". The script writes sample_data/marlshire/indicators.csv (33 measures across Norfolk's
service areas, with Norfolk-style refs, data notes and red/green tolerances), observations.csv
(monthly figures from April 2025 to October 2026 for the county and its six localities, and
2025/26 benchmarks for England, the East of England, the England top quartile and ten
statistical neighbours) and areas.csv.

Every figure is invented, with magnitudes like Norfolk's December 2020 figures scaled by about
0.85. Each locality's counts are generated and the county's are their sums, so the county's
percentages and rates are its summed numerators over summed denominators. Random numbers are
seeded by name, so the output is identical on every run.

Run from the repository root:  python sample_data/generate_monthly.py
"""

from __future__ import annotations

import csv
import math
import random
from collections import namedtuple
from datetime import date, timedelta
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "marlshire"
SEED = "marlshire-2026"
COUNTY, CODE, REGION = "Marlshire", "E10000199", "East of England"
ENGLAND, TOP_QUARTILE = "England", "England top quartile"
NEIGHBOURS = "Marlshire statistical neighbours"
FIRST, LAST = (2025, 4), (2026, 10)  # the months reported
HISTORY = (2024, 5)  # rolling 12-month measures need the eleven months before April 2025
BENCHMARK_YEAR = (date(2025, 4, 1), date(2026, 3, 31))
CSC = "Marlshire children's social care case management system"
FSS = "Marlshire Family Support case records"
DFE = "Benchmarks: DfE statistics for 2025/26"

# fmt: off
# Locality: (children under 18 at mid-2024, need: how much more often than the county average
# its children come to the service's attention).
LOCALITIES = {
    "Marlbury": (33410, 1.15), "North Marlshire": (27180, 0.85), "Eastwold": (23960, 0.90),
    "Saltmarsh Coast": (11870, 1.10), "Kingsford": (29640, 1.05), "West Vale": (23940, 0.80),
}
POPULATION_GROWTH, NEW_ESTIMATE = 1.004, date(2026, 7, 31)  # mid-2025 estimates from July 2026
SEASON = {1: 1.08, 2: 1.00, 3: 1.02, 4: 0.92, 5: 1.00, 6: 1.02, 7: 1.02, 8: 0.80, 9: 1.05,
          10: 1.05, 11: 1.04, 12: 0.86}  # flows: fewer contacts in August and December
LOC_DRIFT = 0.06  # the sd of each locality's own change a year, on top of the county's

# The counts behind the measures, generated for each locality:
#   ("flow", county level a month at April 2025, change a year (relative), noise (relative))
#   ("stock", county level at April 2025, change a year (relative), noise (relative))
#   ("part", of stream, percent of it at April 2025, change a year (pp), noise (pp), locality
#    spread (pp): each locality's offset, and its own change a year, are drawn from it)
# A flow or stock is shared among the localities by population x need, or by its SHARES.
STREAMS: dict[str, tuple] = {
    "CR-CONTACTS": ("flow", 3100, 0.04, 0.04), "FS-NEW": ("flow", 190, 0.05, 0.06),
    "CR-REFERRALS": ("part", "CR-CONTACTS", 16.5, 0.8, 0.8, 0.0),
    "rereferrals": ("part", "CR-REFERRALS", 21.5, 0.5, 1.0, 3.0),
    "fs_rereferrals": ("part", "FS-NEW", 13.0, -1.0, 1.0, 3.0),
    "AS-COMPLETED": ("flow", 440, -0.03, 0.05),
    "in_45_days": ("part", "AS-COMPLETED", 86.0, -3.0, 1.2, 4.0),
    "AS-OVERDUE": ("stock", 20, 0.10, 0.30), "s47s": ("flow", 165, 0.03, 0.06),
    "icpcs": ("flow", 45, -0.04, 0.10), "icpc_in_15_days": ("part", "icpcs", 84.0, 2.0, 2.0, 3.0),
    "cp_starts": ("flow", 34, 0.00, 0.10), "cp_second": ("part", "cp_starts", 24.0, -1.5, 1.0, 4.0),
    "CIN-COUNT": ("stock", 2050, -0.04, 0.015),
    "cin_plans": ("part", "CIN-COUNT", 72.0, 6.0, 1.5, 5.0),
    "CP-COUNT": ("stock", 385, 0.06, 0.03), "CP-2YEARS": ("stock", 8, 0.15, 0.25),
    "CIC-COUNT": ("stock", 935, 0.03, 0.01), "CIC-UASC": ("stock", 82, 0.08, 0.05),
    "CIC-ADMIT": ("flow", 19, 0.05, 0.15),
    "cic_plans": ("part", "CIC-COUNT", 88.0, 2.0, 1.5, 3.0),
    "three_moves": ("part", "CIC-COUNT", 9.0, 0.8, 0.5, 2.5),
    "long_term": ("stock", 355, 0.02, 0.01), "stable": ("part", "long_term", 64.0, 0.5, 1.0, 5.0),
    "care_leavers": ("stock", 305, 0.03, 0.02),
    "suitable": ("part", "care_leavers", 88.5, -1.0, 1.0, 3.0),
    "eet": ("part", "care_leavers", 50.0, 2.0, 1.5, 5.0),
}
# Fixed locality offsets (pp) for a part stream, in place of drawn ones: Saltmarsh Coast's
# front door accepts far more of its contacts as referrals than North Marlshire's.
OFFSETS = {"CR-REFERRALS": {"Marlbury": 0.5, "North Marlshire": -3.5, "Eastwold": -1.0,
                            "Saltmarsh Coast": 4.0, "Kingsford": 2.0, "West Vale": -2.5}}
SHARES = {  # unaccompanied children are mostly placed from the two towns
    "CIC-UASC": {"Marlbury": 0.38, "North Marlshire": 0.12, "Eastwold": 0.14,
                 "Saltmarsh Coast": 0.03, "Kingsford": 0.28, "West Vale": 0.05},
}
# Caseloads by team: (average cases a worker at April 2025, change a year, noise, locality
# spread, qualified social workers in the county's teams, shared as the population is).
CASELOADS = {"FAST": (16.5, -0.5, 0.5, 1.8, 95), "CIC": (12.0, 0.5, 0.4, 1.2, 70)}

# The measures, by theme: (id, spec, tolerances, target, title, definition). The spec is
# "ref unit polarity measure decimals how data-note"; `how` is count:S, pct:N/D, rate:N (per
# 10,000 children under 18; N may be A+B), avg:TEAM or max:TEAM, and r12 before any of these
# sums the last 12 months. Tolerances (red, green) make scheme=threshold. A target is one
# number, or a pair for 2025/26 and 2026/27; measures with a target are kind=target.
THEMES: dict[str, list[tuple]] = {
    "Family Support": [
        ("FS-NEW", "1.1a count high flow 0 count:FS-NEW Count", None, None,
         "New cases opened to Family Support (in month)",
         "Requests for support allocated to a Family Support team in the month."),
        ("FS-REREF", "1.8 percent low flow 1 pct:fs_rereferrals/FS-NEW Percentage", None, 12,
         "New Family Support cases that are re-referrals into early help (in month)",
         "New cases with an early help episode closed in the last 12 months, divided by all."),
    ],
    "Contact & Referrals": [
        ("CR-CONTACTS", "2.1 count none flow 0 count:CR-CONTACTS Count", None, None,
         "Contacts (in month)", "Contacts about a child received by the children's front door "
         "in the month. Locality is set by the postcode of the child's home."),
        ("CR-REFERRALS", "2.2 count none flow 0 count:CR-REFERRALS Count", None, None,
         "Referrals (in month)", "Contacts that a front door decision-maker progressed to a "
         "referral to children's social care in the month."),
        ("CR-ACCEPTED", "2.3 percent high flow 1 pct:CR-REFERRALS/CR-CONTACTS Percentage",
         (15, 25), None, "Contacts accepted as referrals (in month)",
         "Referrals in the month divided by contacts in the month."),
        ("CR-REF-RATE", "2.4 rate_per_10k low flow 1 rate:CR-REFERRALS Rate", None, None,
         "Referrals per 10,000 children under 18", "Referrals in the month per 10,000 "
         f"children under 18, annualised in the pack. {DFE} (children in need)."),
        ("CR-REREF", "2.7 percent low flow 1 pct:rereferrals/CR-REFERRALS Percentage",
         (30, 20), 20, "Re-referrals within 12 months (in month)", "Referrals of a child "
         f"referred in the previous 12 months, divided by all referrals. {DFE}."),
    ],
    "Assessments": [
        ("AS-COMPLETED", "3.1 count none flow 0 count:AS-COMPLETED Count", None, None,
         "Assessments authorised (in month)",
         "Child and family assessments authorised by a manager in the month."),
        ("AS-45DAYS", "3.3 percent high flow 1 pct:in_45_days/AS-COMPLETED Percentage",
         (70, 80), 85, "Assessments authorised within 45 working days", "Assessments "
         f"authorised within 45 working days of referral, divided by all authorised. {DFE}."),
        ("AS-OVERDUE", "3.4 count low stock 0 count:AS-OVERDUE Count", None, None,
         "Open assessments already past 45 working days",
         "Assessments open at the end of the month that began more than 45 working days ago."),
    ],
    "S47s": [
        ("S47-RATE-R12", "4.3 rate_per_10k low flow 1 r12rate:s47s Rolling rate", None, None,
         "Section 47 enquiries per 10,000 children under 18 (rolling 12 months)",
         f"Section 47 enquiries in the last 12 months per 10,000 children under 18. {DFE}."),
        ("S47-COMPLETED", "4.4 count none flow 0 count:s47s Count", None, None,
         "Section 47 enquiries completed (in month)",
         "Enquiries under section 47 of the Children Act 1989 completed in the month."),
    ],
    "CIN": [
        ("CIN-COUNT", "5.1 count low stock 0 count:CIN-COUNT Count", None, None,
         "Section 17 children in need", "Children in need under section 17 of the Children "
         "Act 1989 at the month end, other than those on a plan or in care."),
        ("CIN-RATE", "5.3 rate_per_10k low stock 1 rate:CIN-COUNT+CP-COUNT+CIC-COUNT Rate",
         None, None, "Children in need per 10,000 children under 18", "Children in need, "
         f"including those on a plan or in care, per 10,000 under 18. {DFE} (at 31 March)."),
        ("CIN-PLAN", "5.5 percent high stock 1 pct:cin_plans/CIN-COUNT Percentage", (70, 85),
         (80, 85), "Section 17 children in need with an up-to-date plan", "Section 17 "
         "children in need whose plan was reviewed in time, divided by all at the month end."),
    ],
    "Child Protection": [
        ("CP-COUNT", "6.1 count low stock 0 count:CP-COUNT Count", None, None,
         "Children subject to a child protection plan",
         "Children subject to a child protection plan at the end of the month."),
        ("CP-ICPC-R12", "6.2a count low flow 0 r12count:icpcs Rolling 12", None, None,
         "Initial child protection conferences (children, rolling 12 months)",
         "Children who were the subject of an initial conference in the last 12 months."),
        ("CP-ICPC15", "6.4 percent high flow 1 pct:icpc_in_15_days/icpcs Percentage", None, 85,
         "Initial child protection conferences within 15 working days of strategy discussion",
         "Children conferenced within 15 working days of the strategy discussion, divided by all."),
        ("CP-RATE", "6.5 rate_per_10k low stock 1 rate:CP-COUNT Rate", None, None,
         "Children subject to a child protection plan per 10,000 children under 18",
         f"Children on a plan at the month end per 10,000 under 18. {DFE} (at 31 March)."),
        ("CP-SECOND", "6.9b percent low flow 1 r12pct:cp_second/cp_starts Percentage",
         (26, 20), None, "Children becoming subject to a child protection plan for a second "
         "or subsequent time (rolling 12 months)", "Plans started in the last 12 months for "
         f"a child with an earlier plan at any time, divided by all plans started. {DFE}."),
        ("CP-2YEARS", "6.10n count low stock 0 count:CP-2YEARS Count", None, None,
         "Children subject to a child protection plan for more than 2 years",
         "Children at the month end whose current plan began more than 2 years earlier."),
    ],
    "Children in care": [
        ("CIC-COUNT", "7.1 count low stock 0 count:CIC-COUNT Count", None, None,
         "Children in care", "Children looked after by the council at the end of the month, "
         "including unaccompanied asylum-seeking children."),
        ("CIC-UASC", "7.1b count none stock 0 count:CIC-UASC Count", None, None,
         "Unaccompanied asylum-seeking children in care",
         "Unaccompanied asylum-seeking children looked after at the end of the month."),
        ("CIC-RATE", "7.2 rate_per_10k low stock 1 rate:CIC-COUNT Rate", None, None,
         "Children in care per 10,000 children under 18",
         f"Children in care at the month end per 10,000 under 18. {DFE} (at 31 March)."),
        ("CIC-ADMIT", "7.3 count low flow 0 count:CIC-ADMIT Count", None, None,
         "Admissions to care (in month)", "Children who started to be looked after in the month."),
        ("CIC-PLAN", "7.14 percent high stock 1 pct:cic_plans/CIC-COUNT Percentage", (85, 95),
         95, "Children in care with an up-to-date care plan",
         "Children in care whose care plan was reviewed in time, divided by all at the month end."),
    ],
    "Care Leavers": [
        ("CL-ACCOM", "8.3 percent high stock 1 pct:suitable/care_leavers Percentage", (80, 90),
         90, "Care leavers aged 19 to 21 in suitable accommodation", "Relevant and former "
         f"relevant care leavers aged 19 to 21 in suitable accommodation, divided by all. {DFE}."),
        ("CL-EET", "8.4 percent high stock 1 pct:eet/care_leavers Percentage", (45, 55), 55,
         "Care leavers aged 19 to 21 in education, employment or training", "Relevant and "
         f"former relevant care leavers aged 19 to 21 in education, employment or training, "
         f"divided by all. {DFE}."),
    ],
    "Placements": [
        ("PL-STABLE", "9.1 percent high stock 1 pct:stable/long_term Percentage", None, None,
         "Children in care long term whose placement has been stable for at least 2 years",
         "Under-16s in care 2.5 years or more, in the same home for 2 years, divided by all. "
         f"{DFE}."),
        ("PL-3PLUS", "9.2 percent low stock 1 pct:three_moves/CIC-COUNT Percentage", (12, 9),
         None, "Children in care with 3 or more placements in the last 12 months",
         f"Children in care with 3 or more placements in 12 months, divided by all. {DFE}."),
    ],
    "Caseloads": [
        ("CS-FAST-MAX", "11.4 count low stock 0 max:FAST Maximum", None, None,
         "Maximum caseload of a qualified social worker in FAST teams", "The most children "
         "allocated to one qualified social worker in the Family Assessment and Safeguarding "
         "Teams at the month end."),
        ("CS-FAST-AVG", "11.4a count low stock 1 avg:FAST Average", (18, 15), None,
         "Average cases per qualified social worker in FAST teams",
         "Children allocated to qualified social workers in FAST teams, divided by them."),
        ("CS-CIC-AVG", "11.2a count low stock 1 avg:CIC Average", None, None,
         "Average cases per qualified social worker in children in care teams", "Children "
         "allocated to qualified social workers in children in care teams, divided by them."),
    ],
}

# Benchmarks for 2025/26: England, East of England, England top quartile (the cut point into
# the best quarter of LAs for the polarity), and the neighbours' mean and spread.
BENCHMARKS = {
    "AS-45DAYS": (82.6, 80.9, 91.0, 83.5, 6.0), "CR-REREF": (22.1, 20.7, 17.6, 21.0, 3.5),
    "CR-REF-RATE": (515.0, 432.0, 402.0, 470.0, 80.0),
    "S47-RATE-R12": (176.0, 150.0, 128.0, 150.0, 30.0),
    "CIN-RATE": (332.5, 281.0, 267.0, 290.0, 45.0), "CP-RATE": (40.6, 33.5, 31.0, 36.0, 7.0),
    "CIC-RATE": (70.0, 53.0, 55.0, 60.0, 9.0), "CP-SECOND": (23.6, 22.4, 19.5, 23.0, 3.0),
    "PL-STABLE": (68.0, 69.0, 73.0, 67.0, 4.0), "PL-3PLUS": (10.0, 9.4, 8.0, 9.8, 1.5),
    "CL-ACCOM": (88.0, 89.0, 93.0, 87.5, 3.5), "CL-EET": (56.0, 56.5, 62.0, 54.0, 5.0),
}
NEIGHBOUR_COUNCILS = [
    ("Haverdale", "E10000189", "East of England"), ("Oakenshire", "E10000190", "East Midlands"),
    ("Brackwater", "E10000191", "South West"), ("Thornmere", "E10000192", "East of England"),
    ("Ellesby", "E10000193", "East Midlands"), ("Fenmoor", "E10000194", "East of England"),
    ("Gorsemoor", "E10000195", "South West"), ("Hartwold", "E10000196", "South East"),
    ("Pennock", "E10000197", "West Midlands"), ("Wrenshire", "E10000198", "North West"),
]
# fmt: on

Measure = namedtuple(
    "Measure", "id theme ref unit polarity measure decimals how data_note tolerances target "
    "title definition",
)  # fmt: skip
MEASURES = [
    Measure(id_, theme, ref, unit, polarity, measure, int(decimals), how, note, *rest)
    for theme, rows in THEMES.items()
    for id_, spec, *rest in rows
    for ref, unit, polarity, measure, decimals, how, note in [spec.split(maxsplit=6)]
]
DENOMINATORS = {m.how.rpartition("/")[2] for m in MEASURES if "/" in m.how}


# --- Months, populations and random numbers --------------------------------------------------
def month_ends(first: tuple[int, int], last: tuple[int, int]) -> list[date]:
    months = range(first[0] * 12 + first[1], last[0] * 12 + last[1] + 1)  # the month after
    return [date(m // 12, m % 12 + 1, 1) - timedelta(days=1) for m in months]


ALL_MONTHS, MONTHS = month_ends(HISTORY, LAST), month_ends(FIRST, LAST)


def years(d: date) -> float:
    return (d - MONTHS[0]).days / 365.25


def population(area: str, d: date) -> int:
    """Children under 18: the mid-2024 estimate, then mid-2025's once published in July 2026."""
    if area == COUNTY:
        return sum(population(loc, d) for loc in LOCALITIES)
    children = LOCALITIES[area][0]
    return round(children * POPULATION_GROWTH) if d >= NEW_ESTIMATE else children


def shares(name: str) -> dict[str, float]:
    weights = SHARES.get(name) or {loc: kids * need for loc, (kids, need) in LOCALITIES.items()}
    return {loc: w / sum(weights.values()) for loc, w in weights.items()}


def rng_for(*key: str) -> random.Random:
    return random.Random(":".join((SEED, *key)))


def drift(rng: random.Random, sd: float, n: int) -> list[float]:
    """Noise that wanders smoothly from month to month (AR(1), standard deviation `sd`)."""
    e, out = 0.0, []
    for _ in range(n):
        e = 0.7 * e + rng.gauss(0.0, sd * 0.714)
        out.append(e)
    return out


def poisson(rng: random.Random, mean: float) -> int:
    if mean > 60:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-max(mean, 0.0)), 0, rng.random()
    while p > limit:
        k, p = k + 1, p * rng.random()
    return k


def binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 100:
        return sum(rng.random() < p for _ in range(n))
    return min(n, max(0, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))


# --- Each locality's counts and caseloads for every month ------------------------------------
Series = dict[str, dict[date, int]]  # locality -> month -> count


def count_stream(name: str, kind: str, level: float, change: float, noise: float) -> Series:
    out: Series = {}
    for loc, share in shares(name).items():
        rng = rng_for(name, loc)
        slope = change + rng.gauss(0.0, LOC_DRIFT)
        mean = [level * share * max(0.1, 1 + slope * years(d)) for d in ALL_MONTHS]
        if kind == "flow":
            wobble = [SEASON[d.month] * (1 + rng.gauss(0.0, noise)) for d in ALL_MONTHS]
            counts = [poisson(rng, m * w) for m, w in zip(mean, wobble, strict=True)]
            if name in DENOMINATORS:  # a percentage's denominator is never 0
                counts = [max(c, 1) for c in counts]
        else:  # small stocks move by whole children: the noise is at least 0.4 / sqrt(level)
            wobble = drift(rng, max(noise, 0.4 / math.sqrt(mean[0])), len(ALL_MONTHS))
            counts = [max(0, round(m * (1 + w))) for m, w in zip(mean, wobble, strict=True)]
        out[loc] = dict(zip(ALL_MONTHS, counts, strict=True))
    return out


def part_stream(name: str, of: Series, *spec: float) -> Series:
    """Of the children counted in `of`, those with some characteristic (the numerator of a
    percentage), each locality with its own level and trend."""
    pct, change, noise, spread = spec
    out: Series = {}
    for loc in LOCALITIES:
        rng = rng_for(name, loc)
        offset = OFFSETS[name][loc] if name in OFFSETS else rng.gauss(0.0, spread)
        slope, wobble = change + rng.gauss(0.0, spread / 2), drift(rng, noise, len(ALL_MONTHS))
        out[loc] = {}
        for d, w in zip(ALL_MONTHS, wobble, strict=True):
            p = min(max(pct + offset + slope * years(d) + w, 0.5), 99.0) / 100
            out[loc][d] = binomial(rng, of[loc][d], p)
    return out


def make_streams() -> dict[str, Series]:
    streams: dict[str, Series] = {}
    for name, (kind, *spec) in STREAMS.items():
        if kind == "part":
            streams[name] = part_stream(name, streams[spec[0]], *spec[1:])
        else:
            streams[name] = count_stream(name, kind, *spec)
    return streams


def make_caseloads() -> dict[str, dict[str, dict[date, tuple[float, int]]]]:
    """Team -> locality -> month -> (average cases a worker, the most any worker holds)."""
    out: dict = {}
    for team, (level, change, noise, spread, _workers) in CASELOADS.items():
        for loc in LOCALITIES:
            rng = rng_for("caseload", team, loc)
            offset, slope = rng.gauss(0.0, spread), change + rng.gauss(0.0, abs(change))
            wobble, peaks = drift(rng, noise, len(MONTHS)), drift(rng, 2.5, len(MONTHS))
            for d, w, peak in zip(MONTHS, wobble, peaks, strict=True):
                average = round(level + offset + slope * years(d) + w, 1)
                most = max(round(average + 8 + peak), round(average) + 3)
                out.setdefault(team, {}).setdefault(loc, {})[d] = (average, most)
    return out


STREAM, CASELOAD = make_streams(), make_caseloads()


# --- Figures ---------------------------------------------------------------------------------
def total(names: str, area: str, d: date, window: int) -> int:
    """The sum of the streams `names` ("A+B") in an area over the `window` months to `d`."""
    locs, i = (list(LOCALITIES) if area == COUNTY else [area]), ALL_MONTHS.index(d)
    months = ALL_MONTHS[i - window + 1 : i + 1]
    return sum(STREAM[name][loc][m] for name in names.split("+") for loc in locs for m in months)


def team_figure(stat: str, team: str, area: str, d: date) -> float:
    """A locality's figure; the county's average is weighted by workers, its maximum the most."""
    if area != COUNTY:
        return CASELOAD[team][area][d][0 if stat == "avg" else 1]
    if stat == "max":
        return max(CASELOAD[team][loc][d][1] for loc in LOCALITIES)
    workers = {loc: round(CASELOADS[team][4] * s) for loc, s in shares(team).items()}
    cases = sum(CASELOAD[team][loc][d][0] * n for loc, n in workers.items())
    return round(cases / sum(workers.values()), 1)


def figure(how: str, area: str, d: date, decimals: int) -> tuple[str, str, str]:
    """The value, numerator and denominator of a measure in an area for the month to `d`."""
    rule, _, names = how.partition(":")
    window, rule = (12 if rule.startswith("r12") else 1), rule.removeprefix("r12")
    if rule in ("avg", "max"):
        return fmt(team_figure(rule, names, area, d), decimals), "", ""
    if rule == "count":
        return str(total(names, area, d, window)), "", ""
    if rule == "pct":
        top, bottom = names.split("/")
        num, den, scale = total(top, area, d, window), total(bottom, area, d, window), 100
    else:  # a rate per 10,000 children under 18
        num, den, scale = total(names, area, d, window), population(area, d), 10_000
    return fmt(round(num / den * scale, decimals), decimals), str(num), str(den)


def fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def target_for(m: Measure, d: date) -> str:
    """The target, or for a pair the 2025/26 or the 2026/27 one."""
    target = m.target[d.year - 2025 - (d.month < 4)] if isinstance(m.target, tuple) else m.target
    return "" if target is None else fmt(target, 0)


def monthly_rows(m: Measure) -> list[list[str]]:
    """The county and each locality, every month; a stock's period_start is blank, a flow's is
    the month's first day, or that of the month 11 months earlier for a rolling 12 months."""
    rows = []
    for area in (COUNTY, *LOCALITIES):
        for i, d in enumerate(MONTHS, start=len(ALL_MONTHS) - len(MONTHS)):
            value, num, den = figure(m.how, area, d, m.decimals)
            first = ALL_MONTHS[i - 11] if m.how.startswith("r12") else d
            start = "" if m.measure == "stock" else first.replace(day=1).isoformat()
            target = target_for(m, d) if area == COUNTY else ""
            rows.append([m.id, area, start, d.isoformat(), value, num, den, target])
    return rows


def benchmark_rows(m: Measure) -> list[list[str]]:
    """England, the region and the top quartile as given, and each neighbour drawn about the
    neighbours' mean: flows for the year 2025/26, stocks at 31 March 2026."""
    england, region, top, mean, sd = BENCHMARKS[m.id]
    start, end = BENCHMARK_YEAR
    rng = rng_for("neighbours", m.id)
    values = [(ENGLAND, england), (REGION, region), (TOP_QUARTILE, top)]
    for name, *_ in NEIGHBOUR_COUNCILS:
        value = max(mean + rng.gauss(0.0, sd), 0.0)
        values.append((name, min(value, 99.0) if m.unit == "percent" else value))
    shown = "" if m.measure == "stock" else start.isoformat()
    return [[m.id, area, shown, end.isoformat(), fmt(v, m.decimals), "", "", ""]
            for area, v in values]  # fmt: skip


# --- Tables ----------------------------------------------------------------------------------
def indicator_row(m: Measure) -> list[str]:
    kind = "tracker" if m.target is None else "target"
    scheme, red, green = ("threshold", *map(str, m.tolerances)) if m.tolerances else ("", "", "")
    source = FSS if m.theme == "Family Support" else CSC
    return [m.id, m.ref, m.title, m.theme, m.unit, m.polarity, kind, m.measure, str(m.decimals),
            m.data_note, scheme, red, green, m.definition, source]  # fmt: skip


def area_rows() -> list[list[str]]:
    rows = [[COUNTY, "la", CODE, REGION, "", ""]]
    rows += [[loc, "locality", "", "", "", COUNTY] for loc in LOCALITIES]
    rows += [[ENGLAND, "national", "E92000001", "", "", ""],
             [REGION, "region", "E12000006", "", "", ""],
             [TOP_QUARTILE, "national", "", "", "", ""]]  # fmt: skip
    return rows + [[name, "la", code, region, NEIGHBOURS, ""]
                   for name, code, region in NEIGHBOUR_COUNCILS]  # fmt: skip


def write_csv(name: str, header: str, rows: list[list[str]]) -> None:
    with open(OUT_DIR / name, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows(rows)


def main() -> None:
    OUT_DIR.mkdir(exist_ok=True)
    columns = ("id,ref,title,theme,unit,polarity,kind,measure,decimals,data_note,scheme,"
               "red_threshold,green_threshold,definition,source")  # fmt: skip
    write_csv("indicators.csv", columns, [indicator_row(m) for m in MEASURES])
    observations = []
    for m in MEASURES:
        observations += monthly_rows(m) + (benchmark_rows(m) if m.id in BENCHMARKS else [])
    columns = "indicator,area,period_start,period_end,value,numerator,denominator,target"
    write_csv("observations.csv", columns, observations)
    write_csv("areas.csv", "area,type,code,region,groups,part_of", area_rows())


if __name__ == "__main__":
    main()
