"""Log records kept rather than shown: to count a build's warnings, to check the PDF
engine's errors, and to hand a worker's records back to the build."""

from __future__ import annotations

import logging


class Kept(logging.Handler):
    """Keeps each record at `level` or above."""

    def __init__(self, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def messages(self) -> list[str]:
        return [record.getMessage() for record in self.records]
