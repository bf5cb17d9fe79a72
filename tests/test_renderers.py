"""Every block type has an HTML template, a Word rule and a text rule; unknown blocks fail loudly."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from reportgen.charts import TrendSpec
from reportgen.errors import RenderError
from reportgen.model import (
    BLOCK_TYPES,
    BulletList,
    Chart,
    Heading,
    Pack,
    PageBreak,
    Paragraph,
    Section,
    Span,
    with_charts,
)
from reportgen.plotting import default_cache
from reportgen.render import block_name, docx, text
from reportgen.render.html import environment, inline_svg, render_block, render_html
from reportgen.resources import templates_dir


@pytest.mark.parametrize("block_type", BLOCK_TYPES, ids=lambda t: t.__name__)
def test_every_block_type_has_a_rule_in_every_renderer(block_type: type) -> None:
    name = block_name(block_type.__new__(block_type))
    assert (templates_dir() / "blocks" / f"{name}.html").is_file()
    assert name in docx.RULES
    assert name in text.RULES


def test_renderers_know_no_block_types_the_model_lacks() -> None:
    names = {block_name(t.__new__(t)) for t in BLOCK_TYPES}
    assert set(docx.RULES) == names == set(text.RULES)
    assert {p.stem for p in (templates_dir() / "blocks").glob("*.html")} == names


@dataclass(frozen=True)
class Mystery:
    text: str


def test_an_unknown_block_is_a_loud_error() -> None:
    pack = Pack("t", "s", "a", sections=(Section("x", (Mystery("?"),)),))  # type: ignore[arg-type]
    with pytest.raises(RenderError, match="no HTML template for block type Mystery"):
        render_html(pack)
    with pytest.raises(RenderError, match="no Word rule for block type Mystery"):
        docx.render_docx(pack)
    with pytest.raises(RenderError, match="no text rule for block type Mystery"):
        text.render_text(pack)


def test_html_escapes_user_text() -> None:
    html = render_block(environment(), Paragraph('<img src="file:///etc/passwd"> & co'))
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; &amp; co" in html


def test_html_carries_language_and_title() -> None:
    pack = Pack("Pack <title>", "subject", "author", sections=(Section("a", (Heading("H"),)),))
    html = render_html(pack)
    assert '<html lang="en-GB">' in html
    assert "<title>Pack &lt;title&gt;</title>" in html


def test_a_theme_folder_overrides_single_templates(tmp_path) -> None:
    (tmp_path / "blocks").mkdir()
    (tmp_path / "blocks" / "paragraph.html").write_text("<p class=mine>{{ block.text }}</p>")
    assert render_block(environment(tmp_path), Paragraph("x")) == "<p class=mine>x</p>"
    assert render_block(environment(tmp_path), Heading("y")).startswith("<h1>y</h1>")


def test_the_pdf_engine_reads_nothing_outside_reportgen_styles(tmp_path) -> None:
    from weasyprint.urls import FatalURLFetchingError

    from reportgen.render.pdf import StylesOnlyFetcher
    from reportgen.resources import font_file

    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    fetcher = StylesOnlyFetcher()
    for url in (secret.as_uri(), "http://127.0.0.1/", font_file().as_uri() + "/../../../x"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    response = fetcher.fetch(font_file().as_uri())
    assert response is not None


@pytest.fixture(scope="module")
def one_of_each_block(sample_model: Pack) -> dict[type, object]:
    """Return a drawn instance of every block type the sample pack has, and a page break."""
    drawn = with_charts(sample_model, default_cache().draw)
    found: dict[type, object] = {PageBreak: PageBreak(), Pack: drawn}
    for section in drawn.sections:
        for block in section.blocks:
            found.setdefault(type(block), block)
    return found


@pytest.mark.parametrize("block_type", BLOCK_TYPES, ids=lambda t: t.__name__)
def test_every_block_can_open_a_document(
    block_type: type, one_of_each_block: dict[type, object]
) -> None:
    # A block is never entitled to one before it: a council's name opened the front sheet
    # with a paragraph, and the Word rule looked for the block before it.
    block = one_of_each_block.get(block_type)
    assert block is not None, f"the sample pack has no {block_type.__name__}"
    pack = replace(one_of_each_block[Pack], sections=(Section("only", (block,)),))
    assert docx.render_docx(pack)
    assert render_html(pack)
    assert text.render_text(pack)


SPANS = (
    Span("Bold", strong=True),
    Span(" and "),
    Span("italic", emphasis=True),
    Span(" and a "),
    Span("link", href="https://example.org/"),
    Span(" in bold", strong=True, href="https://example.org/"),
    Span("\nafter a break"),
)


LINK_HTML = '<a href="https://example.org/">link<strong> in bold</strong></a><br>after a break'


@pytest.mark.parametrize(
    ("block", "html", "dump"),
    [
        (
            Paragraph("Bold and italic and a link in bold\nafter a break", SPANS),
            f"<p><strong>Bold</strong> and <em>italic</em> and a {LINK_HTML}</p>",
            "p: Bold and italic and a [link in bold](https://example.org/)\\nafter a break",
        ),
        (
            BulletList(("x", "two"), spans=(SPANS, (Span("two", href="mailto:a@example.org"),))),
            '<li><a href="mailto:a@example.org">two</a></li>\n</ul>',
            "- [two](mailto:a@example.org)",
        ),
        (
            BulletList(("x", "two"), numbered=True, spans=(SPANS, (Span("two"),))),
            f"<ol>\n  <li><strong>Bold</strong> and <em>italic</em> and a {LINK_HTML}</li>",
            "2. two",
        ),
        (BulletList(("one", "two"), numbered=True), "<ol>\n  <li>one</li>", "1. one"),
    ],
    ids=["paragraph-spans", "bullets-spans", "numbered-spans", "numbered"],
)
def test_every_block_can_open_a_document_with_spans_and_numbers(
    block: object, html: str, dump: str, one_of_each_block: dict[type, object]
) -> None:
    # The fields a council's own sections use (parts/sections.py): the sample has none.
    pack = replace(one_of_each_block[Pack], sections=(Section("only", (block,)),))
    assert docx.render_docx(pack)
    assert html in render_html(pack)
    assert dump in text.render_text(pack)


def test_an_inline_chart_is_a_named_image_with_its_own_ids_and_its_text_untouched() -> None:
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="10pt" height="5pt" viewBox="0 0 10 5">'
        '<metadata>rdf</metadata><defs><clipPath id="p1"/></defs><g clip-path="url(#p1)">'
        '<text>my id="3" url(#p1)</text></g></svg>'
    )
    chart = Chart(title="t", spec=TrendSpec("t", "", ()), alt_text='A "quoted" <alt>', svg=svg)
    assert inline_svg(chart, "chart", "c1-") == (
        '<svg viewBox="0 0 10 5" class="chart" role="img" aria-label="A &#34;quoted&#34; '
        '&lt;alt&gt;" style="width: 170mm; height: 46mm"><title>A &#34;quoted&#34; &lt;alt&gt;'
        '</title><defs><clipPath id="c1-p1"/></defs><g clip-path="url(#c1-p1)"><text>my '
        'id="3" url(#p1)</text></g></svg>'
    )
