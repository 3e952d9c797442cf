"""Static share images (1200x630 PNG): the verdict and the claim, for social media cards.

Text is drawn in Factcheck Share Sans (fonts/, built from Noto by scripts/build_fonts.py):
Latin, Greek, Cyrillic, Arabic, Hebrew, Armenian and Georgian in one font, so each line is
laid out in one go and right-to-left text comes out in reading order. Arabic is joined and
Hebrew and Arabic run right to left only with Pillow's Raqm layout, which needs the FriBiDi
library on the machine; without it those cards are not drawn (see `share_image_problems`),
and every other card is drawn with Pillow's basic layout.

Drawing is fast because each card is drawn straight into a 16-colour palette image: pixel
values are palette indices, 0-9 running from white to near-black and 10-15 from the rating's
colour to white. Anti-aliased text drawn in index 9 on white, or 15 on the rating's colour,
blends into exactly the in-between shades, so no colour quantising is needed, and the PNG
stores 4 bits a pixel. The band, the label and the site's name are drawn once per rating
and copied for each claim.

The PNG is written here rather than by Pillow: every card of a rating shares the rows above
the claim, so they are packed and compressed once per rating, and each card compresses only
its own rows from a copy of that compressor. Encoding took a third of the time it did with
Pillow, and a whole card about two thirds (2.4 ms instead of 3.6 on the benchmark machine).

Each image is cached under a hash of everything drawn on it, the fonts, this code and the
libraries that lay out text: a rebuild draws only images whose claim, rating, font or layout
changed. The cache (cache.ContentCache) is outside the working tree, never read through a
link, and an image is used only when its content matches the hash it was stored with. Many
images are drawn in worker processes, one per core; each worker writes the images it draws
into the cache itself, through the same checks, and hands back only their paths (receiving
and storing 10,000 images had cost the build's own process several seconds).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import struct
import unicodedata
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import astuple, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import badges, paths
from .cache import CacheFolder, ContentCache, store
from .problems import Problem, Severity

if TYPE_CHECKING:  # workers import this module: keep them free of pydantic and the models
    from PIL import Image, ImageDraw, ImageFont

    from .site import Entry, Site

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "ShareSans-Regular.ttf"
BOLD = FONT_DIR / "ShareSans-Bold.ttf"
# Below this many images (about half a second's work in one process), worker processes gain
# little: each takes a tenth of a second to start, and far longer on a busy machine.
PARALLEL_MIN = 256

MARGIN = 64
BAND_HEIGHT = 184  # the rating's colour, with the badge and the label in white
BADGE_SIZE = 112
BADGE_GAP = 32
LABEL_SIZES = (88, 76, 64, 52, 44)  # the largest that fits the width is used
CLAIM_TOP, CLAIM_BOTTOM = BAND_HEIGHT + 44, 488
CLAIM_SIZES = (60, 52, 46, 40)  # the largest that shows the whole claim; else the last, cut
LINE_SPACING = 1.28
FOOTER_SIZE = 30
RULE_Y = 500
CLAIMANT_BASELINE, SITE_BASELINE = 552, 598
ELLIPSIS = "…"
CAP_HEIGHT = 0.714  # of the font size, for Noto Sans: centres the label in the band

# Palette indices: a ramp from white to INK, then one from the rating's colour to white.
INK = (17, 17, 17)
GREY_STEPS, BAND_STEPS = 10, 6
WHITE_INDEX, INK_INDEX = 0, GREY_STEPS - 1
BAND_INDEX, ON_BAND_INDEX = GREY_STEPS, GREY_STEPS + BAND_STEPS - 1
RIGHT_TO_LEFT = {"R", "AL"}


@dataclass(frozen=True)
class Card:
    """Everything drawn on one share image, as plain text: worker processes receive these."""

    label: str
    shape: str  # the rating's badge shape (badges.SHAPES)
    colour: str  # "#rrggbb"
    claim: str  # as it was made: drawn in quotation marks when all of it fits
    claimant: str
    site_name: str
    # The editor's shorter, faithful version: drawn, without quotation marks (it is not what
    # was said), when the claim itself would have to be cut.
    short: str = ""
    # The card's own words, in the site's language (from its catalogue).
    claimed_by: str = "Claimed by %(claimant)s"
    checked_by: str = "Fact-checked by %(site)s"
    quotes: tuple[str, str] = ("“", "”")  # around the claim as it was said

    @classmethod
    def of(cls, entry: Entry, site: Site) -> Card:
        _ = site.settings.i18n.gettext
        opening, _mark, closing = _("“%(claim)s”").partition("%(claim)s")
        return cls(
            label=entry.rating.label,
            shape=entry.rating.shape,
            colour=entry.rating.colour,
            claim=entry.claim.claim,
            claimant=entry.claim.claimant.name,
            site_name=site.settings.site_name,
            short=entry.claim.claim_short or "",
            claimed_by=_("Claimed by %(claimant)s"),
            checked_by=_("Fact-checked by %(site)s"),
            quotes=(opening, closing),
        )

    @property
    def claimant_line(self) -> str:
        return self.claimed_by % {"claimant": self.claimant}

    @property
    def site_line(self) -> str:
        return self.checked_by % {"site": self.site_name}

    def texts(self) -> tuple[str, ...]:
        return (self.label, self.claim, self.claimant_line, self.site_line, self.short)


def image_path(entry: Entry) -> str:
    return paths.share_image(entry.slug)


# --- what needs complex layout ----------------------------------------------------------------


@cache
def raqm_available() -> bool:
    """Pillow's Raqm layout: shaping (joined Arabic) and right-to-left order. Pillow's wheels
    carry Raqm and HarfBuzz but load FriBiDi from the system (Debian: libfribidi0)."""
    from PIL import features

    return bool(features.check("raqm"))


def is_right_to_left(text: str) -> bool:
    """The paragraph direction from the first strong character, as the Unicode bidi
    algorithm has it: Arabic or Hebrew first means right to left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return False
        if kind in RIGHT_TO_LEFT:
            return True
    return False


def opens_with_quote(text: str) -> bool:
    return bool(text) and (text[0] in "\"'„‚「『" or unicodedata.category(text[0]) == "Pi")


def needs_complex_layout(card: Card) -> bool:
    """True if the card has right-to-left or Arabic-joined text, which basic layout would draw
    backwards and unjoined."""
    return any(
        unicodedata.bidirectional(char) in {"R", "AL", "AN"}
        for text in card.texts()
        for char in text
    )


# --- cache keys ---------------------------------------------------------------------------------


@cache
def template_key(complex_layout: bool, fonts: tuple[Path, ...] = (REGULAR, BOLD)) -> str:
    """What every image depends on besides its own text: this drawing code, the font files,
    and the libraries and layout engine that turn text into pixels."""
    from PIL import __version__ as pillow_version
    from PIL import features

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for font in fonts:
        digest.update(hashlib.sha256(font.read_bytes()).digest())
    libraries = ["freetype2", *(["raqm", "harfbuzz", "fribidi"] if complex_layout else [])]
    versions = [pillow_version, *(str(features.version(name)) for name in libraries)]
    digest.update(json.dumps(["raqm" if complex_layout else "basic", versions]).encode())
    return digest.hexdigest()


def fingerprint(card: Card, template: str) -> str:
    data = json.dumps([template, *astuple(card)], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:24]


# --- drawing -----------------------------------------------------------------------------------


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _ramp(start: tuple[int, ...], end: tuple[int, ...], steps: int) -> list[int]:
    return [
        round(a + (b - a) * i / (steps - 1))
        for i in range(steps)
        for a, b in zip(start, end, strict=True)
    ]


def grey_index(rgb: tuple[int, int, int]) -> int:
    """The index on the white-to-ink ramp nearest a grey, for text lighter than INK."""
    return round((255 - rgb[0]) / (255 - INK[0]) * INK_INDEX)


@cache
def palette(colour: str) -> tuple[int, ...]:
    white = (255, 255, 255)
    return (*_ramp(white, INK, GREY_STEPS), *_ramp(_hex_rgb(colour), white, BAND_STEPS))


CLAIMANT_INDEX = grey_index((68, 68, 68))
SITE_INDEX = grey_index((85, 85, 85))
RULE_INDEX = grey_index((221, 221, 221))


class Painter:
    """Draws cards in one process, keeping fonts, word widths and backgrounds between them."""

    def __init__(self, complex_layout: bool) -> None:
        from PIL import ImageFont

        self.complex_layout = complex_layout
        self._engine = ImageFont.Layout.RAQM if complex_layout else ImageFont.Layout.BASIC
        self._fonts: dict[tuple[bool, int], ImageFont.FreeTypeFont] = {}
        self._widths: dict[tuple[bool, int, bool, str], float] = {}
        self._backgrounds: dict[tuple[str, str, str, str], Backdrop] = {}

    def font(self, bold: bool, size: int) -> ImageFont.FreeTypeFont:
        from PIL import ImageFont

        key = (bold, size)
        if key not in self._fonts:
            path = BOLD if bold else REGULAR
            self._fonts[key] = ImageFont.truetype(str(path), size, layout_engine=self._engine)
        return self._fonts[key]

    def _direction(self, rtl: bool) -> dict[str, str]:
        # Basic layout refuses a direction; it draws everything left to right.
        return {"direction": "rtl" if rtl else "ltr"} if self.complex_layout else {}

    def width(self, text: str, bold: bool, size: int, rtl: bool) -> float:
        key = (bold, size, rtl, text)
        if key not in self._widths:
            if len(self._widths) > 100_000:  # a huge archive: keep memory flat
                self._widths.clear()
            font = self.font(bold, size)
            self._widths[key] = font.getlength(text, **self._direction(rtl))
        return self._widths[key]

    # -- fitting text to a width

    def _fitting_prefix(
        self, text: str, suffix: str, bold: bool, size: int, rtl: bool, room: float
    ) -> int:
        """The length of the longest start of `text` that fits before `suffix` (at least 1)."""
        low, high = 1, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self.width(text[:middle] + suffix, bold, size, rtl) <= room:
                low = middle
            else:
                high = middle - 1
        return low

    def _split_long_word(
        self, word: str, bold: bool, size: int, rtl: bool, room: float
    ) -> list[str]:
        """A word wider than the line, cut into pieces that each fit (hostile or URL-like)."""
        pieces = []
        while word:
            length = self._fitting_prefix(word, "", bold, size, rtl, room)
            pieces.append(word[:length])
            word = word[length:]
        return pieces

    def wrap(self, text: str, bold: bool, size: int, rtl: bool, room: float) -> list[str]:
        """Lines no wider than `room` pixels, breaking at spaces (measured, not counted)."""
        space = self.width(" ", bold, size, rtl)
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        for word in text.split():
            wide = self.width(word, bold, size, rtl)
            if wide > room:
                if current:
                    lines.append(" ".join(current))
                *full, last = self._split_long_word(word, bold, size, rtl, room)
                lines.extend(full)
                current, used = [last], self.width(last, bold, size, rtl)
            elif current and used + space + wide > room:
                lines.append(" ".join(current))
                current, used = [word], wide
            else:
                used += (space if current else 0) + wide
                current.append(word)
        if current:
            lines.append(" ".join(current))
        return lines

    def shorten(self, line: str, suffix: str, bold: bool, size: int, rtl: bool, room: float) -> str:
        """As much of `line` as fits before `suffix`, cut after a word when one ends near."""
        if self.width(line + suffix, bold, size, rtl) <= room:
            return line + suffix
        kept = line[: self._fitting_prefix(line, suffix, bold, size, rtl, room)]
        word_end = kept.rfind(" ")
        if word_end >= len(kept) * 2 // 3:  # else a long word: better cut than dropped whole
            kept = kept[:word_end]
        return kept.rstrip() + suffix

    def one_line(
        self, text: str, bold: bool, sizes: Sequence[int], rtl: bool, room: float
    ) -> tuple[str, int]:
        """The largest size at which `text` fits on one line, else the smallest, shortened."""
        text = " ".join(unicodedata.normalize("NFC", text).split())
        for size in sizes:
            if self.width(text, bold, size, rtl) <= room:
                return text, size
        size = sizes[-1]
        return self.shorten(text, ELLIPSIS, bold, size, rtl, room), size

    def claim_lines(
        self, claim: str, rtl: bool, room: float, short: str = "",
        quotes: tuple[str, str] = ("“", "”"),
    ) -> tuple[list[str], int]:  # fmt: skip
        """The claim in quotation marks (unless it brings its own), in the largest size that
        shows all of it; else the shorter version, unquoted; else the claim in the smallest
        size, cut short with an ellipsis."""
        text = " ".join(claim.split())
        opening, closing = quotes
        close = "" if opens_with_quote(text) else closing
        text = text if opens_with_quote(text) else f"{opening}{text}{closing}"
        for size in CLAIM_SIZES:
            lines = self.wrap(text, False, size, rtl, room)
            if len(lines) <= self._max_lines(size):
                return lines, size
        if short:
            for size in CLAIM_SIZES:
                short_lines = self.wrap(" ".join(short.split()), False, size, rtl, room)
                if len(short_lines) <= self._max_lines(size):
                    return short_lines, size
        # Too long even in the smallest size (the last tried): keep what fits, mark the cut.
        lines = lines[: self._max_lines(size)]
        lines[-1] = self.shorten(lines[-1], ELLIPSIS + close, False, size, rtl, room)
        return lines, size

    @staticmethod
    def _max_lines(size: int) -> int:
        return max(1, int((CLAIM_BOTTOM - CLAIM_TOP) // (size * LINE_SPACING)))

    # -- drawing

    def _text(
        self, pen: ImageDraw.ImageDraw, baseline: float, text: str, bold: bool, size: int,
        fill: int, rtl: bool | None = None, indent: float = 0,
    ) -> None:  # fmt: skip
        """One line on a baseline: from the left margin, or the right one if right to left,
        `indent` pixels further in."""
        rtl = is_right_to_left(text) if rtl is None else rtl
        x, anchor = (WIDTH - MARGIN - indent, "rs") if rtl else (MARGIN + indent, "ls")
        font = self.font(bold, size)
        pen.text((x, baseline), text, fill=fill, font=font, anchor=anchor, **self._direction(rtl))

    def background(self, card: Card) -> Image.Image:
        """The band with the rating's label, the rule and the site's name: the same for every
        claim with this rating, so drawn once and copied."""
        return self._backdrop(card).image

    def _backdrop(self, card: Card) -> Backdrop:
        from PIL import Image, ImageDraw

        key = (card.label, card.shape, card.colour, card.site_line)
        if key not in self._backgrounds:
            image = Image.new("L", (WIDTH, HEIGHT), WHITE_INDEX)
            pen = ImageDraw.Draw(image)
            pen.rectangle((0, 0, WIDTH, BAND_HEIGHT - 1), fill=BAND_INDEX)
            # The rating's badge, the same shape readers see on the page, leads the label (on
            # the right for a right-to-left label), so colour is never the only signal.
            rtl = is_right_to_left(card.label)
            left = WIDTH - MARGIN - BADGE_SIZE if rtl else MARGIN
            top = (BAND_HEIGHT - BADGE_SIZE) / 2
            badges.draw(pen, card.shape, (left, top), BADGE_SIZE, ON_BAND_INDEX, BAND_INDEX)
            indent = BADGE_SIZE + BADGE_GAP
            room = WIDTH - 2 * MARGIN - indent
            label, size = self.one_line(card.label, True, LABEL_SIZES, rtl, room)
            baseline = (BAND_HEIGHT + CAP_HEIGHT * size) / 2
            self._text(pen, baseline, label, True, size, ON_BAND_INDEX, rtl, indent)
            pen.rectangle((MARGIN, RULE_Y, WIDTH - MARGIN, RULE_Y + 1), fill=RULE_INDEX)
            site = card.site_line
            rtl = is_right_to_left(site)
            site, size = self.one_line(site, False, (FOOTER_SIZE,), rtl, room)
            self._text(pen, SITE_BASELINE, site, False, size, SITE_INDEX)
            self._backgrounds[key] = Backdrop(image, palette(card.colour))
        return self._backgrounds[key]

    def _strips(self, card: Card) -> tuple[Image.Image, Image.Image]:
        """The claim and the claimant's line, each drawn in its own strip of the background,
        so no stacked accents or tall glyphs in hostile text can reach into the band, the rule
        or the site's name."""
        from PIL import ImageDraw

        background = self.background(card)
        room = WIDTH - 2 * MARGIN
        claim_strip = background.crop(CLAIM_STRIP)
        pen = ImageDraw.Draw(claim_strip)
        claim = unicodedata.normalize("NFC", card.claim)
        rtl = is_right_to_left(claim)
        short = unicodedata.normalize("NFC", card.short)
        lines, size = self.claim_lines(claim, rtl, room, short, card.quotes)
        step = size * LINE_SPACING
        baseline = CLAIM_TOP - CLAIM_STRIP[1] + (step + CAP_HEIGHT * size) / 2
        for line in lines:
            self._text(pen, baseline, line, False, size, INK_INDEX, rtl)
            baseline += step

        claimant_strip = background.crop(CLAIMANT_STRIP)
        claimant = unicodedata.normalize("NFC", card.claimant_line)
        rtl = is_right_to_left(claimant)
        text, size = self.one_line(claimant, False, (FOOTER_SIZE,), rtl, room)
        self._text(ImageDraw.Draw(claimant_strip), CLAIMANT_BASELINE - CLAIMANT_STRIP[1], text,
                   False, size, CLAIMANT_INDEX)  # fmt: skip
        return claim_strip, claimant_strip

    def draw(self, card: Card) -> Image.Image:
        """The card as an image (the PNG, from `png`, holds exactly these pixels)."""
        image = self.background(card).copy()
        claim_strip, claimant_strip = self._strips(card)
        image.paste(claim_strip, CLAIM_STRIP[:2])
        image.paste(claimant_strip, CLAIMANT_STRIP[:2])
        image.putpalette(palette(card.colour))
        return image

    def png(self, card: Card) -> bytes:
        backdrop = self._backdrop(card)
        claim_strip, claimant_strip = self._strips(card)
        return backdrop.png(_png_rows(claim_strip), _png_rows(claimant_strip))


# The strips each card draws on (left, top, right, bottom); the rest is its rating's backdrop.
CLAIM_STRIP = (0, BAND_HEIGHT, WIDTH, RULE_Y)
CLAIMANT_STRIP = (0, RULE_Y + 2, WIDTH, SITE_BASELINE - FOOTER_SIZE)
_ROW_BYTES = (WIDTH + 1) // 2  # 4 bits a pixel
# zlib's fastest level: text takes most of a card's time, and higher levels saved little (a
# tenth smaller at level 2 took a tenth longer)
_DEFLATE = (1, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY)


def _png_rows(image: Image.Image) -> bytes:
    """PNG scanlines of an image of palette indices ("L", 0-15): filter type 0 (none), then
    4-bit pixels."""
    packed = image.tobytes("raw", "L;4")
    return b"".join(
        b"\0" + packed[start : start + _ROW_BYTES] for start in range(0, len(packed), _ROW_BYTES)
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


class Backdrop:
    """One rating's background, with its PNG scanlines ready: the rows above the claim are
    compressed once, and each card's stream continues from a copy of that compressor."""

    def __init__(self, image: Image.Image, colours: tuple[int, ...]) -> None:
        self.image = image
        self._header = (
            b"\x89PNG\r\n\x1a\n"
            + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0))
            + _png_chunk(b"PLTE", bytes(colours))
        )
        rows = _png_rows(image)
        line = _ROW_BYTES + 1

        def between(top: int, bottom: int) -> bytes:
            return rows[top * line : bottom * line]

        self._between = between(CLAIM_STRIP[3], CLAIMANT_STRIP[1])  # the rule
        self._below = between(CLAIMANT_STRIP[3], HEIGHT)  # the site's name
        self._deflate = zlib.compressobj(*_DEFLATE)
        self._compressed_head = self._deflate.compress(between(0, CLAIM_STRIP[1]))

    def png(self, claim_rows: bytes, claimant_rows: bytes) -> bytes:
        deflate = self._deflate.copy()
        data = b"".join((
            self._compressed_head,
            deflate.compress(claim_rows),
            deflate.compress(self._between),
            deflate.compress(claimant_rows),
            deflate.compress(self._below),
            deflate.flush(),
        ))  # fmt: skip
        return self._header + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b"")


# --- every image of a site ---------------------------------------------------------------------

_painter: Painter | None = None  # one per process: a worker keeps its fonts between images


def _painter_for(complex_layout: bool) -> Painter:
    global _painter
    if _painter is None or _painter.complex_layout != complex_layout:
        _painter = Painter(complex_layout)
    return _painter


def render_card(card: Card, complex_layout: bool | None = None) -> bytes:
    """The PNG of one card; `complex_layout` defaults to Raqm when this machine has it."""
    layout = raqm_available() if complex_layout is None else complex_layout
    return _painter_for(layout).png(card)


class DrawJob(NamedTuple):
    card: Card
    complex_layout: bool
    folder: str  # the cache's folder
    key: str  # the card's cache key


_cache_folders: dict[str, CacheFolder] = {}  # one per cache, per process


def _draw_into_cache(job: DrawJob) -> str:
    """Draw a card and store it in the cache; its file's path."""
    png = render_card(job.card, job.complex_layout)
    folder = _cache_folders.get(job.folder)
    if folder is None:
        folder = _cache_folders[job.folder] = CacheFolder(Path(job.folder))
    return str(store(folder, job.key, png, ".png"))


def _drawable(card: Card, complex_layout: bool) -> bool:
    return complex_layout or not needs_complex_layout(card)


@dataclass
class ShareImagePlan:
    """The share images a site needs: those already in the cache, and the cards still to draw
    (each once, for every claim that shows the same card)."""

    cache: ContentCache
    layout: bool
    images: dict[str, Path]  # site path -> cached PNG
    missing: dict[str, tuple[Card, list[str]]]  # cache key -> card, its site paths

    @property
    def site_paths(self) -> set[str]:
        return {*self.images, *(p for _card, paths in self.missing.values() for p in paths)}

    def draw(self, workers: int | None = None, beside_build: bool = False) -> dict[str, Path]:
        """Draw what is missing into the cache; site path -> cached PNG for every image.
        `beside_build`: see draw_all."""
        folder = str(self.cache.folder.path)
        jobs = [DrawJob(card, self.layout, folder, key) for key, (card, _) in self.missing.items()]
        drawn = draw_all(jobs, workers, beside_build)
        images = dict(self.images)
        for (key, (_card, site_paths)), path in zip(self.missing.items(), drawn, strict=True):
            stored = Path(path)
            self.cache.adopt(key, stored)
            for site_path in site_paths:
                images[site_path] = stored
        return images


def plan_share_images(
    site: Site, cache_dir: Path, *, complex_layout: bool | None = None
) -> ShareImagePlan:
    """Which images the cache holds and which must be drawn. `complex_layout`: Raqm layout
    (default: when this machine has it); without it, cards with right-to-left text are left
    out, as `share_image_problems` reports."""
    layout = raqm_available() if complex_layout is None else complex_layout
    template = template_key(layout)
    plan = ShareImagePlan(ContentCache(cache_dir, ".png"), layout, {}, {})
    for entry in site.entries:
        card = Card.of(entry, site)
        if not _drawable(card, layout):
            continue
        key = fingerprint(card, template)
        if (cached := plan.cache.get(key)) is not None:
            plan.images[image_path(entry)] = cached
        else:
            plan.missing.setdefault(key, (card, []))[1].append(image_path(entry))
    return plan


def share_images(
    site: Site,
    cache_dir: Path,
    *,
    workers: int | None = None,
    complex_layout: bool | None = None,
) -> dict[str, Path]:
    """Site path -> cached PNG file for every claim, drawing only those not cached yet.

    `workers`: processes to draw in (default: one per core when there are many images to draw;
    1 draws here). See plan_share_images for `complex_layout`."""
    return plan_share_images(site, cache_dir, complex_layout=complex_layout).draw(workers)


def draw_all(
    jobs: list[DrawJob], workers: int | None = None, beside_build: bool = False
) -> Iterator[str]:
    """Draw each job's card into the cache; the path of each, in order, as soon as it is
    stored. `beside_build`: a build runs meanwhile, so draw in worker
    processes even if only one (the build keeps its interpreter to itself), at a lower
    priority than the build."""
    if not jobs:
        return
    count = _worker_count(len(jobs), workers)
    if count > 1 or (beside_build and multiprocessing.parent_process() is None):
        done = 0
        try:
            for path in _draw_in_workers(jobs, count, beside_build):
                done += 1
                yield path
            return
        except Exception as exc:  # a machine that cannot start or keep workers still builds
            log.warning("share images: drawing in %d processes failed (%s); drawing them "
                        "here", count, exc)  # fmt: skip
        jobs = jobs[done:]
    for job in jobs:
        yield _draw_into_cache(job)


def _worker_count(jobs: int, workers: int | None) -> int:
    if multiprocessing.parent_process() is not None:
        return 1  # already a worker (or a main module re-run without a __main__ guard)
    if workers is not None:
        return max(1, min(workers, jobs))
    if jobs < PARALLEL_MIN:
        return 1
    return max(1, min(cores(), jobs // (PARALLEL_MIN // 2)))


def cores() -> int:
    if hasattr(os, "process_cpu_count"):  # Python 3.13: the cores this process may use
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _yield_to_the_build() -> None:
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(10)


def _draw_in_workers(jobs: list[DrawJob], count: int, beside_build: bool = False) -> Iterator[str]:
    # Spawned, not forked: a fresh interpreter is safe whatever threads the build runs
    # (MkDocs' file watcher) and behaves the same on Linux, macOS and Windows. As always with
    # spawn, each worker imports the main module again: a script that builds the site must
    # keep its work under `if __name__ == "__main__":`, as the `mkdocs` command does.
    context = multiprocessing.get_context("spawn")
    chunk = max(1, len(jobs) // (count * 8))
    # Beside a build, a worker on every core, each at a lower priority: while MkDocs runs, they
    # take the cores it leaves idle; once it is done, all of them draw what is left.
    initializer = _yield_to_the_build if beside_build else None
    with ProcessPoolExecutor(count, context, initializer) as pool:
        yield from pool.map(_draw_into_cache, jobs, chunksize=chunk)


def share_image_problems(site: Site, complex_layout: bool | None = None) -> list[Problem]:
    """A warning for each claim left without a share image because its text runs right to
    left (or joins, as Arabic does) and this machine cannot lay that out."""
    layout = raqm_available() if complex_layout is None else complex_layout
    return [
        Problem(
            path=entry.source_file,
            line=0,
            column=0,
            field="",
            message="no share image: its right-to-left text needs the FriBiDi library, "
            "which this machine lacks, to be drawn in reading order",
            hint="install FriBiDi (Debian and Ubuntu: apt-get install libfribidi0; macOS: "
            "brew install fribidi) and build again",
            severity=Severity.WARNING,
        )
        for entry in site.entries
        if not _drawable(Card.of(entry, site), layout)
    ]
