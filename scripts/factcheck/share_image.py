"""Static share images (1200x630 PNG): the verdict and the claim, for social media cards.

Drawing is the slow part of a build, so each image is cached on disk under a name made from a
hash of everything drawn on it: a rebuild reuses every image whose claim did not change.
"""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

from . import paths
from .site import Entry, Site

WIDTH, HEIGHT = 1200, 630
RENDER_VERSION = "1"  # bump when the drawing code changes, to refresh cached images


def image_path(entry: Entry) -> str:
    return paths.share_image(entry.slug)


def _fingerprint(entry: Entry, site: Site) -> str:
    parts = [
        RENDER_VERSION,
        entry.rating.key,
        entry.rating.label,
        entry.rating.colour,
        entry.claim.claim_reviewed,
        entry.claim.claimant.name,
        site.settings.site_name,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def draw(entry: Entry, site: Site) -> bytes:
    from io import BytesIO

    from PIL import Image, ImageDraw, ImageFont

    colour = entry.rating.colour
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 150), fill=colour)
    big = ImageFont.load_default(size=64)
    body = ImageFont.load_default(size=44)
    small = ImageFont.load_default(size=30)
    pen.text((60, 40), f"Rating: {entry.rating.label}", font=big, fill="white")
    claim = textwrap.wrap(f"“{entry.claim.claim_reviewed}”", width=44)[:5]
    pen.multiline_text((60, 190), "\n".join(claim), font=body, fill="#111111", spacing=14)
    claimant = textwrap.shorten(f"Claimed by {entry.claim.claimant.name}", width=70)
    pen.text((60, HEIGHT - 110), claimant, font=small, fill="#444444")
    pen.text(
        (60, HEIGHT - 65), f"Fact-checked by {site.settings.site_name}", font=small, fill="#444444"
    )
    out = BytesIO()
    # A 16-colour palette image: a sixth of the time of an optimised RGB PNG, a third the size.
    image.quantize(colors=16, method=Image.Quantize.FASTOCTREE).save(
        out, format="PNG", compress_level=3
    )
    return out.getvalue()


def share_images(site: Site, cache_dir: Path) -> dict[str, Path]:
    """Site path -> cached PNG file for every claim, drawing only those not cached yet."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    images = {}
    for entry in site.entries:
        cached = cache_dir / f"{_fingerprint(entry, site)}.png"
        if not cached.exists():
            partial = cached.with_suffix(".tmp")
            partial.write_bytes(draw(entry, site))
            partial.replace(cached)  # never leave a half-written image in the cache
        images[image_path(entry)] = cached
    return images
