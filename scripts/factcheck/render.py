"""Turn the Site into Markdown pages with Jinja templates from the project's templates/ folder.

Claim text is always data passed to a template, never template source. Templates are rendered
with autoescaping on, and every piece of claim text is placed inside raw HTML blocks, where
Markdown leaves it alone: so `*`, `[x](javascript:…)` or `<script>` in a claim stay characters.
The one field that is Markdown (`analysis`) is converted here and then cleaned by an allowlist.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape as escape_html
from pathlib import Path
from types import CodeType
from urllib.parse import urlsplit

import markdown
import nh3
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup, escape

from . import badges, paths
from .claimreview import claim_review, json_for_script
from .i18n import ENGLISH, Language, language_name
from .settings import TeamMember
from .site import Entry, Group, Site, count_by_rating

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "blockquote", "q", "a",
    "ul", "ol", "li", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "abbr", "del", "ins",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_LINK_REL = "nofollow noopener noreferrer"


@dataclass
class RenderedPage:
    """One generated page. `title` and `description` are plain text, escaped by whoever prints."""

    src_uri: str
    url: str
    markdown: str
    title: str
    description: str
    claimreview_json: str | None = None
    in_nav: bool = False  # only the few index pages; a nav listing every claim grows as N²
    for_editors: bool = False  # an editors' page: the documentation layout, not the reader's
    rating_label: str | None = None  # a claim page's verdict, which its share title leads with
    feed: str | None = None  # site path of the Atom feed this page mirrors
    updated: dt.date | None = None  # newest change to what the page shows
    list_url: str | None = None  # page 1 of the list this page is one page of, if any
    translations: dict[str, str] | None = None  # language code -> the page in that edition


@dataclass(frozen=True)
class Pager:
    """Page `number` of `count` of one long list; URLs are site paths like 'claims/page-2/'.

    Page 1 keeps the list's own address, so links to it made before a list grew still hold.
    """

    first_url: str
    number: int
    count: int

    def url_of(self, number: int) -> str:
        return paths.list_page(self.first_url, number)

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def previous_url(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.count else None

    @property
    def last_url(self) -> str:
        return self.url_of(self.count)

    def title(self, title: str, language: Language = ENGLISH) -> str:
        if self.number == 1:
            return title
        return language.gettext(
            "%(title)s (page %(number)s of %(count)s)",
            title=title,
            number=language.number(self.number),
            count=language.number(self.count),
        )

    def description(self, description: str, language: Language = ENGLISH) -> str:
        if self.number == 1:
            return description
        return language.gettext(
            "Page %(number)s of %(count)s. %(description)s",
            number=language.number(self.number),
            count=language.number(self.count),
            description=description,
        )


def paginate(entries: list[Entry], size: int, first_url: str) -> list[tuple[Pager, list[Entry]]]:
    """A list cut into pages of `size` entries; an empty list still has its (empty) page 1."""
    count = max(1, math.ceil(len(entries) / size))
    return [
        (Pager(first_url, number, count), entries[(number - 1) * size : number * size])
        for number in range(1, count + 1)
    ]


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=EXTERNAL_LINK_REL,
        strip_comments=True,
    )


def _new_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


_converter = _new_converter()


class MarkdownError(Exception):
    """Markdown the converter cannot handle. Validation bounds `analysis` (markdown_limits),
    so this is the last line of defence: a clear message instead of a traceback."""


class RenderError(Exception):
    """A page that cannot be rendered; the message names the claim file and is ready to print."""


@functools.lru_cache(maxsize=20_000)
def markdown_to_safe_html(text: str | None) -> Markup:
    if not text:
        return Markup("")
    # One converter, reset per use: building a Markdown instance costs more than converting.
    global _converter
    try:
        html = _converter.reset().convert(text)
    except RecursionError:
        _converter = _new_converter()  # one that gave up half-way keeps state reset() misses
        raise MarkdownError("lists or quotes are nested too deeply to convert") from None
    return Markup(sanitize_html(html))


def pagefind_filter_value(text: str) -> str:
    """Text for a `data-pagefind-filter="name:value"` attribute that readers see as written.

    Pagefind's search page shows filter values as HTML, so the value it stores must be
    HTML-escaped once; and its indexer decodes character references twice (once as an HTML
    parser would, once more), so the value is escaped twice here, and autoescaping adds the
    third level in the attribute. tests/test_hostile.py checks what Pagefind stores.
    """
    return escape_html(escape_html(text))


def pagefind_key(text: str) -> str:
    """The value Pagefind stores for a filter written with `pagefind_filter_value` (escaped
    once, each run of spaces or line breaks made one space): what the search page's checkboxes
    must send to filter by it."""
    return escape_html(" ".join(text.split()))


def relative_url(target: str, here: str) -> str:
    """A link from the page at `here` (a site path like 'claims/x/') to `target`, a page such
    as 'topics/' or a file such as 'feeds/all.xml'.

    Called for every link on every page, so it works on path segments directly instead of
    posixpath.relpath (which resolves against the filesystem's current directory).
    """
    to, base = target.strip("/").split("/"), here.strip("/").split("/")
    to, base = [p for p in to if p], [p for p in base if p]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    path = "/".join([".."] * (len(base) - common) + to[common:])
    if not path:
        return "./"
    return path + "/" if target.endswith("/") or not target else path


def newest(entries: list[Entry]) -> dt.date | None:
    return max((e.claim.last_modified for e in entries), default=None)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process only, by their source's checksum.

    Jinja's on-disk cache unpickles and runs whatever file sits at a predictable name: a file
    committed there would run as code during the build. Memory cannot be planted by a checkout,
    and still saves `serve` compiling unchanged templates on every rebuild."""

    def __init__(self) -> None:
        self._compiled: dict[str, tuple[str, CodeType]] = {}  # key -> (source checksum, code)

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._compiled.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._compiled[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self._compiled.clear()


# One per language: a compiled template holds its words in the language it was compiled for.
_compiled_templates: dict[str, MemoryBytecodeCache] = {}


def compiled_templates(language: str) -> MemoryBytecodeCache:
    return _compiled_templates.setdefault(language, MemoryBytecodeCache())


class WordsAtCompileTime(Extension):
    """Compiles `_("Sources")`, a sentence with nothing to fill in, as the catalogue's text.

    A 10,000-claim site would otherwise look up the same few hundred words hundreds of
    thousands of times, each through a template function call. The words are markup, as
    `_()` gives them, so the catalogue's entities (`&mdash;`) stay as written; templates
    compiled this way are cached per language (`compiled_templates`)."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translate: Callable[[str], str] | None = getattr(self.environment, "words_of", None)
        window: list[Token] = []
        previous = ""
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            if translate is not None and _is_plain_gettext(window, previous):
                line = window[0].lineno
                yield Token(line, "lparen", "(")
                yield Token(line, "string", translate(window[2].value))
                yield Token(line, "pipe", "|")
                yield Token(line, "name", "safe")
                yield Token(line, "rparen", ")")
                previous = "rparen"
                window.clear()
                continue
            first = window.pop(0)
            previous = first.type
            yield first
        yield from window


def _is_plain_gettext(tokens: list[Token], previous: str) -> bool:
    """`_("text")` or `gettext("text")`, not a method of the same name (`x._("text")`)."""
    name, opening, text, closing = tokens
    return (
        name.type == "name"
        and name.value in {"_", "gettext"}
        and previous != "dot"
        and (opening.type, text.type, closing.type) == ("lparen", "string", "rparen")
    )


def web_address(text: str) -> bool:
    return text.startswith(("https://", "http://"))


def host_name(url: str) -> str:
    """The site a link leads to, as readers know it: 'hngn.com' for https://www.hngn.com/x."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


@dataclass(frozen=True)
class ListSummary:
    """What a page of a long list shows about the whole list, besides its own claims.

    List templates get this as `group` (and their page's claims as `entries`), never the whole
    list: so the preview's PageCache, which keys each list page by exactly these values and its
    own claims, renders a list page again whenever something it shows has changed, and only
    then. A template that needs more of the list asks for a new field here."""

    slug: str
    name: str
    url: str
    size: int
    counts: tuple[tuple[str, int], ...]  # rating key, number of claims with it
    websites: tuple[str, ...]  # the claimants' own addresses, in the list's order

    @classmethod
    def of(cls, group: Group) -> ListSummary:
        websites = dict.fromkeys(
            e.claim.claimant.url for e in group.entries if e.claim.claimant.url
        )
        counts = tuple(sorted(count_by_rating(group.entries).items()))
        return cls(group.slug, group.name, group.url, group.size, counts, tuple(websites))

    @property
    def rating_counts(self) -> dict[str, int]:
        return dict(self.counts)


def signature(entries: list[Entry]) -> str:
    """Names this list of claims, in this order, each in its current version."""
    # one update of the joined text: the same digest as one update per claim, in a third of
    # the time (every list page's signature is taken on every preview save)
    text = "".join([f"{entry.slug}\0{entry.digest}\0" for entry in entries])
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class PageCache:
    """Pages from the previous preview build, reused while what they show is unchanged.

    Under `mkdocs serve` every save rebuilt every page; at 10,000 claims that alone took
    seconds. A page is now rendered again only when its inputs change: a claim page's own file
    or a related claim's, a list page's claims, and for every page the site's settings,
    templates and date (`site_key`). Each version of a claim file has its own digest, so an
    edit is never missed. Builds never use this: they render everything afresh.
    """

    site_key: str = ""
    pages: dict[tuple[str, str], tuple[object, RenderedPage]] = field(default_factory=dict)
    used: set[tuple[str, str]] = field(default_factory=set)
    rendered: int = 0
    # src_uri -> the Markdown the preview folder holds for it (generation.write_preview_pages)
    written: dict[str, str] = field(default_factory=dict)
    # each list's ListSummary, by the list and its pages' signatures: this build's, the last's
    summaries: dict[tuple[str, ...], ListSummary] = field(default_factory=dict)
    _last_summaries: dict[tuple[str, ...], ListSummary] = field(default_factory=dict)

    def begin(self, site_key: str) -> None:
        if site_key != self.site_key:
            self.pages.clear()
            self.summaries.clear()
            self.site_key = site_key
        self.used = set()
        self.rendered = 0
        self._last_summaries, self.summaries = self.summaries, {}

    def summary(self, key: tuple[str, ...], make: Callable[[], ListSummary]) -> ListSummary:
        known = self._last_summaries.get(key) or self.summaries.get(key)
        if known is None:
            known = make()
        self.summaries[key] = known
        return known

    def page(
        self, name: tuple[str, str], inputs: object, make: Callable[[], RenderedPage]
    ) -> RenderedPage:
        self.used.add(name)
        cached = self.pages.get(name)
        if cached is not None and cached[0] == inputs:
            return cached[1]
        page = make()
        self.pages[name] = (inputs, page)
        self.rendered += 1
        return page

    def end(self) -> None:
        """Forget pages this build no longer has (a deleted claim, an emptied topic)."""
        for name in set(self.pages) - self.used:
            del self.pages[name]


def team_link(member: TeamMember, link: Callable[[str], str]) -> Markup:
    """A team member's name as a link to their page, for bylines (`link` is the page's)."""
    return Markup('<a href="{}" rel="author">{}</a>').format(
        link(paths.team_member(member.key)), member.name
    )


def fill(sentence: str, values: dict[str, object]) -> Markup:
    """A sentence of the catalogue (trusted markup) with its values escaped into it, as
    `Markup(sentence) % values` gives it but in two thirds of the time: numbers are left as
    numbers (for `%(num)d`), everything else escaped unless it is markup already."""
    escaped = {
        key: value if isinstance(value, int | float) else escape(value)
        for key, value in values.items()
    }
    return Markup(sentence % escaped)


def isolate(text: object) -> Markup:
    """Claim text placed in a sentence of the site's language, in its own direction: a
    publisher "Center for Immigration Studies" in an Arabic sentence would otherwise take the
    day of the date that follows it into its left-to-right run ("…Studies، 31 | مارس 2014")."""
    return Markup(f'<span dir="auto">{escape(text)}</span>')


class Renderer:
    def __init__(
        self,
        template_dirs: list[Path],
        link_base: str | None = None,
        cache: PageCache | None = None,
        language: Language | None = None,
    ) -> None:
        # Links between pages are relative to the page's address, so a site works wherever it
        # is served. `link_base` (a path such as "/" or "/factcheck/") makes them start from
        # the site's root instead, for engines that read a relative link in HTML as relative
        # to the page's Markdown file rather than its address (Zensical, unlike MkDocs).
        self.link_base = link_base
        self.template_dirs = template_dirs
        self.cache = cache
        self._everything = ""  # signature of every claim on the site, set per build
        self._latest: dt.date | None = None  # the newest change on the site, set per build
        self.env = Environment(
            loader=FileSystemLoader([str(folder) for folder in template_dirs]),
            # an edited template is compiled afresh, an unchanged one not on every build
            bytecode_cache=compiled_templates((language or ENGLISH).code),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # A Renderer lives for one build, so templates edited under `serve` are read anew
            # by the next build; checking each template's mtime on every page is wasted work.
            auto_reload=False,
            extensions=["jinja2.ext.i18n", "jinja2.ext.do", WordsAtCompileTime],
        )
        # Every word the templates write goes through the site's catalogue: `_()` (gettext)
        # and `ngettext`, as Jinja's i18n extension names them, with values escaped into the
        # catalogue's text and counts printed as the site's readers write numbers. Python asks
        # `self.language`. They are plain functions rather than the extension's own (three
        # context-passing calls each): a 10,000-claim site calls them half a million times.
        self.language = language or ENGLISH
        self._words: dict[str, Markup] = {}
        self.env.extend(words_of=lambda message: str(self._template_gettext(message)))
        self.env.install_gettext_translations(self.language.translations, newstyle=True)  # type: ignore[attr-defined]
        self.env.globals["_"] = self.env.globals["gettext"] = self._template_gettext
        self.env.globals["ngettext"] = self._template_ngettext
        self.env.filters["date_time"] = self.language.date_element
        self.env.globals["language"] = self.language
        self.env.globals["language_name"] = language_name
        self.env.filters["long_date"] = self.language.date
        self.env.filters["number"] = self.language.number
        self.env.filters["percent"] = self.language.percent
        self.env.filters["join_names"] = self.language.join
        self.env.filters["team_link"] = team_link
        # A translated sentence as plain text, for a link's address or an email's subject
        # (`_()` gives escaped markup, for the page).
        self.env.filters["plain"] = lambda text: Markup(text).unescape()
        self.env.filters["markdown"] = markdown_to_safe_html
        self.env.filters["isolate"] = isolate
        self.env.filters["pagefind_filter_value"] = pagefind_filter_value
        self.env.filters["pagefind_key"] = pagefind_key
        self.env.filters["host_name"] = host_name
        self.env.filters["count_ratings"] = count_by_rating
        self.env.tests["web_address"] = web_address
        self.env.globals["paths"] = paths
        self.env.globals["badge_icon"] = self.badge_icon
        self._badge_icons: dict[str, Markup] = {}

    def _template_gettext(self, message: str, **values: object) -> Markup:
        """A sentence from the catalogue, as markup: the values are escaped, not the text."""
        if values:
            return fill(self.language.translations.gettext(message), values)
        text = self._words.get(message)
        if text is None:
            # formatted with no values all the same, so `%%` reads `%` as in Jinja's own
            text = self._words[message] = fill(self.language.translations.gettext(message), {})
        return text

    def _template_ngettext(self, singular: str, plural: str, n: int, **values: object) -> Markup:
        """The form of a sentence a count needs; `num` is the count as readers write it."""
        values.setdefault("num", self.language.count(n))
        return fill(self.language.translations.ngettext(singular, plural, n), values)

    def gettext(self, message: str, **values: object) -> str:
        return self.language.gettext(message, **values)

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        return self.language.ngettext(singular, plural, n, **variables)

    def badge_icon(self, shape: str) -> Markup:
        """The inline SVG of a badge shape, drawn by its template once per build."""
        if shape not in self._badge_icons:
            template = self.env.get_template("_badge_icon.svg.jinja")
            svg = template.render(shape=shape, parts=badges.primitives(shape), badges=badges)
            self._badge_icons[shape] = Markup(" ".join(svg.split()))
        return self._badge_icons[shape]

    def render(self, template: str, url: str, **context: object) -> str:
        base = self.link_base

        def link(target: str) -> str:
            return base + target.lstrip("/") if base is not None else relative_url(target, url)

        return self.env.get_template(template).render(link=link, here=url, **context)

    def stylesheet(self, site: Site) -> bytes:
        return self.env.get_template("ratings.css.jinja").render(site=site).encode("utf-8")

    def claim_page(self, entry: Entry, site: Site) -> RenderedPage:
        inputs = (entry.digest, tuple((r.slug, r.digest) for r in entry.related))
        return self._memo("claim", entry.url, inputs, lambda: self._claim_page(entry, site))

    def _memo(
        self, kind: str, url: str, inputs: object, make: Callable[[], RenderedPage]
    ) -> RenderedPage:
        if self.cache is None:
            return make()
        return self.cache.page((kind, url), inputs, make)

    def _claim_page(self, entry: Entry, site: Site) -> RenderedPage:
        try:
            text = self.render("claim.md.jinja", entry.url, entry=entry, site=site)
        except MarkdownError as exc:
            raise RenderError(f"{entry.source_file}: analysis: {exc}") from None
        return RenderedPage(
            src_uri=paths.source_of(entry.url),
            url=entry.url,
            markdown=text,
            title=entry.claim.claim_reviewed,
            description=self.gettext(
                "%(rating)s: %(summary)s",
                rating=entry.rating.label,
                summary=entry.claim.verdict.summary,
            ),
            claimreview_json=json_for_script(claim_review(entry, site.settings)),
            updated=entry.claim.last_modified,
            rating_label=entry.rating.label,
            translations=dict(entry.claim.translations) or None,
        )

    def list_pages(
        self, template: str, group: Group, site: Site, title: str, description: str
    ) -> list[RenderedPage]:
        """One page per `claims_per_page` entries: a page's size and rendering time stay the
        same however large the archive grows. Page 1 keeps the group's address; later pages
        are `<url>page-<n>/`, and stay out of the nav. Each page's template gets its claims as
        `entries` and the list as a ListSummary, `group`."""
        pages = []
        pagination = paginate(group.entries, site.settings.claims_per_page, group.url)
        if self.cache is None:
            summary = ListSummary.of(group)
            signatures = [""] * len(pagination)
        else:
            signatures = [signature(chunk) for _pager, chunk in pagination]
            # the same claims in the same versions make the same summary: not worked out again
            key = (group.slug, group.name, group.url, *signatures)
            summary = self.cache.summary(key, lambda: ListSummary.of(group))
        for (pager, chunk), chunk_signature in zip(pagination, signatures, strict=True):

            def make(pager: Pager = pager, chunk: list[Entry] = chunk) -> RenderedPage:
                page_title = pager.title(title, self.language)
                text = self.render(
                    template, pager.url, site=site, title=page_title, entries=chunk,
                    pager=pager, group=summary,
                )  # fmt: skip
                return RenderedPage(
                    src_uri=paths.source_of(pager.url),
                    url=pager.url,
                    markdown=text,
                    title=page_title,
                    description=pager.description(description, self.language),
                    updated=newest(chunk),
                    list_url=group.url,
                )

            if self.cache is None:
                pages.append(make())
                continue
            inputs = (template, title, description, pager.count, summary, chunk_signature)
            pages.append(self._memo("list", pager.url, inputs, make))
        return pages

    def group_pages(
        self, template: str, group: Group, site: Site, title: str
    ) -> list[RenderedPage]:
        description = self.ngettext(
            "%(num)s fact-check: %(title)s", "%(num)s fact-checks: %(title)s", group.size,
            title=title,
        )  # fmt: skip
        return self.list_pages(template, group, site, title, description)

    def index_page(
        self, template: str, url: str, title: str, site: Site, description: str
    ) -> RenderedPage:
        # pages drawn from the whole archive are rendered again after any change to it
        inputs = (template, title, description, self._everything)
        return self._memo(
            "index", url, inputs, lambda: self._index_page(template, url, title, site, description)
        )

    def _index_page(
        self, template: str, url: str, title: str, site: Site, description: str
    ) -> RenderedPage:
        counts = count_by_rating(site.entries)
        text = self.render(template, url, site=site, title=title, counts=counts)
        return RenderedPage(
            paths.source_of(url), url, text, title, description, in_nav=True,
            updated=self._latest,
        )  # fmt: skip

    def render_site(self, site: Site) -> list[RenderedPage]:
        if self.cache is None:
            return self._render_site(site)
        self.cache.begin(self.site_key(site))
        self._everything = signature(site.entries)
        pages = self._render_site(site)
        self.cache.end()
        return pages

    def site_key(self, site: Site) -> str:
        """What every page may show besides its claims: settings, templates, the date."""
        digest = hashlib.sha256(site.settings.model_dump_json().encode())
        digest.update(f"{site.today}\0{self.link_base}\0".encode())
        for folder in self.template_dirs:
            for path in sorted(folder.glob("*")) if folder.is_dir() else ():
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode())
        return digest.hexdigest()

    def _render_site(self, site: Site) -> list[RenderedPage]:
        _ = self.gettext
        org = site.settings.organisation.name
        self._latest = newest(site.entries)  # what every page drawn from the archive shows
        pages = [
            self.index_page(
                "home.md.jinja", paths.HOME, site.settings.site_name, site,
                _("Fact-checks by %(organisation)s: claims, evidence and verdicts.",
                  organisation=org),
            ),
            self.index_page(
                "methodology.md.jinja", paths.METHODOLOGY, _("How we rate claims"), site,
                _("The rating scale used on every fact-check, and what each rating means."),
            ),
            self.index_page(
                "ratings_index.md.jinja", paths.RATINGS, _("Ratings"), site,
                _("Every rating on our scale, with the fact-checks that got it."),
            ),
            self.index_page(
                "claimants_index.md.jinja", paths.CLAIMANTS, _("Who said it"), site,
                _("Fact-checks grouped by who made the claim."),
            ),
            self.index_page(
                "topics_index.md.jinja", paths.TOPICS, _("Topics"), site,
                _("Fact-checks grouped by topic."),
            ),
            self.index_page(
                "corrections.md.jinja", paths.CORRECTIONS, _("Corrections"), site,
                _("Every correction to a published fact-check, newest first."),
            ),
            self.index_page(
                "search.md.jinja", paths.SEARCH, _("Search fact-checks"), site,
                _("Search every fact-check, and narrow the results by rating or claimant."),
            ),
            self.index_page(
                "review.md.jinja", paths.REVIEW, _("Due for review"), site,
                _("Fact-checks whose review date has passed."),
            ),
        ]  # fmt: skip
        pages[-1].in_nav = False  # an editors' page, linked from the contributing guide
        pages[-1].for_editors = True
        pages += [
            self.index_page(
                "team.md.jinja", paths.TEAM, _("Our team"), site,
                _("Who writes and edits the fact-checks of %(organisation)s.", organisation=org),
            ),
            self.index_page(
                "transparency.md.jinja", paths.TRANSPARENCY, _("Who we are and who funds us"),
                site,
                _("Who owns and funds %(organisation)s, how it works, and how to contact it.",
                  organisation=org),
            ),
            self.index_page(
                "suggest.md.jinja", paths.SUGGEST, _("Suggest a claim or report an error"), site,
                _("Send us a claim to check, or tell us about a mistake."),
            ),
        ]  # fmt: skip
        everything = Group("all", _("All fact-checks"), site.entries, paths.CLAIMS)
        claims_index = self.list_pages(
            "claims_index.md.jinja", everything, site, _("All fact-checks"),
            _("Every fact-check published by %(organisation)s, newest first.", organisation=org),
        )  # fmt: skip
        claims_index[0].in_nav = True  # page 1 only: the nav names each list once
        pages[1:1] = claims_index
        for group in site.by_rating.values():
            title = _("Rated: %(rating)s", rating=group.name)
            pages += self.group_pages("rating.md.jinja", group, site, title)
        for group in site.claimants.values():
            title = _("Claims by %(claimant)s", claimant=group.name)
            pages += self.group_pages("claimant.md.jinja", group, site, title)
        for group in site.topics.values():
            title = _("Topic: %(topic)s", topic=group.name)
            pages += self.group_pages("topic.md.jinja", group, site, title)
        for group in site.team.values():
            pages += self.group_pages("team_member.md.jinja", group, site, group.name)
        pages.extend(self.claim_page(entry, site) for entry in site.entries)
        return pages
