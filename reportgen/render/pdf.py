"""HTML -> tagged PDF with WeasyPrint, fetching nothing but reportgen's own styles and fonts."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from reportgen.errors import RenderError
from reportgen.resources import styles_dir

log = logging.getLogger(__name__)


class StylesOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """A URL fetcher that reads data: URIs and files inside reportgen's styles folder, nothing else.

    The pack's HTML is built from users' text, so the PDF engine must not be able to read
    their files or the network whatever the text says.
    """

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if path.is_relative_to(styles_dir().resolve()):
                return super().fetch(url, headers)
        raise FatalURLFetchingError(f"reportgen does not fetch {url!r}")


class _ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_pdf(html: str, target: Path, strict: bool = False) -> None:
    """Write `html` as a tagged PDF/UA-1 file (document title shown, language set).

    WeasyPrint's error messages (an image it could not use, say) are reported as warnings;
    with `strict` they fail the build instead.
    """
    errors = _ErrorLog()
    engine_log = logging.getLogger("weasyprint")
    engine_log.addHandler(errors)
    try:
        document = HTML(
            string=html, base_url=styles_dir().as_uri() + "/", url_fetcher=StylesOnlyFetcher()
        )
        document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True)
    finally:
        engine_log.removeHandler(errors)
    for message in errors.messages:
        log.warning("PDF: %s", message)
    if strict and errors.messages:
        raise RenderError(
            f"the PDF engine reported {len(errors.messages)} error(s) and "
            "--strict treats them as failures"
        )
