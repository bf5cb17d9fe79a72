"""The children's social care measures most packs benchmark, as DfE publishes them: which
columns (Explore Education Statistics) or short descriptions (LAIT) make which indicator, and
when each measure's year ends."""

from __future__ import annotations

from typing import Any

# The social work workforce census is taken on 30 September: its "reporting year" 2025 is the
# workforce at (and the year ending) 30 September 2025, not the year to 31 March.
WORKFORCE_YEAR_END = "30 September"

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
}
WORKFORCE = {
    "theme": "Social work workforce",
    "unit": "percent",
    "polarity": "low",
    "kind": "tracker",
    "measure": "stock",
    "decimals": 1,
    "year_end": WORKFORCE_YEAR_END,
}
WORKFORCE_RATES = (
    ("SW-TURNOVER", "Social worker turnover", "turnover_rate_fte", "Work_Force_TO_Rate"),
    ("SW-AGENCY", "Agency social workers", "agency_rate_fte", "Work_Force_Agecy_Rate"),
    ("SW-VACANCY", "Social worker vacancy rate", "vacancy_rate_fte", "Work_Force_Vac_Rate"),
)

BUILTIN_EES: list[dict[str, Any]] = [
    {
        "id": "CLA-RATE",
        "title": "Children looked after per 10,000 children",
        "theme": "Children in care",
        "unit": "rate_per_10k",
        "polarity": "none",
        "kind": "tracker",
        "measure": "stock",
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
        "value": "CPP_subsequent_percent",
        "numerator": "CPP_subsequent",
        "denominator": "CPP_start",
    },
    *(
        {
            **WORKFORCE,
            "id": ident,
            "title": title,
            "source": "DfE Children's social work workforce",
            "value": column,
        }
        for ident, title, column, _ in WORKFORCE_RATES
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
    },
    "CPP_rate": {
        "id": "CPP-RATE",
        "title": "Children on a child protection plan per 10,000 children",
        "theme": "Child protection",
        "unit": "rate_per_10k",
        "polarity": "none",
    },
    "LAC": {
        "id": "CLA-RATE",
        "title": "Children looked after per 10,000 children",
        "theme": "Children in care",
        "unit": "rate_per_10k",
        "polarity": "none",
    },
    "ReReferral": {
        "id": "REREFERRALS",
        "title": "Re-referrals within 12 months",
        "theme": "Contacts and referrals",
        "unit": "percent",
        "polarity": "low",
        "measure": "flow",
    },
    "CareLeaverEET": {
        "id": "CL-EET",
        "title": "Care leavers aged 19 in education, employment or training",
        "theme": "Care leavers",
        "unit": "percent",
        "polarity": "high",
    },
    **{
        short: {**WORKFORCE, "id": ident, "title": title}
        for ident, title, _, short in WORKFORCE_RATES
    },
}
