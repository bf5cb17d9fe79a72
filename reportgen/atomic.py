"""Files written all or nothing, one writer at a time: each file goes to a hidden temporary
name beside its target, is synced to disk, and the set is renamed into place only once every
file of it is complete, so a failure (or a stopped build) leaves the previous files exactly as
they were; a lock keeps a second build, import or pull out of a folder being written."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path

from reportgen.errors import OutputError
from reportgen.parallel import each

Writer = Callable[[Path], object]
LOCK_NAME = ".reportgen.lock"
JOURNAL_NAME = ".reportgen-renames.json"  # the renames of a set being put in place


# Every file reportgen writes is first staged, and an old file set aside, under a name of
# this pattern (whatever the pack's title), so a killed writer's leftovers can be found.
TEMPORARY_PREFIX = ".reportgen-"
TEMPORARY_NAME = re.compile(r"\.reportgen-(\d+)-.+\.(tmp|old)")


def temporary_name(target: Path, kind: str = "tmp") -> Path:
    """Return the hidden name a file is written under until it is complete (or, as `old`,
    the name the file it replaces is set aside under until the set is in place)."""
    return target.with_name(f"{TEMPORARY_PREFIX}{os.getpid()}-{target.name}.{kind}")


class Staging:
    """The files of one all-or-nothing write, staged under their temporary names."""

    def __init__(self) -> None:
        self.staged: dict[Path, Path] = {}  # target -> temporary

    def write(self, target: Path, write: Writer) -> Path:
        """Write `target`'s content (via `write`, given the temporary path) and sync it to
        disk; return the path that holds it until the set is committed."""
        return self.write_all({target: write})[target]

    def write_all(
        self, writers: dict[Path, Writer], pool: Executor | None = None
    ) -> dict[Path, Path]:
        """Write each target as `write` does, at once across the pool's processes if given
        (the writers must then pickle); return each target's temporary path."""
        temporaries = {target: temporary_name(target) for target in writers}
        self.staged |= temporaries
        each(pool, _write_synced, [(writers[t], temporaries[t]) for t in writers])
        return temporaries


def _write_synced(job: tuple[Writer, Path]) -> None:
    write, temporary = job
    try:
        write(temporary)
        _sync_file(temporary)  # on disk before it is renamed into place
    except OSError as error:
        error.filename = error.filename or str(temporary)  # a full disk: where it was found
        raise


@contextmanager
def all_or_nothing() -> Iterator[Staging]:
    """Yield a Staging; rename its files into place when the block ends without error, and
    remove them all if anything fails. A file that cannot be written (a read-only folder, a
    full disk) is an OutputError naming it."""
    staging = Staging()
    try:
        yield staging
        _commit(staging.staged)
    except BaseException as error:
        for temporary in staging.staged.values():
            with contextlib.suppress(OSError):  # the folder may refuse this too
                temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            finals = {str(temporary): target for target, temporary in staging.staged.items()}
            being_written = list(staging.staged)[-1] if staging.staged else "a file"
            place = error.filename or being_written
            place = finals.get(str(place), place)  # the file the user knows, not its stand-in
            raise OutputError(f"cannot write {place}: {error.strerror or error}") from None
        raise


def _commit(staged: dict[Path, Path]) -> None:
    """Rename the staged files into place, all or none: every target is checked first, each
    old file is set aside before its new one takes its name, and a rename that fails has
    every one before it undone, in reverse. The renames are written down in a journal in
    their folder, so a process killed between two renames has them finished by the next
    writer there (see exclusive), never leaving half a set."""
    for target in staged:
        _check_target(target)
    folders = {target.parent for target in staged}
    # One rename is atomic already; a set in one folder is written down first.
    journal = next(iter(folders)) / JOURNAL_NAME if len(staged) > 1 and len(folders) == 1 else None
    if journal is not None:
        entries = [[temporary.name, target.name] for target, temporary in staged.items()]
        journal.write_text(json.dumps(entries), encoding="utf-8")
        _sync_file(journal)
    done: list[tuple[Path, Path, Path | None]] = []  # target, its staged file, the old one
    try:
        for target, temporary in staged.items():
            aside = None
            if target.exists() or target.is_symlink():
                aside = temporary_name(target, "old")
                os.replace(target, aside)
            done.append((target, temporary, aside))
            os.replace(temporary, target)
    except OSError as error:
        _undo(done)
        if journal is not None:
            journal.unlink(missing_ok=True)
        error.filename = str(done[-1][0]) if done else error.filename
        raise
    for folder in folders:
        _sync_folder(folder)
    if journal is not None:
        journal.unlink()
    for _, _, aside in done:
        if aside is not None:
            aside.unlink(missing_ok=True)


def _check_target(target: Path) -> None:
    """Refuse, before anything is renamed, a target a file cannot take the place of."""
    if target.is_dir() and not target.is_symlink():
        in_the_way = "a folder of that name is in the way (move or rename it)"
        raise OSError(errno.EISDIR, in_the_way, str(target))


def _undo(done: list[tuple[Path, Path, Path | None]]) -> None:
    """Put back, in reverse, the files the renames in `done` replaced."""
    for target, temporary, aside in reversed(done):
        with contextlib.suppress(OSError):  # the new file back to its stand-in, to be removed
            if not temporary.exists() and target.exists():
                os.replace(target, temporary)
        if aside is not None:
            with contextlib.suppress(OSError):
                os.replace(aside, target)


def remove_leftovers(folder: Path) -> None:
    """Remove the staged and set-aside files a killed writer left in `folder` (those of a
    process no longer running), whatever their pack's title."""
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            found = TEMPORARY_NAME.fullmatch(path.name)
            if found and not _running(int(found[1])) and path.is_file():
                path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    """Return whether a process `pid` is running (this one counts as not: its own staged
    files are not yet made when its lock is taken)."""
    if pid == os.getpid() or sys.platform == "win32":  # Windows: the folder's lock suffices
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _finish_interrupted_commit(folder: Path) -> None:
    """Finish the renames a killed writer had begun in `folder`, if its journal is there."""
    journal = folder / JOURNAL_NAME
    if not journal.is_file():
        return
    with contextlib.suppress(ValueError, OSError):  # an unfinished journal: nothing was renamed
        for temporary, target in json.loads(journal.read_text(encoding="utf-8")):
            if (folder / temporary).is_file() and "/" not in temporary + target:
                os.replace(folder / temporary, folder / target)
    _sync_folder(folder)
    journal.unlink()


def write_atomically(target: Path, write: Writer) -> None:
    """Write one file via a temporary name, so a failure leaves no half-written file."""
    with all_or_nothing() as staging:
        staging.write(target, write)


@contextmanager
def exclusive(folder: Path, what: str, wait: float = 0.0) -> Iterator[None]:
    """Hold `folder` for one writer: another reportgen writing there is refused with a clear
    message once `wait` seconds have passed. The folder itself is locked (a lock file on
    Windows), and the lock goes with the process, so a killed build leaves nothing behind."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = _open_for_locking(folder)
    except OSError as error:
        raise OutputError(f"cannot write into {folder}: {error.strerror or error}") from None
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(descriptor):
            if time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            raise OutputError(
                f"{folder} is being written by another reportgen {what}; run this again when "
                "it has finished"
            )
        _finish_interrupted_commit(folder)
        remove_leftovers(folder)  # after: the journal may name staged files still wanted
        yield
    finally:
        os.close(descriptor)


def _open_for_locking(folder: Path) -> int:
    if sys.platform == "win32":  # Windows cannot lock a folder: a file in it stands in
        return os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    return os.open(folder, os.O_RDONLY)


def _try_lock(descriptor: int) -> bool:
    """Take an exclusive lock without waiting; return whether it was had."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _sync_file(path: Path) -> None:
    with open(path, "rb") as written:
        os.fsync(written.fileno())


def _sync_folder(folder: Path) -> None:
    """Sync a folder's entries, so renames into it survive a power cut (POSIX only)."""
    if sys.platform == "win32":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
