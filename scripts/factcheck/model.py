"""The typed shape of a claim file. The JSON Schema for editors is generated from these models."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .i18n import LANGUAGE_CODE_LIMIT, LanguageError, html_language, parse_locale
from .markdown_limits import markdown_problems
from .slugs import RESERVED_SLUG_PATTERN, SLUG_MAX_LENGTH, SLUG_PATTERN, is_reserved_slug
from .suggest import date_suggestion, url_suggestion

CLAIM_REVIEWED_LIMIT = 75  # Google shows at most this many characters of claimReviewed

# Limits: generous for honest journalism, and small enough that no one file can make a build
# slow or huge (15,000 topics made 30,000 files). docs/contributing/claim-format.md lists them.
NAME_LIMIT = 200  # claimant.name, sources[].publisher, counter_claims[].who, figures[].who
TITLE_LIMIT = 500  # appearance.title, sources[].title, figures[].label
SENTENCE_LIMIT = 1_000  # claim, verdict.summary, figures[].value
NOTE_LIMIT = 2_000  # sources[].note, corrections[].note, `source` of a counter-claim or figure
STATEMENT_LIMIT = 5_000  # counter_claims[].statement
ANALYSIS_LIMIT = 40_000  # analysis, about 6,000 words
URL_LIMIT = 2_000  # every web address
MAX_TOPICS = 20
MAX_RELATED = 20
MAX_ALIASES = 20
MAX_SOURCES = 100
MAX_COUNTER_CLAIMS = 50
MAX_FIGURES = 100
MAX_CORRECTIONS = 100
MAX_PEOPLE = 20  # authors, and editors, of one fact-check
MAX_TRANSLATIONS = 50  # editions in other languages (AFP publishes in about 25)


def _must_be_text(value: Any) -> Any:
    # YAML turns bare `false`, `yes`, `12` or `2014-03-31` into non-strings; an editor meant text.
    if isinstance(value, bool | int | float | dt.date) and not isinstance(value, str):
        raise ValueError(f"expected text but YAML read {value!r} as a {_yaml_kind(value)}")
    return value


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    return type(value).__name__


def _must_be_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            suggestion = date_suggestion(value)
            raise ValueError(
                f"{value!r} is not a date in the form YYYY-MM-DD{suggestion}"
            ) from None
    raise ValueError(f"expected a date in the form YYYY-MM-DD, got {value!r}")


def _date_not_in_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"{value.isoformat()} is in the future")
    return _date_not_too_old(value)


def _date_not_too_old(value: dt.date) -> dt.date:
    if value.year < 1900:
        raise ValueError(f"{value.isoformat()} is too far in the past to be right")
    return value


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def _http_url(value: str) -> str:
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket: "http://[::1"
        raise ValueError(f"{value!r} is not a valid web address") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"{value!r} is not a web address starting with https:// or http://"
            + url_suggestion(value)
        )
    if _SPACE_OR_CONTROL.search(value):
        raise ValueError("a web address cannot contain spaces")
    return value


# Characters no honest claim field needs, refused in every text field and web address alike:
# - embedding, override and isolate controls make text display in another order than it is
#   stored ("gnp.exe" shown as "exe.png");
# - control characters (C0 except tab and line breaks, DEL, C1) are invisible, and XML cannot
#   carry those below U+0020: one of them would make every Atom feed unreadable;
# - noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF and the last two code points of every plane)
#   and lone surrogates are not text at all; XML cannot carry U+FFFE, U+FFFF or surrogates.
# YAML refuses most of them raw but lets "\x00", "\uFFFE" or "\a" escapes in double quotes
# through. One regular expression finds every kind: a per-character loop cost a third of `check`.
_PLANE_END_NONCHARACTERS = "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(1, 17)
)
INVISIBLE_CHARACTERS = re.compile(
    "(?P<direction>[\u202a-\u202e\u2066-\u2069])"
    "|(?P<control>[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f])"
    f"|(?P<noncharacter>[\ufdd0-\ufdef\ufffe\uffff{_PLANE_END_NONCHARACTERS}])"
    "|(?P<surrogate>[\ud800-\udfff])"
)
_INVISIBLE_KINDS = {
    "direction": "an invisible text-direction character ({code}) that can make the text "
    "display in a misleading order",
    "control": "an invisible control character ({code})",
    "noncharacter": "an invisible noncharacter ({code}), which is not text and which feeds "
    "cannot carry",
    "surrogate": "an invisible lone surrogate ({code}), half of a character that is missing",
}


def _no_invisible_characters(value: str, info: ValidationInfo) -> str:
    # The loader scans each file's text once; a file without such characters (nearly all)
    # skips this per-field search, which otherwise cost a sixth of `check`.
    if info.context and info.context.get("text_is_plain"):
        return value
    found = INVISIBLE_CHARACTERS.search(value)
    if found is None:
        return value
    code = f"U+{ord(found.group()):04X}"
    raise ValueError("contains " + _INVISIBLE_KINDS[str(found.lastgroup)].format(code=code))


def _text(max_length: int) -> Any:
    """Plain text of at most `max_length` characters, with the character rules above."""
    return Annotated[
        str,
        BeforeValidator(_must_be_text),
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(_no_invisible_characters),
    ]


Text = _text(SENTENCE_LIMIT)
Name = _text(NAME_LIMIT)
Title = _text(TITLE_LIMIT)
Note = _text(NOTE_LIMIT)
Statement = _text(STATEMENT_LIMIT)


def _bounded_markdown(value: str) -> str:
    if problems := markdown_problems(value):
        raise ValueError("; ".join(problems))
    return value


Analysis = Annotated[_text(ANALYSIS_LIMIT), AfterValidator(_bounded_markdown)]
RatingKey = _text(SLUG_MAX_LENGTH)
Url = Annotated[
    str,
    BeforeValidator(_must_be_text),
    StringConstraints(max_length=URL_LIMIT),
    AfterValidator(_no_invisible_characters),  # before the address check, to name the character
    AfterValidator(_http_url),
    Field(json_schema_extra={"pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/]+\S*$"}),
]
IsoDate = Annotated[dt.date, BeforeValidator(_must_be_date), AfterValidator(_date_not_in_future)]
PlannedDate = Annotated[dt.date, BeforeValidator(_must_be_date)]  # may lie in the future
# A publication date in the future is an embargo: the build leaves the claim out until that day.
PublicationDate = Annotated[
    dt.date, BeforeValidator(_must_be_date), AfterValidator(_date_not_too_old)
]
Slug = Annotated[
    str,
    BeforeValidator(_must_be_text),
    StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH),
    # pydantic leaves the pattern out of the schema when a before-validator comes first
    Field(json_schema_extra={"pattern": SLUG_PATTERN, "maxLength": SLUG_MAX_LENGTH}),
]


def _not_reserved(slug: str) -> str:
    if is_reserved_slug(slug):
        raise ValueError(f"{slug!r} is reserved for the site's own pages; pick another name")
    return slug


def _language_code(value: str) -> str:
    """A language Babel knows, written as HTML's hreflang wants it: `pt_BR` becomes `pt-BR`."""
    try:
        return html_language(str(parse_locale(value)))
    except LanguageError as exc:
        raise ValueError(str(exc)) from None


LANGUAGE_CODE_PATTERN = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"  # BCP 47's shape: pt-BR
LanguageCode = Annotated[
    str,
    BeforeValidator(_must_be_text),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=LANGUAGE_CODE_LIMIT),
    AfterValidator(_language_code),
    Field(json_schema_extra={"pattern": LANGUAGE_CODE_PATTERN}),
]


# A topic's page is topics/<topic>/: `index` would replace the list of topics.
TopicSlug = Annotated[
    str,
    BeforeValidator(_must_be_text),
    StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH),
    AfterValidator(_not_reserved),
    Field(
        json_schema_extra={
            "pattern": SLUG_PATTERN,
            "maxLength": SLUG_MAX_LENGTH,
            "not": {"pattern": RESERVED_SLUG_PATTERN},
        }
    ),
]
# The key of a person on the site's team (mkdocs.yml), which refuses reserved names itself.
TeamKey = Slug


# Reserved aliases are refused with the other rules about aliases (rules.alias_problems).
AliasSlug = Annotated[
    str,
    BeforeValidator(_must_be_text),
    StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH),
    Field(
        json_schema_extra={
            "pattern": SLUG_PATTERN,
            "maxLength": SLUG_MAX_LENGTH,
            "not": {"pattern": RESERVED_SLUG_PATTERN},
        }
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Claimant(Strict):
    name: Name = Field(description="Who made the claim: a person or an organisation.")
    url: Url | None = Field(default=None, description="A page about the claimant (optional).")
    kind: Literal["person", "organisation"] = Field(
        default="organisation", description="`person` or `organisation` (the default)."
    )


class Appearance(Strict):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"anyOf": [{"required": ["url"]}, {"required": ["title"]}]},
    )

    url: Url | None = Field(default=None, description="Where the claim can be read or watched.")
    title: Title | None = Field(default=None, description="Title of that article, speech or post.")

    @model_validator(mode="after")
    def url_or_title(self) -> Appearance:
        if self.url is None and self.title is None:
            raise ValueError("give a `url` or a `title` (or both) for where the claim was made")
        return self


class Verdict(Strict):
    rating: RatingKey = Field(description="A key of the site's rating scale, e.g. mostly-false.")
    summary: Text = Field(description="One or two sentences shown at the top of the page.")

    @field_validator("rating")
    @classmethod
    def rating_on_scale(cls, rating: str, info: ValidationInfo) -> str:
        keys = (info.context or {}).get("rating_keys")
        if keys is not None and rating not in keys:
            raise ValueError(f"{rating!r} is not a rating")
        return rating


class Source(Strict):
    title: Title = Field(description="Title of the document or page.")
    publisher: Name = Field(description="Who published it.")
    url: Url = Field(description="Link to it, on its publisher's own site where possible.")
    archive_url: Url | None = Field(
        default=None,
        description="A copy in a web archive (e.g. the Wayback Machine), shown as "
        "'archived copy', so readers can still check the source if the original changes or "
        "disappears.",
    )
    date: IsoDate | None = Field(default=None, description="When it was published, if known.")
    note: Note | None = Field(default=None, description="What this source shows, in a sentence.")


class CounterClaim(Strict):
    who: Name = Field(description="Who responded, e.g. the agency and its spokesperson.")
    statement: Statement = Field(description="What they said: a short quote or a fair summary.")
    source: Note = Field(description="A URL, or the title of one of this claim's sources.")


class Figure(Strict):
    label: Title = Field(description="What is being counted.")
    value: Text = Field(description="The number as that party gave it, written as text.")
    who: Name = Field(description="Who gave this number.")
    source: Note = Field(description="A URL, or the title of one of this claim's sources.")


class Correction(Strict):
    date: IsoDate = Field(description="When the correction was published.")
    note: Note = Field(description="What was wrong and what changed, for readers.")
    previous_rating: RatingKey | None = Field(
        default=None,
        description="The rating before this correction, when the correction changed it.",
    )


class Claim(Strict):
    """One fact-check. The file name (without .yaml) is its slug and URL."""

    claim: Text = Field(description="The claim as it was made: one or two sentences, plain text.")
    claim_short: Annotated[Text, StringConstraints(max_length=CLAIM_REVIEWED_LIMIT)] | None = Field(
        default=None,
        description="A faithful version of the claim in 75 characters or fewer, for search "
        "engines (Google's limit). Needed when `claim` is longer.",
    )
    claimant: Claimant
    date: IsoDate = Field(description="When the claim was made.")
    appearance: Appearance
    published: PublicationDate = Field(
        description="When this fact-check was first published. A date in the future keeps "
        "it off the site until that day."
    )
    updated: IsoDate | None = Field(default=None, description="When it was last updated.")
    status: Literal["draft", "published"] = Field(
        default="published",
        description="`draft` keeps the fact-check out of the published site; the preview "
        "shows it with a DRAFT banner. Leave it out (or write `published`) to publish.",
    )
    authors: list[TeamKey] = Field(
        min_length=1,
        max_length=MAX_PEOPLE,
        description="Who wrote the fact-check: keys of the site's team, e.g. [jane-doe].",
    )
    editors: list[TeamKey] = Field(
        default_factory=list,
        max_length=MAX_PEOPLE,
        description="Who edited it: keys of the site's team (optional).",
    )
    verdict: Verdict
    analysis: Analysis | None = Field(
        default=None, description="The reasoning, in Markdown: paragraphs, lists, links."
    )
    sources: list[Source] = Field(
        min_length=1, max_length=MAX_SOURCES, description="The evidence; at least one."
    )
    counter_claims: list[CounterClaim] = Field(
        max_length=MAX_COUNTER_CLAIMS,
        description="The other side's response, e.g. an agency's statement; may be empty.",
    )
    figures: list[Figure] = Field(
        default_factory=list, max_length=MAX_FIGURES, description="Disputed numbers."
    )
    topics: list[TopicSlug] = Field(
        default_factory=list,
        max_length=MAX_TOPICS,
        description="Topic slugs, e.g. immigration.",
    )
    related: list[Slug] = Field(
        default_factory=list, max_length=MAX_RELATED, description="Slugs of related claims."
    )
    corrections: list[Correction] = Field(
        default_factory=list,
        max_length=MAX_CORRECTIONS,
        description="Corrections after publication, oldest first; one for every rating change.",
    )
    review_by: PlannedDate | None = Field(
        default=None, description="After this date the page warns it may be out of date."
    )
    aliases: list[AliasSlug] = Field(
        default_factory=list,
        max_length=MAX_ALIASES,
        description="Former slugs of this claim; their old addresses redirect here.",
    )
    translations: dict[LanguageCode, Url] = Field(
        default_factory=dict,
        max_length=MAX_TRANSLATIONS,
        description="The same fact-check on the site's editions in other languages: a "
        "language code and the page's address, e.g. fr: https://... (optional).",
    )

    @property
    def claim_reviewed(self) -> str:
        return self.claim_short or self.claim

    def is_published_by(self, day: dt.date) -> bool:
        """Whether a build on `day` publishes it: not a draft, and its date has come."""
        return self.status == "published" and self.published <= day

    def cited(self, reference: str) -> Source | None:
        """The source a figure or a response names by its web address or its title, if any."""
        for source in self.sources:
            if reference in (source.url, source.title):
                return source
        return None

    @property
    def last_modified(self) -> dt.date:
        """The latest of `published`, `updated` and every correction."""
        return max([self.updated or self.published, *(c.date for c in self.corrections)])
