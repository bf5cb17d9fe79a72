"""The Pack as HTML (jinja2): the page WeasyPrint turns into the PDF."""

from __future__ import annotations

import base64
from pathlib import Path

import jinja2
from markupsafe import Markup

from reportgen import theme
from reportgen.errors import RenderError
from reportgen.model import Block, Chart, Pack
from reportgen.render import block_name
from reportgen.resources import styles_dir, templates_dir


def environment(theme_dir: Path | None = None) -> jinja2.Environment:
    """Return the template environment: a user's theme folder first, then reportgen's templates."""
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
    return env


def svg_data_uri(chart: Chart) -> str:
    """Return a drawn chart's SVG as a data: URI, so the page needs no files beside it."""
    if not chart.svg:
        raise RenderError(f"chart {chart.title!r} was not drawn before rendering")
    return "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode("utf-8")).decode(
        "ascii"
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
    env = environment(theme_dir)
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
