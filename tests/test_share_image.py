"""Share images: every covered script drawn with real glyphs, right-to-left text in reading
order, the cache redrawing exactly what changed, the same images from workers as from one
process, and hostile text that never breaks a card. Nothing here is timed (see bench.py)."""

from __future__ import annotations

import dataclasses
import logging
import shutil
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from factcheck import share_image
from factcheck.generation import generate
from factcheck.problems import Severity
from factcheck.project import Project
from factcheck.result import ValidClaim
from factcheck.settings import settings_from_options
from factcheck.share_image import (
    BAND_HEIGHT,
    CLAIM_SIZES,
    HEIGHT,
    LABEL_SIZES,
    MARGIN,
    RULE_Y,
    WIDTH,
    Card,
    Painter,
    fingerprint,
    plan_share_images,
    raqm_available,
    render_card,
    share_image_problems,
    share_images,
    template_key,
)
from factcheck.site import Site, build_site
from support import FIXTURES, copy_project, valid_claim

HOSTILE = sorted((FIXTURES / "share-image").glob("*.txt"))
ISSUE_TEXT = "£350 — café, naïve, Łódź, €, ½, Ωμέγα, Москва"
OTHER_SCRIPTS = "مرحبا بالعالم שלום עולם Բարեւ աշխարհ გამარჯობა"
ARABIC_CLAIM = "قال الوزير إن الحكومة أنفقت 350 مليون جنيه"
# Characters no font here has: a private-use code point, and two the docs name as uncovered.
MISSING = "\U0010fffd"
UNCOVERED = "中😀"
needs_raqm = pytest.mark.skipif(
    not raqm_available(), reason="Pillow's Raqm layout needs FriBiDi, missing on this machine"
)
LAYOUTS = [pytest.param(True, marks=needs_raqm, id="raqm"), pytest.param(False, id="basic")]

SETTINGS = settings_from_options(
    "Test desk",
    "https://desk.example.org/",
    {
        "organisation": {"name": "Test desk", "url": "https://desk.example.org/about/"},
        "contact": {"email": "editors@desk.example.org"},
        "team": [{"key": "jo", "name": "Jo Doe", "role": "Fact-checker", "bio": "Checks."}],
        "rating_scale": [
            {
                "key": "true",
                "label": "True",
                "shape": "tick",
                "meaning": "Yes",
                "colour": "#1b6e3a",
            },
            {
                "key": "false",
                "label": "False",
                "shape": "cross",
                "meaning": "No",
                "colour": "#a1161b",
            },
        ],
    },
)


def site_of(*claims: ValidClaim) -> Site:
    return build_site(list(claims), SETTINGS)


def png(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def glyph(painter: Painter, char: str, bold: bool, size: int) -> tuple[tuple[int, int], bytes]:
    mask = painter.font(bold, size).getmask(char)
    return mask.size, bytes(mask)


def is_missing_glyph(painter: Painter, char: str, bold: bool, size: int) -> bool:
    """Drawn as the font's missing-glyph box: the very bitmap a character it lacks gets."""
    return glyph(painter, char, bold, size) == glyph(painter, MISSING, bold, size)


# --- every covered script has real glyphs ------------------------------------------------------


@pytest.mark.parametrize("complex_layout", LAYOUTS)
@pytest.mark.parametrize(("bold", "size"), [(True, LABEL_SIZES[0]), (False, CLAIM_SIZES[-1])])
def test_every_character_of_the_issue_text_has_a_real_glyph(
    complex_layout: bool, bold: bool, size: int
) -> None:
    painter = Painter(complex_layout)
    characters = sorted(set(ISSUE_TEXT + OTHER_SCRIPTS) - {" "})
    tofu = [c for c in characters if is_missing_glyph(painter, c, bold, size)]
    assert tofu == []
    # The check can fail: characters the fonts lack are caught, one by one.
    assert all(is_missing_glyph(painter, c, bold, size) for c in UNCOVERED)


def test_no_character_of_the_issue_text_is_drawn_as_a_box_on_its_card() -> None:
    card = Card("Mostly false", "cross-ring", "#a3400d", ISSUE_TEXT, "Vote Leave", "Test desk")
    painter = Painter(raqm_available())
    lines, size = painter.claim_lines(ISSUE_TEXT, False, WIDTH - 2 * MARGIN)
    assert " ".join(lines) == f"“{ISSUE_TEXT}”"  # nothing cut, every character on the card
    assert size == CLAIM_SIZES[0]
    drawn = render_card(card)
    image = png(drawn)
    assert image.size == (WIDTH, HEIGHT)
    assert image.getpixel((5, 5)) == (0xA3, 0x40, 0x0D)  # the band is the rating's colour
    # Had a character fallen back to the missing-glyph box, the card with that character
    # swapped for one no font has would be the very same picture.
    for char in sorted(set(ISSUE_TEXT) - {" "}):
        boxed = dataclasses.replace(card, claim=ISSUE_TEXT.replace(char, MISSING))
        assert render_card(boxed) != drawn, char


# --- right to left ----------------------------------------------------------------------------


def dark_extent(image: Image.Image) -> tuple[int, int]:
    """The first and last column with a dark pixel in it."""
    dark = image.convert("L").point(lambda value: 255 if value < 128 else 0)
    box = dark.getbbox()
    assert box is not None, "nothing dark drawn"
    return box[0], box[2] - 1


@needs_raqm
def test_arabic_is_joined_and_hebrew_runs_right_to_left() -> None:
    font = Painter(True).font(False, 60)
    joined, apart = "سلام", "\u200c".join("سلام")  # ZWNJ keeps each letter in its lone form
    assert font.getlength(joined) < font.getlength(apart) * 0.9
    mask = font.getmask("שי")  # shin, then the narrow yod: read right to left, yod is on the left
    word = Image.frombytes("L", mask.size, bytes(mask))
    inked = [x for x in range(word.width) if word.crop((x, 0, x + 1, word.height)).getbbox()]
    gap = next(x for x in range(inked[0], inked[-1]) if x not in inked)
    assert gap - inked[0] < inked[-1] - gap  # the narrow letter stands left of the gap


@needs_raqm
def test_an_arabic_claim_is_right_aligned_on_its_card() -> None:
    card = Card("False", "cross", "#a1161b", "قال الوزير", "وزير الصحة", "Desk")
    image = png(render_card(card, True))
    claim_strip = image.crop((0, BAND_HEIGHT, WIDTH, RULE_Y))
    left, right = dark_extent(claim_strip)
    assert WIDTH - MARGIN - 4 <= right <= WIDTH - MARGIN + 4
    assert left > WIDTH // 2  # a short claim leaves the left half empty


def test_basic_layout_cannot_join_arabic_so_such_cards_are_left_out(tmp_path: Path) -> None:
    """Without Raqm (no FriBiDi on the machine) Arabic would be drawn unjoined and backwards:
    those claims get no image and a warning naming the file; the others are drawn."""
    font = Painter(False).font(False, 60)
    assert font.getlength("سلام") == font.getlength("\u200c".join("سلام"))  # letters apart
    site = site_of(valid_claim("latin"), valid_claim("arabic", claim=ARABIC_CLAIM))
    images = share_images(site, tmp_path, complex_layout=False)
    assert set(images) == {"assets/share/latin.png"}
    problems = share_image_problems(site, complex_layout=False)
    assert [(p.path, p.severity) for p in problems] == [("claims/arabic.yaml", Severity.WARNING)]
    assert "FriBiDi" in problems[0].message and "libfribidi0" in problems[0].hint
    assert share_image_problems(site, complex_layout=True) == []


def test_a_build_without_raqm_warns_about_the_claims_left_without_an_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "project")
    source = next((project / "claims").glob("*.yaml"))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["claim_short"] = "قال الوزير"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(share_image, "raqm_available", lambda: False)
    generation = generate(Project.from_config_file(project / "mkdocs.yml"), preview=False)
    warned = [p for p in generation.warnings if "share image" in p.message]
    assert [p.path for p in warned] == [f"claims/{source.name}"]
    assert f"assets/share/{source.stem}.png" not in generation.files
    assert len([f for f in generation.files if f.startswith("assets/share/")]) > 0


# --- layout ------------------------------------------------------------------------------------


def test_lines_are_wrapped_by_measured_width_not_by_character_count() -> None:
    painter = Painter(raqm_available())
    room = WIDTH - 2 * MARGIN
    wide, narrow = " ".join(["WMWM"] * 40), " ".join(["ilil"] * 40)  # same character count
    wide_lines = painter.wrap(wide, False, 52, False, room)
    narrow_lines = painter.wrap(narrow, False, 52, False, room)
    assert len(wide_lines) > 2 * len(narrow_lines)
    for line in wide_lines + narrow_lines:
        assert painter.width(line, False, 52, False) <= room


def test_a_claim_too_long_for_the_card_is_cut_with_an_ellipsis() -> None:
    painter = Painter(raqm_available())
    room = WIDTH - 2 * MARGIN
    text = " ".join(["The minister said the figure was wrong"] * 30)
    lines, size = painter.claim_lines(text, False, room)
    assert size == CLAIM_SIZES[-1]
    assert lines[-1].endswith("…”")
    assert all(painter.width(line, False, size, False) <= room for line in lines)


def test_the_verdict_label_is_large_and_a_long_one_shrinks_to_fit() -> None:
    painter = Painter(raqm_available())
    room = WIDTH - 2 * MARGIN
    assert painter.one_line("Mostly false", True, LABEL_SIZES, False, room) == (
        "Mostly false", LABEL_SIZES[0]
    )  # fmt: skip
    label, size = painter.one_line("Needs context and more " * 3, True, LABEL_SIZES, False, room)
    assert size == LABEL_SIZES[-1] and label.endswith("…")
    assert painter.width(label, True, size, False) <= room


# --- the cache ---------------------------------------------------------------------------------

BASE = Card("Half true", "half", "#7a5200", "A claim.", "Jane Doe", "Test desk")


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Card)])
def test_a_change_to_anything_drawn_changes_the_cache_key(field: str) -> None:
    changed = dataclasses.replace(BASE, **{field: "#123456" if field == "colour" else "Other"})
    template = template_key(False)
    assert fingerprint(changed, template) != fingerprint(BASE, template)
    assert fingerprint(dataclasses.replace(BASE), template) == fingerprint(BASE, template)


def test_a_changed_font_or_layout_engine_changes_every_key(tmp_path: Path) -> None:
    fonts = (share_image.REGULAR, share_image.BOLD)
    copies = tuple(Path(shutil.copy(font, tmp_path / font.name)) for font in fonts)
    assert template_key(False, copies) == template_key(False, fonts)  # content, not place
    edited = bytearray(copies[1].read_bytes())
    edited[-1] ^= 1
    copies[1].write_bytes(bytes(edited))
    template_key.cache_clear()
    assert template_key(False, copies) != template_key(False, fonts)
    assert template_key(True, fonts) != template_key(False, fonts)


def test_a_rebuild_redraws_exactly_the_images_whose_drawing_changed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    claims = [valid_claim(f"c{i}") for i in range(3)]
    first = share_images(site_of(*claims), cache, workers=1)
    assert len(list(cache.glob("*.png"))) == 3
    # Not drawn on the card: the analysis, the summary, the sources. Same images.
    edited = valid_claim(
        "c0", analysis="New reasoning.", verdict={"rating": "true", "summary": "New."}
    )
    assert share_images(site_of(edited, *claims[1:]), cache, workers=1) == first
    # The rating is drawn: only that claim's image is new.
    rerated = valid_claim("c0", verdict={"rating": "false", "summary": "Because."})
    second = share_images(site_of(rerated, *claims[1:]), cache, workers=1)
    assert [k for k in first if first[k] != second[k]] == ["assets/share/c0.png"]
    assert len(list(cache.glob("*.png"))) == 4


def test_workers_draw_the_same_images_as_one_process(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    texts = [ISSUE_TEXT, "A plain claim.", *(p.read_text(encoding="utf-8") for p in HOSTILE)]
    claims = [valid_claim(f"c{i}", claim=text.strip()) for i, text in enumerate(texts)]
    site = site_of(*claims)
    here = share_images(site, tmp_path / "serial", workers=1)
    with caplog.at_level(logging.WARNING):
        spread = share_images(site, tmp_path / "parallel", workers=2)
    assert caplog.text == ""  # drawn by the workers, not by the fallback
    assert {k: p.name for k, p in here.items()} == {k: p.name for k, p in spread.items()}
    assert all(here[k].read_bytes() == spread[k].read_bytes() for k in here)
    # the workers stored them in the cache themselves: the next build draws none
    assert plan_share_images(site, tmp_path / "parallel").missing == {}


def test_a_failing_worker_pool_falls_back_to_drawing_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(jobs: list[Any], count: int, beside_build: bool = False) -> None:
        raise BrokenProcessPool("a worker died")

    monkeypatch.setattr(share_image, "_draw_in_workers", broken)
    site = site_of(*(valid_claim(f"c{i}") for i in range(3)))
    with caplog.at_level(logging.WARNING):
        images = share_images(site, tmp_path, workers=2)
    assert all(path.is_file() for path in images.values()) and len(images) == 3
    assert "a worker died" in caplog.text


@pytest.mark.parametrize("complex_layout", LAYOUTS)
def test_the_png_holds_exactly_the_card_as_drawn(complex_layout: bool) -> None:
    """The PNG is encoded here, not by Pillow (share_image.Backdrop): a reader's browser must
    decode it to exactly the drawn card, with its palette, for every kind of text."""
    painter = Painter(complex_layout)
    texts = [ISSUE_TEXT, "A plain claim.", *(p.read_text(encoding="utf-8") for p in HOSTILE)]
    if complex_layout:
        texts.append(ARABIC_CLAIM)
    for text in texts:
        for card in (
            Card("False", "cross", "#a1161b", text.strip(), "Jane Doe", "Test desk"),
            Card("True", "tick", "#1b6e3a", "A claim.", text.strip(), "Test desk"),
        ):
            data = render_card(card, complex_layout)
            Image.open(BytesIO(data)).verify()  # chunks and checksums as the format has them
            decoded = Image.open(BytesIO(data))
            drawn = painter.draw(card)
            assert decoded.format == "PNG" and decoded.mode == "P"
            assert decoded.info.get("transparency") is None
            assert decoded.getpalette() == drawn.getpalette()
            assert decoded.tobytes() == drawn.tobytes(), text


# --- hostile text ------------------------------------------------------------------------------


def margins_untouched(image: Image.Image, colour: tuple[int, int, int]) -> bool:
    """Nothing drawn in the outer margins; the band keeps its colour beside the label."""
    white = (255, 255, 255)
    for box, expected in [
        ((0, 0, MARGIN // 2, BAND_HEIGHT), colour),
        ((0, BAND_HEIGHT, MARGIN // 2, HEIGHT), white),
        ((WIDTH - MARGIN // 2, BAND_HEIGHT, WIDTH, HEIGHT), white),
    ]:
        if image.crop(box).getcolors() != [(_area(box), expected)]:
            return False
    return True


def _area(box: tuple[int, int, int, int]) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


@pytest.mark.parametrize("complex_layout", LAYOUTS)
@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
@pytest.mark.parametrize(
    "card_with",
    [
        lambda t: Card("False", "cross", "#a1161b", t, "Jane Doe", "Test desk"),
        lambda t: Card(t, "cross", "#a1161b", "A claim.", t, t),
    ],
    ids=["claim", "label-claimant-site"],
)
def test_hostile_text_never_breaks_a_card(
    path: Path, complex_layout: bool, card_with: Callable[[str], Card]
) -> None:
    card = card_with(path.read_text(encoding="utf-8").strip())
    image = png(render_card(card, complex_layout))
    assert image.size == (WIDTH, HEIGHT)
    assert margins_untouched(image, (0xA1, 0x16, 0x1B))


def test_the_claim_is_quoted_only_as_it_was_made() -> None:
    """A claim too long for the card is not cut into a misleading quote when the editor wrote
    a shorter version: that version is drawn instead, without quotation marks."""
    painter = Painter(raqm_available())
    room = WIDTH - 2 * MARGIN
    said = "A claim that fits."
    lines, _size = painter.claim_lines(said, False, room, short="A shorter version.")
    assert " ".join(lines) == f"“{said}”"
    long_claim = " ".join(["A very long claim made in public, word after word."] * 12)
    lines, _size = painter.claim_lines(long_claim, False, room, short="What it says, in short.")
    assert " ".join(lines) == "What it says, in short."
    lines, _size = painter.claim_lines(long_claim, False, room)
    assert lines[0].startswith("“") and lines[-1].endswith("…”")
