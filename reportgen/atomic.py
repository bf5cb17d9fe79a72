"""Files written all or nothing: each goes to a hidden temporary name beside its target and the
set is renamed into place only once every file of it is complete, so a failure (or a stopped
build) leaves the previous files exactly as they were."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

Writer = Callable[[Path], object]


def temporary_name(target: Path) -> Path:
    """Return the hidden name a file is written under until it is complete."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


class Staging:
    """The files of one all-or-nothing write, staged under their temporary names."""

    def __init__(self) -> None:
        self.staged: dict[Path, Path] = {}  # target -> temporary

    def write(self, target: Path, write: Writer) -> Path:
        """Write `target`'s content (via `write`, given the temporary path); return the path
        that holds it until the set is committed."""
        temporary = temporary_name(target)
        self.staged[target] = temporary
        write(temporary)
        return temporary


@contextmanager
def all_or_nothing() -> Iterator[Staging]:
    """Yield a Staging; rename its files into place when the block ends without error, and
    remove them all if anything fails."""
    staging = Staging()
    try:
        yield staging
        for target, temporary in staging.staged.items():
            os.replace(temporary, target)
    except BaseException:
        for temporary in staging.staged.values():
            temporary.unlink(missing_ok=True)
        raise


def write_atomically(target: Path, write: Writer) -> None:
    """Write one file via a temporary name, so a failure leaves no half-written file."""
    with all_or_nothing() as staging:
        staging.write(target, write)
