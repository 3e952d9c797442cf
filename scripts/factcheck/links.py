"""`factcheck links`: are the sources still where the fact-checks say they are?

Every web address a claim file cites (its sources and their archived copies, where the claim
appeared, the claimant's page, and the responses and figures that name a URL) is asked for
once, however many files cite it. Requests go out a few at a time, at most two at once to any
one server, with a timeout and a user agent that says who is asking and why. A server that
refuses HEAD is asked again with GET. Standard library only: no new dependency.

Results are problems at the line of the address in each claim file: a dead link is an error;
a redirect, a slow answer and a source without an archived copy are warnings.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import __version__
from .load import FieldPath, LoadedFile
from .model import Claim
from .problems import Problem, Severity
from .result import CheckResult

DEFAULT_TIMEOUT = 15.0
DEFAULT_SLOW = 5.0
DEFAULT_WORKERS = 8
PER_SERVER = 2  # requests in flight to one server at a time
# Status codes after which a GET may succeed where HEAD failed: many servers refuse HEAD, or
# answer it differently from the GET a reader's browser sends.
_RETRY_WITH_GET = {400, 403, 404, 405, 406, 429, 500, 501, 502, 503}


def user_agent(site_url: str) -> str:
    contact = f"; +{site_url}" if site_url else ""
    return (
        f"factcheck-site/{__version__} link checker (checks sources cited by fact-checks{contact})"
    )


@dataclass(frozen=True)
class Citation:
    """One place a claim file cites a web address."""

    url: str
    loaded: LoadedFile
    loc: FieldPath


@dataclass(frozen=True)
class LinkResult:
    url: str
    seconds: float
    status: int | None = None  # the final answer's HTTP status
    redirects: tuple[tuple[int, str], ...] = ()  # (status, address) of each hop
    error: str | None = None  # why the link is dead; None when it answered

    @property
    def final_url(self) -> str:
        return self.redirects[-1][1] if self.redirects else self.url


def citations(claim: Claim, loaded: LoadedFile) -> list[Citation]:
    """Every web address in a claim, where it stands in the file."""
    found: list[tuple[str | None, FieldPath]] = [
        (claim.claimant.url, ("claimant", "url")),
        (claim.appearance.url, ("appearance", "url")),
    ]
    for i, source in enumerate(claim.sources):
        found += [(source.url, ("sources", i, "url"))]
        found += [(source.archive_url, ("sources", i, "archive_url"))]
    for i, response in enumerate(claim.counter_claims):
        found.append((_url_or_none(response.source), ("counter_claims", i, "source")))
    for i, figure in enumerate(claim.figures):
        found.append((_url_or_none(figure.source), ("figures", i, "source")))
    return [Citation(url, loaded, loc) for url, loc in found if url]


def _url_or_none(text: str) -> str | None:
    return text if text.lower().startswith(("https://", "http://")) else None


class _RecordRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects as a browser would, noting each hop, and keeps HEAD a HEAD."""

    def __init__(self) -> None:
        self.hops: list[tuple[int, str]] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        request = super().redirect_request(req, fp, code, msg, headers, newurl)
        if request is not None:
            self.hops.append((code, request.full_url))
            if req.get_method() == "HEAD":
                request.method = "HEAD"
        return request


def check_url(url: str, timeout: float, agent: str) -> LinkResult:
    result = _request(url, "HEAD", timeout, agent)
    if result.status in _RETRY_WITH_GET:
        result = _request(url, "GET", timeout, agent)  # what a reader's browser sends
    return result


def _request(url: str, method: str, timeout: float, agent: str) -> LinkResult:
    started = time.monotonic()
    recorder = _RecordRedirects()
    opener = urllib.request.build_opener(recorder)
    headers = {"User-Agent": agent, "Accept": "text/html,application/pdf,*/*;q=0.8"}
    request = urllib.request.Request(url, method=method, headers=headers)

    def result(**found: object) -> LinkResult:
        elapsed = time.monotonic() - started
        return LinkResult(url, elapsed, redirects=tuple(recorder.hops), **found)  # type: ignore[arg-type]

    try:
        with opener.open(request, timeout=timeout) as response:
            return result(status=response.status)
    except urllib.error.HTTPError as exc:
        return result(status=exc.code, error=f"HTTP {exc.code} {exc.reason}".strip())
    except urllib.error.URLError as exc:
        return result(error=describe_failure(exc.reason, timeout))
    except (http.client.HTTPException, OSError, ValueError) as exc:
        return result(error=describe_failure(exc, timeout))


def describe_failure(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g}s"
    if isinstance(reason, socket.gaierror):
        return "the server's name does not resolve (the site may be gone)"
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return f"secure connection failed: {reason}"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    return f"cannot connect: {reason}"


def check_urls(
    urls: Iterable[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
    agent: str,
    check: Callable[[str, float, str], LinkResult] = check_url,
) -> dict[str, LinkResult]:
    """Each address once, a few at a time and at most PER_SERVER at once to one server."""
    unique = list(dict.fromkeys(urls))
    servers: dict[str, threading.Semaphore] = {}
    for url in unique:
        servers.setdefault(urlsplit(url).netloc.lower(), threading.Semaphore(PER_SERVER))

    def polite(url: str) -> LinkResult:
        with servers[urlsplit(url).netloc.lower()]:
            return check(url, timeout, agent)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return dict(zip(unique, pool.map(polite, unique), strict=True))


def link_problems(citation: Citation, result: LinkResult, slow: float) -> list[Problem]:
    """What a reader following this link would meet, as problems at the link's line."""
    at = citation.loaded.problem_at
    loc = citation.loc
    if result.error:
        hint = "find where it moved, or cite an archived copy with `archive_url:`"
        if loc[-1] == "archive_url":
            hint = "find another archived copy"
        return [at(loc, f"dead link: {result.error}", hint)]
    problems = []
    if result.redirects:
        first_status = result.redirects[0][0]
        problems.append(
            at(
                loc,
                f"redirected ({first_status}) to {result.final_url}",
                "cite the new address if it is the same document",
                Severity.WARNING,
            )
        )
    if result.seconds > slow:
        problems.append(
            at(
                loc,
                f"slow: answered in {result.seconds:.1f}s",
                "readers may give up",
                Severity.WARNING,
            )
        )
    return problems


def archive_problems(claim: Claim, loaded: LoadedFile) -> list[Problem]:
    return [
        loaded.problem_at(
            ("sources", index),
            "has no archived copy",
            "add `archive_url:` with a copy in a web archive, e.g. the Wayback Machine",
            Severity.WARNING,
        )
        for index, source in enumerate(claim.sources)
        if source.archive_url is None
    ]


@dataclass
class LinkReport:
    problems: list[Problem]
    checked: int  # distinct addresses
    files: int
    without_archive: int

    @property
    def dead(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    def count(self, words: str) -> int:
        return sum(1 for p in self.problems if p.message.startswith(words))


def check_links(
    result: CheckResult,
    *,
    site_url: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    slow: float = DEFAULT_SLOW,
    workers: int = DEFAULT_WORKERS,
) -> LinkReport:
    """Check every address cited by the valid claims in `result`."""
    cited = [
        c for valid in result.claims for c in citations(valid.claim, result.loaded[valid.slug])
    ]
    answers = check_urls(
        (c.url for c in cited), timeout=timeout, workers=workers, agent=user_agent(site_url)
    )
    problems = [p for c in cited for p in link_problems(c, answers[c.url], slow)]
    missing = [p for v in result.claims for p in archive_problems(v.claim, result.loaded[v.slug])]
    return LinkReport(sorted(problems + missing), len(answers), len(result.claims), len(missing))
