"""The site in every shipped language: complete catalogues, and the bundled site built in each.

The catalogue tests compare the strings Babel extracts from the code with every catalogue in
the package (factcheck/messages.py): one missing, untranslated or fuzzy, with too few plural
forms or a changed placeholder, fails. The build tests switch the bundled project to each
language as a newsroom would (`theme.language`) and build it with real MkDocs: every page says
its language and direction, shows no English string from the catalogue (claim content and the
site's own settings aside, which are the editors' words), and writes its dates the way the
language does; the machine-readable files say the language too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog
from bs4 import BeautifulSoup, Tag
from PIL import Image

from factcheck.i18n import Language, language_name, shipped_languages
from factcheck.messages import (
    expected_plural_forms,
    extract,
    file_problems,
    problems,
    read_catalogue,
    update,
)
from factcheck.render import Renderer
from factcheck.settings import (
    SettingsError,
    default_rating_scale,
    load_settings,
    plugin_options,
    settings_from_options,
)
from factcheck.share_image import (
    FOOTER_SIZE,
    HEIGHT,
    MARGIN,
    RULE_Y,
    SITE_BASELINE,
    WIDTH,
    Painter,
    raqm_available,
)
from factcheck.theme_context import THEME_TEXT, theme_text
from support import FIXTURES, ROOT, build_with_mkdocs, copy_project, in_language, parse_html
from test_share_image import dark_extent

REQUIRED = {"en", "es", "fr", "pt", "ar"}
LANGUAGES = shipped_languages()
OTHER_LANGUAGES = sorted(set(LANGUAGES) - {"en"})  # the bundled site is English already
RIGHT_TO_LEFT = {"ar"}
THEME = ROOT / "scripts" / "factcheck" / "theme"
CATALOGUES = FIXTURES / "catalogues"
ENGLISH_MONTHS = [dt.date(2000, month, 1).strftime("%B") for month in range(1, 13)]
PLACEHOLDER = re.compile(r"%\(\w+\)s")
# Attributes whose words a reader sees or hears (the rest are addresses, keys and data), and
# the <meta> whose content is words (a share card's title and description).
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "label")
WORDS_META = ("description", "og:title", "og:description", "twitter:title", "twitter:description")
SHOWN_DATA = ("data-none", "data-prompt", "data-searching", "data-fc-copied", "data-fc-table")
CORRECTED_SLUG = "ice-released-68000-criminal-aliens"
EDITIONS = {
    "fr": "https://fr.example.org/claims/ice-released-68000-criminal-aliens/",
    "ar": "https://ar.example.org/claims/ice-released-68000-criminal-aliens/",
}


@cache
def template() -> Catalog:
    return extract()


# ----------------------------------------------------------------------------- catalogues


def test_the_required_languages_ship_and_arabic_has_six_plural_forms() -> None:
    assert set(LANGUAGES) >= REQUIRED
    assert expected_plural_forms("ar") == 6
    assert read_catalogue("ar").num_plurals == 6
    assert all(len(m.string) == 6 for m in read_catalogue("ar") if m.pluralizable)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_translates_every_string_the_code_writes(language: str) -> None:
    found = list(problems(template(), language))
    assert found == [], "\n".join([*found[:20], "run: python3 scripts/dev.py messages --check"])


def test_the_catalogue_check_finds_each_kind_of_fault() -> None:
    found = list(file_problems(template(), CATALOGUES / "es-incomplete.po", "es"))
    faults = [line for line in found if "missing" not in line]
    assert faults == [
        "es-incomplete.po: not translated '%(num)s fact-check'",
        "es-incomplete.po: fuzzy (to be checked) 'Fact-check'",
        "es-incomplete.po: not translated 'Sources'",
        "es-incomplete.po: no longer used 'A sentence the generator no longer writes'",
        "es-incomplete.po: 'Published %(date)s': unknown named placeholder 'fecha'",
    ]
    assert "es-incomplete.po: missing 'Our analysis'" in found
    arabic = list(file_problems(template(), CATALOGUES / "ar-two-plural-forms.po", "ar"))
    assert "ar-two-plural-forms.po: Plural-Forms gives 2 forms; ar has 6" in arabic


def test_every_word_the_theme_prints_is_in_the_catalogue() -> None:
    """Theme templates print `fc.text.<name>` (or `t.<name>`, `config.extra.factcheck.text.
    <name>`): each name must exist, or the
    masthead would show nothing there (MkDocs prints an undefined value as empty)."""
    used = set()
    for template_file in THEME.rglob("*.html"):
        text = template_file.read_text(encoding="utf-8")
        used |= set(re.findall(r"\b(?:fc\.text|factcheck\.text|t)\.(\w+)", text))
    assert used
    assert used <= set(theme_text(load_settings(ROOT / "mkdocs.yml")))
    assert set(THEME_TEXT) <= used | {"all_feed_title"}, "a theme word no template uses"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_built_in_rating_scale_has_its_words_in_each_language(language: str) -> None:
    english = default_rating_scale("en")
    translated = default_rating_scale(language)
    assert [r.key for r in translated] == [r.key for r in english]
    for mine, theirs in zip(translated, english, strict=True):
        assert mine.label and mine.meaning
        assert (mine.label, mine.meaning) != (theirs.label, theirs.meaning), mine.key
        assert (mine.colour, mine.shape, mine.value) == (theirs.colour, theirs.shape, theirs.value)


# ----------------------------------------------------------------------------- settings

SITE = load_settings(ROOT / "mkdocs.yml")
OPTIONS = {"organisation": {"name": "Desk", "url": "https://x.example"}, "contact": SITE.contact}


def test_the_language_comes_from_the_theme_unless_the_plugin_sets_one() -> None:
    assert settings_from_options("S", "", OPTIONS, "es").i18n.code == "es"
    assert settings_from_options("S", "", {**OPTIONS, "language": "pt-BR"}, "pt").i18n.tag == (
        "pt-BR"
    )
    assert settings_from_options("S", "", OPTIONS).i18n.code == "en"  # Material's default
    assert SITE.i18n.tag == "en-GB"  # the bundled site: "31 March 2014"


def test_a_site_that_sets_its_own_rating_scale_keeps_its_words() -> None:
    own = [{**r.model_dump(), "label": f"Ours {r.key}"} for r in default_rating_scale()]
    settings = settings_from_options("S", "", {**OPTIONS, "rating_scale": own}, "fr")
    assert [r.label for r in settings.rating_scale] == [r["label"] for r in own]
    assert settings_from_options("S", "", OPTIONS, "fr").rating_scale == (
        default_rating_scale("fr")
    )


@pytest.mark.parametrize(
    ("options", "theme_language", "words"),
    [
        ({"language": "klingon"}, "en", "language: 'klingon' is not a known language code"),
        ({}, "xx", "theme.language: 'xx' is not a known language code"),
    ],
)
def test_an_unknown_language_is_refused_with_the_setting_to_fix(
    options: dict[str, Any], theme_language: str, words: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        settings_from_options("S", "", {**OPTIONS, **options}, theme_language)
    assert words in str(raised.value)


# ----------------------------------------------------------------------------- the language


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_counts_have_a_sentence_for_each_plural_category(language: str) -> None:
    """The search script asks the browser for a number's plural category; the page carries
    the sentence for each category of the language (Arabic: zero, one, two, few, many, other)."""
    site = Language(language)
    categories = site.plural_examples()
    assert set(categories) == set(site.locale.plural_form.tags) | {"other"}
    for category, number in categories.items():
        assert site.locale.plural_form(number) == category


def test_a_language_names_itself_in_its_own_words() -> None:
    assert [language_name(code) for code in ("fr", "es", "pt", "pt-BR", "ar")] == [
        "Français",
        "Español",
        "Português",
        "Português (Brasil)",
        "العربية",
    ]


# ----------------------------------------------------------------------------- built sites


def built_pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    """(site path, parsed page) of every page a reader can reach: redirects and the search
    index's files aside."""
    for path in sorted(site.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        soup = parse_html(path)
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        yield path.relative_to(site).as_posix(), soup


HAND_WRITTEN = {
    p.relative_to(ROOT / "docs").with_suffix("").as_posix().removesuffix("/index")
    for p in (ROOT / "docs").rglob("*.md")
}


def is_hand_written(page: str) -> bool:
    stem = page.removesuffix("/index.html").removesuffix("index.html").rstrip("/")
    return stem in HAND_WRITTEN


def strings_in(value: Any) -> Iterator[str]:
    """Every text value in parsed YAML (not the keys, which no page shows)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


@cache
def editors_words() -> tuple[str, ...]:
    """Every piece of text the editors wrote, in claim files and in mkdocs.yml (site name,
    organisation, team, palette...): the pages may show it in any language. Longest first, so
    a sentence goes before the words inside it. The nav's titles are left in: they name the
    hand-written pages, whose head and article are not checked, and would hide "Search"."""
    words = set()
    for claim_file in (ROOT / "claims").glob("*.yaml"):
        data = yaml.safe_load(claim_file.read_text(encoding="utf-8"))
        words |= set(strings_in(data))
        words |= {topic.replace("-", " ") for topic in data.get("topics", [])}
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    words |= set(strings_in(config))
    # a word or two such as `en` or `true` would cut letters out of the page's own words
    words = {" ".join(w.split()) for w in words if len(w.strip()) >= 4}
    return tuple(sorted(words, key=len, reverse=True))


def readers_text(soup: BeautifulSoup, page: str) -> str:
    """What a reader of the page sees or hears, less the editors' own words: the analysis
    (Markdown, so not as written), the sidebar of the nav's titles and a hand-written page's
    head and article are left out whole."""
    soup = BeautifulSoup(str(soup), "html.parser")  # a copy to cut from
    # the editors' pages' sidebar lists the nav of mkdocs.yml, the editors' titles
    for element in soup.select(".fc-analysis, script, style, .md-sidebar"):
        element.decompose()
    if is_hand_written(page):
        for element in soup.select("head, article.md-content__inner"):
            element.decompose()
    pieces = [str(text) for text in soup.find_all(string=True)]
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        for name in (*READ_ATTRIBUTES, *SHOWN_DATA):
            if value := element.get(name):
                pieces.append(str(value))
        if element.name == "meta" and element.get("name", element.get("property")) in WORDS_META:
            pieces.append(str(element.get("content", "")))
        pieces += [str(v) for k, v in element.attrs.items() if k.startswith("data-count-")]
    text = " ".join(" ".join(pieces).split())
    for words in editors_words():
        if words in text:
            text = re.sub(rf"(?<![\w-]){re.escape(words)}(?![\w-])", " ", text)
    return text


@cache
def english_fragments(language: str) -> tuple[str, ...]:
    """The English words of every catalogue string (each piece between placeholders), less
    those the language's own translations use too ("Sources" in French, "Email" in Spanish
    would not count)."""
    theirs = " ".join(
        " ".join(m.string) if isinstance(m.string, tuple) else m.string
        for m in read_catalogue(language)
        if m.id
    )
    fragments = set()
    for message in read_catalogue("en"):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            for piece in PLACEHOLDER.split(text or ""):
                piece = " ".join(piece.replace("\n", " ").split()).strip(" .,:;()—“”'")
                if sum(c.isalpha() for c in piece) >= 4 and not contains(theirs, piece):
                    fragments.add(piece)
    return tuple(sorted(fragments))


def contains(text: str, words: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", text) is not None


@pytest.fixture(scope="module", params=OTHER_LANGUAGES)
def language_site(request: pytest.FixtureRequest, site_in_language) -> tuple[str, Path]:
    return request.param, site_in_language(request.param)


@pytest.mark.slow
def test_every_page_says_its_language_and_direction(language_site: tuple[str, Path]) -> None:
    language, site = language_site
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    pages = dict(built_pages(site))
    assert "claims/ice-released-68000-criminal-aliens/index.html" in pages
    assert "404.html" in pages
    for page, soup in pages.items():
        assert soup.html is not None and soup.body is not None
        assert (soup.html.get("lang"), soup.body.get("dir")) == (language, direction), page


@pytest.mark.slow
def test_no_page_shows_an_english_string_from_the_catalogue(
    language_site: tuple[str, Path],
) -> None:
    language, site = language_site
    fragments = english_fragments(language)
    assert len(fragments) > 150  # the catalogue's English, not a handful of words
    found = {}
    for page, soup in built_pages(site):
        text = readers_text(soup, page)
        if english := [f for f in fragments if contains(text, f)]:
            found[page] = english
    assert found == {}


@pytest.mark.slow
def test_dates_are_written_in_the_language(language_site: tuple[str, Path]) -> None:
    language, site = language_site
    readers = Language(language)
    dates = 0
    for page, soup in built_pages(site):
        for time in soup.find_all("time"):
            day = dt.date.fromisoformat(str(time["datetime"]))
            assert time.get_text() == readers.date(day), page
            dates += 1
        text = readers_text(soup, page)
        assert not [month for month in ENGLISH_MONTHS if contains(text, month)], page
    assert dates > 100


@pytest.mark.slow
def test_data_files_and_feeds_name_the_language(language_site: tuple[str, Path]) -> None:
    language, site = language_site
    claims = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    assert claims["inLanguage"] == language
    feed = json.loads((site / "claimreview-feed.json").read_text(encoding="utf-8"))
    assert feed["inLanguage"] == language
    reviews = [item["item"][0] for item in feed["dataFeedElement"]]
    assert reviews and {review["inLanguage"] for review in reviews} == {language}
    for page, soup in built_pages(site):
        for script in soup.find_all("script", type="application/ld+json"):
            assert json.loads(script.string)["inLanguage"] == language, page
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    feeds = sorted((site / "feeds").rglob("*.xml"))
    assert feeds
    for feed_file in feeds:
        root = ET.parse(feed_file).getroot()
        assert root.get(xml_lang) == language, feed_file
        title = root.findtext("{http://www.w3.org/2005/Atom}title") or ""
        assert not [f for f in english_fragments(language) if contains(title, f)], title


@pytest.mark.slow
def test_the_search_index_is_built_in_the_language(language_site: tuple[str, Path]) -> None:
    language, site = language_site
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {language}


def names_in_sentences(claim: dict[str, Any]) -> set[str]:
    """The claim's words that the page places inside a sentence of the site's language:
    who made the claim and where, each source's title and publisher, who answers it."""
    names = {claim["claimant"]["name"], claim["appearance"].get("title")}
    names |= {part for s in claim["sources"] for part in (s["title"], s["publisher"])}
    names |= {counter["who"] for counter in claim["counter_claims"]}
    return {" ".join(name.split()) for name in names if name}


@pytest.mark.slow
def test_claim_text_in_an_arabic_sentence_keeps_its_own_direction(site_in_language) -> None:
    """An English name in an Arabic sentence is set apart (`dir="auto"`, which isolates it),
    so the numbers after it stay with the Arabic words: "…Studies، 31 مارس 2014" would
    otherwise show the day beside the name, away from its month."""
    site = site_in_language("ar")
    checked = 0
    for claim_file in sorted((ROOT / "claims").glob("*.yaml")):
        names = names_in_sentences(yaml.safe_load(claim_file.read_text(encoding="utf-8")))
        soup = parse_html(site / "claims" / claim_file.stem / "index.html")
        assert soup.body is not None
        for text in soup.body.find_all(string=True):
            if " ".join(text.split()) not in names or text.find_parent("script"):
                continue
            nearest = next(p for p in text.parents if isinstance(p, Tag) and p.get("dir"))
            assert nearest.get("dir") == "auto", (claim_file.stem, str(text.parent)[:200])
            checked += 1
    assert checked > 50


def test_the_bundled_english_site_keeps_its_dates_in_words(built_site: Path) -> None:
    soup = parse_html(built_site / "claims" / "ice-released-68000-criminal-aliens" / "index.html")
    first = soup.select_one(".fc-claimant time")
    assert first is not None and first["datetime"] == "2014-03-31"
    assert first.get_text() == "31 March 2014"
    assert soup.html is not None and soup.html.get("lang") == "en"


def test_in_language_switches_the_theme_and_drops_the_bundled_override(tmp_path: Path) -> None:
    """The test builds change the language the way a newsroom does."""
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load(in_language(tmp_path, "ar").joinpath("mkdocs.yml").read_text())
    assert config["theme"]["language"] == "ar"
    assert "language" not in plugin_options(config)


# ----------------------------------------------------------------------------- share images


@pytest.mark.slow
@pytest.mark.skipif(not raqm_available(), reason="Arabic needs Pillow's Raqm layout (FriBiDi)")
def test_arabic_share_images_are_drawn_joined_and_from_the_right(site_in_language) -> None:
    """The card's own words ("صاحب الادعاء: ...", "تدقيق: ...") start at the right margin,
    and their letters are joined: the same words with their letters kept apart are wider."""
    site = site_in_language("ar")
    image = Image.open(site / "assets" / "share" / f"{CORRECTED_SLUG}.png")
    for top, bottom in ((RULE_Y + 2, SITE_BASELINE - FOOTER_SIZE), (SITE_BASELINE - 30, HEIGHT)):
        left, right = dark_extent(image.crop((0, top, WIDTH, bottom)))
        assert WIDTH - MARGIN - 4 <= right <= WIDTH - MARGIN + 4, (top, left, right)
        assert left > MARGIN + 40  # a short line: the left side stays empty
    words = Language("ar").gettext("Claimed by %(claimant)s", claimant="")
    font = Painter(True).font(False, FOOTER_SIZE)
    apart = "\u200c".join(words)  # a zero-width non-joiner after every letter
    assert font.getlength(words, direction="rtl") < 0.95 * font.getlength(apart, direction="rtl")


# ----------------------------------------------------------------------------- editions


@pytest.fixture(scope="module")
def site_with_editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Spanish site, one of whose fact-checks names its pages on the French and Arabic
    sites."""
    root = tmp_path_factory.mktemp("editions")
    project = in_language(copy_project(root / "project"), "es")
    claim_file = project / "claims" / f"{CORRECTED_SLUG}.yaml"
    claim_file.write_text(
        claim_file.read_text(encoding="utf-8")
        + "translations:\n"
        + "".join(f"  {code}: {url}\n" for code, url in EDITIONS.items()),
        encoding="utf-8",
    )
    result = build_with_mkdocs(project, root / "site")
    assert result.returncode == 0, result.output
    return root / "site"


@pytest.mark.slow
def test_a_fact_check_links_its_pages_in_other_languages(site_with_editions: Path) -> None:
    soup = parse_html(site_with_editions / "claims" / CORRECTED_SLUG / "index.html")
    editions = soup.select_one(".fc-editions")
    assert editions is not None
    links = [(a["hreflang"], a["lang"], a["href"], a.get_text()) for a in editions.find_all("a")]
    assert links == [
        ("fr", "fr", EDITIONS["fr"], "Français"),
        ("ar", "ar", EDITIONS["ar"], "العربية"),
    ]
    assert " ".join(editions.get_text().split()) == "También en: Français y العربية"
    # the others show no such line
    other = parse_html(
        site_with_editions / "claims" / "ice-60-percent-of-removals-convicted" / "index.html"
    )
    assert other.select_one(".fc-editions") is None


@pytest.mark.slow
def test_search_engines_learn_the_editions_from_the_sitemap(site_with_editions: Path) -> None:
    """Each page of the set names every language's page, its own included (hreflang)."""
    sitemap = ET.parse(site_with_editions / "sitemap.xml").getroot()
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    alternates = {}
    for url in sitemap.findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url"):
        loc = url.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        links = url.findall(xhtml)
        if links:
            alternates[loc] = {link.get("hreflang"): link.get("href") for link in links}
    page = f"https://factcheck.example.org/claims/{CORRECTED_SLUG}/"
    assert alternates == {page: {"es": page, **EDITIONS}}
    # and no page's head claims to be another language version of the site (Material would
    # fetch a sitemap beside each such link on every visit)
    soup = parse_html(site_with_editions / "claims" / CORRECTED_SLUG / "index.html")
    assert soup.head is not None
    assert soup.head.find_all("link", hreflang=True) == []


def test_a_new_string_arrives_untranslated_in_every_language_but_english() -> None:
    new = "A sentence the code has just started to write"
    with_new = extract()
    with_new.add(new)
    english, spanish = update(with_new, "en"), update(with_new, "es")
    assert english.get(new).string == new  # the source language translates itself
    assert not spanish.get(new).string  # not English passed off as Spanish


def test_words_compiled_into_templates_follow_each_sites_language(tmp_path: Path) -> None:
    """Words with nothing to fill in are compiled into the template: one process building
    sites in several languages (the preview, these tests) still gets each one's words."""
    (tmp_path / "words.jinja").write_text('{{ _("Sources") }} | {{ _("Who said it") }}')
    shown = {
        code: Renderer([tmp_path], language=Language(code)).env.get_template("words.jinja").render()
        for code in ("es", "fr", "en", "es")
    }
    for code, text in shown.items():
        readers = Language(code)
        assert text == f"{readers.gettext('Sources')} | {readers.gettext('Who said it')}"
    assert len(set(shown.values())) == 3
