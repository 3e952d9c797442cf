#!/usr/bin/env python3
"""Rebuild the share-image fonts in scripts/factcheck/fonts/ from Noto sources (maintainers only).

    python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools==4.68.0
    apt-get install fonts-noto-core              # Debian 12's 20201225-1, the pinned sources
    /tmp/fontvenv/bin/python scripts/build_fonts.py /usr/share/fonts/truetype/noto

Pillow lays out a line of text in a single font, and right-to-left text only comes out in the
right order when the whole line is laid out at once. So the fallback chain (Noto Sans for
Latin, Greek and Cyrillic, then Arabic, Hebrew, Armenian and Georgian) is merged, in that
order, into one font per weight: a character takes its glyph from the first font that has
it. Hinting is dropped (FreeType's auto-hinter serves these sizes as well) to keep the files
small; every glyph and layout feature of the sources is kept.

The build is reproducible: it refuses sources whose SHA-256 differs from fonts/SOURCES.sha256 and
writes no timestamp, so the same sources and fontTools version give byte-identical files.
The fonts stay under the SIL Open Font License (fonts/OFL.txt); the merged family is renamed
"Factcheck Share Sans" so it is never mistaken for an upstream Noto release.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent / "factcheck" / "fonts"
FAMILY = "Factcheck Share Sans"
WEIGHTS = ("Regular", "Bold")
CHAIN = ("NotoSans", "NotoSansArabic", "NotoSansHebrew", "NotoSansArmenian", "NotoSansGeorgian")
SOURCES = OUT / "SOURCES.sha256"  # the pinned source files, as `sha256sum` lists them


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pinned_sources() -> dict[str, str]:
    lines = SOURCES.read_text(encoding="utf-8").splitlines()
    pairs = (line.split() for line in lines if line and not line.startswith("#"))
    return {name: digest for digest, name in pairs}


def check_sources(source_dir: Path) -> list[str]:
    problems = []
    for name, expected in pinned_sources().items():
        path = source_dir / name
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif sha256(path) != expected:
            problems.append(f"{path}: sha256 {sha256(path)}, expected {expected}")
    return problems


def without_hinting(source: Path, target: Path) -> None:
    """Every character, glyph and layout feature of `source`, without TrueType hinting."""
    font = TTFont(source)
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True  # the missing-glyph box stays visible, never blank
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=font.getBestCmap().keys())
    subsetter.subset(font)
    font.save(target)


def rename(font: TTFont, weight: str) -> None:
    names = font["name"]
    notice = names.getDebugName(0) or ""
    derived = f"{notice} Derived from Noto Sans, Noto Sans Arabic, Hebrew, Armenian, Georgian."
    postscript = FAMILY.replace(" ", "") + f"-{weight}"
    for name_id, value in {
        0: derived.strip(),
        1: FAMILY,
        2: weight,
        3: f"{postscript};{font['head'].fontRevision:.3f}",
        4: f"{FAMILY} {weight}",
        5: f"Version {font['head'].fontRevision:.3f}; unhinted merge by scripts/build_fonts.py",
        6: postscript,
        16: FAMILY,
        17: weight,
    }.items():
        names.removeNames(nameID=name_id)
        names.setName(value, name_id, 3, 1, 0x409)


def build(source_dir: Path, weight: str, work: Path) -> Path:
    parts = []
    for family in CHAIN:
        target = work / f"{family}-{weight}.ttf"
        without_hinting(source_dir / f"{family}-{weight}.ttf", target)
        parts.append(str(target))
    merged = Merger().merge(parts)
    rename(merged, weight)
    first = TTFont(source_dir / f"{CHAIN[0]}-{weight}.ttf")
    merged["head"].created = first["head"].created
    merged["head"].modified = first["head"].modified
    merged.recalcTimestamp = False  # no build time in the file: same input, same bytes
    out = OUT / f"ShareSans-{weight}.ttf"
    merged.save(out)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    source_dir = Path(argv[0])
    if problems := check_sources(source_dir):
        print("Not the pinned sources:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        for weight in WEIGHTS:
            out = build(source_dir, weight, Path(tmp))
            print(f"{out.name}: {out.stat().st_size:,} bytes, sha256 {sha256(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
