"""HTML -> tagged PDF with WeasyPrint, fetching nothing but reportgen's own styles and fonts."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF writer, for the finisher
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from reportgen.errors import RenderError
from reportgen.logs import Kept
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


def _with_table_headers(document: Any, pdf: Any) -> None:
    """Give every table header cell its /Scope, and the structure tree the /IDTree its
    header cells' IDs need (ISO 32000-1, 14.7.2), so that every PDF/UA checker can tie a data
    cell to its headers. WeasyPrint 70 writes the IDs and the data cells' /Headers, but
    neither of these: https://github.com/Kozea/WeasyPrint/issues/2508. Remove this when it
    does."""
    objects = {item.number: item for item in pdf.objects if isinstance(item, pydyf.Object)}

    def parent(element: Any) -> Any:
        return objects[int(element["P"].split()[0])]

    ids: dict[str, bytes] = {}
    for element in objects.values():
        if isinstance(element, pydyf.Dictionary) and element.get("S") == "/TH":
            # A header in the table head heads its column; one in the body heads its row
            # (the templates' scope="row" and scope="rowgroup" cells).
            section = parent(parent(element)).get("S")
            element["A"]["Scope"] = "/Column" if section == "/THead" else "/Row"
            if "ID" in element:
                ids.setdefault(element["ID"].string, element.reference)
    if ids:
        root = objects[int(pdf.catalog["StructTreeRoot"].split()[0])]
        names = [item for key in sorted(ids) for item in (pydyf.String(key), ids[key])]
        root["IDTree"] = pydyf.Dictionary({"Names": pydyf.Array(names)})


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    """Return the "n 0 R" reference of each of the PDF's pages, made once for each count
    of pages. pydyf makes the whole tuple again at every look-up, and WeasyPrint's tagging
    looks it up for every tagged element, so a long pack took time growing with its pages
    times its elements (a section of 10,000 list items: a minute); reading it back from here
    keeps it in step with the pages. Remove this when pydyf keeps it itself."""
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_reportgen_page_references")
    if cached is None or cached[0] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = (len(kids), references)
        pdf.__dict__["_reportgen_page_references"] = cached
    return cached[1]  # type: ignore[no-any-return]


pydyf.PDF.page_references = property(_page_references)


def write_pdf(html: str, target: Path, strict: bool = False) -> None:
    """Write `html` as a tagged PDF/UA-1 file (document title shown, language set).

    WeasyPrint's error messages (an image it could not use, say) are reported as warnings;
    with `strict` they fail the build instead.
    """
    errors = Kept(logging.ERROR)
    engine_log = logging.getLogger("weasyprint")
    engine_log.addHandler(errors)
    try:
        document = HTML(
            string=html, base_url=styles_dir().as_uri() + "/", url_fetcher=StylesOnlyFetcher()
        )
        document.write_pdf(
            target, pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_with_table_headers
        )
    finally:
        engine_log.removeHandler(errors)
    for message in errors.messages:
        log.warning("PDF: %s", message)
    if strict and errors.messages:
        raise RenderError(
            f"the PDF engine reported {len(errors.messages)} error(s) and "
            "--strict treats them as failures"
        )
