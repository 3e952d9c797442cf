"""Hostile claim files too large to commit, built from the small recipes in fixtures/huge/.

Each recipe is a YAML mapping: `template` (the file, with one @REPEAT@ marker), `repeat` (the
text repeated there, where @N@ counts from 1) and `times`.

    python3 tests/huge_files.py OUT_DIR    # write every one, e.g. to time a build with it
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

RECIPES = Path(__file__).resolve().parent / "fixtures" / "huge"


def recipe_names() -> list[str]:
    return sorted(p.stem for p in RECIPES.glob("*.yaml"))


def huge_file_text(name: str) -> str:
    recipe = yaml.safe_load((RECIPES / f"{name}.yaml").read_text(encoding="utf-8"))
    repeat: str = recipe["repeat"]
    if "@N@" in repeat:
        body = "".join(repeat.replace("@N@", str(n)) for n in range(1, recipe["times"] + 1))
    else:
        body = repeat * recipe["times"]
    return recipe["template"].replace("@REPEAT@", body, 1)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for name in recipe_names():
        path = out / f"{name}.yaml"
        path.write_text(huge_file_text(name), encoding="utf-8")
        print(f"{path}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
