"""The project's exceptions, each with the exit status the command line gives it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in a user's input, located as a spreadsheet shows it."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        place = self.file if self.row is None else f"{self.file}:{self.row}"
        return (
            f"{place}: {self.column}: {self.message}" if self.column else f"{place}: {self.message}"
        )


class ReportgenError(Exception):
    """Base of reportgen's own errors; `exit_code` is what the command line exits with."""

    exit_code = 1


class InputError(ReportgenError):
    """Raised by loading and validation: the user's config or data is wrong; nothing was written."""

    exit_code = 2

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RenderError(ReportgenError):
    """Raised by a renderer when the document model holds something it cannot draw (a bug)."""

    exit_code = 1
