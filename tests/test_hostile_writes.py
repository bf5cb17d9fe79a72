"""Hostile and careless writes, run as a user runs reportgen (a process of its own), each case
within 10 seconds and 500 MB: a pack is all or nothing even when a rename fails, every write
stays inside the project and output folders, and no option starts unbounded work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_hostile import MEGABYTES, SECONDS, Ran, run_bounded

from conftest import INDICATORS, OBSERVATIONS, REPORT

Snapshot = dict[str, bytes | None]


def snapshot(folder: Path, skip: tuple[str, ...] = ()) -> Snapshot:
    """Return every file under `folder` (None for a folder or a link), by relative path."""
    found: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if name.split(os.sep)[0] in skip:
            continue
        found[name] = None if path.is_dir() or path.is_symlink() else path.read_bytes()
    return found


def run(project: Path, *command: str) -> Ran:
    """Run reportgen in `project`, checking it kept within its time and memory and left
    everything beside the project (but its chart cache) as it was."""
    outside = project.parent
    before = snapshot(outside, skip=(project.name, "cache"))
    ran = run_bounded(project, command)
    assert ran.seconds < SECONDS and ran.megabytes < MEGABYTES, ran
    assert "Traceback" not in ran.stderr, ran.stderr
    assert snapshot(outside, skip=(project.name, "cache")) == before
    return ran


def make_project(tmp_path: Path, report: str = REPORT, **files: str) -> Path:
    """Return a small report's folder, inside a folder of its own (so what is beside it can
    be watched)."""
    project = tmp_path / "project"
    project.mkdir()
    texts = {"report.yaml": report, "indicators.csv": INDICATORS, "observations.csv": OBSERVATIONS}
    for name, text in (texts | files).items():
        (project / name).write_text(text, encoding="utf-8")
    return project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


BUILD = ("build", "report.yaml", "-o", "output", "-f", "docx", "-f", "html", "-j", "1")


# 1. All or nothing, even when a rename fails.


@pytest.mark.parametrize(
    "in_the_way", ["test-pack.docx", "test-pack.html", "test-pack.manifest.json"]
)
def test_a_folder_in_the_way_of_any_file_leaves_the_previous_pack_as_it_was(
    project: Path, in_the_way: str
) -> None:
    assert run(project, *BUILD).code == 0
    (project / "output" / in_the_way).unlink()
    (project / "output" / in_the_way).mkdir()  # a file of the previous pack is a folder now
    before = snapshot(project / "output")
    (project / "observations.csv").write_text(OBSERVATIONS.replace("21,,,", "25,,,"))
    ran = run(project, *BUILD)
    assert ran.code == 2
    assert ran.stderr.strip() == (
        f"error: cannot write {Path('output') / in_the_way}: a folder of that name is in the "
        "way (move or rename it)"
    )
    assert snapshot(project / "output") == before


def test_a_killed_builds_leftovers_are_removed_whatever_its_title(project: Path) -> None:
    assert run(project, *BUILD).code == 0
    output = project / "output"
    # A build of another title, killed (process 999999999 is not running) while it wrote.
    leftovers = [".reportgen-999999999-old-title.docx.tmp", ".reportgen-999999999-x.pdf.old"]
    for name in leftovers:
        (output / name).write_bytes(b"half a document")
    (output / ".reportgen-1-not-ours.txt").write_bytes(b"kept")  # not of the pattern
    assert run(project, *BUILD).code == 0
    hidden = sorted(p.name for p in output.iterdir() if p.name.startswith("."))
    assert hidden == [".reportgen-1-not-ours.txt"]


@pytest.mark.parametrize("failing", [1, 2, 3])
def test_a_rename_that_fails_has_every_rename_before_it_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    from reportgen import atomic
    from reportgen.errors import OutputError

    names = ("a.pdf", "a.docx", "a.manifest.json")
    for name in names:
        (tmp_path / name).write_text(f"old {name}")
    real_replace, calls = os.replace, []

    def replace(source: Path, target: Path) -> None:
        if Path(source).suffix == ".tmp":  # a new file taking its name
            calls.append(target)
            if len(calls) == failing:
                raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    failure = pytest.raises(OutputError, match=f"cannot write .*{names[failing - 1]}")
    with failure, atomic.all_or_nothing() as staging:
        for name in names:
            staging.write(tmp_path / name, lambda path: path.write_text("new"))
    assert snapshot(tmp_path) == {name: f"old {name}".encode() for name in names}


# 2. One containment rule for every write.


def test_a_history_folder_linked_outside_the_project_is_refused(tmp_path: Path) -> None:
    import docx
    from test_narrative import ROUND_TRIP_REPORT, type_into

    project = make_project(tmp_path, ROUND_TRIP_REPORT, **{"narrative.yaml": "{}\n"})
    assert run(project, *BUILD).code == 0
    document = docx.Document(str(project / "output" / "test-pack.docx"))
    type_into(document, "summary.issues", ["Officers' private words."])
    document.save(str(project / "edited.docx"))
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    (project / "narrative-history").symlink_to(elsewhere)
    ran = run(project, "narrative", "pull", "edited.docx", "--config", "report.yaml")
    assert ran.code == 2
    assert ran.stderr.strip() == (
        f"error: cannot write {project / 'narrative-history'}: it is a link to {elsewhere}, "
        f"outside {project} (make it a folder of its own, or name the folder it leads to "
        "instead)"
    )
    assert list(elsewhere.iterdir()) == []
    assert (project / "narrative.yaml").read_text() == "{}\n"


def test_an_output_folder_linked_outside_the_project_is_refused(project: Path) -> None:
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    (project / "output").symlink_to(elsewhere)
    ran = run(project, *BUILD)
    assert ran.code == 2
    assert ran.stderr.strip() == (
        f"error: cannot write output: it is a link to {elsewhere}, outside the current folder "
        "(make it a folder of its own, or name the folder it leads to instead)"
    )
    assert list(elsewhere.iterdir()) == []
