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


# 3. Batch folder names unique per council.


def test_two_councils_whose_names_give_one_folder_name_get_a_folder_each(
    tmp_path: Path,
) -> None:
    rows = OBSERVATIONS.replace("Testshire", "Test Shire").splitlines(keepends=True)
    twins = [row.replace("Test Shire", "Test-Shire") for row in rows[1:] if "Test Shire" in row]
    areas = "area,type,code\nTest Shire,la,E10000001\nTest-Shire,la,E10000002\nEngland,national,\n"
    report = REPORT.replace("Testshire", "Test Shire") + "  areas: areas.csv\n"
    project = make_project(
        tmp_path, report, **{"observations.csv": "".join(rows + twins), "areas.csv": areas}
    )
    command = ("batch", "report.yaml", "--areas", "all", "-o", "out", "-f", "html", "-j", "1")
    ran = run(project, *command)
    assert ran.code == 0, ran.stderr
    folders = sorted(p.name for p in (project / "out").iterdir() if p.is_dir())
    assert folders == ["test-shire-e10000001", "test-shire-e10000002"]
    for folder, name in zip(folders, ("Test Shire", "Test-Shire"), strict=True):
        html = (project / "out" / folder / "test-pack.html").read_text(encoding="utf-8")
        assert name in html


# 4. Resource options bounded; what a user typed echoed at a bounded length.


def test_more_jobs_than_cores_is_cut_to_the_cores_with_a_warning(project: Path) -> None:
    cores = len(os.sched_getaffinity(0))
    ran = run(project, "build", "report.yaml", "-o", "output", "-f", "html", "-j", "999")
    assert ran.code == 0
    plural = "s" if cores > 1 else ""
    assert ran.stderr.startswith(
        f"warning: --jobs 999 is more than the {cores} core{plural} here; using {cores} (more "
        "processes would only use more memory)\n"
    )


def test_a_long_value_is_echoed_cut_short(project: Path) -> None:
    typed = "x" * 100_000
    (project / "report.yaml").write_text(REPORT + f"layout: [front_sheet, {typed}]\n")
    ran = run(project, "validate", "report.yaml")
    assert ran.code == 2
    assert f"report.yaml: layout: '{'x' * 79}…' is not a part (allowed: " in ran.stderr
    assert len(ran.stderr) < 1_000


# 5. A part named twice in layout.


def test_a_part_named_twice_in_the_layout_is_refused(project: Path) -> None:
    layout = "[front_sheet, dashboards, scorecard, dashboards]"
    (project / "report.yaml").write_text(REPORT + f"layout: {layout}\n")
    ran = run(project, "validate", "report.yaml")
    assert ran.code == 2
    assert ran.stderr.strip() == (
        "error: report.yaml: layout: 'dashboards' is named twice (items 2 and 4); name each "
        "part once\n1 problem found; nothing was written."
    )
