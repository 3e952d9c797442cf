"""Verdict badge shapes: the one drawing of each, for the web page and the share image alike.

A rating on the scale names one shape (`shape: half` in the rating scale). Each shape is a few
simple primitives in a 24 by 24 box, painted in two colours: `ink` (the mark) and `paper`
(what the mark is cut out of). The page's template turns the primitives into inline SVG and
`image()` paints them with Pillow, so the badge a reader sees on a page and on a share card is
the same drawing. Shapes differ in outline (disc, ring, half disc, octagon, triangle) and in
the mark inside (tick, cross, question mark, exclamation mark, bar), so colour is never the
only way to tell two ratings apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL import Image, ImageDraw

SIZE = 24  # the side of the box every shape is drawn in
CENTRE = SIZE / 2
Paint = Literal["ink", "paper"]
Point = tuple[float, float]


@dataclass(frozen=True)
class Disc:
    cx: float
    cy: float
    r: float
    paint: Paint = "ink"
    kind: str = "disc"


@dataclass(frozen=True)
class Ring:
    """A circle's outline: `r` is the middle of the stroke, `width` its thickness."""

    cx: float
    cy: float
    r: float
    width: float
    paint: Paint = "ink"
    kind: str = "ring"


@dataclass(frozen=True)
class LeftHalf:
    """The left half of a disc."""

    cx: float
    cy: float
    r: float
    paint: Paint = "ink"
    kind: str = "left-half"


@dataclass(frozen=True)
class Polygon:
    points: tuple[Point, ...]
    paint: Paint = "ink"
    kind: str = "polygon"


@dataclass(frozen=True)
class Stroke:
    """A line through `points`, with round ends and corners."""

    points: tuple[Point, ...]
    width: float
    paint: Paint = "ink"
    kind: str = "stroke"


Primitive = Disc | Ring | LeftHalf | Polygon | Stroke

RING_RADIUS, RING_WIDTH = 10.0, 2.2
MARK_WIDTH = 2.6  # ticks, crosses and bars


def _round(points: list[Point]) -> tuple[Point, ...]:
    return tuple((round(x, 2), round(y, 2)) for x, y in points)


def _regular_polygon(sides: int, radius: float, turn: float) -> tuple[Point, ...]:
    return _round(
        [
            (
                CENTRE + radius * math.cos(turn + 2 * math.pi * i / sides),
                CENTRE + radius * math.sin(turn + 2 * math.pi * i / sides),
            )
            for i in range(sides)
        ]
    )


def _arc(cx: float, cy: float, r: float, start: float, end: float, steps: int) -> list[Point]:
    """Points along a circle from `start` to `end` degrees (clockwise on screen, 0 = east)."""
    return [
        (
            cx + r * math.cos(math.radians(start + (end - start) * i / steps)),
            cy + r * math.sin(math.radians(start + (end - start) * i / steps)),
        )
        for i in range(steps + 1)
    ]


def _tick(paint: Paint) -> Stroke:
    return Stroke(_round([(7.0, 12.4), (10.6, 16.0), (17.2, 8.6)]), MARK_WIDTH, paint)


def _cross(paint: Paint, half: float = 4.2) -> tuple[Stroke, Stroke]:
    low, high = CENTRE - half, CENTRE + half
    return (
        Stroke(((low, low), (high, high)), MARK_WIDTH, paint),
        Stroke(((high, low), (low, high)), MARK_WIDTH, paint),
    )


def _question(paint: Paint) -> tuple[Stroke, Disc]:
    hook = [*_arc(12.0, 9.6, 3.4, 200.0, 395.0, 12), (12.0, 14.0)]
    return Stroke(_round(hook), 2.4, paint), Disc(12.0, 17.9, 1.45, paint)


def _ring() -> Ring:
    return Ring(CENTRE, CENTRE, RING_RADIUS, RING_WIDTH)


# Every shape a rating may use. The set is small and fixed so that each one stays distinct
# at the size of a line of text.
SHAPES: dict[str, tuple[Primitive, ...]] = {
    # a filled disc with a tick cut out: true
    "tick": (Disc(CENTRE, CENTRE, 11.2), _tick("paper")),
    # a ring around a tick: mostly true
    "tick-ring": (_ring(), _tick("ink")),
    # a ring, its left half filled: half true
    "half": (_ring(), LeftHalf(CENTRE, CENTRE, RING_RADIUS)),
    # a ring around a cross: mostly false
    "cross-ring": (_ring(), *_cross("ink")),
    # a filled octagon (a stop sign) with a cross cut out: false
    "cross": (Polygon(_regular_polygon(8, 11.8, math.pi / 8)), *_cross("paper", 4.4)),
    # a ring around a question mark: unproven
    "question": (_ring(), *_question("ink")),
    # a filled triangle with an exclamation mark cut out: misleading, missing context
    "exclamation": (
        Polygon(((12.0, 1.2), (23.2, 21.6), (0.8, 21.6))),
        Stroke(((12.0, 8.2), (12.0, 14.2)), MARK_WIDTH, "paper"),
        Disc(12.0, 17.8, 1.5, "paper"),
    ),
    # a ring around a bar: no evidence either way, or a rating with nothing to show
    "bar": (_ring(), Stroke(((7.0, 12.0), (17.0, 12.0)), MARK_WIDTH, "ink")),
}
# The shape names as a type, for the rating scale's settings.
Shape = Literal[tuple(SHAPES)]  # type: ignore[valid-type]


def primitives(shape: str) -> tuple[Primitive, ...]:
    return SHAPES[shape]


def left_half_path(half: LeftHalf) -> str:
    """SVG path data for a LeftHalf: from the top, round the left side to the bottom."""
    top, bottom = half.cy - half.r, half.cy + half.r
    return f"M{half.cx} {top}A{half.r} {half.r} 0 0 0 {half.cx} {bottom}Z"


def points_attribute(points: tuple[Point, ...]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


SUPERSAMPLE = 4  # drawn this many times larger, then scaled down: smooth edges from Pillow
Colour = str | int | tuple[int, ...]  # whatever Pillow's drawing takes for the image's mode


def image(shape: str, size: int, ink: str, paper: str | None = None) -> Image.Image:
    """The shape as a `size` x `size` RGBA image, with smooth edges; transparent where
    `paper` is None (then a cut-out shows whatever the image is pasted on)."""
    from PIL import Image, ImageDraw

    big = size * SUPERSAMPLE
    background: Colour = paper or (0, 0, 0, 0)
    canvas = Image.new("RGBA", (big, big), background)
    draw(ImageDraw.Draw(canvas), shape, (0, 0), big, ink, background)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def draw(
    pen: ImageDraw.ImageDraw,
    shape: str,
    at: tuple[float, float],
    size: float,
    ink: Colour,
    paper: Colour,
) -> None:
    """Paint the shape into an existing drawing, `size` pixels square with its top left corner
    at `at`, in the drawing's own colours (palette indices for a palette image): a share
    image draws its badge on its band this way, with ink the band's text colour and paper the
    band's colour, as the page's badge does."""
    for item in SHAPES[shape]:
        _paint(pen, item, at, size / SIZE, ink if item.paint == "ink" else paper)


def _paint(
    pen: ImageDraw.ImageDraw, item: Primitive, at: tuple[float, float], scale: float, colour: Colour
) -> None:
    left, top = at

    def point(x: float, y: float) -> tuple[float, float]:
        return left + x * scale, top + y * scale

    def box(cx: float, cy: float, r: float) -> list[float]:
        return [*point(cx - r, cy - r), *point(cx + r, cy + r)]

    if isinstance(item, Disc):
        pen.ellipse(box(item.cx, item.cy, item.r), fill=colour)
    elif isinstance(item, Ring):
        outer = box(item.cx, item.cy, item.r + item.width / 2)
        pen.ellipse(outer, outline=colour, width=round(item.width * scale))
    elif isinstance(item, LeftHalf):
        pen.pieslice(box(item.cx, item.cy, item.r), 90, 270, fill=colour)
    elif isinstance(item, Polygon):
        pen.polygon([point(x, y) for x, y in item.points], fill=colour)
    else:
        points = [point(x, y) for x, y in item.points]
        width = item.width * scale
        pen.line(points, fill=colour, width=round(width), joint="curve")
        for x, y in (points[0], points[-1]):  # round ends, as SVG's stroke-linecap="round"
            pen.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=colour)
