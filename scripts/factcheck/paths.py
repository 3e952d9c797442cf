"""Every address the generator publishes, in one place.

Site paths are relative to the site root, without a leading slash: pages end in `/`
("claims/x/"), files do not ("feeds/all.xml"). Python code and templates (through the `paths`
global) both ask this module, so an address changes in one place, and the names the site keeps
for itself can be told apart from names that come from claim data.
"""

from __future__ import annotations

# Pages of the site's own, generated or hand-written.
HOME = ""
CLAIMS = "claims/"
CLAIMANTS = "claimants/"
TOPICS = "topics/"
RATINGS = "ratings/"
METHODOLOGY = "methodology/"
CORRECTIONS = "corrections/"
REVIEW = "review/"
ABOUT = "about/"
SEARCH = "find/"
TEAM = "team/"
TRANSPARENCY = "transparency/"
SUGGEST = "suggest/"
EDITORS_GUIDE = "contributing/"  # hand-written, where the site has one

# Files.
ALL_FEED = "feeds/all.xml"
CORRECTIONS_FEED = "feeds/corrections.xml"
CLAIMS_JSON = "claims.json"
CLAIMS_JSON_SCHEMA = "schema/claims.schema.json"
CLAIMREVIEW_FEED = "claimreview-feed.json"
PAGEFIND_BUNDLE = "pagefind/"  # written by Pagefind after the pages
STYLESHEETS = "assets/stylesheets/"
SCRIPTS = "assets/javascripts/"
SITE_STYLESHEET = f"{STYLESHEETS}factcheck.css"
RATINGS_STYLESHEET = f"{STYLESHEETS}ratings.css"
SITE_SCRIPTS = (f"{SCRIPTS}site.js",)
SEARCH_SCRIPT = f"{SCRIPTS}find.js"
SHARE_IMAGES = "assets/share/"

# The first page of a list keeps the list's address; later pages are <list>page-<n>/.
PAGE_PREFIX = "page-"


def claim(slug: str) -> str:
    return f"{CLAIMS}{slug}/"


def rating(key: str) -> str:
    return f"{RATINGS}{key}/"


def claimant(slug: str) -> str:
    return f"{CLAIMANTS}{slug}/"


def topic(slug: str) -> str:
    return f"{TOPICS}{slug}/"


def team_member(key: str) -> str:
    return f"{TEAM}{key}/"


def list_page(first_url: str, number: int) -> str:
    return first_url if number == 1 else f"{first_url}{PAGE_PREFIX}{number}/"


def claimant_feed(slug: str) -> str:
    return f"feeds/{CLAIMANTS}{slug}.xml"


def topic_feed(slug: str) -> str:
    return f"feeds/{TOPICS}{slug}.xml"


def share_image(slug: str) -> str:
    return f"{SHARE_IMAGES}{slug}.png"


def redirect(alias: str) -> str:
    """The file that sends readers from a claim's former address to its page."""
    return f"{claim(alias)}index.html"


def section_of(url: str) -> str:
    """The section a page belongs to, as the menu names it: 'claims/' for 'claims/x/'."""
    first = url.strip("/").split("/")[0]
    return f"{first}/" if first else HOME


def source_of(url: str) -> str:
    """The Markdown file MkDocs builds a page address from ('claims/x/' -> 'claims/x.md')."""
    stripped = url.rstrip("/")
    if not stripped:
        return "index.md"
    return f"{stripped}/index.md" if url in _INDEX_PAGES else f"{stripped}.md"


# Section front pages whose pages live beneath them: MkDocs builds them from <folder>/index.md.
_INDEX_PAGES = {CLAIMS, CLAIMANTS, TOPICS, RATINGS, TEAM}
