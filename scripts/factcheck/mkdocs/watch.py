"""Noticing saves in claims/ under `mkdocs serve` without scanning a large archive expensively.

MkDocs polls every watched folder twice a second (it polls rather than asking the operating
system, so that folders shared into Docker or over a network work too). Its poll of a folder of
10,000 claim files took a fifth of a second of Python each time, holding the interpreter the
rebuild also needs: a save was noticed later and rebuilt more slowly. This watcher polls claims/
just as often, looking only at what the generator reads (the entries directly in it, as
files.find_claim_files does), and asks MkDocs for a rebuild when any of them changed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.factcheck")

POLL_SECONDS = 0.5  # as often as MkDocs polls its own folders

# name -> what a save changes: modification time, size and file number (a file replaced by
# another, as some editors save); None for an entry that cannot be looked at (a broken link)
Snapshot = dict[str, tuple[int, int, int] | None]


def snapshot(folder: Path) -> Snapshot:
    """The entries directly in `folder`, each as its stamp; empty if the folder is missing."""
    entries: Snapshot = {}
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                try:
                    stat = entry.stat()  # a link's target, as the generator reads it
                    entries[entry.name] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
                except OSError:
                    entries[entry.name] = None
    except OSError:
        pass
    return entries


class FolderPoller:
    """Calls `changed` (from its own thread) whenever the entries of `folder` changed."""

    def __init__(
        self, folder: Path, changed: Callable[[], None], interval: float = POLL_SECONDS
    ) -> None:
        self.folder = folder
        self.changed = changed
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="factcheck-claims-watcher", daemon=True
        )
        self._last = snapshot(folder)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def poll(self) -> bool:
        """Look once; True (and `changed` called) if something changed since the last look."""
        now = snapshot(self.folder)
        if now == self._last:
            return False
        self._last = now
        self.changed()
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.poll()
            except Exception:  # the preview must keep running; MkDocs' own watcher still runs
                log.exception("watching claims/ failed")


def rebuild_request(server: Any) -> Callable[[], None] | None:
    """A function that asks MkDocs' live-reload server for a rebuild, as its own watcher does
    when a file changes; None if this MkDocs does it differently (then the caller lets MkDocs
    watch the folder itself)."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return None

    def request() -> None:
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    return request


def stop_quietly(poller: FolderPoller | None) -> None:
    if poller is not None:
        with contextlib.suppress(RuntimeError):
            poller.stop()
