"""The command line as a user meets it: help, validate, build, exit codes, nothing half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE, run_cli


def test_help_lists_the_commands() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "validate" in result.output and "build" in result.output
    assert "committee performance pack" in result.output


def test_each_command_explains_itself() -> None:
    assert "every problem at once" in run_cli("validate", "--help").output
    build_help = run_cli("build", "--help").output
    assert "--format [pdf|docx|html]" in build_help
    assert "[default: output]" in " ".join(build_help.split())


def test_validate_accepts_the_sample() -> None:
    result = run_cli("validate", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "report.yaml: valid (48 indicators" in result.output
    assert "area Fernshire" in result.output


def test_build_writes_only_the_formats_asked_for(make_report, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("build", make_report(), "-o", out, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["test-pack.docx", "test-pack.manifest.json"]
    assert f"wrote {out / 'test-pack.docx'}" in result.output


def test_build_writes_pdf_docx_and_html_by_default(make_report, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", make_report(), "-o", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "test-pack.docx",
        "test-pack.html",
        "test-pack.manifest.json",
        "test-pack.pdf",
    ]
    assert (out / "test-pack.pdf").read_bytes().startswith(b"%PDF-")


def test_invalid_input_exits_2_and_writes_nothing(make_report, tmp_path: Path) -> None:
    config = make_report(
        observations="""\
        indicator,area,period_end,value
        REREF,Testshire,2025-09-30,abc
        """
    )
    out = tmp_path / "out"
    result = run_cli("build", config, "-o", out)
    assert result.exit_code == 2
    assert "observations.csv:2: value: 'abc' is not a number" in result.stderr
    assert "1 problem found; nothing was written." in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_failed_build_keeps_the_previous_good_pack(make_report, tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = make_report()
    assert run_cli("build", config, "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    make_report(observations="indicator,area,period_end,value\nREREF,Testshire,2025-09-30,x y\n")
    assert run_cli("build", config, "-o", out).exit_code == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_missing_config_file_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("validate", tmp_path / "nowhere.yaml")
    assert result.exit_code == 2
    assert "nowhere.yaml: file not found" in result.stderr


def test_strict_turns_warnings_into_failure(make_report) -> None:
    config = make_report(report=(Path(make_report()).read_text() + "colour: blue\n"))
    relaxed = run_cli("validate", config)
    assert relaxed.exit_code == 0
    assert "warning: report.yaml: colour: unknown key, ignored" in relaxed.stderr
    strict = run_cli("validate", "--strict", config)
    assert strict.exit_code == 2
    assert "--strict treats them as errors" in strict.stderr


@pytest.mark.parametrize(
    ("arguments", "unloaded"),
    [
        (["--help"], ("weasyprint", "matplotlib", "pandas", "docx")),
        (["validate", str(SAMPLE)], ("weasyprint", "matplotlib")),
    ],
)
def test_the_command_line_starts_without_the_heavy_libraries(
    arguments: list[str], unloaded: tuple[str, ...]
) -> None:
    """Help and validation load no PDF engine or plotting library: those wait for a build."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from reportgen.cli import main\n"
        "result = CliRunner().invoke(main, sys.argv[1:])\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(sorted(m for m in {unloaded!r} if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=True
    )
    assert run.stdout.strip().splitlines()[-1] == "[]"
