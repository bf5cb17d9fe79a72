"""The lean SVG (reportgen/svg.py): each chart type drawn by WeasyPrint from it looks as from
matplotlib's own SVG, with far fewer elements, no stray ids, the same bytes every time."""

from __future__ import annotations

import base64
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from matplotlib.testing.compare import compare_images
from test_charts import SPECS
from weasyprint import HTML

from reportgen.charts import ChartSpec
from reportgen.model import Chart
from reportgen.plotting import render
from reportgen.render.html import inline_svg
from reportgen.svg import lean_svg

from conftest import program

RASTER_DPI = 150
SAME_PICTURE_RMS = 0.1
REFERENCE = re.compile(r'(?:href="#|url\(#)([^")]+)')


@pytest.fixture(scope="module")
def raw_svgs() -> dict[str, bytes]:
    """Each chart type as matplotlib writes it, before the lean step."""
    return {name: render(spec, ["svg"], lean=False)["svg"] for name, spec in SPECS.items()}


def _elements(svg: bytes) -> list[ElementTree.Element]:
    return list(ElementTree.fromstring(svg).iter())


def _ids(svg: bytes) -> list[str]:
    return [element.attrib["id"] for element in _elements(svg) if "id" in element.attrib]


def _raster(svg: bytes, spec: ChartSpec, folder: Path, name: str) -> Path:
    """Return the SVG drawn by WeasyPrint as an image on a page of its own size, rasterised."""
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    size = f"width: {spec.width_mm}mm; height: {spec.height_mm}mm"
    page = (
        f"<style>@page {{ size: {spec.width_mm}mm {spec.height_mm}mm; margin: 0 }}"
        f" body {{ margin: 0 }} img {{ display: block }}</style>"
        f'<img src="{uri}" alt="" style="{size}">'
    )
    pdf = folder / f"{name}.pdf"
    HTML(string=page).write_pdf(pdf)
    subprocess.run(
        [program("pdftoppm"), "-png", "-r", str(RASTER_DPI), "-singlefile", pdf, folder / name],
        check=True,
    )
    return folder / f"{name}.png"


@pytest.mark.parametrize("name", list(SPECS))
def test_the_lean_svg_draws_the_same_picture_in_the_pdf(
    name: str, raw_svgs: dict[str, bytes], tmp_path: Path
) -> None:
    raw = raw_svgs[name]
    expected = _raster(raw, SPECS[name], tmp_path, "raw")
    actual = _raster(lean_svg(raw), SPECS[name], tmp_path, "lean")
    # Both are drawn by the same WeasyPrint and poppler, so the same picture gives the same
    # pixels (it does, exactly); a lost clip or a changed line join measures 0.2 to 15.
    assert compare_images(str(expected), str(actual), tol=SAME_PICTURE_RMS) is None


@pytest.mark.parametrize("name", list(SPECS))
def test_the_lean_svg_has_far_fewer_elements(name: str, raw_svgs: dict[str, bytes]) -> None:
    raw, lean = raw_svgs[name], lean_svg(raw_svgs[name])
    assert len(_elements(lean)) <= 0.6 * len(_elements(raw))
    tags = [element.tag.split("}")[-1] for element in _elements(lean)]
    assert "metadata" not in tags and "style" not in tags and tags.count("defs") <= 1


@pytest.mark.parametrize("name", list(SPECS))
def test_every_id_left_is_referenced_and_every_reference_found(
    name: str, raw_svgs: dict[str, bytes]
) -> None:
    lean = lean_svg(raw_svgs[name])
    references = set(REFERENCE.findall(lean.decode("utf-8")))
    assert set(_ids(lean)) == references
    assert len(_ids(lean)) < len(_ids(raw_svgs[name]))


@pytest.mark.parametrize("name", list(SPECS))
def test_the_lean_step_is_deterministic_and_keeps_the_frame(
    name: str, raw_svgs: dict[str, bytes]
) -> None:
    raw = raw_svgs[name]
    lean = lean_svg(raw)
    assert lean == lean_svg(raw) == render(SPECS[name], ["svg"])["svg"]
    assert lean_svg(lean) == lean  # nothing more to take away
    root, lean_root = ElementTree.fromstring(raw), ElementTree.fromstring(lean)
    for name_ in ("width", "height", "viewBox"):
        assert lean_root.get(name_) == root.get(name_)
    assert lean_root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"rotate(-0 " not in lean and b"rotate(0 " not in lean


def test_chart_text_stays_text_in_the_lean_svg(raw_svgs: dict[str, bytes]) -> None:
    lean = lean_svg(raw_svgs["trend"]).decode("utf-8")
    assert ">England 67</text>" in lean
    assert len(re.findall("<text", lean)) == len(re.findall("<text", raw_svgs["trend"].decode()))


def test_the_lean_svg_inlines_with_ids_unique_in_the_page(raw_svgs: dict[str, bytes]) -> None:
    lean = lean_svg(raw_svgs["trend"]).decode("utf-8")
    chart = Chart("t", "alt", SPECS["trend"], svg=lean)
    markup = str(inline_svg(chart, "chart", "chart7-"))
    assert markup.startswith("<svg ") and "<?xml" not in markup
    ids = re.findall(r'\bid="([^"]+)"', markup)
    assert ids and all(i.startswith("chart7-") for i in ids)
    assert set(REFERENCE.findall(markup)) == set(ids)


CLIPPED = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="100pt" viewBox="0 0 100 100">'
    '<defs><clipPath id="c"><rect x="10" y="10" width="80" height="80"/></clipPath></defs>'
    '<g id="inside"><path d="M 20 20 L 80 80" clip-path="url(#c)" style="stroke: #000"/></g>'
    '<g id="edge"><path d="M 10 90 L 90 90" clip-path="url(#c)" style="stroke: #000"/></g>'
    "</svg>"
)


def test_clips_stay_and_bare_groups_go() -> None:
    lean = lean_svg(CLIPPED.encode("utf-8")).decode("utf-8")
    assert '<path d="M 20 20 L 80 80" clip-path="url(#c)" stroke="#000" />' in lean
    assert '<path d="M 10 90 L 90 90" clip-path="url(#c)" stroke="#000" />' in lean
    assert "<g" not in lean and lean.count('<clipPath id="c">') == 1


@pytest.mark.parametrize(
    "svg",
    [
        CLIPPED.replace("<defs>", "<defs><style>#inside path { stroke: red }</style>"),
        CLIPPED.replace('style="stroke: #000"', 'style="stroke: #000 !important"'),
        CLIPPED.replace("<defs>", '<foreign xmlns="urn:other"/><defs>'),
        "<svg this is not valid",
    ],
    ids=["stylesheet", "important", "foreign element", "not xml"],
)
def test_an_svg_it_does_not_understand_comes_back_unchanged(svg: str) -> None:
    assert lean_svg(svg.encode("utf-8")) == svg.encode("utf-8")
