"""The package's shape, as the design promises it: the core never needs MkDocs, data flows one
way, and no module reaches back up the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "scripts" / "factcheck"
ADAPTER = "mkdocs"  # factcheck.mkdocs: the only place MkDocs is imported


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in relative.parts if p != "__init__"]
    return ".".join(parts) or "__init__"


def imports_of(path: Path) -> set[str]:
    """Modules a file imports: absolute names as written, package-relative ones as
    'factcheck.<module>'."""
    found = set()
    package_parts = module_name(path).split(".")[:-1]
    if path.name == "__init__.py":
        package_parts = module_name(path).split(".")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.add(node.module or "")
                continue
            base = package_parts[: len(package_parts) - (node.level - 1)]
            if node.module:
                found.add("factcheck." + ".".join([*base, node.module]).lstrip("."))
            else:
                found.update("factcheck." + ".".join([*base, a.name]) for a in node.names)
    return found


def core_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in PACKAGE.rglob("*.py")
        if module_name(path).split(".")[0] != ADAPTER
    }


def test_the_core_never_imports_mkdocs_or_its_theme() -> None:
    offenders = {
        name: sorted(i for i in imports_of(path) if i.split(".")[0] in {"mkdocs", "material"})
        for name, path in core_modules().items()
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_no_core_module_imports_the_mkdocs_adapter() -> None:
    offenders = {
        name
        for name, path in core_modules().items()
        if any(i.startswith(f"factcheck.{ADAPTER}") for i in imports_of(path))
    }
    assert offenders == set()


def test_the_pipeline_never_reaches_back_up() -> None:
    """load -> validate -> site -> render -> outputs: an earlier stage never imports a later."""
    stages = [
        ["load", "syntax", "model", "suggest", "slugs", "markdown_limits", "problems"],
        ["files", "wording", "rules", "result", "validate", "history"],
        ["site"],
        ["render", "claimreview", "feeds", "dataset", "share_image"],
        ["outputs", "project", "generation"],
    ]
    stage_of = {module: index for index, names in enumerate(stages) for module in names}
    backwards = []
    for name, path in core_modules().items():
        if name not in stage_of:
            continue
        for imported in imports_of(path):
            target = imported.removeprefix("factcheck.")
            if target in stage_of and stage_of[target] > stage_of[name]:
                backwards.append(f"{name} imports {target}")
    assert backwards == []


LIST_TEMPLATES = ["claims_index", "rating", "claimant", "topic", "team_member"]


def test_list_templates_see_only_their_page_and_the_lists_summary() -> None:
    """The preview re-renders a list page when its own claims or its ListSummary change
    (render.PageCache): a list template reading the whole list would go stale there."""
    templates = PACKAGE / "templates"
    for name in LIST_TEMPLATES:
        text = (templates / f"{name}.md.jinja").read_text(encoding="utf-8")
        assert "group.entries" not in text and "site.entries" not in text, name
