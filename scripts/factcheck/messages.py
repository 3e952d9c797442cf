"""Keep the message catalogues in step with the code: a maintainers' tool.

    python3 scripts/dev.py messages             # extract every string, update every catalogue
    python3 scripts/dev.py messages --check     # list what each catalogue lacks; exit 1 if any
    python3 scripts/dev.py messages --init xx   # start the catalogue of a new language xx

Strings are extracted with Babel from the package's templates (Jinja's extractor: `_()`,
`gettext`, `ngettext`) and Python modules (`_()`, `gettext`, `ngettext`, `N_`), and the
catalogues `locales/<language>/LC_MESSAGES/factcheck.po` are updated to match: a new string
arrives with an empty translation, a string no longer used is dropped. English, the language
of the msgids, gets each string as its own translation. `tests/test_catalogues.py` fails
while any catalogue lacks a string, keeps a fuzzy one, has too few plural forms, or changes
a placeholder such as `%(date)s`. docs/contributing/languages.md explains the workflow.
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

from .i18n import DOMAIN, LOCALES, SOURCE_LANGUAGE, parse_locale, shipped_languages

PACKAGE = Path(__file__).resolve().parent
COMMENT_TAGS = ("Translators:",)
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
# Jinja's extractor parses templates as the Renderer does (renderer.py).
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n,jinja2.ext.do",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
}
METHODS = [
    ("templates/**.jinja", "jinja2.ext:babel_extract"),
    ("starter/**", "ignore"),
    ("**.py", "python"),
]
PROJECT = "factcheck-site"
HEADER = """\
# Messages of the factcheck-site generator: every word it writes on a fact-check site.
# Update with `python3 scripts/dev.py messages`; docs/contributing/languages.md says how.
# Translated by: (who wrote these translations, and who checked them and how)"""


def extract() -> Catalog:
    """Every reader-facing string in the package, with its plural form and translators'
    comments, as a catalogue without translations (a template)."""
    template = Catalog(project=PROJECT, domain=DOMAIN, header_comment=HEADER, fuzzy=False)
    messages = extract_from_dir(
        PACKAGE,
        method_map=METHODS,
        options_map={"templates/**.jinja": JINJA_OPTIONS},
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, _lineno, message, comments, context in messages:
        template.add(
            message,
            None,
            [(f"factcheck/{filename}", None)],
            auto_comments=comments,
            context=context,
        )
    return template


def catalogue_file(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language: str) -> Catalog:
    with catalogue_file(language).open("rb") as file:
        return read_po(file, locale=parse_locale(language), domain=DOMAIN)


def write_catalogue(catalogue: Catalog, language: str) -> None:
    path = catalogue_file(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = BytesIO()
    # No line numbers: they would change the catalogues on every edit of the code.
    write_po(out, catalogue, width=100, include_lineno=False, ignore_obsolete=True)
    path.write_bytes(out.getvalue())


def new_catalogue(language: str) -> Catalog:
    locale = parse_locale(language)
    return Catalog(
        locale=locale, project=PROJECT, domain=DOMAIN, header_comment=HEADER, fuzzy=False
    )


def update(template: Catalog, language: str) -> Catalog:
    """The language's catalogue with exactly the template's strings; translations kept."""
    path = catalogue_file(language)
    catalogue = read_catalogue(language) if path.is_file() else new_catalogue(language)
    started = catalogue.creation_date
    # Babel's update puts the template's own message objects into the catalogue: filling in
    # one language's strings would fill them in for the next language too.
    template = copy.deepcopy(template)
    # No guessing a new string's translation from a similar one: it would be marked fuzzy,
    # and a translator should write it. Each catalogue keeps its own header comment (who
    # translated it, and who checked it).
    catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalogue.creation_date = started  # not today's date: no change without a new string
    catalogue.obsolete.clear()
    if parse_locale(language).language == SOURCE_LANGUAGE:
        for message in catalogue:
            if message.id:
                message.string = message.id
    return catalogue


def expected_plural_forms(language: str) -> int:
    return get_plural(parse_locale(language)).num_plurals


def problems(template: Catalog, language: str) -> Iterator[str]:
    """What keeps a shipped catalogue from being complete and correct, one line each."""
    path = catalogue_file(language)
    if not path.is_file():
        yield f"{language}: no catalogue at {path}"
        return
    yield from file_problems(template, path, language)


def file_problems(template: Catalog, path: Path, language: str) -> Iterator[str]:
    """What the catalogue in `path` lacks for `language`: a string missing, untranslated or
    fuzzy, too few plural forms, a placeholder the code does not fill, a string no longer
    used."""
    with path.open("rb") as file:
        catalogue = read_po(file, locale=parse_locale(language), domain=DOMAIN)
    where = path.name if not path.is_relative_to(PACKAGE) else str(path.relative_to(PACKAGE))
    wanted = expected_plural_forms(language)
    if catalogue.num_plurals != wanted:
        yield f"{where}: Plural-Forms gives {catalogue.num_plurals} forms; {language} has {wanted}"
    for message in template:
        if not message.id:
            continue
        found = catalogue.get(message.id, message.context)
        name = _name(message)
        if found is None:
            yield f"{where}: missing {name}"
        elif found.fuzzy:
            yield f"{where}: fuzzy (to be checked) {name}"
        elif not _translated(found, wanted):
            yield f"{where}: not translated {name}"
    known = {(_key(m), m.context) for m in template if m.id}
    for message in catalogue:
        if message.id and (_key(message), message.context) not in known:
            yield f"{where}: no longer used {_name(message)}"
    for message, errors in catalogue.check():
        for error in errors:
            yield f"{where}: {_name(message)}: {error}"


def _key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _name(message: Message) -> str:
    return repr(_key(message))


def _translated(message: Message, plural_forms: int) -> bool:
    if isinstance(message.id, str):
        return bool(message.string)
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return len(forms) == plural_forms and all(forms)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dev.py messages", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="list problems; change nothing")
    parser.add_argument("--init", metavar="LANGUAGE", help="start a new language's catalogue")
    args = parser.parse_args(argv)
    template = extract()
    if args.init:
        locale = parse_locale(args.init)
        name = str(locale)
        if catalogue_file(name).is_file():
            print(f"{catalogue_file(name)} exists already", file=sys.stderr)
            return 1
        write_catalogue(update(template, name), name)
        print(f"wrote {catalogue_file(name)}: translate each msgstr, then run the tests")
        print(f"  ({Locale.parse(name).get_display_name('en')}: {expected_plural_forms(name)} "
              "plural forms)")  # fmt: skip
        return 0
    if args.check:
        found = [line for language in shipped_languages() for line in problems(template, language)]
        print("\n".join(found) or "every catalogue is complete")
        return 1 if found else 0
    for language in shipped_languages():
        write_catalogue(update(template, language), language)
        print(f"updated {catalogue_file(language)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
