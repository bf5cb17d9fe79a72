"""Work across processes: the same pack whatever --jobs, each worker's results in order and
its warnings and errors reported as the build's own."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reportgen.errors import InputError, Problem
from reportgen.logs import Kept
from reportgen.parallel import each, workers

from conftest import SAMPLE, run_cli

log = logging.getLogger("reportgen.test")


def doubled_with_a_warning(number: int) -> int:
    log.warning("figure %s looked odd", number)
    return number * 2


def engine_error(number: int) -> int:
    logging.getLogger("weasyprint").error("image %s could not be loaded", number)
    return number


def refused(number: int) -> int:
    raise InputError([Problem("observations.csv", f"value {number} is not a number", row=3)])


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_back_in_order_with_the_workers_warnings(jobs: int) -> None:
    kept = Kept(logging.WARNING)
    log.addHandler(kept)  # as the build counts its warnings
    try:
        with workers(jobs) as pool:
            assert each(pool, doubled_with_a_warning, range(5)) == [0, 2, 4, 6, 8]
    finally:
        log.removeHandler(kept)
    assert kept.messages == [f"figure {n} looked odd" for n in range(5)]


def test_the_pdf_engines_errors_in_a_worker_reach_the_builds_handlers() -> None:
    kept, engine = Kept(logging.ERROR), logging.getLogger("weasyprint")
    engine.addHandler(kept)  # as the PDF renderer and the tests watch WeasyPrint
    try:
        with workers(2) as pool:
            each(pool, engine_error, [3])
    finally:
        engine.removeHandler(kept)
    assert kept.messages == ["image 3 could not be loaded"]


def test_a_workers_error_is_raised_whole_in_the_build() -> None:
    with workers(2) as pool, pytest.raises(InputError) as raised:
        each(pool, refused, [7])
    assert raised.value.problems == (Problem("observations.csv", "value 7 is not a number", row=3),)


def test_jobs_is_a_whole_number_of_one_or_more(tmp_path: Path) -> None:
    result = run_cli("build", SAMPLE, "-o", tmp_path, "--jobs", "0")
    assert result.exit_code == 2
    assert "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1" in result.output
