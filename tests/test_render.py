"""`factcheck render --out DIR` and `factcheck finish SITE`, run as a maintainer runs them.

`render` writes the site's sources (generated pages with their meta as front matter, data
files, a copy of docs/, the theme files and a config) for engines that run no MkDocs plugins;
`finish` gives a site such an engine built the Content-Security-Policy hashes and search index
the plugin gives a MkDocs build. Building those folders is tested in test_engines.py.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from factcheck.generation import Generation, generate
from factcheck.package_data import BUILTIN_THEME
from factcheck.project import Project
from support import (
    BUILT,
    FIXTURES,
    PAYLOADS,
    ROOT,
    claimant_for,
    copy_project,
    dump,
    factcheck,
    hostile_claim,
    policy_problems,
    slug_for,
)


def split_front_matter(text: str) -> tuple[dict, str]:
    """The YAML front matter as a reader of the format parses it, and the Markdown after it."""
    assert text.startswith("---\n"), text[:80]
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]), text[end + len("\n---\n") :].removeprefix("\n")


def generation_of(project: Path) -> Generation:
    """The pages and files a build of `project` makes, as the render command makes them."""
    generation = generate(
        Project.from_config_file(project / "mkdocs.yml"), preview=False, link_base="/"
    )
    assert generation.errors == []
    return generation


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project rendered once (from the checkout: render writes nothing there)."""
    out = tmp_path_factory.mktemp("render") / "out"
    result = factcheck("render", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"to {out}" in result.stderr
    return out


def test_every_generated_page_is_written_with_the_plugins_meta_as_front_matter(
    rendered: Path,
) -> None:
    generation = generation_of(ROOT)
    assert len(generation.pages) > 20
    for src_uri, page in generation.pages.items():
        meta, body = split_front_matter((rendered / "docs" / src_uri).read_text(encoding="utf-8"))
        assert meta == generation.page_meta(src_uri), src_uri
        assert body == page.markdown, src_uri


def test_a_claim_pages_front_matter_holds_what_the_theme_override_prints(rendered: Path) -> None:
    meta, _ = split_front_matter(
        (rendered / "docs/claims/ice-released-68000-criminal-aliens.md").read_text(encoding="utf-8")
    )
    claim = yaml.safe_load(
        (ROOT / "claims/ice-released-68000-criminal-aliens.yaml").read_text(encoding="utf-8")
    )
    review = json.loads(meta["claimreview"])
    assert review["@type"] == "ClaimReview"
    assert (
        review["url"] == "https://factcheck.example.org/claims/ice-released-68000-criminal-aliens/"
    )
    assert review["claimReviewed"] == claim.get("claim_short", claim["claim"])
    # HTML-escaped once, as the plugin sets it: Material-style themes print these raw
    summary = claim["verdict"]["summary"]
    assert "'" in summary and meta["description"].endswith(html.escape(summary, quote=True))
    assert meta["og_type"] == "article"
    assert meta["og_image"].endswith("/assets/share/ice-released-68000-criminal-aliens.png")
    assert meta["feed"] == "feeds/all.xml"


def test_hand_written_pages_and_files_are_copied(rendered: Path) -> None:
    for relative, data in files_under(ROOT / "docs").items():
        written = (rendered / "docs" / relative).read_bytes()
        if relative.endswith(".md") and written != data:
            # a page git knows gains its last-change date, and nothing else; a page with front
            # matter of its own (an editors' page) keeps it
            meta, body = split_front_matter(written.decode())
            source = data.decode()
            own, own_body = (
                split_front_matter(source) if source.startswith("---\n") else ({}, source)
            )
            assert set(meta) - set(own) == {"revision_date"}, relative
            assert {key: meta[key] for key in own} == own, relative
            assert body == own_body, relative
        else:
            assert written == data, relative


def test_data_files_feeds_and_images_are_the_builds(rendered: Path, built_site: Path) -> None:
    names = [
        "claims.json",
        "claimreview-feed.json",
        "schema/claims.schema.json",
        "feeds/all.xml",
        "feeds/corrections.xml",
        "assets/share/ice-released-68000-criminal-aliens.png",
        "assets/stylesheets/ratings.css",
    ]
    names += [p.relative_to(built_site).as_posix() for p in built_site.glob("feeds/*/*.xml")]
    for name in names:
        assert (rendered / "docs" / name).read_bytes() == (built_site / name).read_bytes(), name


def test_the_theme_files_are_the_packages_with_the_sites_own_on_top(
    project_copy: Path, tmp_path: Path
) -> None:
    config = project_copy / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        )
    )
    (project_copy / "overrides" / "partials").mkdir(parents=True)
    (project_copy / "overrides" / "partials" / "footer.html").write_text("our footer")
    (project_copy / "overrides" / "404.html").write_text("our 404")
    out = tmp_path / "out"
    result = factcheck("render", "--out", str(out), cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    expected = files_under(BUILTIN_THEME)
    expected.update({"partials/footer.html": b"our footer", "404.html": b"our 404"})
    assert files_under(out / "theme") == expected


def test_the_config_builds_the_folder_with_everything_else_from_the_sites(
    rendered: Path,
) -> None:
    config = yaml.safe_load((rendered / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (rendered / config["INHERIT"]).resolve() == ROOT / "mkdocs.yml"
    assert config["docs_dir"] == "docs"
    assert config["theme"]["custom_dir"] == "theme"
    assert (rendered / config["docs_dir"]).is_dir() and (rendered / "theme/main.html").is_file()
    # what the plugin adds to MkDocs' config, which no other engine runs
    assert config["extra_css"] == [
        "assets/stylesheets/factcheck.css",
        "assets/stylesheets/ratings.css",
    ]
    assert config["extra_javascript"] == ["assets/javascripts/site.js"]
    assert config["plugins"] == {"search": {"enabled": False}}
    # what the theme's masthead, menu and footer show, as the plugin gives it to MkDocs
    theme = config["extra"]["factcheck"]
    assert theme["organisation"]["logo"] == "assets/logo.svg"
    assert theme["search"] is True and theme["paths"]["search"] == "find/"


def test_links_between_generated_pages_start_from_the_sites_root(
    rendered: Path, built_site: Path
) -> None:
    """Zensical reads a relative link in a page's HTML as relative to its Markdown file, MkDocs
    as relative to its address; a link from the site's root means the same to both."""
    _, body = split_front_matter(
        (rendered / "docs/claims/ice-released-68000-criminal-aliens.md").read_text(encoding="utf-8")
    )
    hrefs = [a["href"] for a in BeautifulSoup(body, "html.parser").find_all("a", href=True)]
    internal = [h for h in hrefs if not h.startswith(("http:", "https:", "mailto:", "#"))]
    claim = yaml.safe_load(
        (ROOT / "claims/ice-released-68000-criminal-aliens.yaml").read_text(encoding="utf-8")
    )
    assert f"/methodology/#{claim['verdict']['rating']}" in internal
    assert "/claims/nearly-68000-convicted-immigrants-released/" in internal
    for href in internal:
        path = href.split("#")[0]
        assert path.startswith("/") and (built_site / path.lstrip("/") / "index.html").is_file()


def test_links_start_from_the_path_in_site_url(project_copy: Path, tmp_path: Path) -> None:
    config = project_copy / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "site_url: https://factcheck.example.org/", "site_url: https://example.org/fact/"
        )
    )
    out = tmp_path / "out"
    result = factcheck("render", "--out", str(out), cwd=project_copy)
    assert result.returncode == 0, result.stderr
    _, body = split_front_matter((out / "docs/claims/index.md").read_text(encoding="utf-8"))
    hrefs = {a["href"] for a in BeautifulSoup(body, "html.parser").find_all("a", href=True)}
    assert "/fact/claims/ice-released-68000-criminal-aliens/" in hrefs
    assert not [h for h in hrefs if h.startswith("/") and not h.startswith("/fact/")]


def test_claim_text_cannot_break_out_of_the_front_matter(
    project_copy: Path, tmp_path: Path
) -> None:
    """Every hostile payload, in every field: each page's front matter still parses to exactly
    the meta the plugin would set, and its Markdown starts where the generator's does."""
    for name in BUILT:
        path = project_copy / "claims" / f"{slug_for(name)}.yaml"
        path.write_text(dump(hostile_claim(PAYLOADS[name], claimant_for(name))), encoding="utf-8")
    out = tmp_path / "out"
    result = factcheck("render", "--out", str(out), cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    generation = generation_of(project_copy)
    for name in BUILT:
        src_uri = f"claims/{slug_for(name)}.md"
        meta, body = split_front_matter((out / "docs" / src_uri).read_text(encoding="utf-8"))
        assert meta == generation.page_meta(src_uri), name
        assert body == generation.pages[src_uri].markdown, name


# --- refusals ---------------------------------------------------------------------------------


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        f"{part}/{name}": data
        for part in ("docs", "claims")
        for name, data in files_under(project / part).items()
    }


def test_claim_errors_are_printed_as_check_prints_them_and_nothing_is_written(
    project_copy: Path, tmp_path: Path
) -> None:
    shutil.copy(FIXTURES / "bad" / "rating-unknown-mostly-ture.yaml", project_copy / "claims")
    out = tmp_path / "out"
    result = factcheck("render", "--out", str(out), cwd=project_copy)
    check = factcheck("check", cwd=project_copy)
    assert result.returncode == 1
    assert result.stdout == check.stdout
    assert "'mostly-ture' is not a rating" in result.stdout
    assert "nothing written" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("out", ["docs", "docs/generated", "claims", "claims/x", ".", ".."])
def test_an_output_folder_inside_or_around_docs_or_claims_is_refused(
    project_copy: Path, out: str
) -> None:
    before = snapshot(project_copy)
    result = factcheck("render", "--out", out, cwd=project_copy)
    assert result.returncode == 2
    assert "factcheck never writes to" in result.stderr
    assert snapshot(project_copy) == before


def test_a_folder_render_did_not_write_is_refused(project_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = factcheck("render", "--out", str(out), cwd=project_copy)
    assert result.returncode == 2
    assert "was not written by `factcheck render`" in result.stderr
    assert files_under(out) == {"notes.txt": b"keep me"}


def test_a_second_render_replaces_the_first_whole(project_copy: Path, tmp_path: Path) -> None:
    extra = project_copy / "claims" / "a-claim-to-withdraw.yaml"
    shutil.copy(FIXTURES / "valid-base.yaml", extra)
    out = tmp_path / "renders" / "out"
    assert factcheck("render", "--out", str(out), cwd=project_copy).returncode == 0
    assert (out / "docs/claims/a-claim-to-withdraw.md").is_file()
    assert (out / "docs/assets/share/a-claim-to-withdraw.png").is_file()
    extra.unlink()
    result = factcheck("render", "--out", str(out), cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (out / "docs/claims/a-claim-to-withdraw.md").exists()
    assert not (out / "docs/assets/share/a-claim-to-withdraw.png").exists()
    assert (out / "docs/claims/ice-released-68000-criminal-aliens.md").is_file()
    assert [p.name for p in out.parent.iterdir()] == ["out"]  # no staging folder left


def test_an_output_folder_that_is_a_link_is_refused(project_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "out").symlink_to(target)
    result = factcheck("render", "--out", str(tmp_path / "out"), cwd=project_copy)
    assert result.returncode == 2
    assert "is a symbolic link" in result.stderr
    assert list(target.iterdir()) == []


def test_a_link_in_docs_is_refused_and_nothing_is_written(
    project_copy: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publication")
    (project_copy / "docs" / "leak.md").symlink_to(secret)
    out = tmp_path / "out"
    result = factcheck("render", "--out", str(out), cwd=project_copy)
    assert result.returncode == 1
    # the build's checkout check (factcheck.trust) refuses it first, naming the link
    assert "docs/leak.md: is a link to " in result.stderr
    assert "(outside the project)" in result.stderr
    assert not out.exists()


# --- finish -----------------------------------------------------------------------------------

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'fc-inline-script-hashes'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
PAGE = """<!doctype html>
<html><head>
    <meta http-equiv="Content-Security-Policy" content="{policy}">
    <meta name="referrer" content="strict-origin-when-cross-origin">
    <script>window.theme = "{where}";</script>
</head><body>
    <article class="md-content__inner md-typeset"><h1>Page</h1>
        <script>alert("content is never hashed")</script>
    </article>
    <script>window.after = 1;</script>
</body></html>
"""


def test_finish_hashes_the_themes_inline_scripts_and_indexes_the_site(
    project_copy: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    for where in ("index.html", "claims/x/index.html"):
        (site / where).parent.mkdir(parents=True, exist_ok=True)
        (site / where).write_text(PAGE.format(where=where, policy=POLICY))
    outside = tmp_path / "outside.html"
    outside.write_text(PAGE.format(where="outside", policy=POLICY))
    (site / "linked.html").symlink_to(outside)

    result = factcheck("finish", str(site), cwd=project_copy)
    assert result.returncode == 0, result.stderr
    assert "finished 2 page(s)" in result.stderr and "left 1 link(s) alone" in result.stderr
    for where in ("index.html", "claims/x/index.html"):
        soup = BeautifulSoup((site / where).read_text(), "html.parser")
        # the script inside the content is not hashed, so a browser refuses it, as in a build
        assert policy_problems(soup, where) == [f"{where}: 1 inline script(s) not allowed by hash"]
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert policy.count("'sha256-") == 2
    assert outside.read_text() == PAGE.format(where="outside", policy=POLICY)
    assert (site / "pagefind" / "pagefind-entry.json").is_file()

    again = factcheck("finish", str(site), cwd=project_copy)
    assert again.returncode == 0 and "finished 0 page(s)" in again.stderr


def test_finish_refuses_docs_and_a_missing_folder(project_copy: Path, tmp_path: Path) -> None:
    before = snapshot(project_copy)
    assert factcheck("finish", "docs", cwd=project_copy).returncode == 2
    missing = factcheck("finish", str(tmp_path / "nope"), cwd=project_copy)
    assert missing.returncode == 2 and "build the site first" in missing.stderr
    assert snapshot(project_copy) == before


def test_render_refuses_an_empty_project_config(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "mkdocs.yml").write_text("site_name: x\n")
    result = factcheck("render", "--out", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 2
    assert not (tmp_path / "out").exists()
