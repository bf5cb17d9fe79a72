"""The children's social care measures most packs benchmark, as DfE publishes them: which
columns (Explore Education Statistics) or short descriptions (LAIT) make which indicator, and
when each measure's year ends."""

from __future__ import annotations

from typing import Any

# Titles, units, directions, periods and definitions follow the publishers' own labels: LAIT's
# data dictionary (each measure's Measure, Chart_title, Polarity, y_axis_name, Year_Type,
# Description and Methodology) and the Explore Education Statistics files' filters and columns.
# Definitions are DfE's words from the dictionary.

# The social work workforce census is taken on 30 September: its "reporting year" 2025 is the
# workforce at (and the year ending) 30 September 2025, not the year to 31 March.
WORKFORCE_YEAR_END = "30 September"

# What LAIT's rows take from the same measures' Explore Education Statistics labels (its
# source is LAIT; its decimals are the pack's default).
LABELS = ("id", "title", "theme", "unit", "polarity", "measure", "definition")

# Each built-in measure's name in LAIT's data dictionary, whose labels it follows.
DICTIONARY: dict[str, str] = {
    "CIN-RATE": "CIN",
    "CPP-RATE": "CPP_rate",
    "CLA-RATE": "LAC",
    "REREFERRALS": "ReReferral",
    "CPP-SECOND": "PrevRegCPR",
    "CL-EET": "CareLeaverEET",
    "SW-TURNOVER": "Work_Force_TO_Rate",
    "SW-AGENCY": "Work_Force_Agecy_Rate",
    "SW-VACANCY": "Work_Force_Vac_Rate",
}

# The children in need census's percentages of the year's referrals and plans.
CIN_PERCENT = {
    "unit": "percent",
    "polarity": "low",
    "kind": "tracker",
    "measure": "flow",
    "decimals": 1,
    "source": "DfE Children in need",
}
REREFERRALS = {
    **CIN_PERCENT,
    "id": "REREFERRALS",
    "title": "Re-referrals within 12 months",
    "theme": "Contacts and referrals",
    "definition": "Percentage of referrals to children's social care within 12 months of a "
    "previous referral.",
}
CLA_RATE = {
    "id": "CLA-RATE",
    "title": "Children looked after per 10,000 children",
    "theme": "Children in care",
    "unit": "rate_per_10k",
    "polarity": "none",
    "measure": "stock",
    "definition": "Number of children looked after on 31 March expressed as a rate per 10,000 "
    "children aged under 18.",
}
WORKFORCE = {
    "theme": "Social work workforce",
    "unit": "percent",
    "polarity": "low",
    "kind": "tracker",
    "decimals": 1,
    "year_end": WORKFORCE_YEAR_END,
}
# id, title, the EES column, LAIT's short description, stock or flow, DfE's definition
WORKFORCE_RATES = (
    (
        "SW-TURNOVER",
        "Social worker turnover rate",
        "turnover_rate_fte",
        "Work_Force_TO_Rate",
        "flow",  # leavers during the year to 30 September
        "The turnover rate is calculated as the number of children and family social worker "
        "leavers in the year, divided by the number of social workers in post at 30 September.",
    ),
    (
        "SW-AGENCY",
        "Agency social workers",
        "agency_rate_fte",
        "Work_Force_Agecy_Rate",
        "stock",
        "The agency worker rate is calculated as the number of agency staff working as "
        "children and family social workers at 30 September divided by the sum of the number "
        "of agency staff working as children and family social workers at 30 September and "
        "the number of children and family social workers at 30 September.",
    ),
    (
        "SW-VACANCY",
        "Social worker vacancy rate",
        "vacancy_rate_fte",
        "Work_Force_Vac_Rate",
        "stock",
        "The vacancy rate is calculated as the number of FTE vacancies at 30 September divided "
        "by the sum of the number of FTE vacancies at 30 September and the number of FTE "
        "children and family social workers in post at 30 September.",
    ),
)

BUILTIN_EES: list[dict[str, Any]] = [
    {
        **CLA_RATE,
        "kind": "tracker",
        "decimals": 0,
        "source": "DfE Children looked after in England",
        "value": "rate_per_10000",
        "numerator": "children_count",
        "denominator": "population_estimate",
        "filters": {"population_type": "Children looked after on 31 March each year"},
    },
    {
        **REREFERRALS,
        "value": "rereferral_percent",
        "numerator": "rereferral_count",
        "denominator": "referral_count",
    },
    # The same measure as the 2024 release named its columns.
    {
        **REREFERRALS,
        "value": "Re_referrals_percent",
        "numerator": "Re_referrals",
        "denominator": "Referrals",
    },
    {
        **CIN_PERCENT,
        "id": "CPP-SECOND",
        "title": "Child protection plans that were a second or subsequent plan",
        "theme": "Child protection",
        "definition": "Numerator - Of the children in the denominator, the number who had "
        "previously had a child protection plan, regardless of how long ago that was. "
        "Denominator - The number of children with a child protection plan, starting at any "
        "time between 1 April and 31 March. This is a count of each occasion in the year, and "
        "may count the same child more than once.",
        "value": "CPP_subsequent_percent",
        "numerator": "CPP_subsequent",
        "denominator": "CPP_start",
    },
    *(
        {
            **WORKFORCE,
            "id": ident,
            "title": title,
            "measure": measure,
            "definition": definition,
            "source": "DfE Children's social work workforce",
            "value": column,
        }
        for ident, title, column, _, measure, definition in WORKFORCE_RATES
    ),
]

# LAIT's short descriptions for the same measures (rates per 10,000 and percentages).
BUILTIN_LAIT: dict[str, dict[str, Any]] = {
    "CIN": {
        "id": "CIN-RATE",
        "title": "Children in need per 10,000 children",
        "theme": "Children in need",
        "unit": "rate_per_10k",
        "polarity": "none",
        "measure": "stock",  # at 31 March
        "definition": "A child in need is defined under the Children Act 1989 as a child who "
        "is unlikely to reach or maintain a satisfactory level of health or development, or "
        "their health or development will be significantly impaired without the provision of "
        "children's social care services, or the child is disabled.",
    },
    "CPP_rate": {
        "id": "CPP-RATE",
        "title": "Children on a child protection plan per 10,000 children",
        "theme": "Child protection",
        "unit": "rate_per_10k",
        "polarity": "none",
        "measure": "stock",
        "definition": "Rate of children who were the subject of a child protection plan at 31 "
        "March per 10,000 children.",
    },
    "LAC": CLA_RATE,
    "ReReferral": {key: REREFERRALS[key] for key in LABELS},
    "CareLeaverEET": {
        "id": "CL-EET",
        "title": "Care leavers aged 19 to 21 in education, employment or training",
        "theme": "Care leavers",
        "unit": "percent",
        "polarity": "high",
        "measure": "flow",  # those whose birthday fell in the year to 31 March
        "definition": "All the former relevant young people whose 19th, 20th or 21st "
        "birthday falls between 1 April and 31 March (each given year) who were previously "
        "looked after for at least 13 weeks after their 14th birthday, including some time "
        "after their 16th birthday, are considered. The indicator is calculated by adding the "
        "number of former relevant young people in EET in the year ending 31 March and "
        "dividing by the total number of former relevant young people in the same period of "
        "time.",
    },
    **{
        short: {**WORKFORCE, "id": ident, "title": title, "measure": measure, "definition": text}
        for ident, title, _, short, measure, text in WORKFORCE_RATES
    },
}
