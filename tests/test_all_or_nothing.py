"""A pack is all or nothing, one build at a time: builds killed at random moments, and builds
racing into one folder, never leave a mixed pack or a manifest that disagrees with the files
beside it."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.atomic import JOURNAL_NAME, exclusive
from reportgen.manifest import sha256

from conftest import OBSERVATIONS, run_cli

FORMATS = ("pdf", "docx", "html")


def build_process(config: Path, out: Path, cache: Path) -> subprocess.Popen[bytes]:
    """Start a build; what it says goes to a file beside its chart cache."""
    cache.mkdir(exist_ok=True)
    with open(cache / "stderr.txt", "wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "reportgen.cli", "build", str(config), "-o", str(out)],
            env={**os.environ, "REPORTGEN_CACHE_DIR": str(cache)},
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )


def assert_one_whole_pack(out: Path) -> dict[str, bytes]:
    """Check the folder holds one pack whose manifest matches every file beside it; return
    the visible files."""
    visible = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    assert set(visible) == {f"test-pack.{fmt}" for fmt in FORMATS} | {"test-pack.manifest.json"}
    manifest = json.loads(visible["test-pack.manifest.json"])
    outputs = {o["file"]: o["sha256"] for o in manifest["outputs"]}
    assert set(outputs) == {f"test-pack.{fmt}" for fmt in FORMATS}
    assert all(sha256(out / name) == digest for name, digest in outputs.items())
    return visible


def test_builds_killed_at_random_moments_leave_one_whole_pack(make_report, tmp_path) -> None:
    config = make_report()
    out = tmp_path / "out"
    assert run_cli("build", config, "-o", out).exit_code == 0
    chance = random.Random(11)  # the same moments every run
    for attempt in range(8):
        before = assert_one_whole_pack(out)
        # Each attempt's figures differ, so its pack differs from the one before.
        (tmp_path / "observations.csv").write_text(
            OBSERVATIONS.replace(
                "REREF,Testshire,2025-06-30,21", f"REREF,Testshire,2025-06-30,{30 + attempt}"
            )
        )
        build = build_process(config, out, tmp_path / "cache")
        time.sleep(chance.uniform(0.5, 4.0))
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
        with exclusive(out, "check"):  # as the next build begins: a killed rename finished
            after = assert_one_whole_pack(out)
        assert after == before or all(after[name] != before[name] for name in after), attempt


def test_a_second_build_into_the_same_folder_is_refused_while_the_first_writes(
    make_report, tmp_path
) -> None:
    config = make_report()
    out = tmp_path / "out"
    caches = [tmp_path / f"cache-{n}" for n in (1, 2)]
    builds = [build_process(config, out, cache) for cache in caches]
    results = [
        (build.wait(timeout=120), (cache / "stderr.txt").read_text())
        for build, cache in zip(builds, caches, strict=True)
    ]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 2]), results
    if codes == [0, 2]:
        refused = next(text for code, text in results if code == 2)
        assert "is being written by another reportgen build; run this again when" in refused
        assert "Traceback" not in refused
    assert_one_whole_pack(out)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_renames_a_killed_writer_began_are_finished_by_the_next(tmp_path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for name, text in (("a.pdf", "old"), ("a.docx", "old")):
        (folder / name).write_text(text)
    # Killed after renaming the PDF, before the Word file: its journal and one file remain.
    (folder / "a.pdf").write_text("new")
    (folder / ".a.docx.1.tmp").write_text("new")
    (folder / JOURNAL_NAME).write_text(
        json.dumps([[".a.pdf.1.tmp", "a.pdf"], [".a.docx.1.tmp", "a.docx"]])
    )
    with exclusive(folder, "build"):
        assert sorted(p.name for p in folder.iterdir()) == ["a.docx", "a.pdf"]
        assert {(folder / n).read_text() for n in ("a.pdf", "a.docx")} == {"new"}


def first_pack(
    config: Path, out: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> dict[str, bytes]:
    """Build a pack into `out`, then make the Word renderer fail with `error` after writing a
    few bytes; return the first pack's files."""
    assert run_cli("build", config, "-o", out).exit_code == 0
    monkeypatch.setattr(pipeline, "write_docx", FailingWriter(error))
    return {p.name: p.read_bytes() for p in out.iterdir()}


@dataclass(frozen=True)
class FailingWriter:
    """A Word renderer that fails after a few bytes; it pickles, to fail in a worker process."""

    error: Exception

    def __call__(self, pack: object, target: Path, template: bytes | None = None) -> None:
        target.write_bytes(b"half a document")
        raise self.error


def test_a_format_that_fails_leaves_the_previous_pack_exactly_as_it_was(
    make_report, tmp_path, monkeypatch
) -> None:
    config, out = make_report(), tmp_path / "out"
    before = first_pack(config, out, monkeypatch, RuntimeError("the Word renderer failed"))
    (tmp_path / "observations.csv").write_text(OBSERVATIONS.replace("21,,,", "25,,,"))
    with pytest.raises(RuntimeError, match="Word renderer failed"):
        pipeline.build(config, out)
    # The new PDF was made before the Word file failed, and still nothing changed.
    assert assert_one_whole_pack(out) == before


def test_a_full_disk_is_one_located_error_and_the_last_pack_stays(
    make_report, tmp_path, monkeypatch
) -> None:
    config, out = make_report(), tmp_path / "out"
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    before = first_pack(config, out, monkeypatch, full)
    result = run_cli("build", config, "-o", out)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (
        result.stderr == f"error: cannot write {out / 'test-pack.docx'}: No space left on device\n"
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
