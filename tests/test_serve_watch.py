"""The preview's watch on claims/ (factcheck.mkdocs.watch): every kind of save asks for a
rebuild, and nothing else does. tests/test_serve*.py see the same through a real server."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from factcheck.mkdocs.watch import FolderPoller, rebuild_request


class Requests:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


def watched(folder: Path) -> tuple[FolderPoller, Requests]:
    requests = Requests()
    return FolderPoller(folder, requests), requests


def claims(tmp_path: Path) -> Path:
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "one.yaml").write_text("claim: one\n", encoding="utf-8")
    (folder / "two.yaml").write_text("claim: two\n", encoding="utf-8")
    return folder


def test_a_folder_nobody_touches_asks_for_no_rebuild(tmp_path: Path) -> None:
    poller, requests = watched(claims(tmp_path))
    assert not poller.poll()
    assert not poller.poll()
    assert requests.count == 0


def test_saving_a_file_asks_for_one_rebuild(tmp_path: Path) -> None:
    folder = claims(tmp_path)
    poller, requests = watched(folder)
    (folder / "one.yaml").write_text("claim: one, edited\n", encoding="utf-8")
    assert poller.poll()
    assert not poller.poll()  # the same save is not reported twice
    assert requests.count == 1


def test_a_save_that_keeps_the_size_is_still_seen(tmp_path: Path) -> None:
    folder = claims(tmp_path)
    path = folder / "one.yaml"
    poller, _ = watched(folder)
    stat = path.stat()
    path.write_text("claim: 1ne\n", encoding="utf-8")
    # the file system's clock may not have moved on since the file was made: make sure it did
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert poller.poll()


def test_an_editor_that_saves_by_replacing_the_file_is_seen(tmp_path: Path) -> None:
    folder = claims(tmp_path)
    path = folder / "one.yaml"
    poller, requests = watched(folder)
    stat = path.stat()
    temporary = folder / ".one.yaml.swp"
    temporary.write_text("claim: one\n", encoding="utf-8")  # same text, size and time
    os.utime(temporary, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    poller.poll()  # the editor's temporary file appearing is a change too
    temporary.replace(path)
    assert poller.poll()
    assert requests.count == 2


def test_adding_deleting_and_renaming_files_ask_for_rebuilds(tmp_path: Path) -> None:
    folder = claims(tmp_path)
    poller, requests = watched(folder)
    (folder / "three.yaml").write_text("claim: three\n", encoding="utf-8")
    assert poller.poll()
    (folder / "two.yaml").unlink()
    assert poller.poll()
    (folder / "one.yaml").rename(folder / "first.yaml")
    assert poller.poll()
    assert requests.count == 3


def test_a_missing_folder_is_watched_until_it_appears(tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    poller, requests = watched(folder)
    assert not poller.poll()
    folder.mkdir()
    (folder / "one.yaml").write_text("claim: one\n", encoding="utf-8")
    assert poller.poll()
    assert requests.count == 1


def test_the_watcher_can_ask_this_mkdocs_for_a_rebuild(tmp_path: Path) -> None:
    """Else the plugin falls back to MkDocs' own watcher: correct, but a slower preview."""
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        assert rebuild_request(server) is not None
    finally:
        server.server_close()
    assert rebuild_request(object()) is None
