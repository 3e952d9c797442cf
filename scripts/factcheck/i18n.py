"""The site's language: message catalogues, plural forms, dates and numbers, through Babel.

One site has one language, as the big multi-edition newsrooms run one site per language. Every
reader-facing string the generator writes is English in the source and looked up in the
catalogue `locales/<language>/LC_MESSAGES/factcheck.po`, read as it is at run time (no
compiled .mo files to keep in step). A string a catalogue lacks, or marks fuzzy, stays
English; the catalogue test fails on both. Editors' messages (the checker's errors, the
preview's error page, the command line) stay in English.
`docs/contributing/languages.md` says how to add a language.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations
from markupsafe import Markup, escape

DOMAIN = "factcheck"
LOCALES = Path(__file__).resolve().parent / "locales"
SOURCE_LANGUAGE = "en"  # the language of the msgids
RATING_SCALE_FILE = "rating_scale.yml"  # a language's labels and meanings of the built-in scale
LANGUAGE_CODE_LIMIT = 35  # BCP 47 tags in practice are far shorter


class LanguageError(ValueError):
    pass


def parse_locale(language: str) -> Locale:
    """A Babel locale for a language code as Material and HTML write it: `en`, `pt-BR`,
    `zh-Hant`. Babel's own form (`pt_BR`) is accepted too."""
    if not isinstance(language, str) or not language or len(language) > LANGUAGE_CODE_LIMIT:
        raise LanguageError(f"{language!r} is not a language code")
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise LanguageError(
            f"{language!r} is not a known language code (e.g. en, es, fr, pt-BR, ar)"
        ) from None


def html_language(language: str) -> str:
    """The code as HTML's `lang` and `hreflang` want it: `pt-BR`, not `pt_BR`."""
    return language.replace("_", "-")


def catalogue_folder(language: str) -> Path | None:
    """The folder of a language's files, or of its base language (`pt` for `pt-BR`)."""
    locale = parse_locale(language)
    for name in dict.fromkeys((str(locale), locale.language)):
        folder = LOCALES / name
        if (folder / "LC_MESSAGES" / f"{DOMAIN}.po").is_file():
            return folder
    return None


def catalogue_path(language: str) -> Path | None:
    folder = catalogue_folder(language)
    return folder / "LC_MESSAGES" / f"{DOMAIN}.po" if folder else None


def shipped_languages() -> list[str]:
    """Every language with a catalogue in the package, by folder name."""
    return sorted(folder.name for folder in LOCALES.iterdir() if (folder / "LC_MESSAGES").is_dir())


@functools.lru_cache(maxsize=16)
def translations_for(language: str) -> gettext.NullTranslations:
    path = catalogue_path(language)
    if path is None:
        return gettext.NullTranslations()
    with path.open("rb") as file:
        catalogue = read_po(file, locale=parse_locale(language), domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalogue)  # fuzzy entries are left out, as msgfmt leaves them
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@functools.lru_cache(maxsize=16)
def rating_scale_words(language: str) -> dict[str, dict[str, str]]:
    """The built-in scale's labels and meanings in a language: rating key -> {label, meaning}.
    Empty for English (the scale's own words) and for a language without a translation."""
    folder = catalogue_folder(language)
    if folder is None or not (folder / RATING_SCALE_FILE).is_file():
        return {}
    data = yaml.safe_load((folder / RATING_SCALE_FILE).read_text(encoding="utf-8"))
    return {str(key): dict(words) for key, words in (data or {}).items()}


class LocalNumber(int):
    """A count that prints as the site's readers write numbers ("68 000" in French) through
    `%(num)s`, and stays a plain number for `%(num)d` in a site's own older templates."""

    text: str

    def __new__(cls, value: int, text: str) -> LocalNumber:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


@functools.lru_cache(maxsize=16)
def locale_of(language: str) -> Locale:
    return parse_locale(language)


# A build writes the same few thousand dates and counts hundreds of thousands of times, and
# Babel takes some 13 µs for each: remembered, a 10,000-claim build saves seconds.
@functools.lru_cache(maxsize=50_000)
def _long_date(language: str, day: dt.date) -> str:
    return format_date(day, format="long", locale=locale_of(language))


@functools.lru_cache(maxsize=50_000)
def _date_element(language: str, day: dt.date) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(
        day.isoformat(), _long_date(language, day)
    )


@functools.lru_cache(maxsize=50_000)
def _decimal(language: str, value: float) -> str:
    return format_decimal(value, locale=locale_of(language))


@dataclass(frozen=True)
class Language:
    """Everything that depends on the site's language, for templates and Python alike."""

    code: str

    @property
    def locale(self) -> Locale:
        return locale_of(self.code)

    @property
    def tag(self) -> str:
        """For `lang`, `hreflang`, `xml:lang` and `inLanguage`."""
        return html_language(self.code)

    @property
    def translations(self) -> gettext.NullTranslations:
        return translations_for(self.code)

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def gettext(self, message: str, **values: object) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        text = self.translations.ngettext(singular, plural, count)
        return text % {"num": self.count(count), **values}

    def count(self, value: int) -> LocalNumber:
        return LocalNumber(value, self.number(value))

    def date(self, value: dt.date) -> str:
        """A date as the site's readers write it: "31 March 2014" (en-GB), "March 31, 2014"
        (en), "31 de marzo de 2014" (es), "31 مارس 2014" (ar)."""
        return _long_date(self.code, value)

    def number(self, value: float) -> str:
        return _decimal(self.code, value)

    def date_element(self, value: dt.date) -> Markup:
        """The date in words in a <time> element that gives it to machines as YYYY-MM-DD."""
        return _date_element(self.code, value)

    def percent(self, fraction: float) -> str:
        """A share as readers write it: "33%", "33 %" (French), "33٪"."""
        return format_percent(fraction, locale=self.locale)

    def join(self, items: list[Any]) -> Markup:
        """Names as a list in the language: "A, B and C", "A, B y C", "A وB"; each item
        escaped unless it is markup already (a link)."""
        return Markup(format_list([str(escape(item)) for item in items], locale=self.locale))

    def plural_examples(self) -> dict[str, int]:
        """A number for each of the language's plural categories (CLDR's: zero, one, two,
        few, many, other), so a script can pick the form a count needs without a catalogue:
        it asks `Intl.PluralRules` for the category and takes that form."""
        examples: dict[str, int] = {}
        for number in [*range(0, 1001), 1_000_000]:  # a million: French and Spanish `many`
            examples.setdefault(self.locale.plural_form(number), number)
        return examples


ENGLISH = Language(SOURCE_LANGUAGE)


def language_name(code: str) -> str:
    """A language's name in that language, as a link to an edition names it: "Français"."""
    locale = locale_of(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def gettext_noop(message: str) -> str:
    """Marks a string for the catalogue where it is defined; it is translated where used."""
    return message


N_ = gettext_noop


def translated_scale(ratings: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """The built-in scale with its labels and meanings in the language, where it has them."""
    words = rating_scale_words(language)
    return [{**rating, **words.get(str(rating.get("key")), {})} for rating in ratings]
