"""The project's exceptions, each with the exit status the command line gives it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from reportgen.limits import MAX_ECHO_CHARS


def echoed(value: object) -> str:
    """Return a value a user typed, quoted as Python shows it, cut to MAX_ECHO_CHARS with
    "…" where longer: a message names what was typed without repeating a pasted page."""

    def cut(text: str) -> str:
        return text if len(text) <= MAX_ECHO_CHARS else text[: MAX_ECHO_CHARS - 1] + "…"

    return repr(cut(value)) if isinstance(value, str) else cut(repr(value))


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in a user's input, located as a spreadsheet shows it.

    `kind` names what is wrong when the message differs from row to row (each UK date says how
    it was read), so that a column full of one mistake is said once; `rows` counts the rows."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    kind: str = ""
    rows: int = 1

    def __str__(self) -> str:
        place = self.file if self.row is None else f"{self.file}:{self.row}"
        text = (
            f"{place}: {self.column}: {self.message}" if self.column else f"{place}: {self.message}"
        )
        if self.rows > 1:
            more = self.rows - 1
            text += f" (and {more:,} more row{'s' if more > 1 else ''} like it)"
        return text


def collapsed(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Return the problems with each repeated one (same file, column and message, or kind, in
    other rows) said once, at its first row, with how many rows have it."""
    first: dict[tuple[str, str | None, str], Problem] = {}
    for problem in problems:
        key = (problem.file, problem.column, problem.kind or problem.message)
        seen = first.get(key)
        first[key] = problem if seen is None else replace(seen, rows=seen.rows + problem.rows)
    return tuple(first.values())


class ReportgenError(Exception):
    """Base of reportgen's own errors; `exit_code` is what the command line exits with."""

    exit_code = 1


class InputError(ReportgenError):
    """Raised by loading and validation: the user's config or data is wrong; nothing was written."""

    exit_code = 2

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = collapsed(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[InputError], tuple[tuple[Problem, ...]]]:
        return InputError, (self.problems,)  # whole, from a worker process


class RenderError(ReportgenError):
    """Raised by a renderer when the document model holds something it cannot draw (a bug)."""

    exit_code = 1


class OutputError(ReportgenError):
    """Raised when a file cannot be written (a read-only folder, a full disk) or its folder is
    being written by another reportgen; the previous files are left as they were."""

    exit_code = 2
