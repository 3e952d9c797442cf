"""Hostile claim files too large to commit, made from the small recipes in fixtures/limits/.

A recipe is a YAML mapping of claim keys to the value that replaces the one in valid-base.yaml;
a value may be a generator: `{repeat: text, times: n}` (text n times over), `{nested_list: n}`
(a Markdown list nested n levels deep, each level indented by `indent`, four spaces unless
given) or `{numbered: "topic-{n}", count: n}` (a list of n items). Shared by
tests/test_limits.py and tests/bench_limits.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIMITS = FIXTURES / "limits"
RECIPE_SUFFIX = ".recipe.yaml"


class PlainDumper(yaml.SafeDumper):
    """Writes repeated values out in full: claim files may not use anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def recipe_names() -> list[str]:
    return sorted(p.name.removesuffix(RECIPE_SUFFIX) for p in LIMITS.glob(f"*{RECIPE_SUFFIX}"))


def expand(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "repeat" in value:
        return str(value["repeat"]) * int(value["times"])
    if "nested_list" in value:
        depth, indent = int(value["nested_list"]), str(value.get("indent", "    "))
        return "\n".join(indent * level + f"- level {level + 1}" for level in range(depth))
    if "numbered" in value:
        return [str(value["numbered"]).format(n=n) for n in range(1, int(value["count"]) + 1)]
    raise ValueError(f"unknown generator in a recipe: {value!r}")


def claim_text(name: str) -> str:
    """The claim file a recipe describes, as YAML text."""
    recipe = yaml.safe_load((LIMITS / f"{name}{RECIPE_SUFFIX}").read_text(encoding="utf-8"))
    claim = yaml.safe_load((FIXTURES / "valid-base.yaml").read_text(encoding="utf-8"))
    claim.update({key: expand(value) for key, value in recipe.items()})
    return yaml.dump(claim, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, width=100)


def write_recipe(name: str, claims_dir: Path) -> Path:
    path = claims_dir / f"{name}.yaml"
    path.write_text(claim_text(name), encoding="utf-8")
    return path
