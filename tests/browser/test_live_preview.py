"""The editor's preview in a real browser: a tab left open on `serve` follows every save.

An editor keeps the preview open beside their text editor. These tests do the same in
Chromium, under plain `mkdocs serve` and under `scripts/dev.py serve` (which adds --dirty): they
save a claim file, a template, a hand-written page and mkdocs.yml, and wait for the open tab to
show the change by itself. Nothing here reloads the page: MkDocs' live-reload script must run,
and the site's Content-Security-Policy must let it (it blocked it once, and the preview
silently never updated). Each step prints how long the change took to appear.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from factcheck.package_data import BUILTIN_TEMPLATES
from support import DESKTOP, DevServe, MkDocsServer, copy_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLUG = "ice-removed-216000-convicted-criminals"
SUMMARY = '  summary: "'
# The preview rebuilds within a couple of seconds; a generous bound keeps a busy CI machine green.
# (Playwright's `expect` waits 5 s unless told otherwise; the context's default does not apply.)
SHOWS_WITHIN_MS = 60_000


@pytest.fixture(params=["mkdocs serve", "scripts/dev.py serve"])
def preview(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MkDocsServer]:
    project = copy_project(tmp_path / "project")
    server = MkDocsServer(project) if request.param == "mkdocs serve" else DevServe(project)
    try:
        server.wait_for(f"claims/{SLUG}/", lambda body: "fc-verdict" in body)
        yield server
    finally:
        server.stop()


class Watcher:
    """A tab on the preview that records what would break live reload."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.blocked: list[str] = []
        self.errors: list[str] = []
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.blocked.append(message.text)

    def live_reload_runs(self) -> bool:
        """Whether the page's live-reload script ran, once the page (which live reload itself
        may just have reloaded) has loaded."""
        self.page.wait_for_load_state("load")
        try:
            self.page.wait_for_function("typeof livereload === 'function'", timeout=10_000)
        except PlaywrightTimeoutError:
            return False
        return True

    def assert_clean(self) -> None:
        assert not self.blocked, "the page's policy blocked a script:\n" + "\n".join(self.blocked)
        assert not self.errors, "\n".join(self.errors)


@pytest.fixture
def watcher(chromium: Browser) -> Iterator[Watcher]:
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(SHOWS_WITHIN_MS)
    try:
        yield Watcher(context.new_page())
    finally:
        context.close()


def save(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the edit did not apply to {path.name}"
    path.write_text(changed, encoding="utf-8")


def timed(step: str, check: Callable[[], None]) -> None:
    started = time.perf_counter()
    check()
    print(f"{step}: shown {time.perf_counter() - started:.2f} s after saving")


def test_an_open_claim_page_follows_every_save(preview: MkDocsServer, watcher: Watcher) -> None:
    page = watcher.page
    page.goto(preview.url(f"claims/{SLUG}/"), wait_until="load")
    expect(page.locator(".fc-verdict__summary")).to_be_visible(timeout=SHOWS_WITHIN_MS)
    assert watcher.live_reload_runs(), "MkDocs' live-reload script did not run"
    watcher.assert_clean()
    claim = preview.project / "claims" / f"{SLUG}.yaml"
    original = claim.read_text(encoding="utf-8")

    save(claim, lambda text: text.replace(SUMMARY, SUMMARY + "Edited while open. ", 1))
    summary = page.locator(".fc-verdict__summary")
    timed(
        "claim edit",
        lambda: expect(summary).to_contain_text("Edited while open.", timeout=SHOWS_WITHIN_MS),
    )

    save(claim, lambda text: text.replace("verdict:\n", "verdict: [\n", 1))
    problems = page.get_by_role("heading", name="This claim file has problems")
    timed("broken file", lambda: expect(problems).to_be_visible(timeout=SHOWS_WITHIN_MS))
    expect(page.get_by_role("alert")).to_contain_text(
        f"claims/{SLUG}.yaml:", timeout=SHOWS_WITHIN_MS
    )

    claim.write_text(original, encoding="utf-8")
    timed("fixed file", lambda: expect(summary).to_be_visible(timeout=SHOWS_WITHIN_MS))
    expect(summary).not_to_contain_text("Edited while open.", timeout=SHOWS_WITHIN_MS)

    override = preview.project / "templates" / "claim.md.jinja"
    shutil.copy(BUILTIN_TEMPLATES / "claim.md.jinja", override)
    save(override, lambda text: text.replace('>{{ _("Sources") }}<', ">Sources we used<", 1))
    sources = page.get_by_role("heading", name="Sources we used")
    timed("template edit", lambda: expect(sources).to_be_visible(timeout=SHOWS_WITHIN_MS))

    save(
        preview.project / "mkdocs.yml",
        lambda text: text.replace("site_name: Fact Check Desk", "site_name: Renamed Desk", 1),
    )
    timed(
        "mkdocs.yml edit",
        lambda: expect(page).to_have_title(re.compile("Renamed Desk"), timeout=SHOWS_WITHIN_MS),
    )
    assert watcher.live_reload_runs()
    watcher.assert_clean()
    assert "Traceback" not in preview.output()


def test_an_open_hand_written_page_follows_its_save(
    preview: MkDocsServer, watcher: Watcher
) -> None:
    page = watcher.page
    page.goto(preview.url("about/"), wait_until="load")
    assert watcher.live_reload_runs()
    save(
        preview.project / "docs" / "about.md",
        lambda text: text.replace("\n", "\n\nA sentence added while the page was open.\n", 1),
    )
    added = page.get_by_text("A sentence added while the page was open.")
    timed("docs edit", lambda: expect(added).to_be_visible(timeout=SHOWS_WITHIN_MS))
    watcher.assert_clean()
