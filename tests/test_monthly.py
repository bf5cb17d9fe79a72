"""Monthly reporting with localities: years to date, benchmarks, localities' figures and
ratings, direction-of-travel arrows and the drafted analysis; the monthly sample pack read
back row by row against the computed table, and Norfolk's published arrows."""

from __future__ import annotations

import csv
import math
import re
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pandas as pd
import pypdfium2 as pdfium
import pytest
from lxml import html as lxml_html

from reportgen.build import build_pack
from reportgen.compute import Computed, compute
from reportgen.config import load_config
from reportgen.export import computed_frame
from reportgen.formatting import format_value
from reportgen.model import Chart, Narrative, Pack, with_charts
from reportgen.monthly import analysis_sentences
from reportgen.render.text import render_text
from reportgen.validate import load_dataset

from conftest import REAL_DATA, axe_violations, pdfua_findings, run_cli, text_clashes

MARLSHIRE = Path(__file__).parent.parent / "sample_data" / "marlshire" / "report.yaml"
ARROWS = {  # each arrow and its word, kept together by a no-break space
    "improving": "↑\u00a0Better",
    "worsening": "↓\u00a0Worse",
    "same": "→\u00a0Same",
    "higher": "·\u00a0Higher",
    "lower": "·\u00a0Lower",
}
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red"}

MONTHLY_INDICATORS = """\
    id,ref,title,theme,unit,polarity,kind,measure,decimals
    CONTACTS,2.1,Contacts (in month),Contact & Referrals,count,none,tracker,flow,0
    IN45,3.3,Assessments within 45 working days,Assessments,percent,high,tracker,flow,1
    REFRATE,2.4,"Referrals per 10,000 children",Contact & Referrals,rate_per_10k,low,tracker,flow,1
    CIN,5.1,Children in need,CIN,count,low,tracker,stock,0
    """
REPORT = """\
    title: Monthly pack
    committee: Children's Services Scrutiny Sub-Committee
    meeting_date: 2025-08-06
    area: Testshire
    period_end: 2025-06-30
    annualise_counts: false
    audience: {audience}
    data:
      indicators: indicators.csv
      observations: observations.csv
      areas: areas.csv
    """
AREAS = """\
    area,type,part_of
    Testshire,la,
    North,locality,Testshire
    South,locality,Testshire
    East,locality,Testshire
    """


def _month(year: int, month: int) -> tuple[str, str]:
    start = pd.Timestamp(year, month, 1)
    return start.date().isoformat(), (start + pd.offsets.MonthEnd(0)).date().isoformat()


def _report(
    make_report: Callable[..., Path], observations: str, audience: str = "internal"
) -> Computed:
    path = make_report(
        report=REPORT.format(audience=audience),
        indicators=MONTHLY_INDICATORS,
        observations=observations,
        **{"areas.csv": AREAS},
    )
    config = load_config(path)
    return compute(config, load_dataset(config))


def _frame(computed: Computed, folder: Path) -> pd.DataFrame:
    """Return the computed table of the report in `folder`, by indicator and area."""
    config = load_config(folder / "report.yaml")
    return computed_frame(computed, config).set_index(["indicator", "area"])


QUARTER = [(2024, 4), (2024, 5), (2024, 6), (2025, 4), (2025, 5), (2025, 6)]


def _quarters(extra: str = "") -> str:
    """Return April to June of 2024 and 2025 for Testshire: contacts, in-45-days and
    referrals per 10,000 (130,000 children), and children in need at each month end."""
    lines = ["indicator,area,period_start,period_end,value,numerator,denominator"]
    for index, (year, month) in enumerate(QUARTER):
        start, end = _month(year, month)
        lines += [
            f"CONTACTS,Testshire,{start},{end},{3000 + 100 * index},,",
            f"IN45,Testshire,{start},{end},,{80 + index},{100 + 2 * index}",
            f"REFRATE,Testshire,{start},{end},,{500 + 10 * index},130000",
            f"CIN,Testshire,,{end},{1200 + index},,",
        ]
    return "\n".join(lines) + "\n" + textwrap.dedent(extra)


def test_year_to_date_is_derived_from_the_months(
    make_report: Callable[..., Path], tmp_path: Path
) -> None:
    computed = _report(make_report, _quarters())
    contacts = computed.row("CONTACTS", "Testshire")
    assert contacts is not None and contacts.ytd is not None and contacts.previous_ytd is not None
    assert contacts.latest.value == 3500  # counted in the month, not annualised
    assert (contacts.ytd.value, contacts.ytd.label) == (3300 + 3400 + 3500, "Q1 2025/26")
    assert contacts.previous_ytd.value == 3000 + 3100 + 3200
    assert contacts.ytd.basis == "derived from 3 months" and not contacts.ytd.annualised
    in45 = computed.row("IN45", "Testshire")
    assert in45 is not None and in45.ytd is not None
    assert in45.ytd.value == pytest.approx((83 + 84 + 85) / (106 + 108 + 110) * 100)
    rate = computed.row("REFRATE", "Testshire")
    assert rate is not None and rate.ytd is not None
    # Summed referrals over three months' populations, annualised (x 12): the year's rate.
    assert rate.ytd.value == pytest.approx((530 + 540 + 550) / 130000 * 10000 * 4)
    assert rate.ytd.annualised and rate.latest.value == pytest.approx(550 / 13 * 12)
    cin = computed.row("CIN", "Testshire")
    assert cin is not None and cin.ytd is None  # a month-end count has no year to date
    table = _frame(computed, tmp_path)
    assert table.loc[("CONTACTS", "Testshire"), "ytd_value"] == 10200
    assert table.loc[("CONTACTS", "Testshire"), "ytd_derived"]
    assert table.loc[("CONTACTS", "Testshire"), "previous_ytd_period_start"] == "2024-04-01"


def test_a_year_to_date_given_in_the_data_is_used_as_given(
    make_report: Callable[..., Path], tmp_path: Path
) -> None:
    given = """\
        CONTACTS,Testshire,2025-04-01,2025-06-30,9999,,
        """
    computed = _report(make_report, _quarters(given))
    contacts = computed.row("CONTACTS", "Testshire")
    assert contacts is not None and contacts.ytd is not None
    assert (contacts.ytd.value, contacts.ytd.basis) == (9999, "")
    # The year to date stands beside the months; the month before is still May's.
    assert contacts.latest.value == 3500 and contacts.previous is not None
    assert contacts.previous.value == 3400 and contacts.direction == "higher"
    table = _frame(computed, tmp_path)
    assert not table.loc[("CONTACTS", "Testshire"), "ytd_derived"]


def test_two_figures_for_one_month_are_still_refused(make_report: Callable[..., Path]) -> None:
    twice = """\
        CONTACTS,Testshire,2025-06-01,2025-06-30,1,,
        """
    path = make_report(
        report=REPORT.format(audience="internal"),
        indicators=MONTHLY_INDICATORS,
        observations=_quarters(twice),
        **{"areas.csv": AREAS},
    )
    result = run_cli("validate", path)
    assert result.exit_code == 2
    assert "period_end: duplicate of row" in result.output


def _neighbours_report(make_report: Callable[..., Path], local_authorities: int) -> Computed:
    """Return a report on Testshire with five neighbours and `local_authorities` others."""
    areas = ["area,type,groups", "Testshire,la,"]
    areas += [f"Neighbour {n},la,Testshire statistical neighbours" for n in range(1, 6)]
    areas += [f"Authority {n},la," for n in range(1, local_authorities + 1)]
    observations = ["indicator,area,period_start,period_end,value"]
    observations += ["IN45,Testshire,2025-06-01,2025-06-30,80", "CIN,Testshire,,2025-06-30,1200"]
    for n in range(1, 6):
        observations += [
            f"IN45,Neighbour {n},2024-04-01,2025-03-31,{70 + n}",
            f"CIN,Neighbour {n},,2025-03-31,{1000 + 50 * n}",
        ]
    for n in range(1, local_authorities + 1):
        observations.append(f"IN45,Authority {n},2024-04-01,2025-03-31,{n / 2}")
    observations += [
        "IN45,England Q1,2024-04-01,2025-03-31,88.5",
        "CONTACTS,England Q1,2024-04-01,2025-03-31,5000",
        "CONTACTS,Testshire,2025-06-01,2025-06-30,300",
    ]
    areas.append("England Q1,national,")
    report = textwrap.dedent(REPORT.format(audience="internal")) + textwrap.dedent("""\
        comparators:
          neighbours: Testshire statistical neighbours
          top_quartile: England Q1
        """)
    path = make_report(
        report=report,
        indicators=MONTHLY_INDICATORS,
        observations="\n".join(observations),
        **{"areas.csv": "\n".join(areas)},
    )
    config = load_config(path)
    return compute(config, load_dataset(config))


def test_the_best_neighbour_is_named_by_polarity(
    make_report: Callable[..., Path], tmp_path: Path
) -> None:
    computed = _neighbours_report(make_report, 0)
    high, low = computed.row("IN45", "Testshire"), computed.row("CIN", "Testshire")
    assert high is not None and low is not None
    best = high.comparators["best_neighbour"]
    assert (best.area, best.value, best.label) == ("Neighbour 5", 75, "2024/25")
    best = low.comparators["best_neighbour"]
    assert (best.area, best.value) == ("Neighbour 1", 1050)  # fewest children in need
    table = _frame(computed, tmp_path)
    assert table.loc[("CIN", "Testshire"), "best_neighbour_area"] == "Neighbour 1"


def test_top_quartile_from_every_la_else_as_published(make_report: Callable[..., Path]) -> None:
    given = _neighbours_report(make_report, 0).row("IN45", "Testshire")
    assert given is not None and given.comparators["top_quartile"].value == 88.5
    computed = _neighbours_report(make_report, 120)  # with five neighbours and Testshire
    row = computed.row("IN45", "Testshire")
    assert row is not None
    cut = row.comparators["top_quartile"]
    values = [
        *(n / 2 for n in range(1, 121)),
        *(70 + n for n in range(1, 6)),
    ]  # Testshire's is a month, not 2024/25
    assert cut.value == pytest.approx(pd.Series(values).quantile(0.75))
    assert (cut.label, cut.basis) == ("2024/25", "75th percentile of 125 local authorities")
    no_polarity = computed.row("CONTACTS", "Testshire")  # no quarter is the best
    assert no_polarity is not None and "top_quartile" not in no_polarity.comparators


def test_a_locality_names_the_local_authority_it_is_part_of(
    make_report: Callable[..., Path],
) -> None:
    areas = """\
        area,type,part_of
        Testshire,la,
        North,locality,
        South,locality,Testshir
        England,national,Testshire
        """
    path = make_report(
        report=REPORT.format(audience="internal"),
        indicators=MONTHLY_INDICATORS,
        observations=_quarters(),
        **{"areas.csv": areas},
    )
    result = run_cli("validate", path)
    assert result.exit_code == 2
    assert (
        "areas.csv:3: part_of: is blank (a locality names the local authority it is part of)"
        in result.output
    )
    assert (
        "areas.csv:4: part_of: 'Testshir' is not an la; did you mean 'Testshire'?" in result.output
    )
    assert (
        "areas.csv:5: part_of: only a locality is part of another area (this area's type is national)"
        in result.output
    )


LOCALITY_JUNE = """\
    indicator,area,period_start,period_end,value,numerator,denominator
    CONTACTS,Testshire,2025-04-01,2025-04-30,20,,
    CONTACTS,North,2025-04-01,2025-04-30,6,,
    CONTACTS,South,2025-04-01,2025-04-30,7,,
    CONTACTS,East,2025-04-01,2025-04-30,7,,
    CONTACTS,Testshire,2025-05-01,2025-05-31,20,,
    CONTACTS,North,2025-05-01,2025-05-31,6,,
    CONTACTS,South,2025-05-01,2025-05-31,7,,
    CONTACTS,East,2025-05-01,2025-05-31,7,,
    CONTACTS,Testshire,2025-06-01,2025-06-30,20,,
    CONTACTS,North,2025-06-01,2025-06-30,3,,
    CONTACTS,South,2025-06-01,2025-06-30,9,,
    CONTACTS,East,2025-06-01,2025-06-30,8,,
    """


def test_public_packs_hide_small_locality_counts_and_what_would_give_them_away(
    make_report: Callable[..., Path],
) -> None:
    public = _report(make_report, LOCALITY_JUNE, audience="public")
    shown = {area: public.row("CONTACTS", area) for area in ("Testshire", "North", "South", "East")}
    assert all(row is not None for row in shown.values())
    # North's 3 is small; East's 8, the next smallest, would give it away from the county's 20.
    assert [shown[a].latest.missing for a in ("North", "South", "East")] == ["c", "", "c"]  # type: ignore[union-attr]
    assert math.isnan(shown["North"].latest.value)  # type: ignore[union-attr]
    assert shown["North"].ytd is not None and shown["North"].ytd.missing == "c"  # type: ignore[union-attr]
    assert shown["North"].rating is None and shown["North"].direction is None  # type: ignore[union-attr]
    internal = _report(make_report, LOCALITY_JUNE, audience="internal")
    north = internal.row("CONTACTS", "North")
    assert north is not None and north.latest.value == 3 and north.ytd is not None
    assert north.ytd.value == 6 + 6 + 3
    assert public.localities("Testshire") == ("North", "South", "East")


# The example, in Norfolk's register: children in need rose in December for the first
# time in 6 months, up 45 to 1,281, but 421 fewer than the same month last year.
CIN_MONTHS = [1702, 1300, 1290, 1280, 1270, 1250, 1236, 1281]
CIN_DAYS = [
    "2019-12-31",
    "2020-06-30",
    "2020-07-31",
    "2020-08-31",
    "2020-09-30",
    "2020-10-31",
    "2020-11-30",
    "2020-12-31",
]


def test_the_drafted_analysis_reads_as_norfolks(make_report: Callable[..., Path]) -> None:
    rows = ["indicator,area,period_start,period_end,value"]
    rows += [
        f"CIN,Testshire,,{day},{value}" for day, value in zip(CIN_DAYS, CIN_MONTHS, strict=True)
    ]
    localities = {"North": (400, 412), "South": (436, 487), "East": (400, 382)}
    for area, (before, after) in localities.items():
        rows += [f"CIN,{area},,2020-11-30,{before}", f"CIN,{area},,2020-12-31,{after}"]
    path = make_report(
        report=REPORT.format(audience="internal").replace("2025-06-30", "2020-12-31"),
        indicators=MONTHLY_INDICATORS,
        observations="\n".join(rows),
        **{"areas.csv": AREAS},
    )
    config = load_config(path)
    computed = compute(config, load_dataset(config))
    row = computed.row("CIN", "Testshire")
    assert row is not None
    assert analysis_sentences(computed, row) == (
        "Children in need increased in December for the first time in 6 months, up 45 to "
        "1,281, but 421 fewer than the same month last year.",
        "South saw the biggest increase (+51); East the largest decrease (\u221218).",
        "South had the most (487) and East the fewest (382).",
    )


# The monthly sample, built once: every cell of the summary read back against the computed
# table, in Word, HTML and PDF.


LOCALITIES = [
    "Marlbury",
    "North Marlshire",
    "Eastwold",
    "Saltmarsh Coast",
    "Kingsford",
    "West Vale",
]
MEASURES = pd.read_csv(MARLSHIRE.parent / "indicators.csv", dtype=str, keep_default_na=False)


@dataclass(frozen=True)
class MonthlyPack:
    folder: Path
    pdf: Path
    docx: Path
    html: Path
    table: pd.DataFrame  # the computed table, as `reportgen compute` writes it


@pytest.fixture(scope="module")
def monthly_pack(tmp_path_factory: pytest.TempPathFactory) -> MonthlyPack:
    out = tmp_path_factory.mktemp("monthly")
    result = run_cli("build", MARLSHIRE, "-o", out)
    assert result.exit_code == 0, result.output
    assert run_cli("compute", MARLSHIRE, "-o", out / "table.csv").exit_code == 0
    table = pd.read_csv(out / "table.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    decimals = dict(zip(MEASURES["id"], MEASURES["decimals"], strict=True))
    return MonthlyPack(
        out,
        next(out.glob("*.pdf")),
        next(out.glob("*.docx")),
        next(out.glob("*.html")),
        table.assign(decimals=table["indicator"].map(decimals)).set_index(["indicator", "area"]),
    )


def _figure(table: pd.DataFrame, key: tuple[str, str], column: str) -> str:
    """Return a figure of the computed table as the pack must print it."""
    row = table.loc[key]
    missing = row["missing" if column == "value" else column.replace("_value", "_missing")]
    text = row[column]
    return format_value(float(text) if text else None, row["unit"], int(row["decimals"]), missing)


def _rating(table: pd.DataFrame, key: tuple[str, str]) -> str:
    return RAG_WORDS.get(table.loc[key, "rating"], "–")


def _arrow(table: pd.DataFrame, key: tuple[str, str]) -> str:
    """Return the direction of travel the pack must print: only against the month before."""
    if table.loc[key, "previous_period_end"] != "2026-09-30":
        return "–"
    arrow = ARROWS.get(table.loc[key, "direction"])
    if arrow is None:
        return "–"
    return "·" + arrow[1:] if table.loc[key, "polarity"] == "none" else arrow  # Info: a dot


def _word_tables(path: Path) -> dict[str, list[list[str]]]:
    """Return each Word table by the caption before it, as rows of cell texts (a row naming a
    group, one merged cell, as that one text)."""
    document = docx.Document(str(path))
    found, before = {}, ""
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            before = docx.text.paragraph.Paragraph(element, document).text
        elif element.tag.endswith("}tbl"):
            rows = [[c.text for c in row.cells] for row in docx.table.Table(element, document).rows]
            found[before] = [r if len(set(r)) > 1 else r[:1] for r in rows]
    return found


def _html_rows(path: Path, caption: str) -> list[list[str]]:
    """Return the body rows of the HTML table with `caption`, groups left out."""
    page = lxml_html.parse(str(path)).getroot()
    rows = page.xpath(f"//table[caption='{caption}']/tbody/tr[not(@class='group')]")
    return [[cell.text_content() for cell in tr.xpath("th|td")] for tr in rows]


SUMMARY = "Performance month by month to 31 October 2026"
RATINGS = "Ratings by locality, and the latest benchmarks"


def test_the_monthly_summary_agrees_with_the_computed_table_row_by_row(
    monthly_pack: MonthlyPack,
) -> None:
    table, tables = monthly_pack.table, _word_tables(monthly_pack.docx)
    summary = [r for r in tables[SUMMARY] if len(r) > 1]
    ratings = [r for r in tables[RATINGS] if len(r) > 1]
    assert len(summary) == len(ratings) == 34  # the headings and 33 measures
    rows = [
        dict(zip(summary[0], m, strict=True)) | dict(zip(ratings[0], r, strict=True))
        for m, r in zip(summary[1:], ratings[1:], strict=True)
    ]
    for cells, (ident, title) in zip(
        rows, zip(MEASURES["id"], MEASURES["title"], strict=True), strict=True
    ):
        key = (ident, "Marlshire")
        assert cells["Measure"] == title
        assert cells["Oct 26"] == _figure(table, key, "value")
        assert cells["Sep 26"] == _figure(table, key, "previous_value")
        assert cells["YTD"] == _figure(table, key, "ytd_value")
        assert cells["Previous YTD"] == _figure(table, key, "previous_ytd_value")
        assert cells["DOT (month on month)"] == _arrow(table, key)
        for area in ("Marlshire", *LOCALITIES):
            assert cells[f"RAG: {area}"] == _rating(table, (ident, area)), (ident, area)
        for column, role in (
            ("Stat neigh avg", "neighbours"),
            ("Nat. avg", "national"),
            ("Nat. top quartile", "top_quartile"),
            ("East of England", "regional"),
        ):
            assert cells[column] == _figure(table, key, f"{role}_value"), (ident, column)
        best = table.loc[key, "best_neighbour_area"]
        expected = _figure(table, key, "best_neighbour_value") + (f" {best}" if best else "")
        assert cells["Best stat neigh"] == expected
    # The same rows in the HTML, and in the PDF's reading order.
    pdf_text = _pdf_text(monthly_pack.pdf)
    for caption, word in ((SUMMARY, summary), (RATINGS, ratings)):
        assert _html_rows(monthly_pack.html, caption) == word[1:]
        for cells in word[1:]:
            assert re.sub(r"\s+", " ", " ".join(cells)) in pdf_text, cells


def test_each_measure_page_agrees_with_the_computed_table(monthly_pack: MonthlyPack) -> None:
    table, tables = monthly_pack.table, _word_tables(monthly_pack.docx)
    for ident, title in zip(MEASURES["id"], MEASURES["title"], strict=True):
        rows = tables[f"{title}: October 2026 by locality"]
        assert rows[0] == [
            "Area",
            "Oct 26",
            "Sep 26",
            "DOT (month on month)",
            "Oct 25",
            "YTD",
            "RAG",
        ]
        assert [row[0] for row in rows[1:]] == ["Marlshire", *LOCALITIES]
        for row in rows[1:]:
            key = (ident, row[0])
            month_before = table.loc[key, "previous_period_end"] == "2026-09-30"
            assert row[1:] == [
                _figure(table, key, "value"),
                _figure(table, key, "previous_value") if month_before else "–",
                _arrow(table, key),
                _figure(table, key, "year_ago_value"),
                _figure(table, key, "ytd_value"),
                _rating(table, key),
            ], key


def test_the_localities_rug_agrees_with_the_computed_table(monthly_pack: MonthlyPack) -> None:
    table, tables = monthly_pack.table, _word_tables(monthly_pack.docx)
    titles = dict(zip(MEASURES["title"], MEASURES["id"], strict=True))
    rugs = [
        rows for caption, rows in tables.items() if caption.startswith("Marlshire's localities")
    ]
    checked = 0
    for rows in rugs:  # the appendix's table of each part of the rug: an area a row
        assert rows[0] == ["Area", "Figure", "Rating"]
        for row in rows[1:]:
            if len(row) == 1:  # "Contacts accepted as referrals (in month) (Oct 2026)"
                ident = titles[row[0].rsplit(" (", 1)[0]]
                continue
            key = (ident, row[0])
            rating = table.loc[key, "rating"]
            assert row[1:] == [
                _figure(table, key, "value"),
                RAG_WORDS.get(rating, "Not rated"),
            ], key
            checked += 1
    assert checked == 28 * 7  # every rated measure, for the county and its six localities


def _pdf_text(path: Path) -> str:
    """Return the PDF's text with runs of space and line breaks made one space."""
    document = pdfium.PdfDocument(path)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return re.sub(r"\s+", " ", text)


def test_small_locality_counts_are_hidden_in_the_public_pack(monthly_pack: MonthlyPack) -> None:
    raw = pd.read_csv(MARLSHIRE.parent / "observations.csv")
    small = raw[
        (raw["indicator"] == "CP-2YEARS")
        & (raw["period_end"] == "2026-10-31")
        & raw["value"].between(1, 5)
        & (raw["area"] != "Marlshire")
    ]
    assert len(small) >= 2  # the sample has small locality counts to hide
    tables = _word_tables(monthly_pack.docx)
    rows = tables[
        "Children subject to a child protection plan for more than 2 years: October 2026 by locality"
    ]
    shown = {row[0]: row[1] for row in rows[1:]}
    assert shown["Marlshire"] == format_value(
        float(monthly_pack.table.loc[("CP-2YEARS", "Marlshire"), "value"]), "count"
    )
    for area in small["area"]:
        assert shown[area] == "c"
        assert monthly_pack.table.loc[("CP-2YEARS", area), "missing"] == "c"
        assert monthly_pack.table.loc[("CP-2YEARS", area), "value"] == ""


def test_the_monthly_pack_has_its_parts_in_every_format(monthly_pack: MonthlyPack) -> None:
    text = _pdf_text(monthly_pack.pdf)
    for heading in (
        "Performance summary: Marlshire, October 2026",
        "Localities at a glance",
        "Weakest measures in each locality",
        "Measures month by month",
        "3.3 Assessments authorised within 45 working days",
        "Performance analysis: Assessments authorised within 45 working days",
    ):
        assert heading in text
    assert text.count("Indicators are not rated when") == 2  # once in each scheme's key
    document = docx.Document(str(monthly_pack.docx))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Localities at a glance" in headings
    assert sum(h[:1].isdigit() for h in headings) == 33  # a page per measure, by its ref
    rugs = [s._inline.docPr.get("descr", "") for s in document.inline_shapes]
    rugs = [descr for descr in rugs if "Weakest in each area" in descr]
    assert len(rugs) == 2  # the localities' rug of 28 rated measures, in two parts
    assert all(f"{area}: " in descr for descr in rugs for area in ("Marlshire", "West Vale"))


def test_the_monthly_pack_passes_the_accessibility_checkers(
    monthly_pack: MonthlyPack, tmp_path: Path
) -> None:
    assert pdfua_findings(monthly_pack.pdf) == []
    assert axe_violations(monthly_pack.html, tmp_path) == []


# Norfolk's December 2020 county summary (tests/data/norfolk_dec2020), built as published.
# Three of its 87 arrows go against its own rule (up is better, for the measure's polarity):
# 2.4 and 7.1b are low-is-good and fell, 8.1a is high-is-good and rose, yet each shows down.
NORFOLK_SLIPS = {"2.4": "↑", "7.1b": "↑", "8.1a": "↑"}
# And one arrow reports a change the figures do not show: 7.6a is 10.4% in both months (its
# unrounded ratios fell), so the pack, which compares the figures as shown, says the same.
NORFOLK_UNSHOWN = {"7.6a": "→"}


def test_norfolks_december_2020_arrows(tmp_path: Path) -> None:
    folder = REAL_DATA / "norfolk_dec2020"
    result = run_cli("build", folder / "report.yaml", "-o", tmp_path, "-f", "docx", "-f", "pdf")
    assert result.exit_code == 0, result.output
    # The pack opens with a landscape part: its first page is that part's, not a blank one,
    # and every page's foot names the pack.
    document = pdfium.PdfDocument(next(tmp_path.glob("*.pdf")))
    pages = [page.get_textpage().get_text_range() for page in document]
    document.close()
    assert pages[0].startswith("Performance summary: Norfolk, December 2020")
    assert all("Performance Summary (County): December 2020" in page for page in pages)
    table = _word_tables(next(tmp_path.glob("*.docx")))[
        "Performance month by month to 31 December 2020"
    ]
    dot = table[0].index("DOT (month on month)")
    shown = {row[1]: row[dot].split()[0] for row in table[1:] if len(row) > 1}
    with (folder / "arrows.csv").open(encoding="utf-8") as file:
        published = {row["ref"]: row["published"] for row in csv.DictReader(file)}
    assert len(published) == 87
    agree = {ref for ref, arrow in published.items() if shown[ref] == arrow}
    assert set(published) - agree == set(NORFOLK_SLIPS) | set(NORFOLK_UNSHOWN)
    assert {ref: shown[ref] for ref in NORFOLK_SLIPS} == NORFOLK_SLIPS
    assert {ref: shown[ref] for ref in NORFOLK_UNSHOWN} == NORFOLK_UNSHOWN


def _model_text(config_path: Path) -> str:
    """Return the pack a report.yaml builds, as the text renderer dumps it."""
    config = load_config(config_path)
    return render_text(build_pack(config, compute(config, load_dataset(config))))


def _summary_rows(text: str) -> dict[str, list[str]]:
    """Return the monthly summary's rows by Ref, as cells, from the model's text."""
    rows = [line.strip().strip("|").strip().split(" | ") for line in text.splitlines()]
    header = next(r for r in rows if r[:2] == ["Measure", "Ref"])
    return {r[1]: r for r in rows if len(r) == len(header) and r[0] != "Measure"}


def test_norfolk_without_decimals_is_shown_as_published(tmp_path: Path) -> None:
    """Without a decimals column, each figure is shown to the places it is written with,
    and no two figures shown alike are called better or worse."""
    folder = tmp_path / "norfolk"
    shutil.copytree(REAL_DATA / "norfolk_dec2020", folder)
    indicators = pd.read_csv(folder / "indicators.csv", dtype=str, keep_default_na=False)
    indicators.drop(columns="decimals").to_csv(folder / "indicators.csv", index=False)
    rows = _summary_rows(_model_text(folder / "report.yaml"))
    assert rows["7.2"][4:8] == ["64.3", "64.3", "63.6", "64.1"]  # a rate, as published
    assert rows["1.8"][4] == "17.3%"
    assert rows["1.1a"][4:8] == ["220", "241", "207", "226"]  # counts stay whole
    # 7.6a is worked out from its numerators and denominators: 1 place, as percentages are.
    assert rows["7.6a"][6:8] == ["10.4%", "10.4%"]
    dot = 11
    same = [ref for ref, row in rows.items() if row[6] == row[7]]
    assert {"1.2a", "7.6a"} <= set(same)
    assert {rows[ref][dot].split("\u00a0")[1] for ref in same} == {"Same"}
    assert all(
        rows[ref][dot].endswith(("Better", "Worse", "Higher", "Lower"))
        for ref in set(rows) - set(same)
        if rows[ref][dot] != "–"
    )


@pytest.fixture(scope="module")
def monthly_model() -> tuple[Computed, Pack]:
    config = load_config(MARLSHIRE)
    computed = compute(config, load_dataset(config))
    return computed, build_pack(config, computed)


def test_the_drafted_analysis_never_names_a_suppressed_figure(
    monthly_model: tuple[Computed, Pack],
) -> None:
    computed, pack = monthly_model
    places = {
        b.key: " ".join(line.text for line in b.lines)
        for s in pack.sections
        for b in s.blocks
        if isinstance(b, Narrative) and b.key.startswith("measure.")
    }
    assert len(places) == 33
    hidden = 0
    for indicator in computed.indicators:
        text = places[f"measure.{indicator.id}"]
        for area in computed.localities("Marlshire"):
            row = computed.row(indicator.id, area)
            assert row is not None
            if row.latest.missing:
                hidden += 1
                assert area not in text, (indicator.id, area, text)
    assert hidden >= 20  # the sample hides enough to test


def test_the_monthly_charts_keep_their_words_apart(monthly_model: tuple[Computed, Pack]) -> None:
    found: list[Chart] = []
    with_charts(monthly_model[1], lambda chart: found.append(chart) or chart)
    kinds = {type(chart.spec).__name__ for chart in found}
    assert kinds == {"TrendSpec", "ComparisonSpec", "TartanSpec"}
    assert [clash for chart in found for clash in text_clashes(chart.spec)] == []


def test_every_locality_ratings_reason_is_the_computed_tables(monthly_pack: MonthlyPack) -> None:
    table, tables = monthly_pack.table, _word_tables(monthly_pack.docx)
    titles = dict(zip(MEASURES["title"], MEASURES["id"], strict=True))
    rows = tables["Why each rating, by measure and locality"]
    assert rows[0] == ["Area", "Rating", "Why"]
    checked = 0
    for row in rows[1:]:
        if len(row) == 1:  # a measure's group
            ident = titles[row[0]]
            continue
        key = (ident, row[0])
        assert row[1:] == [_rating(table, key), table.loc[key, "rating_reason"]], key
        checked += 1
    assert checked == 28 * 7  # the rug's every cell


LOCALITY_INDICATORS = """\
    id,ref,title,theme,unit,polarity,kind,measure,decimals
    IN45,3.3,Assessments within 45 working days,Assessments,percent,high,target,flow,1
    CONTACTS,2.1,Contacts (in month),Contact & Referrals,count,low,tracker,flow,0
    """
LOCALITY_REPORT = textwrap.dedent(REPORT.format(audience="internal")) + textwrap.dedent("""\
    months: 2
    rating: {scheme: tolerance, tolerance: 2%}
    layout: [monthly_summary, locality_rug, measure_pages]
    """)
# The county's rows carry the target; its localities' do not. Contacts have no county rows.
LOCALITY_OBSERVATIONS = """\
    indicator,area,period_start,period_end,value,target
    IN45,Testshire,2025-05-01,2025-05-31,80.0,85
    IN45,Testshire,2025-06-01,2025-06-30,86.0,85
    IN45,North,2025-06-01,2025-06-30,90.0,
    IN45,South,2025-06-01,2025-06-30,70.0,
    IN45,East,2025-06-01,2025-06-30,84.0,
    CONTACTS,North,2024-06-01,2024-06-30,290,
    CONTACTS,South,2024-06-01,2024-06-30,290,
    CONTACTS,East,2024-06-01,2024-06-30,290,
    CONTACTS,North,2025-05-01,2025-05-31,310,
    CONTACTS,North,2025-06-01,2025-06-30,300,
    CONTACTS,South,2025-06-01,2025-06-30,280,
    CONTACTS,East,2025-06-01,2025-06-30,260,
    """


def test_localities_take_the_countys_target_and_a_missing_county_figure_is_explained(
    make_report: Callable[..., Path],
) -> None:
    report = make_report(
        report=LOCALITY_REPORT,
        indicators=LOCALITY_INDICATORS,
        observations=LOCALITY_OBSERVATIONS,
        **{"areas.csv": AREAS},
    )
    result = run_cli("validate", report)
    assert result.exit_code == 0, result.output
    assert (
        "warning: observations.csv:11: area: CONTACTS has figures for Testshire's localities for "
        "June 2025 but none for Testshire; add Testshire's own figure (the pack shows dashes "
        "for it until then)"
    ) in result.stderr
    assert run_cli("validate", report, "--strict").exit_code == 2
    text = _model_text(report)
    # Each locality is rated against the county's target, as the county is.
    assert "| North | Green [green] | Green: 90.0% is better than the target (85.0%).\n" in text
    assert (
        "| South | Red [red] | Red: 70.0% is 17.6% worse than the target (85.0%), beyond the 2% "
        "tolerance.\n"
    ) in text
    assert "| East | Amber [amber] | Amber: 84.0% is 1.2% worse than the target (85.0%)" in text
    assert "no target" not in text
    # The county's dashes for contacts say why, in the summary, the rug and the measure page.
    assert (
        "p: No figure for Testshire for June 2025: 2.1 Contacts (in month); its localities' "
        "figures are shown.\n"
    ) in text
    why = "Not rated: no figure for Testshire for June 2025."
    assert f"| Testshire | – | {why}\n" in text
    assert f"Testshire's rating: {why}\n" in text
