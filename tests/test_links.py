"""`factcheck links` against a real HTTP server on this machine: no internet needed.

The server answers each path in one way a source's server might: 200, a permanent redirect,
404, an answer slower than the `--slow` limit, no answer before the `--timeout`, and a refusal
of HEAD that GET gets past. The command runs in this process (support.factcheck), once for
the three tests that read its report: a dead link costs the whole `--timeout` to find.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from support import FIXTURES, ROOT, factcheck

TIMEOUT = 2  # seconds: --timeout
SLOW = 0.5  # seconds: --slow
SLOW_ANSWER = 1  # seconds the /slow page takes: over --slow, well under --timeout


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: Counter[tuple[str, str]] = Counter()
        self.agents: set[str] = set()
        self.stopping = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def answer(self, body: bool) -> None:
        self.server.requests[(self.command, self.path)] += 1
        self.server.agents.add(self.headers.get("User-Agent", ""))
        if self.path == "/moved":
            self.send(301, {"Location": "/new-home"})
        elif self.path == "/gone":
            self.send(404)
        elif self.path == "/slow":
            time.sleep(SLOW_ANSWER)
            self.send(200)
        elif self.path == "/hang":
            self.server.stopping.wait(TIMEOUT * 3)  # the client gives up first
            self.send(200)
        elif self.path == "/no-head" and not body:
            self.send(405)
        else:
            self.send(200)
        if body:
            self.wfile.write(b"<!doctype html><title>A source</title>")

    def send(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html")
        self.end_headers()


@contextmanager
def serving() -> Iterator[Server]:
    server = Server()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """The server the one run of `checked` asks, so its counts are that run's alone."""
    with serving() as server:
        yield server


@pytest.fixture
def own_server() -> Iterator[Server]:
    with serving() as server:
        yield server


ROUTES = ["/ok", "/moved", "/gone", "/slow", "/hang", "/no-head"]


def claim_citing(server: Server) -> str:
    """valid-base.yaml citing one source per route; the first also has an archived copy, and
    the claim's appearance cites /ok again (it must be asked for once)."""
    data = yaml.safe_load((FIXTURES / "valid-base.yaml").read_text(encoding="utf-8"))
    data["claimant"] = {"name": "Center for Immigration Studies"}
    data["appearance"] = {"url": server.url("/ok")}
    data["sources"] = [
        {"title": f"Source at {path}", "publisher": "Local", "url": server.url(path)}
        for path in ROUTES
    ]
    data["sources"][0]["archive_url"] = server.url("/ok?archived")
    data["counter_claims"] = [{"who": "ICE", "statement": "No comment.", "source": "A letter"}]
    data["figures"] = []
    return yaml.safe_dump(data, sort_keys=False)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.fixture(scope="module")
def checked(
    server: Server, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[str], str, int]:
    """`factcheck links` run once on a claim citing every route of the server."""
    tmp_path = tmp_path_factory.mktemp("links")
    (tmp_path / "claims").mkdir()
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    text = claim_citing(server)
    (tmp_path / "claims" / "local-sources.yaml").write_text(text, encoding="utf-8")
    result = factcheck(
        "links", "--timeout", str(TIMEOUT), "--slow", str(SLOW), cwd=tmp_path
    )  # fmt: skip
    return text, result.stdout.splitlines(), result.stderr, result.returncode


def report_for(text: str, lines: list[str], server: Server, path: str) -> list[str]:
    """The lines about one source, by its `url:` line in the file."""
    line = line_of(text, f"url: {server.url(path)}")
    return [entry for entry in lines if entry.startswith(f"claims/local-sources.yaml:{line}:")]


def test_each_kind_of_answer_is_reported_at_the_sources_line(server: Server, checked) -> None:
    text, lines, stderr, code = checked
    where = {path: report_for(text, lines, server, path) for path in ROUTES}
    assert where["/ok"] == []
    assert where["/no-head"] == []  # refused HEAD, answered GET
    (moved,) = where["/moved"]
    assert moved.endswith(
        f"warning: sources[2].url: redirected (301) to {server.url('/new-home')} "
        "(cite the new address if it is the same document)"
    )
    (gone,) = where["/gone"]
    assert ": sources[3].url: dead link: HTTP 404 Not Found (" in gone
    assert ": warning:" not in gone  # a dead link is an error
    (slow,) = where["/slow"]
    assert ": warning: sources[4].url: slow: answered in " in slow
    (hang,) = where["/hang"]
    assert f": sources[5].url: dead link: no answer within {TIMEOUT}s (" in hang
    assert code == 1, "a dead link fails the command"
    assert "checked 7 web address(es) in 1 claim file(s)" in stderr
    assert "2 dead, 1 redirected, 1 slow; 5 source(s) without an archived copy" in stderr


def test_sources_without_an_archived_copy_are_named(server: Server, checked) -> None:
    text, lines, _stderr, _code = checked
    missing = [line for line in lines if "has no archived copy" in line]
    assert len(missing) == len(ROUTES) - 1
    assert not [line for line in missing if ": sources[1]: " in line]
    second = line_of(text, "- title: Source at /moved")
    assert f"claims/local-sources.yaml:{second}:" in "\n".join(missing)


def test_each_address_is_asked_for_once_and_politely(server: Server, checked) -> None:
    assert server.requests[("HEAD", "/ok")] == 1  # cited twice, asked once
    assert server.requests[("GET", "/ok")] == 0  # HEAD was enough
    assert server.requests[("HEAD", "/new-home")] == 1  # a redirect is followed, with HEAD
    assert server.requests[("GET", "/no-head")] == 1
    (agent,) = server.agents
    assert agent.startswith("factcheck-site/") and "https://factcheck.example.org/" in agent


def test_no_dead_link_means_success(own_server: Server, tmp_path: Path) -> None:
    server = own_server
    (tmp_path / "claims").mkdir()
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    data = yaml.safe_load(claim_citing(server))
    data["sources"] = [s for s in data["sources"] if s["url"].endswith(("/ok", "/moved"))]
    (tmp_path / "claims" / "fine.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = factcheck("links", "--timeout", str(TIMEOUT), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 dead, 1 redirected" in result.stderr
