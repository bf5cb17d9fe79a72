"""Work shared between processes: the charts drawn in a pool, the PDF laid out while the Word
file is written.

Each piece of work is the same pure function of its input whichever process runs it, so a
pack has the same bytes whatever the number of jobs. Workers are forked where that is safe
(Linux), starting at once with reportgen already imported; elsewhere they are spawned. What a
worker logs comes back to the build's own log, so its warnings are counted and shown.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from reportgen.errors import RenderError
from reportgen.logs import Kept

T = TypeVar("T")
PR_SET_PDEATHSIG = 1  # prctl(2)
HANDED_BACK = ("reportgen", "weasyprint")  # the loggers whose records come back
Logged = tuple[Any, list[logging.LogRecord]]


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def bounded_jobs(asked: int | None) -> tuple[int | None, str]:
    """Return the number of processes to use for `asked` (None: one per core), at most one
    per core, and a warning to show where it was cut ("" if not)."""
    cores = default_jobs()
    if asked is None or asked <= cores:
        return asked, ""
    return cores, (
        f"--jobs {asked:,} is more than the {cores:,} core{'s' if cores > 1 else ''} here; "
        f"using {cores:,} (more processes would only use more memory)"
    )


@contextmanager
def workers(
    jobs: int, setup: Callable[..., None] | None = None, *arguments: Any
) -> Iterator[Executor | None]:
    """Yield a pool of `jobs` worker processes, started now, or None (work done in this
    process) for one; each worker first runs `setup(*arguments)`, if given (forked workers
    inherit the arguments rather than receive a copy). Start the pool before taking a
    folder's lock: a forked worker would hold it."""
    jobs = min(jobs, default_jobs())  # more processes than cores only costs memory
    if jobs <= 1:
        yield None
        return
    method = "fork" if sys.platform == "linux" else "spawn"
    with ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_start,
        initargs=(os.getpid(), setup, arguments),
    ) as pool:
        pool.submit(os.getpid).result()  # the forked workers start with the first task
        yield pool


@contextmanager
def stopped_on_failure(pool: Executor | None) -> Iterator[None]:
    """Stop the pool's workers at once if the block fails or is stopped, so that none goes on
    writing a file the build is removing."""
    try:
        yield
    except BaseException:
        # Python 3.14 has pool.kill_workers(); until then, its processes.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        raise


def _start(parent: int, setup: Callable[..., None] | None, arguments: tuple[Any, ...]) -> None:
    _end_with_parent(parent)
    if setup is not None:
        setup(*arguments)


def _end_with_parent(parent: int) -> None:
    """Have Linux stop this worker if the build that started it is killed (SIGKILL leaves a
    process no time to stop its workers itself)."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # it was killed before this line: end now
            os._exit(1)


def logged_call(function: Callable[..., Any], *arguments: Any) -> Logged:
    """Run `function` in a worker, keeping what it logs to hand back instead of showing it:
    reportgen's own records and the PDF engine's, which a build's handlers read."""
    kept = Kept()
    loggers = [logging.getLogger(name) for name in HANDED_BACK]
    saved = [(logger.handlers[:], logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.handlers[:], logger.propagate = [kept], False
    try:
        return function(*arguments), [_as_text(record) for record in kept.records]
    finally:
        for logger, (handlers, propagate) in zip(loggers, saved, strict=True):
            logger.handlers[:], logger.propagate = handlers, propagate


def _as_text(record: logging.LogRecord) -> logging.LogRecord:
    record.msg, record.args = record.getMessage(), None  # sent back as plain text
    return record


def result_of(future: Future[Logged]) -> Any:
    """Return a worker's result, its log replayed here; its error raised here."""
    try:
        result, records = future.result()
    except BrokenProcessPool:
        raise RenderError(
            "a worker process stopped before it finished (out of memory?); try again with --jobs 1"
        ) from None
    for record in records:
        logging.getLogger(record.name).handle(record)
    return result


def each(pool: Executor | None, function: Callable[[Any], T], items: Iterable[Any]) -> list[T]:
    """Return `function` of each item, in order: spread over the pool, or here without one."""
    if pool is None:
        return [function(item) for item in items]
    futures = [pool.submit(logged_call, function, item) for item in items]
    return [result_of(future) for future in futures]
