"""The `factcheck` MkDocs plugin as a site's maintainer meets it: options checked when MkDocs
starts, built-in templates and theme files that a site replaces one file at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.mkdocs.config import FactcheckConfig
from factcheck.package_data import BUILTIN_TEMPLATES, BUILTIN_THEME
from factcheck.settings import OPTION_NAMES, default_rating_scale
from support import build_with_mkdocs, edit_config, parse_html, set_plugin_options

SLUG = "ice-removed-216000-convicted-criminals"


def test_every_setting_is_an_option_of_the_plugin() -> None:
    assert {name for name, _option in FactcheckConfig._schema} == set(OPTION_NAMES)


def build_fails_with(project: Path, tmp_path: Path, *words: str) -> str:
    site = tmp_path / "site"
    result = build_with_mkdocs(project, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert not site.exists(), "a config error must stop the build before the site is written"
    assert "Traceback" not in output
    for word in words:
        assert word in output, output
    return output


def test_a_misspelt_option_is_an_error_that_names_the_right_one(
    project_copy: Path, tmp_path: Path
) -> None:
    set_plugin_options(project_copy, claims_per_pge=5)
    build_fails_with(
        project_copy, tmp_path, "claims_per_pge", "unknown option; did you mean 'claims_per_page'?"
    )


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"claims_per_page": 0}, ["claims_per_page", "greater than or equal to 1"]),
        ({"search": "sometimes"}, ["search", "valid boolean"]),
        ({"organisation": {"name": "Desk"}}, ["organisation", "url: Field required"]),
        ({"organisation": {"name": "D", "url": "https://d/", "logo_url": "x"}}, ["logo_url"]),
        ({"rating_scale": []}, ["rating_scale", "at least 1 item"]),
    ],
)
def test_a_bad_option_value_is_an_error_naming_the_option(
    project_copy: Path, tmp_path: Path, options: dict, words: list[str]
) -> None:
    set_plugin_options(project_copy, **options)
    build_fails_with(project_copy, tmp_path, *words)


def test_two_ratings_with_one_key_are_refused(project_copy: Path, tmp_path: Path) -> None:
    scale = [rating.model_dump() for rating in default_rating_scale()]
    set_plugin_options(project_copy, rating_scale=[*scale, scale[0]])
    build_fails_with(project_copy, tmp_path, "rating keys must be unique")


def test_two_ratings_with_one_shape_are_refused(project_copy: Path, tmp_path: Path) -> None:
    scale = [rating.model_dump() for rating in default_rating_scale()]
    scale[1]["shape"] = scale[0]["shape"]
    set_plugin_options(project_copy, rating_scale=scale)
    build_fails_with(project_copy, tmp_path, "each rating needs a shape of its own")


def test_a_shape_not_in_the_set_is_refused_with_the_shapes_there_are(
    project_copy: Path, tmp_path: Path
) -> None:
    scale = [rating.model_dump() for rating in default_rating_scale()]
    scale[0]["shape"] = "star"
    set_plugin_options(project_copy, rating_scale=scale)
    build_fails_with(project_copy, tmp_path, "rating_scale", "[1].shape", "'tick'", "'cross-ring'")


def test_the_generator_is_credited_only_when_the_site_asks(
    project_copy: Path, tmp_path: Path, built_site: Path
) -> None:
    for path in built_site.rglob("*.html"):
        footer = parse_html(path).select_one("footer")
        assert footer is None or "Made with" not in footer.get_text(), path
    set_plugin_options(project_copy, generator_credit=True)
    site = tmp_path / "site"
    result = build_with_mkdocs(project_copy, site)
    assert result.returncode == 0, result.stderr
    credit = parse_html(site / "index.html").select_one(".fc-footer .fc-footer__credit")
    assert "Material for MkDocs" in credit.get_text()


def test_a_sites_own_template_replaces_only_the_built_in_one_of_its_name(
    project_copy: Path, tmp_path: Path
) -> None:
    home = (BUILTIN_TEMPLATES / "home.md.jinja").read_text(encoding="utf-8")
    marker = "Our own front page, for this site only."
    (project_copy / "templates" / "home.md.jinja").write_text(
        home + f"\n<p id='own-home'>{marker}</p>\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    result = build_with_mkdocs(project_copy, site)
    assert result.returncode == 0, result.stderr
    assert parse_html(site / "index.html").find(id="own-home").get_text() == marker
    claim = parse_html(site / "claims" / SLUG / "index.html")
    assert claim.select_one(".fc-verdict") is not None  # built from the built-in claim template


def test_a_theme_custom_dir_replaces_only_the_theme_files_of_its_name(
    project_copy: Path, tmp_path: Path
) -> None:
    overrides = project_copy / "overrides"
    (overrides / "partials").mkdir(parents=True)
    footer = '<footer id="own-footer">Our own footer</footer>'
    (overrides / "partials" / "fc-footer.html").write_text(footer, encoding="utf-8")
    edit_config(project_copy, lambda config: config["theme"].update(custom_dir="overrides"))
    site = tmp_path / "site"
    result = build_with_mkdocs(project_copy, site)
    assert result.returncode == 0, result.stderr
    page = parse_html(site / "claims" / SLUG / "index.html")
    assert page.find(id="own-footer") is not None
    # main.html still comes from the package: the policy and the ClaimReview are there
    assert page.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) is not None
    assert page.find("script", type="application/ld+json") is not None


def test_the_package_brings_its_stylesheets_scripts_and_rating_colours(built_site: Path) -> None:
    page = parse_html(built_site / "claims" / SLUG / "index.html")
    stylesheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert "../../assets/stylesheets/factcheck.css" in stylesheets
    assert "../../assets/stylesheets/ratings.css" in stylesheets
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    assert "../../assets/javascripts/site.js" in scripts
    css = (built_site / "assets" / "stylesheets" / "ratings.css").read_text(encoding="utf-8")
    assert ".fc-rating--half-true { --fc-colour: #7a5200; }" in css
    own = (BUILTIN_THEME / "assets" / "stylesheets" / "factcheck.css").read_text(encoding="utf-8")
    assert "#7a5200" not in own, "a rating colour is set in the rating scale, nowhere else"
