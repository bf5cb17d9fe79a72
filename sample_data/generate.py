"""Generate the Fernshire sample data set for reportgen.

Fernshire is a fictional county council in the North East region. The script writes
sample_data/fernshire/indicators.csv (43 children's services performance indicators),
observations.csv (Fernshire's quarterly figures from September 2021 to September 2026, its
annual education and SEND figures, and annual comparators for England, the North East and
Fernshire's statistical neighbours) and areas.csv (those four areas).

Every figure is fictional, but the magnitudes are taken from published DfE, ONS, MoJ and Youth
Justice Board statistics: the England and North East comparators below are rounded published
values, and Fernshire mostly sits between them. Fernshire's figures follow smooth trends with a
few turning points and small seeded noise, so the output is identical on every run.

Run from the repository root:  python sample_data/generate.py
"""

from __future__ import annotations

import csv
import random
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
    freq: str  # q: quarterly; ytd: quarterly, year to date; ay: academic year; fy: to 31 March
    basis: str  # where Fernshire's counts come from (see fernshire_rows)
    trend: Trend | None
    title: str
    source: str
    definition: str


# Spec: unit, polarity, kind, measure, decimals, frequency and, optionally, the basis: for a
# year-to-date count its stream; for a rate the stream that is its numerator (otherwise the
# population); for a percentage or ratio its denominator ("r12:" a stream over 12 months,
# "num:" another indicator's numerator, or a cohort).
TABLE: dict[str, list[tuple[str, str, Trend | None, str, str, str]]] = {
    "Early help": [
        ("EH-ASSESS", "count none tracker flow 0 ytd eh_assessments", None,
         "Early help assessments completed (year to date)", LOCAL,
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
         "Contacts received (year to date)", LOCAL,
         "Contacts received by the children's front door since 1 April."),
        ("CSC-REF", "count none tracker flow 0 ytd referrals", None,
         "Referrals to children's social care (year to date)", LOCAL,
         "Referrals accepted by children's social care since 1 April."),
        ("CSC-REF-RATE", "rate_per_10k none tracker flow 0 q referrals", None,
         "Children's social care referrals per 10,000 children", CIN,
         "Referrals in the last 12 months per 10,000 children aged 0 to 17."),
        ("CSC-REREF", "percent low target flow 1 q r12:referrals", (24.2, -0.9, 0.6, (3.0, 0.6)),
         "Re-referrals within 12 months", CIN,
         "Referrals in the last 12 months within 12 months of an earlier one, divided by all."),
    ],
    "Assessments": [
        ("ASM-COUNT", "count none tracker flow 0 ytd assessments", None,
         "Child and family assessments completed (year to date)", LOCAL,
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
         "Initial conferences in 12 months within 15 working days of the strategy discussion, "
         "divided by all."),
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
         "Children under 16 in care 2.5 years or more in the same home for 2 years or more, "
         "divided by all children under 16 in care 2.5 years or more."),
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
         "DfE Key stage 2 attainment",
         "Pupils meeting the expected standard in all three, divided by all at key stage 2."),
        ("EDU-NEET", "percent low target stock 1 q age_16_17", (5.9, -0.15, 0.25, None),
         "Young people aged 16 and 17 not in education, employment or training, or not known",
         "DfE NEET and participation (NCCIS)",
         "Young people aged 16 and 17 NEET or not known, divided by all known to the council."),
    ],
    "SEND and EHCPs": [
        ("SEND-20WK", "percent high target flow 1 q r12:new_plans", (47, 6, 2.5, (2.25, -5)),
         "New EHC plans issued within 20 weeks", SEN2,
         "New EHC plans issued in 12 months within 20 weeks, excluding exceptions, divided by "
         "all."),
        ("SEND-EHCP", "count none tracker stock 0 q", (3350, 390, 20, None),
         "Children and young people with an EHC plan", SEN2,
         "Children and young people with an EHC plan maintained by the council."),
        ("SEND-REQ", "count none tracker flow 0 ytd requests", None,
         "Requests for an EHC needs assessment (year to date)", LOCAL,
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
         YJB, "Young people whose order closed in 12 months who were in suitable education, "
         "training or employment, divided by all."),
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
