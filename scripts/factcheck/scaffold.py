"""`factcheck init DIR`: a new fact-check site that builds at once.

The files come from the package's `starter/` folder. Names starting `dot-` become dot files
(`dot-github` -> `.github`), so packaging tools do not skip them; files ending `.jinja` are
filled in with the site's name and address. The JSON Schema that editors' tools read is
written from the site's own settings, as `factcheck schema` would.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from . import __version__
from .package_data import STARTER
from .schema import claim_json_schema
from .settings import load_settings

SCHEMA_PATH = Path("schema") / "claim.schema.json"


class ScaffoldError(Exception):
    pass


@dataclass(frozen=True)
class NewSite:
    site_name: str
    site_url: str
    organisation: str


def target_name(relative: Path) -> Path:
    parts = [("." + p.removeprefix("dot-")) if p.startswith("dot-") else p for p in relative.parts]
    name = Path(*parts)
    return name.with_suffix("") if name.suffix == ".jinja" else name


def starter_files() -> list[Path]:
    return sorted(path for path in STARTER.rglob("*") if path.is_file())


def create_site(folder: Path, site: NewSite) -> list[Path]:
    """Write the new site into `folder` (new, or empty); return the files written."""
    _refuse_unusable(folder)
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    context = {**site.__dict__, "version": __version__}
    written = []
    for source in starter_files():
        relative = source.relative_to(STARTER)
        if "__pycache__" in relative.parts:
            continue
        target = folder / target_name(relative)
        data = source.read_bytes()
        if source.suffix == ".jinja":
            data = env.from_string(data.decode("utf-8")).render(context).encode("utf-8")
        _write_new(target, data)
        written.append(target)
    schema = claim_json_schema(load_settings(folder / "mkdocs.yml"))
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    _write_new(folder / SCHEMA_PATH, text.encode("utf-8"))
    return [*written, folder / SCHEMA_PATH]


def _refuse_unusable(folder: Path) -> None:
    if folder.is_symlink():
        raise ScaffoldError(f"{folder} is a link; give a real folder")
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(f"{folder} is not empty; give a new or empty folder")


def _write_new(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: never write through a link or over a file that appeared meanwhile
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
