"""A wheel install must find the templates, styles and font without the source checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO


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
