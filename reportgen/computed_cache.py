"""The computed table kept between builds, keyed by what it is computed from (report.yaml, the
data tables, the date of the pack, and reportgen's own code), so that a rebuild after only the
officers' words changed computes nothing again. Like the chart cache it lives in the user's own
cache folder; an entry that cannot be read is computed afresh."""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path

import numpy
import pandas as pd

from reportgen import __version__
from reportgen.compute import Computed, compute
from reportgen.config import Config
from reportgen.paths import writable
from reportgen.validate import Dataset

KEPT = 8  # entries: enough for a few reports rebuilt in turn


def computed(config: Config, dataset: Dataset, folder: Path) -> Computed:
    """Return the computed table, from `folder` if these inputs were computed before."""
    path = folder / f"{_key(config)}.pickle"
    try:
        found = pickle.loads(path.read_bytes())  # the user's own cache, keyed by content
        if isinstance(found, Computed):
            os.utime(path)  # recently used: kept when older entries are pruned
            return found
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # not computed yet, or from a file that is not whole: compute it
    table = compute(config, dataset)
    writable(folder, folder.parent).mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)  # another build reading the cache never sees half a file
    _prune(folder)
    return table


def _key(config: Config) -> str:
    digest = hashlib.sha256(_code_key().encode("utf-8"))
    digest.update(config.generated.isoformat().encode("utf-8"))
    for path in (config.path, *config.data.values()):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def _code_key() -> str:
    """Return what, besides the inputs, decides the computed table: reportgen's code and the
    versions of what it computes with."""
    digest = hashlib.sha256(f"{__version__} {pd.__version__} {numpy.__version__}".encode())
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda path: path.stat().st_mtime, reverse=True)
    for stale in entries[KEPT:]:
        stale.unlink(missing_ok=True)
