"""HTML -> tagged PDF with WeasyPrint, fetching nothing but reportgen's own styles and fonts."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from reportgen.resources import styles_dir


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


def write_pdf(html: str, target: Path) -> None:
    """Write `html` as a tagged PDF/UA-1 file (document title shown, language set)."""
    document = HTML(
        string=html, base_url=styles_dir().as_uri() + "/", url_fetcher=StylesOnlyFetcher()
    )
    document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True)
