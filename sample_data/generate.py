"""Generate the Fernshire sample data set for reportgen.

Fernshire is a fictional county council in the North East region. The script writes
sample_data/fernshire/indicators.csv (48 children's services performance indicators),
observations.csv (Fernshire's quarterly figures from September 2021 to September 2026, its
annual education and SEND figures, a monthly front-door measure from October 2023, and annual
comparators for England, the North East and ten statistical neighbours) and areas.csv (those
areas; the neighbours are fictional councils in the group "Fernshire statistical neighbours",
which reportgen averages).

Every figure is fictional, but the magnitudes are taken from published DfE, ONS, MoJ and Youth
Justice Board statistics: the England and North East comparators below are rounded published
values, and Fernshire mostly sits between them. Each neighbour sits consistently above or below
the neighbours' average, which is a blend of the two. Fernshire's figures follow smooth trends
with a few turning points and small seeded noise, so the output is identical on every run.

Run from the repository root:  python sample_data/generate.py
"""

from __future__ import annotations

import csv
import itertools
import math
import random
import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "fernshire"
SEED = "fernshire-2026"
HOME, ENGLAND, REGION = "Fernshire", "England", "North East"
NEIGHBOURS = "Fernshire statistical neighbours"
START, LAST = date(2021, 9, 30), date(2026, 9, 30)  # first and last quarter ends
COMPARATOR_YEARS = (2021, 2022, 2023, 2024, 2025)

LOCAL, FINANCE = "Local case management system", "Local finance system"
CIN = "DfE Children in need census"
CLA = "DfE Children looked after in England (SSDA903)"
CSWW = "DfE Children's social work workforce"
ABSENCE = "DfE Pupil absence in schools"
SEN, SEN2 = "DfE Special educational needs in England", "DfE SEN2"
YJB = "Youth Justice Board"

# (level at September 2021, change a year, noise, turning point); a turning point is
# (years after September 2021, new change a year). Noise is in the series' own units, except
# for STREAMS and COHORTS, where it is relative.
Trend = tuple[float, float, float, tuple[float, float] | None]


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: str
    unit: str
    polarity: str
    kind: str
    measure: str
    decimals: int
    # q: quarterly; m: monthly; ytd: quarterly, year to date; ay: academic year; fy: to 31 March
    freq: str
    basis: str  # where Fernshire's counts come from (see fernshire_rows)
    trend: Trend | None
    title: str
    source: str
    definition: str
    group: str = ""  # a set of indicators shown together, e.g. as a stacked bar
    category: str = ""  # this indicator's part of the group


# fmt: off
# Spec: unit, polarity, kind, measure, decimals, frequency and, optionally, the basis: for a
# year-to-date count its stream; for a rate the stream that is its numerator (otherwise the
# population); for a percentage or ratio its denominator ("r12:" a stream over 12 months,
# "num:" another indicator's numerator, or a cohort).
TABLE: dict[str, list[tuple[str, str, Trend | None, str, str, str]]] = {
    "Early help": [
        ("EH-ASSESS", "count none tracker flow 0 ytd eh_assessments", None,
         "Early help assessments completed", LOCAL,
         "Early help assessments completed since 1 April of the financial year."),
        ("EH-OPEN", "count none tracker stock 0 q", (2650, 110, 40, (3.0, -80)),
         "Children open to early help", LOCAL,
         "Children with an open early help episode at the end of the quarter."),
        ("EH-OUTCOME", "percent high target flow 1 q r12:eh_closures", (70.5, 1.4, 0.8, None),
         "Early help episodes closed with needs met", LOCAL,
         "Episodes closed in the last 12 months with needs met, divided by all episodes closed."),
    ],
    "Contacts and referrals": [
        ("CSC-CONTACT", "count none tracker flow 0 ytd contacts", None,
         "Contacts received", LOCAL,
         "Contacts received by the children's front door since 1 April."),
        ("CSC-REF", "count none tracker flow 0 ytd referrals", None,
         "Referrals to children's social care", LOCAL,
         "Referrals accepted by children's social care since 1 April."),
        ("CSC-REF-RATE", "rate_per_10k none tracker flow 0 q referrals", None,
         "Children's social care referrals per 10,000 children", CIN,
         "Referrals in the last 12 months per 10,000 children aged 0 to 17."),
        ("CSC-REREF", "percent low target flow 1 q r12:referrals", (24.2, -0.9, 0.6, (3.0, 0.6)),
         "Re-referrals within 12 months", CIN,
         "Referrals in the last 12 months within 12 months of an earlier one, divided by all."),
        ("CSC-DECIDE-24H", "percent high tracker flow 1 m contacts_to_decide", None,
         "Contacts with a decision within 24 hours", LOCAL,
         "Contacts in the month needing a social care decision that had one within 24 hours, "
         "divided by all contacts in the month needing a decision."),
    ],
    "Assessments": [
        ("ASM-COUNT", "count none tracker flow 0 ytd assessments", None,
         "Child and family assessments completed", LOCAL,
         "Child and family assessments completed since 1 April."),
        ("ASM-45WD", "percent high target flow 1 q r12:assessments", (81.5, 2.5, 1, (2.5, -1.2)),
         "Assessments completed within 45 working days", CIN,
         "Assessments completed in 12 months within 45 working days of referral, divided by all."),
        ("ASM-DAYS", "days low tracker flow 0 q", (35, -1.6, 1.0, None),
         "Average length of assessments", LOCAL,
         "Mean working days from referral to completion, assessments completed in 12 months."),
    ],
    "Child protection": [
        ("CP-RATE", "rate_per_10k none tracker stock 0 q", (55, -1.5, 1.0, (3.0, 1.2)),
         "Children subject to a child protection plan per 10,000 children", CIN,
         "Children subject to a child protection plan per 10,000 children aged 0 to 17."),
        ("CP-S47-RATE", "rate_per_10k none tracker flow 0 q", (205, 9, 4, (2.0, -4)),
         "Section 47 enquiries per 10,000 children", CIN,
         "Section 47 enquiries started in 12 months per 10,000 children aged 0 to 17."),
        ("CP-REPEAT", "percent low target flow 1 q r12:cp_starts", (21.5, 1.3, 1.2, (3.0, -1.2)),
         "Child protection plans that were a second or subsequent plan", CIN,
         "Plans started in 12 months for a child who had an earlier plan, divided by all."),
        ("CP-ICPC-15D", "percent high target flow 1 q r12:conferences", (82, 1.0, 1.6, None),
         "Initial child protection conferences within 15 working days", CIN,
         "Initial conferences in 12 months within 15 working days of strategy, divided by all."),
    ],
    "Children in need": [
        ("CIN-RATE", "rate_per_10k none tracker stock 0 q", (405, -5, 4, None),
         "Children in need per 10,000 children", CIN,
         "Children in need, including those on a plan or in care, per 10,000 aged 0 to 17."),
        ("CIN-VISIT", "percent high target stock 1 q cin_plans", (86, 1.5, 1.2, None),
         "Children in need seen in the last 20 working days", LOCAL,
         "Children on a child in need plan seen in the last 20 working days, divided by all."),
        ("CIN-PLAN", "percent high tracker stock 1 q cin_plans", (91, 0.8, 0.8, None),
         "Children in need with an up-to-date plan", LOCAL,
         "Children on a child in need plan reviewed in the last 3 months, divided by all."),
    ],
    "Children in care": [
        ("CIC-RATE", "rate_per_10k none tracker stock 0 q", (91, 2.0, 0.8, (3.0, -1.0)),
         "Children in care per 10,000 children", CLA,
         "Children looked after per 10,000 children aged 0 to 17."),
        ("CIC-3PLUS", "percent low target stock 1 q num:CIC-RATE", (11.8, -0.6, 0.5, None),
         "Children in care with three or more placements in the year", CLA,
         "Children in care with three or more placements in 12 months, divided by all."),
        ("CIC-LONGTERM", "percent high tracker stock 0 q cic_long_term", (65.5, 0.9, 1, None),
         "Children in care in the same placement for at least 2 years", CLA,
         "Under-16s in care 2.5 years or more, in the same home 2 years or more, divided by all."),
        ("CIC-SDQ", "score low tracker stock 1 fy", (14.8, -0.15, 0.25, None),
         "Average SDQ score of children in care", CLA,
         "Mean Strengths and Difficulties Questionnaire score, children in care 12 months."),
        ("CIC-RESI-COST", "currency low tracker stock 0 q", (4850, 560, 55, (3.0, 320)),
         "Average weekly cost of an external residential placement", FINANCE,
         "Mean weekly fee in pounds for children in external residential children's homes."),
    ],
    "Care leavers": [
        ("CL-EET", "percent high target stock 0 q care_leavers", (50, 1.5, 1.5, (3.0, -0.8)),
         "Care leavers aged 19 to 21 in education, employment or training", CLA,
         "Care leavers aged 19 to 21 in education, employment or training, divided by all."),
        ("CL-ACCOM", "percent high tracker stock 0 q care_leavers", (87, 0.6, 1.2, None),
         "Care leavers aged 19 to 21 in suitable accommodation", CLA,
         "Care leavers aged 19 to 21 in suitable accommodation, divided by all."),
        ("CL-NOT-IN-TOUCH", "percent low tracker stock 0 q care_leavers", (4.6, -.75, .35, None),
         "Care leavers aged 19 to 21 the council is not in touch with", CLA,
         "Care leavers aged 19 to 21 the council is not in touch with, divided by all."),
        ("CL-STAYING-PUT", "percent high tracker flow 0 fy left_care_at_18", (32, 1.2, 1.5, None),
         "Care leavers staying put with former foster carers", CLA,
         "Young people leaving foster care at 18 who stay with their carers, divided by all."),
    ],
    "Education and attendance": [
        ("EDU-ABSENCE", "percent low tracker flow 1 ay", None, "Overall absence rate", ABSENCE,
         "Sessions missed through absence, divided by all possible sessions in the year."),
        ("EDU-PERSIST", "percent low target flow 1 ay pupils", None,
         "Pupils persistently absent", ABSENCE,
         "Pupils missing 10% or more of their possible sessions, divided by all pupils."),
        ("EDU-KS2", "percent high tracker flow 0 ay ks2_pupils", None,
         "Pupils meeting the expected standard in reading, writing and maths at key stage 2",
         "DfE Key stage 2 attainment", "Pupils meeting all three, divided by all at key stage 2."),
        ("EDU-NEET", "percent low target stock 1 q age_16_17", (5.9, -0.15, 0.25, None),
         "Young people aged 16 and 17 not in education, employment or training, or not known",
         "DfE NEET and participation (NCCIS)",
         "Young people aged 16 and 17 NEET or not known, divided by all known to the council."),
    ],
    "SEND and EHCPs": [
        ("SEND-20WK", "percent high target flow 1 q r12:new_plans", (47, 6, 2.5, (2.25, -5)),
         "New EHC plans issued within 20 weeks", SEN2,
         "New EHC plans issued in 12 months within 20 weeks (no exceptions), divided by all."),
        ("SEND-EHCP", "count none tracker stock 0 q", (3350, 390, 20, None),
         "Children and young people with an EHC plan", SEN2,
         "Children and young people with an EHC plan maintained by the council."),
        ("SEND-REQ", "count none tracker flow 0 ytd requests", None,
         "Requests for an EHC needs assessment", LOCAL,
         "Requests for an EHC needs assessment received since 1 April."),
        ("SEND-EHCP-PCT", "percent none tracker stock 1 ay pupils", None,
         "Pupils with an EHC plan", SEN,
         "Pupils with an EHC plan, divided by all pupils, at the January school census."),
        ("SEND-SUPPORT-PCT", "percent none tracker stock 1 ay pupils", None,
         "Pupils receiving SEN support", SEN,
         "Pupils receiving SEN support, divided by all pupils, at the January school census."),
    ],
    "Youth justice": [
        ("YJ-FTE-RATE", "rate_per_100k low target flow 0 q", (178, -7, 6, None),
         "First-time entrants to the youth justice system per 100,000 young people", YJB,
         "First cautions or convictions in 12 months per 100,000 young people aged 10 to 17."),
        ("YJ-REOFF", "percent low tracker flow 1 q reoffending_cohort", (36, -0.6, 1.8, None),
         "Young people who reoffend", YJB,
         "Young people in the 12-month cohort who reoffend within 12 months, divided by all."),
        ("YJ-CUSTODY", "count low tracker flow 0 q", (8.6, -2.0, 0.4, (2.0, 1.6)),
         "Custodial sentences for young people", "Local youth justice case management system",
         "Custodial sentences given to young people aged 10 to 17 in the last 12 months."),
        ("YJ-ETE", "percent high target flow 1 q orders_closed", (67, 1.6, 2.5, None),
         "Young people in suitable education, training or employment at the end of their order",
         YJB, "Orders closed in 12 months with the young person in suitable ETE, divided by all."),
    ],
    "Social work workforce": [
        ("WF-TURNOVER", "percent low tracker flow 1 q social_workers", (16, 1.8, .8, (1.25, -2.2)),
         "Social worker turnover", CSWW,
         "Social workers (FTE) leaving in 12 months, divided by social workers (FTE) in post."),
        ("WF-AGENCY", "percent low target stock 1 q social_workers", (13.5, 1.6, .7, (1.25, -2)),
         "Agency social workers", CSWW,
         "Agency social workers (FTE), divided by all social workers (FTE) including agency."),
        ("WF-VACANCY", "percent low tracker stock 1 q social_workers", (14, 2, 0.8, (1.5, -2)),
         "Social worker vacancy rate", CSWW,
         "Vacant social worker posts (FTE), divided by all social worker posts (FTE)."),
        ("WF-CASELOAD", "ratio low tracker stock 1 q case_holders", (17.8, .4, .35, (1.5, -.9)),
         "Average caseload per social worker", CSWW,
         "Cases held by children's social workers, divided by case-holding social workers (FTE)."),
    ],
}


# Events counted each quarter, by annual level. Year-to-date counts add them up from 1 April;
# 12-month rates and percentages use the last four quarters.
STREAMS: dict[str, Trend] = {
    "contacts": (26500, 700, 0.04, None), "referrals": (5650, 260, 0.04, (1.5, -180)),
    "assessments": (5300, 220, 0.04, (1.5, -150)), "eh_assessments": (2300, 160, 0.05, None),
    "eh_closures": (2150, 120, 0.05, None), "cp_starts": (620, 15, 0.06, None),
    "conferences": (600, 15, 0.06, None), "new_plans": (430, 55, 0.07, None),
    "requests": (780, 120, 0.06, (3.0, 40)),
}
SEASON = {6: 1.00, 9: 0.90, 12: 1.07, 3: 1.03}  # by quarter-end month: fewer over the summer

# Cohorts that are denominators (children on a child in need plan, care leavers aged 19 to 21,
# pupils on roll, social workers in post, and so on).
COHORTS: dict[str, Trend] = {
    "cin_plans": (1850, 20, 0.015, None), "cic_long_term": (330, 6, 0.02, None),
    "care_leavers": (245, 9, 0.02, None), "left_care_at_18": (62, 2, 0.06, None),
    "pupils": (74800, 250, 0.0, None), "ks2_pupils": (11450, -60, 0.0, None),
    "age_16_17": (11900, 120, 0.005, None), "reoffending_cohort": (125, -6, 0.06, None),
    "orders_closed": (145, -5, 0.06, None), "social_workers": (415, 6, 0.01, None),
    "case_holders": (255, 3, 0.015, None),
}
# CSC-DECIDE-24H is monthly and long enough for a control chart: independent variation around
# its mean, two months well below it while the case management system was down in spring 2025,
# and a sustained step up from February 2026. Its denominator, contacts needing a social care
# decision, is about half of all contacts.
DECIDE_24H = (89.8, 0.8)  # mean percentage and its month-to-month standard deviation
OUTAGE = {date(2025, 4, 30): 81.2, date(2025, 5, 31): 80.8}  # mean percentage in those months
STEP_UP = (date(2026, 2, 28), 2.5)  # points added from the month ending on that date
CONTACTS_TO_DECIDE: Trend = (1150, 20, 0.03, None)

# Social worker caseloads in ranges, as (id, category, most cases in the range). Each quarter
# the case holders' caseloads are spread normally around WF-CASELOAD's average; the shares are
# of their headcount, which is above their FTE because some work part time.
CASELOAD_GROUP = "Social worker caseloads"
CASELOAD_BANDS = (("WF-CASES-LT16", "Fewer than 16 cases", 15),
                  ("WF-CASES-16-20", "16 to 20 cases", 20),
                  ("WF-CASES-21-25", "21 to 25 cases", 25),
                  ("WF-CASES-GT25", "More than 25 cases", math.inf))
CASELOAD_SD = 5.0  # cases
HEADCOUNT_PER_FTE = 1.22
# Fernshire's mid-year population estimates (fictional), by year of the estimate.
POPULATION = {
    "0-17": {2020: 104380, 2021: 104810, 2022: 105240, 2023: 105520, 2024: 105910, 2025: 106150},
    "10-17": {2020: 46120, 2021: 46740, 2022: 47310, 2023: 47780, 2024: 48090, 2025: 48230},
}
SCALE = {"percent": 100, "rate_per_1k": 1_000, "rate_per_10k": 10_000,
         "rate_per_100k": 100_000, "ratio": 1}

# Annual education and SEND figures follow the published comparators: Fernshire is a blend of
# England and the North East, as (weight on the North East, offset, noise).
FOLLOWS = {"EDU-ABSENCE": (0.5, 0.2, 0.1), "EDU-PERSIST": (0.5, 0.4, 0.4),
           "EDU-KS2": (0.5, -1.0, 0.8), "SEND-EHCP-PCT": (0.5, 0.3, 0.08),
           "SEND-SUPPORT-PCT": (0.5, -0.4, 0.15)}
NEIGHBOUR_WEIGHT = 0.6  # the statistical neighbours are mostly northern counties
# Fernshire's statistical neighbours, as (name, code, region): fictional councils, like Fernshire.
NEIGHBOUR_COUNCILS = (
    ("Ashdown", "E10000089", "South East"),
    ("Brackenford", "E10000090", "Yorkshire and The Humber"),
    ("Cheverley", "E10000091", "East Midlands"),
    ("Dunmere", "E10000092", "North East"),
    ("Elsworth", "E10000093", "North West"),
    ("Farnhope", "E10000094", "West Midlands"),
    ("Greystow", "E10000095", "Yorkshire and The Humber"),
    ("Hollinbury", "E10000096", "South West"),
    ("Kestrel Vale", "E10000097", "North West"),
    ("Lowmoor", "E10000098", "North East"),
)
# How far each neighbour sits from the neighbours' average, relative to it: an offset for each
# indicator that lasts from year to year (standard deviation, and the most it may be), and noise.
NEIGHBOUR_OFFSET, NEIGHBOUR_MOST, NEIGHBOUR_NOISE = 0.1, 0.2, 0.03

# Targets for financial years 2020/21 to 2026/27 (an academic year uses the year it ends in).
TARGETS = {
    "EH-OUTCOME": (70, 70, 72, 72, 74, 75, 75), "CSC-REREF": (22, 22, 22, 21, 21, 20, 20),
    "ASM-45WD": (85, 85, 85, 87, 88, 90, 90), "CP-REPEAT": (22, 22, 22, 21, 21, 20, 20),
    "CP-ICPC-15D": (85, 85, 85, 85, 88, 90, 90), "CIN-VISIT": (90, 90, 90, 92, 92, 95, 95),
    "CIC-3PLUS": (10, 10, 10, 10, 9.5, 9, 9), "CL-EET": (52, 52, 54, 55, 55, 56, 56),
    "EDU-PERSIST": (12, 12, 23, 22, 21, 19, 19), "EDU-NEET": (5.5, 5.5, 5.5, 5, 5, 4.5, 4.5),
    "SEND-20WK": (55, 55, 60, 60, 60, 65, 65), "YJ-FTE-RATE": (180, 180, 170, 165, 160, 150, 150),
    "YJ-ETE": (70, 70, 70, 72, 75, 75, 75), "WF-AGENCY": (12, 12, 12, 12, 10, 8, 8),
}

# Comparators, (England, North East) for 2021 to 2025: years ending 31 March, or 31 August for
# academic-year indicators. None means not published.
COMPARATORS = {
    # DfE Children in need 2021-25: referrals per 10,000 (England 507-553, North East 574-655),
    # re-referrals, assessments in 45 days, CP plans, section 47 enquiries, repeat plans
    "CSC-REF-RATE": ((507, 553, 538, 516, 519), (574, 655, 655, 596, 599)),
    "CSC-REREF": ((22.7, 21.5, 22.4, 22.4, 22.6), (21.6, 20.5, 22.5, 22.2, 20.7)),
    "ASM-45WD": ((87.6, 84.5, 82.5, 84.5, 85.7), (83.1, 83.6, 78.3, 81.5, 86.5)),
    "CP-RATE": ((42.4, 43.3, 42.7, 41.4, 40.6), (68.2, 63.6, 64.0, 65.8, 58.6)),
    "CP-S47-RATE": ((168.6, 185.2, 189.4, 186.2, 189.3), (240.8, 271.6, 266.2, 249.9, 242.9)),
    "CP-REPEAT": ((22.1, 22.7, 23.6, 24.7, 24.5), (20.8, 21.2, 24.6, 25.7, 27.2)),
    "CP-ICPC-15D": ((83.0, 79.2, 78.4, 79.7, 81.4), (85.3, 84.6, 81.3, 83.0, 83.1)),
    "CIN-RATE": ((330, 344, 339, 331, 330), (469, 479, 462, 465, 451)),
    # DfE Children looked after 2021-25: rate per 10,000 (England 67-70, North East 109-113),
    # placement stability, SDQ scores, care leavers' activity and accommodation, staying put
    "CIC-RATE": ((69, 70, 70, 69, 67), (110, 109, 112, 113, 111)),
    "CIC-3PLUS": ((9, 10, 11, 11, 10), (9, 10, 10, 11, 10)),
    "CIC-LONGTERM": ((70, 71, 68, 68, 69), (67, 69, 67, 68, 65)),
    "CIC-SDQ": ((13.7, 13.8, 14.4, 14.7, 14.9), (13.9, 14.3, 14.4, 14.6, 14.6)),
    "CL-EET": ((52, 55, 56, 54, 54), (50, 52, 52, 50, 48)),
    "CL-ACCOM": ((88, 88, 88, 88, 89), (91, 90, 89, 89, 88)),
    "CL-NOT-IN-TOUCH": ((5, 5, 4, 5, 4), (5, 4, 4, 3, 2)),
    "CL-STAYING-PUT": ((30, 31, 32, 32, 33), (32, 33, 35, 37, 34)),
    # DfE Pupil absence 2020/21 (autumn and spring only) to 2024/25; key stage 2 (not assessed
    # in 2020/21); NEET or not known at 16-17 (December to February). North East rounded.
    "EDU-ABSENCE": ((4.6, 7.6, 7.4, 7.1, 6.9), (5.0, 8.1, 7.9, 7.5, 7.3)),
    "EDU-PERSIST": ((12.1, 22.5, 22.3, 20.0, 18.9), (13.8, 24.6, 24.7, 22.1, 20.8)),
    "EDU-KS2": ((None, 59, 60, 61, 62), (None, 59, 61, 62, 63)),
    "EDU-NEET": ((5.5, 4.7, 5.2, 5.4, 5.6), (6.3, 5.6, 6.2, 6.5, 6.8)),
    # DfE Special educational needs in England 2021-25 (January school census)
    "SEND-EHCP-PCT": ((3.7, 4.0, 4.3, 4.8, 5.3), (3.9, 4.2, 4.6, 5.1, 5.6)),
    "SEND-SUPPORT-PCT": ((12.2, 12.6, 13.0, 13.6, 14.2), (13.4, 13.9, 14.4, 15.0, 15.4)),
    # MoJ/YJB Youth justice statistics, years ending March: first-time entrants, reoffending
    "YJ-FTE-RATE": ((167, 150, 148, 145, 140), (205, 186, 180, 178, 172)),
    "YJ-REOFF": ((34.2, 32.3, 31.6, 31.9, 32.7), (37.5, 35.6, 34.8, 35.1, 35.9)),
    # DfE Children's social work workforce 2021-25: turnover (England 12-17%), agency, vacancy,
    # average caseload (England 15-17, North East 16-18)
    "WF-TURNOVER": ((15.4, 17.2, 15.9, 13.9, 11.8), (13.0, 14.8, 14.2, 14.0, 11.7)),
    "WF-AGENCY": ((15.5, 17.6, 17.9, 16.2, 13.0), (9.2, 9.7, 9.9, 10.4, 8.2)),
    "WF-VACANCY": ((16.7, 20.0, 18.9, 17.3, 14.2), (8.7, 11.2, 10.9, 12.2, 8.9)),
    "WF-CASELOAD": ((16.3, 16.6, 16.0, 15.4, 15.2), (18.3, 18.0, 17.0, 16.8, 16.5)),
}

# Published codes: c suppressed, low rounds to zero, x not available; z (not applicable) is
# written wherever COMPARATORS has None for England.
SUPPRESSED = {
    ("YJ-CUSTODY", HOME, date(2023, 9, 30)): ("c", "Fewer than 5 children; suppressed"),
    ("YJ-CUSTODY", HOME, date(2023, 12, 31)): ("c", "Fewer than 5 children; suppressed"),
    ("CL-NOT-IN-TOUCH", HOME, date(2026, 3, 31)): ("low", "Rounds to 0% but is not zero"),
    ("CIC-SDQ", "Greystow", date(2021, 3, 31)): ("x", "Too few questionnaires returned"),
    ("CL-NOT-IN-TOUCH", "Hollinbury", date(2024, 3, 31)): ("c", "Fewer than 5 care leavers"),
    ("YJ-REOFF", REGION, date(2025, 3, 31)): ("x", "Not available for this cohort"),
}
NOTES = {("EDU-ABSENCE", date(2021, 8, 31)): "Autumn and spring terms only (COVID-19)",
         ("EDU-PERSIST", date(2021, 8, 31)): "Autumn and spring terms only (COVID-19)",
         ("EDU-KS2", date(2021, 8, 31)): "No key stage 2 assessments in 2020/21 (COVID-19)",
         **{("CSC-DECIDE-24H", d): "System outage" for d in OUTAGE}}
# Fernshire rows given as numerator and denominator only, for reportgen to work out the value.
VALUE_LEFT_BLANK = {("CSC-REREF", date(2026, 9, 30)), ("CIC-RATE", date(2024, 3, 31)),
                    ("CL-EET", date(2025, 6, 30)), ("EDU-PERSIST", date(2024, 8, 31))}

AREAS = [[HOME, "E10000099", "la", REGION, ""], [ENGLAND, "E92000001", "national", "", ""],
         [REGION, "E12000001", "region", "", ""],
         *([name, code, "la", region, NEIGHBOURS] for name, code, region in NEIGHBOUR_COUNCILS)]
# fmt: on


def _indicator(theme: str, id_: str, spec: str, trend: Trend | None, *text: str) -> Indicator:
    unit, polarity, kind, measure, decimals, freq, *basis = spec.split()
    spec_fields = (unit, polarity, kind, measure, int(decimals), freq, "".join(basis))
    return Indicator(id_, theme, *spec_fields, trend, *text)


def _caseload_band(id_: str, category: str, _most: float) -> Indicator:
    cases = category[:1].lower() + category[1:]
    definition = (
        f"Case-holding social workers with {cases} at the end of the quarter, divided "
        "by all case-holding social workers (headcount)."
    )
    spec = ("percent", "none", "tracker", "stock", 0, "q", "", None)
    text = (f"Social workers with {cases}", LOCAL, definition, CASELOAD_GROUP, category)
    return Indicator(id_, "Social work workforce", *spec, *text)


INDICATORS = [_indicator(theme, *row) for theme, rows in TABLE.items() for row in rows]
INDICATORS += [_caseload_band(*band) for band in CASELOAD_BANDS]


# --- Dates and series ------------------------------------------------------------------------
def month_ends(first: date, last: date, every: int = 1) -> list[date]:
    months = range(first.year * 12 + first.month, last.year * 12 + last.month + 1, every)
    return [date(m // 12, m % 12 + 1, 1) - timedelta(days=1) for m in months]


def financial_year(d: date) -> int:
    return d.year if d.month >= 4 else d.year - 1


QUARTERS = month_ends(START, LAST, every=3)
STREAM_QUARTERS = month_ends(date(2020, 12, 31), LAST, every=3)  # from the first 12 months' start
MONTHS = month_ends(date(2023, 10, 31), LAST)
MARCH_ENDS = [date(y, 3, 31) for y in (*COMPARATOR_YEARS, 2026)]
AUGUST_ENDS = [date(y, 8, 31) for y in COMPARATOR_YEARS]


def level(trend: Trend, d: date) -> float:
    base, slope, _noise, turn = trend
    t = (d - START).days / 365.25
    at, new_slope = turn or (t, slope)
    return base + slope * min(t, at) + new_slope * max(0.0, t - at)


def noise(key: str, sd: float, dates: list[date]) -> dict[date, float]:
    """Seeded noise that drifts smoothly from one period to the next."""
    rng, e, out = random.Random(f"{SEED}:{key}"), 0.0, {}
    for d in sorted(dates):
        e = 0.6 * e + rng.gauss(0.0, sd)
        out[d] = e
    return out


def series(trend: Trend, key: str, dates: list[date], per_quarter: bool) -> dict[date, int]:
    """Whole numbers following `trend`, with relative noise; quarterly shares if `per_quarter`."""
    noisy = noise(key, trend[2], dates)
    share = {d: SEASON[d.month] / 4 if per_quarter else 1.0 for d in dates}
    return {d: round(level(trend, d) * share[d] * (1 + e)) for d, e in noisy.items()}


COUNTS = {name: series(t, name, STREAM_QUARTERS, True) for name, t in STREAMS.items()}
COHORT_DATES = QUARTERS + MARCH_ENDS + AUGUST_ENDS
COHORT_SIZE = {name: series(t, name, COHORT_DATES, False) for name, t in COHORTS.items()}
MONTHLY_COUNTS = {
    "contacts_to_decide": series(CONTACTS_TO_DECIDE, "contacts_to_decide", MONTHS, False)
}
NUMERATORS: dict[tuple[str, date], int] = {}


def last_12_months(stream: str, d: date) -> int:
    return sum(n for q, n in COUNTS[stream].items() if 0 <= (d - q).days < 365)


def year_to_date(stream: str, d: date) -> int:
    fy = financial_year(d)
    return sum(n for q, n in COUNTS[stream].items() if financial_year(q) == fy and q <= d)


def fernshire_levels(ind: Indicator) -> dict[date, float]:
    """Fernshire's unrounded values, before numerators and denominators are worked out."""
    if ind.freq == "ytd":
        return {d: year_to_date(ind.basis, d) for d in QUARTERS}
    if ind.id in FOLLOWS:
        weight, offset, sd = FOLLOWS[ind.id]
        rng = random.Random(f"{SEED}:{ind.id}")
        pairs = zip(AUGUST_ENDS, *COMPARATORS[ind.id], strict=True)
        blend = {d: weight * ne + (1 - weight) * eng for d, eng, ne in pairs if eng and ne}
        return {d: b + offset + rng.gauss(0.0, sd) for d, b in blend.items()}
    if ind.freq == "m":  # CSC-DECIDE-24H, the only monthly indicator
        (mean, sd), (step_from, step) = DECIDE_24H, STEP_UP
        rng = random.Random(f"{SEED}:{ind.id}")
        return {
            d: OUTAGE.get(d, mean + step * (d >= step_from)) + rng.gauss(0.0, sd) for d in MONTHS
        }
    if ind.trend is None:  # a rate whose numerator is a stream
        return dict.fromkeys(QUARTERS, 0.0)
    dates = MARCH_ENDS if ind.freq == "fy" else QUARTERS
    return {d: level(ind.trend, d) + e for d, e in noise(ind.id, ind.trend[2], dates).items()}


def denominator_for(ind: Indicator, d: date) -> int | None:
    if ind.unit.startswith("rate_per"):
        ages = "10-17" if ind.unit == "rate_per_100k" else "0-17"
        return POPULATION[ages][d.year - 1 if d.month >= 7 else d.year - 2]  # latest published
    kind, _, name = ind.basis.rpartition(":")
    if ind.unit not in SCALE or not name:
        return None
    if kind == "r12":
        return last_12_months(name, d)
    if ind.freq == "m":
        return MONTHLY_COUNTS[name][d]
    return NUMERATORS[(name, d)] if kind == "num" else COHORT_SIZE[name][d]


def fernshire_rows(ind: Indicator) -> list[list[str]]:
    if ind.group == CASELOAD_GROUP:
        return caseload_rows(ind)
    rows = []
    for d, raw in fernshire_levels(ind).items():
        value = min(max(raw, 0.0), 100.0) if ind.unit == "percent" else max(raw, 0.0)
        counts = ("", "")
        denominator = denominator_for(ind, d)
        if denominator:
            numerator = round(value * denominator / SCALE[ind.unit])
            if ind.unit.startswith("rate_per") and ind.basis:
                numerator = last_12_months(ind.basis, d)
            NUMERATORS[(ind.id, d)] = numerator
            value = numerator / denominator * SCALE[ind.unit]
            counts = (str(numerator), str(denominator))
        shown = "" if (ind.id, d) in VALUE_LEFT_BLANK else fmt(value, ind.decimals)
        target = ""
        if ind.kind == "target":
            target = fmt(TARGETS[ind.id][financial_year(d) - 2020], ind.decimals)
        rows.append(row(ind, HOME, d, shown, *counts, target))
    return rows


def caseload_counts(d: date) -> list[int]:
    """Case holders in each caseload range at `d`, adding up to their headcount."""
    average = NUMERATORS[("WF-CASELOAD", d)] / COHORT_SIZE["case_holders"][d]
    headcount = round(COHORT_SIZE["case_holders"][d] * HEADCOUNT_PER_FTE)
    caseloads = statistics.NormalDist(average, CASELOAD_SD)
    cumulative = [0.0] + [caseloads.cdf(most + 0.5) for *_, most in CASELOAD_BANDS]
    exact = [(high - low) * headcount for low, high in itertools.pairwise(cumulative)]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: headcount - sum(counts)]:
        counts[i] += 1
    return counts


def caseload_rows(ind: Indicator) -> list[list[str]]:
    """One caseload range's share of case holders; values to one decimal place, so that the
    four ranges add up to 100 within rounding."""
    band = [id_ for id_, *_ in CASELOAD_BANDS].index(ind.id)
    rows = []
    for d in QUARTERS:
        counts = caseload_counts(d)
        share = counts[band] / sum(counts) * 100
        rows.append(row(ind, HOME, d, fmt(share, 1), str(counts[band]), str(sum(counts))))
    return rows


def neighbour_values(ind: Indicator, averages: dict[date, float]) -> dict[date, list[float]]:
    """Each neighbour's value for each period, spread around the neighbours' average (their mean
    before rounding). A percentage's spread shrinks near 100, so values stay below it."""
    rng = random.Random(f"{SEED}:{ind.id}:councils")
    offsets = [rng.gauss(0.0, NEIGHBOUR_OFFSET) for _ in NEIGHBOUR_COUNCILS]
    offsets = [min(max(offset, -NEIGHBOUR_MOST), NEIGHBOUR_MOST) for offset in offsets]
    values = {}
    for d, average in averages.items():
        spread = [offset + rng.gauss(0.0, NEIGHBOUR_NOISE) for offset in offsets]
        room = min(average, 2 * (100 - average)) if ind.unit == "percent" else average
        mean_spread = statistics.fmean(spread)
        values[d] = [max(average + (s - mean_spread) * room, 0.0) for s in spread]
    return values


def comparator_rows(ind: Indicator) -> list[list[str]]:
    rows, averages = [], {}
    rng = random.Random(f"{SEED}:{ind.id}:neighbours")
    ends = AUGUST_ENDS if ind.freq == "ay" else MARCH_ENDS[:-1]
    for d, eng, ne in zip(ends, *COMPARATORS[ind.id], strict=True):
        wobble = 1 + rng.gauss(0.0, 0.015)
        if eng is not None and ne is not None:
            averages[d] = (NEIGHBOUR_WEIGHT * ne + (1 - NEIGHBOUR_WEIGHT) * eng) * wobble
    neighbours = neighbour_values(ind, averages)
    for d, eng, ne in zip(ends, *COMPARATORS[ind.id], strict=True):
        rows.append(row(ind, ENGLAND, d, "z" if eng is None else fmt(eng, ind.decimals)))
        if eng is not None and ne is not None:
            rows.append(row(ind, REGION, d, fmt(ne, ind.decimals)))
            for (name, *_), value in zip(NEIGHBOUR_COUNCILS, neighbours[d], strict=True):
                rows.append(row(ind, name, d, fmt(value, ind.decimals)))
    return rows


def fmt(value: float, decimals: int) -> str:
    return f"{round(value, decimals):.{decimals}f}"


def period_start(ind: Indicator, d: date) -> str:
    """Blank for a stock; for a flow 1 April (year to date), 1 September (academic year) or
    the day after the same date a year earlier (12 months)."""
    if ind.measure == "stock":
        return ""
    if ind.freq == "ytd":
        start = date(financial_year(d), 4, 1)
    elif ind.freq == "ay":
        start = date(d.year - 1, 9, 1)
    elif ind.freq == "m":
        start = d.replace(day=1)
    else:
        start = date(d.year - 1, d.month, d.day) + timedelta(days=1)
    return start.isoformat()


def row(ind: Indicator, area: str, d: date, value: str, *extra: str) -> list[str]:
    """One observations row; `extra` is the numerator, denominator and target, if any."""
    numerator, denominator, target = (*extra, "", "", "")[:3]
    note = NOTES.get((ind.id, d), "")
    if (ind.id, area, d) in SUPPRESSED:
        (value, note), numerator, denominator = SUPPRESSED[(ind.id, area, d)], "", ""
    start, end = period_start(ind, d), d.isoformat()
    return [ind.id, area, start, end, "", value, numerator, denominator, target, note]


def write_csv(name: str, header: str, rows: list[list[str]]) -> None:
    with open(OUT_DIR / name, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows(rows)


def main() -> None:
    OUT_DIR.mkdir(exist_ok=True)
    columns = "id,title,theme,unit,polarity,kind,measure,decimals,definition,source,group,category"
    indicators = [[str(getattr(i, c)) for c in columns.split(",")] for i in INDICATORS]
    write_csv("indicators.csv", columns, indicators)
    observations = []
    for ind in INDICATORS:
        observations += fernshire_rows(ind)
        if ind.id in COMPARATORS:
            observations += comparator_rows(ind)
    columns = "indicator,area,period_start,period_end,period_label,value,numerator,denominator"
    write_csv("observations.csv", columns + ",target,note", observations)
    write_csv("areas.csv", "area,code,type,region,groups", AREAS)


if __name__ == "__main__":
    main()
