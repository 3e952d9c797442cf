"""Hostile content: no text in a claim file becomes live HTML, script or template code.

Every payload in tests/fixtures/hostile/ is written into every free-text field of its own
claim file; the real site is built once with all of them, and every file MkDocs writes is
inspected: HTML parsed with an HTML parser, JSON and XML parsed, search index text parsed as
the HTML that Material's search would render. Each payload carries the marker `fcxss`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, copy_project, parse_html, run_mkdocs_build

HOSTILE = FIXTURES / "hostile"
PAYLOADS = {p.stem: p.read_text(encoding="utf-8").rstrip("\n") for p in sorted(HOSTILE.glob("*"))}
REFUSED = {"40-bidi-override-in-name"}  # the validator refuses these outright
MARKER = "fcxss"
HOSTILE_URL = 'https://example.org/?q="><svg/onload=fcxss()>&x=<script>fcxss()</script>'
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}
NEVER_FROM_CONTENT = {
    "script", "iframe", "object", "embed", "base", "style", "svg", "math", "frame", "frameset",
    "applet", "noscript", "template", "img", "link", "meta", "form", "input", "button",
}  # fmt: skip
pytestmark = pytest.mark.slow


class PlainDumper(yaml.SafeDumper):
    """Writes repeated values out in full: claim files may not use anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False)


def slug_for(name: str) -> str:
    return "hostile-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def hostile_claim(payload: str) -> dict:
    """The base claim with the payload in every free-text field (and hostile but valid URLs)."""
    text = f"{payload} {MARKER}"
    claim = yaml.safe_load((FIXTURES / "valid-base.yaml").read_text(encoding="utf-8"))
    claim.update(claim=text, analysis=f"{payload}\n\nMore analysis: {payload}")
    if len(text) <= 75:
        claim["claim_short"] = text
    claim["claimant"] = {"name": text, "url": HOSTILE_URL}
    claim["appearance"] = {"title": text, "url": HOSTILE_URL}
    claim["verdict"]["summary"] = text
    for index, source in enumerate(claim["sources"]):
        source.update(title=text, publisher=text, note=text, url=f"{HOSTILE_URL}&n={index}")
    claim["counter_claims"] = [
        {"who": text, "statement": text, "source": text},
        {"who": text, "statement": text, "source": HOSTILE_URL},
    ]
    claim["figures"] = [{"label": text, "value": text, "who": text, "source": text}]
    claim["corrections"] = [{"date": claim["published"], "note": text}]
    return claim


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(root / "project")
    for name, payload in PAYLOADS.items():
        if name in REFUSED:
            continue
        data = dump(hostile_claim(payload))
        (project / "claims" / f"{slug_for(name)}.yaml").write_text(data, encoding="utf-8")
    site = root / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_there_are_enough_payloads() -> None:
    assert len(PAYLOADS) >= 30
    assert all(MARKER in payload for payload in PAYLOADS.values())


def live_problems(soup: BeautifulSoup, where: str) -> list[str]:
    """Anything in a parsed document that a browser would run or load because of a payload.

    Escaped payload text inside an attribute (a meta description, a link title) is inert and
    allowed; an element, handler or address that a payload created is not.
    """
    problems = []
    for element in soup.find_all(True):
        for name, raw in element.attrs.items():
            value = " ".join(raw) if isinstance(raw, list) else str(raw)
            if name.lower().startswith("on"):
                problems.append(f"{where}: <{element.name} {name}=...>")
            squashed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.lower() in URL_ATTRIBUTES and squashed.startswith(DANGEROUS_SCHEMES):
                problems.append(f"{where}: <{element.name} {name}={value[:60]!r}>")
            if name.lower() in URL_ATTRIBUTES and "evil.example" in value:
                problems.append(f"{where}: <{element.name} {name}> loads {value[:60]!r}")
        if element.name == "meta" and str(element.get("http-equiv", "")).lower() == "refresh":
            problems.append(f"{where}: <meta http-equiv=refresh>")
        if element.name in NEVER_FROM_CONTENT - {"meta", "link"}:
            if element.get("type") == "application/ld+json":
                continue
            if MARKER in element.decode():
                problems.append(f"{where}: live <{element.name}> from content")
    return problems


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_has_a_live_element_handler_or_dangerous_url(hostile_site: Path) -> None:
    problems = []
    for path in html_files(hostile_site):
        problems += live_problems(parse_html(path), str(path.relative_to(hostile_site)))
    assert problems == []


def test_json_ld_stays_one_parseable_script_with_the_payload_as_data(hostile_site: Path) -> None:
    for name, payload in PAYLOADS.items():
        if name in REFUSED:
            continue
        soup = parse_html(hostile_site / "claims" / slug_for(name) / "index.html")
        scripts = soup.find_all("script", type="application/ld+json")
        assert len(scripts) == 1, name
        review = json.loads(scripts[0].string)
        assert review["itemReviewed"]["author"]["name"] == f"{payload} {MARKER}".strip()


@pytest.mark.parametrize("name", sorted(set(PAYLOADS) - REFUSED))
def test_plain_text_shows_literally_where_readers_see_it(name: str, hostile_site: Path) -> None:
    text = " ".join(f"{PAYLOADS[name]} {MARKER}".split())
    soup = parse_html(hostile_site / "claims" / slug_for(name) / "index.html")
    main = soup.select_one("article.md-content__inner")

    def shown(selector: str) -> str:
        return " ".join(main.select_one(selector).get_text().split())

    assert text in shown("h1")
    assert text in shown(".fc-claimant")
    assert text in shown(".fc-verdict__summary")
    assert text in shown(".fc-sources li")
    assert text in shown(".fc-counter")
    assert text in shown(".fc-figures td")
    title = " ".join(soup.title.get_text().split())
    assert title.startswith(text if len(text) <= 75 else "")
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert text in " ".join(description.split())
    og_title = soup.find("meta", attrs={"property": "og:title"})["content"]
    assert " ".join(og_title.split()) == " ".join(title.rsplit(" - ", 1)[0].split())


def test_template_syntax_in_a_claim_is_never_evaluated(hostile_site: Path) -> None:
    page = hostile_site / "claims" / slug_for("29-jinja-expression") / "index.html"
    assert "{{ 7*1907 }}" in parse_html(page).select_one("h1").get_text()
    for path in hostile_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}:
            assert "13349" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_search_index_text_is_inert_when_rendered_as_html(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search" / "search_index.json").read_text())
    problems = []
    for doc in index["docs"]:
        for field in ("title", "text"):
            soup = BeautifulSoup(doc.get(field, ""), "html.parser")
            problems += live_problems(soup, f"search {doc['location']} {field}")
            if MARKER in doc.get(field, ""):
                assert not soup.find(NEVER_FROM_CONTENT - {"meta"}), (doc["location"], field)
    assert problems == []


def test_every_json_and_xml_file_parses_and_feeds_hold_only_text(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    atom = "{http://www.w3.org/2005/Atom}"
    for path in hostile_site.rglob("*.xml"):
        tree = ET.parse(path)
        if path.name == "sitemap.xml":
            continue
        for element in tree.iter():
            assert element.tag.startswith(atom), (path, element.tag)
            assert element.get("type") in (None, "application/atom+xml", "text/html"), path


def test_claims_json_holds_the_payload_as_plain_data(hostile_site: Path) -> None:
    data = json.loads((hostile_site / "claims.json").read_text(encoding="utf-8"))
    by_slug = {c["slug"]: c for c in data["claims"]}
    for name, payload in PAYLOADS.items():
        if name not in REFUSED:
            assert by_slug[slug_for(name)]["claim"] == f"{payload} {MARKER}".strip()


def test_bidi_override_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = hostile_claim(PAYLOADS["40-bidi-override-in-name"])
    (project / "claims" / "bidi.yaml").write_text(dump(data))
    result = run_mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "claims/bidi.yaml:" in output
    assert "claimant.name: contains an invisible text-direction character (U+202E)" in output


def test_slugs_from_content_cannot_traverse_paths(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = yaml.safe_load((FIXTURES / "valid-base.yaml").read_text(encoding="utf-8"))
    data.update(topics=["../../outside"], related=["/etc/passwd"], aliases=["../escape"])
    (project / "claims" / "traversal.yaml").write_text(dump(data))
    result = run_mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for field in ("topics[1]", "related[1]", "aliases[1]"):
        assert "claims/traversal.yaml:" in output and f"{field}:" in output, field
    assert not (tmp_path / "outside").exists() and not (tmp_path / "escape").exists()
