"""Verdict badges: one drawing per shape, the same on the page (SVG) and on a share image
(Pillow), and every shape distinct from every other without colour."""

from __future__ import annotations

import itertools

import pytest
from bs4 import BeautifulSoup
from PIL import ImageChops

from factcheck import badges
from factcheck.package_data import BUILTIN_TEMPLATES
from factcheck.render import Renderer
from factcheck.settings import default_rating_scale

SVG_ELEMENTS = {
    "disc": "circle", "ring": "circle", "left-half": "path", "polygon": "polygon",
    "stroke": "polyline",
}  # fmt: skip


def silhouette(shape: str, size: int = 48) -> bytes:
    """The shape in black on white, as one greyscale byte per pixel: colour plays no part."""
    return badges.image(shape, size, "#000000", "#ffffff").convert("L").tobytes()


def test_every_shape_stays_inside_its_box() -> None:
    for shape, parts in badges.SHAPES.items():
        for part in parts:
            if isinstance(part, badges.Polygon | badges.Stroke):
                xs, ys = zip(*part.points, strict=True)
                reach = part.width / 2 if isinstance(part, badges.Stroke) else 0
                assert min(xs) - reach >= 0 and max(xs) + reach <= badges.SIZE, shape
                assert min(ys) - reach >= 0 and max(ys) + reach <= badges.SIZE, shape
            else:
                outer = part.r + (part.width / 2 if isinstance(part, badges.Ring) else 0)
                assert part.cx - outer >= 0 and part.cx + outer <= badges.SIZE, shape


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(sorted(badges.SHAPES), 2)))
def test_any_two_shapes_differ_in_black_and_white(a: str, b: str) -> None:
    """At 48 pixels, one pixel in twenty or more differs clearly between any two shapes."""
    differing = sum(abs(x - y) > 96 for x, y in zip(silhouette(a), silhouette(b), strict=True))
    assert differing > 48 * 48 / 20, (a, b, differing)


@pytest.mark.parametrize("shape", sorted(badges.SHAPES))
def test_a_shape_is_drawn_in_ink_on_paper(shape: str) -> None:
    image = badges.image(shape, 64, "#1b6e3a", "#ffffff").convert("RGB")
    colours = dict((colour, count) for count, colour in image.getcolors(64 * 64))
    assert colours.get((0x1B, 0x6E, 0x3A), 0) > 64 * 64 / 20  # ink
    assert colours.get((0xFF, 0xFF, 0xFF), 0) > 64 * 64 / 8  # and paper around it
    transparent = badges.image(shape, 64, "#1b6e3a")
    assert transparent.getpixel((0, 0))[3] == 0  # no paper: a clear background
    assert ImageChops.difference(image, transparent.convert("RGB")).getbbox() is not None


@pytest.mark.parametrize("shape", sorted(badges.SHAPES))
def test_the_pages_svg_draws_the_same_primitives(shape: str) -> None:
    renderer = Renderer([BUILTIN_TEMPLATES])
    svg = BeautifulSoup(renderer.badge_icon(shape), "html.parser").find("svg")
    assert svg["aria-hidden"] == "true"
    assert svg["viewbox"] == f"0 0 {badges.SIZE} {badges.SIZE}"
    drawn = [element.name for element in svg.find_all(True)]
    assert drawn == [SVG_ELEMENTS[part.kind] for part in badges.SHAPES[shape]]
    for element, part in zip(svg.find_all(True), badges.SHAPES[shape], strict=True):
        assert element["class"][0].startswith(f"fc-icon__{part.paint}")


def test_the_default_scale_gives_each_rating_its_own_shape() -> None:
    shapes = [rating.shape for rating in default_rating_scale()]
    assert len(set(shapes)) == len(shapes)
    assert set(shapes) <= set(badges.SHAPES)


@pytest.mark.parametrize("shape", sorted(badges.SHAPES))
def test_a_shape_paints_into_a_palette_image_at_its_place(shape: str) -> None:
    """How a share image draws the badge on its band: in the image's own palette indices,
    inside the square it is given and nowhere else."""
    from PIL import Image, ImageDraw

    band = Image.new("L", (200, 100), 7)  # 7: the band's colour
    badges.draw(ImageDraw.Draw(band), shape, (40, 20), 60, ink=1, paper=7)
    inked = [
        (x, y) for y in range(band.height) for x in range(band.width) if band.getpixel((x, y)) == 1
    ]
    assert len(inked) > 60 * 60 / 20
    assert all(40 <= x <= 100 and 20 <= y <= 80 for x, y in inked)
    assert {colour for _, colour in band.getcolors()} <= {1, 7}  # only the two it was given
