"""The Pack as HTML (jinja2): the page WeasyPrint turns into the PDF."""

from __future__ import annotations

import base64
import itertools
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from reportgen import theme
from reportgen.errors import RenderError
from reportgen.model import Block, Chart, Pack, links
from reportgen.render import block_name
from reportgen.resources import styles_dir, templates_dir


def environment(theme_dir: Path | None = None, inline_charts: bool = False) -> jinja2.Environment:
    """Return the template environment: a user's theme folder first, then reportgen's
    templates. `inline_charts` puts each chart's SVG in the page itself (the standalone
    page, where a browser shows chart text as text) rather than as an image."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(templates_dir())]
    if theme_dir is not None:
        loaders.insert(0, jinja2.FileSystemLoader(theme_dir))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals["svg_data_uri"] = svg_data_uri
    env.globals["inline_charts"] = inline_charts
    env.globals["links"] = links  # a paragraph's spans, a run per link (macros.html)
    numbers = itertools.count(1)
    env.globals["inline_svg"] = lambda chart, class_name: inline_svg(
        chart, class_name, f"chart{next(numbers)}-"
    )
    return env


def svg_data_uri(chart: Chart) -> str:
    """Return a drawn chart's SVG as a data: URI, so the page needs no files beside it."""
    if not chart.svg:
        raise RenderError(f"chart {chart.title!r} was not drawn before rendering")
    return "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode("utf-8")).decode(
        "ascii"
    )


SVG_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.S)  # the XML declaration and DOCTYPE
SVG_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)  # matplotlib's RDF
SVG_SIZE = re.compile(r'\s(width|height)="[^"]*"')
SVG_TAG = re.compile(r"<[^>]+>")
SVG_IDS = re.compile(r'(\bid="|url\(#|xlink:href="#|\bhref="#)([^")]+)')


def inline_svg(chart: Chart, class_name: str, prefix: str) -> Markup:
    """Return a drawn chart as an <svg> element for the page: an image to assistive
    technology, named by its alt text, its text selectable, its IDs made unique in the page.

    matplotlib writes the SVG, escaping every piece of text in it, so it is safe to inline."""
    if not chart.svg:
        raise RenderError(f"chart {chart.title!r} was not drawn before rendering")
    svg = SVG_METADATA.sub("", SVG_PROLOGUE.sub("", chart.svg))
    svg = SVG_TAG.sub(  # in tags only: chart text that reads id="..." stays as written
        lambda tag: SVG_IDS.sub(lambda m: m.group(1) + prefix + m.group(2), tag.group()), svg
    )
    start = svg.index(">") + 1
    opening = SVG_SIZE.sub("", svg[: start - 1])
    alt = escape(chart.alt_text)
    return Markup(
        f'{opening} class="{class_name}" role="img" aria-label="{alt}" style="width: '
        f'{chart.width_mm}mm; height: {chart.height_mm}mm"><title>{alt}</title>{svg[start:]}'
    )


def tokens_css(accent_colour: str = "") -> str:
    """Return the theme's design tokens as CSS custom properties.

    The accent colour is the one value that comes from a user; config.py admits only #RRGGBB.
    """
    tokens = {
        "text": theme.TEXT,
        "muted": theme.MUTED,
        "rule": theme.RULE,
        "accent": accent_colour or theme.ACCENT,
        "link": theme.LINK,
        "header-fill": theme.HEADER_FILL,
        "tile-fill": theme.TILE_FILL,
        "body-size": f"{theme.BODY_PT}pt",
        "table-size": f"{theme.TABLE_PT}pt",
        "small-size": f"{theme.SMALL_PT - 1}pt",
        **{f"h{level}-size": f"{size}pt" for level, size in theme.HEADING_PT.items()},
        **{f"rag-{name}-fill": style.fill for name, style in theme.RAG.items()},
        **{f"rag-{name}-text": style.text for name, style in theme.RAG.items()},
    }
    return ":root { " + " ".join(f"--{name}: {value};" for name, value in tokens.items()) + " }"


def render_block(env: jinja2.Environment, block: Block) -> Markup:
    """Return one block as HTML, from the template named after its type."""
    name = block_name(block)
    try:
        template = env.get_template(f"blocks/{name}.html")
    except jinja2.TemplateNotFound:
        raise RenderError(f"no HTML template for block type {type(block).__name__}") from None
    return Markup(template.render(block=block))


def render_html(pack: Pack, theme_dir: Path | None = None, standalone: bool = False) -> str:
    """Return the whole pack as one HTML document.

    For the PDF it links reportgen's stylesheets and bundled font (fetched by the PDF engine);
    `standalone` inlines the stylesheet instead and needs no other file or request.
    """
    env = environment(theme_dir, inline_charts=standalone)
    sections = [
        {
            "id": s.id,
            "landscape": s.landscape,
            "part": s.part,
            "html": Markup("\n").join(render_block(env, block) for block in s.blocks),
        }
        for s in pack.sections
    ]
    logo_uri = ""
    if pack.logo:
        media_type, data = pack.logo
        logo_uri = f"data:{media_type};base64," + base64.b64encode(data).decode("ascii")
    stylesheet = (styles_dir() / "print.css").read_text(encoding="utf-8") if standalone else ""
    return env.get_template("pack.html").render(
        pack=pack,
        sections=sections,
        standalone=standalone,
        logo_uri=logo_uri,
        stylesheet=Markup(stylesheet),
        tokens_css=Markup(tokens_css(pack.accent_colour)),
    )
