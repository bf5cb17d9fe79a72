"""A wheel install must find the templates, styles and font without the source checkout."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import PROGRAM_PACKAGES, REPO


def test_the_wheel_carries_templates_styles_and_font(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(tmp_path),
        ],
        check=True,
    )
    [wheel] = tmp_path.glob("reportgen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for needed in (
        "reportgen/templates/pack.html",
        "reportgen/templates/blocks/chart.html",
        "reportgen/styles/print.css",
        "reportgen/styles/fonts/LiberationSans-Regular.ttf",
        "reportgen/styles/fonts/LICENSE-LiberationSans.txt",
    ):
        assert needed in names
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "from reportgen import resources; print(resources.templates_dir()); "
            "print(resources.font_file())",
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert found == [
        str(tmp_path / "site" / "reportgen" / "templates"),
        str(tmp_path / "site" / "reportgen" / "styles" / "fonts" / "LiberationSans-Regular.ttf"),
    ]


def test_the_readmes_test_command_installs_every_program_the_tests_run() -> None:
    """A fresh machine passes with what the README's test command installs: every program a
    test asks for (through conftest's `program`) comes from a Debian package that command
    installs, and .ci/run runs that very command."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    [command] = [
        line for line in readme.splitlines() if line.startswith("apt-get") and "pytest" in line
    ]
    installed = set(re.search(r"apt-get install -y ([^&]+)&&", command).group(1).split())
    asked = {
        name
        for path in (REPO / "tests").glob("*.py")
        for call in re.findall(r"program\(([^)]*)\)", path.read_text(encoding="utf-8"))
        for name in re.findall(r'"([\w.-]+)"', call)
    }
    assert {"pdftoppm", "chromium", "libreoffice"} <= asked
    assert not re.search(r"shutil\.which\(", _tests_text(without="conftest.py"))
    assert {
        name: PROGRAM_PACKAGES[name] for name in asked if PROGRAM_PACKAGES[name] not in installed
    } == {}
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def _tests_text(without: str) -> str:
    return "".join(
        path.read_text(encoding="utf-8")
        for path in (REPO / "tests").glob("*.py")
        if path.name != without
    )
