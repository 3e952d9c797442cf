"""Read claim files safely: bounded size, UTF-8 only, plain YAML with line numbers.

Claim files are untrusted. We compose the YAML into a node tree (never constructing arbitrary
Python objects), refuse tags, anchors and aliases, duplicate keys, tabs, deep nesting and more
values than any claim holds, and build plain dicts, lists and scalars while remembering where
each value stood in the file. Why YAML could not read a file is worded by `syntax`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# libyaml is ~9x faster than the pure-Python parser; fall back when it is not compiled in.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

from .model import INVISIBLE_CHARACTERS  # noqa: E402
from .problems import ClaimFileError, Problem, Severity  # noqa: E402
from .syntax import (  # noqa: E402
    CURLY_QUOTES,
    STRAIGHT_QUOTES_HINT,
    SURROGATES,
    curly_quote_message,
    key_character_problem,
    reader_problem,
    syntax_problem,
)

# What `factcheck new` writes where the editor must fill in a value.
PLACEHOLDER = "REPLACE"

MAX_FILE_BYTES = 1_000_000
# A claim nests four levels at most (claim > sources > item > value). Far deeper nesting is a
# mistake or an attack, and would exhaust Python's recursion limit while reading it.
MAX_NESTING = 20
# A claim holds 100 to 150 values (keys, texts, list items). Tens of thousands are a mistake or
# an attack: a megabyte of empty `figures` entries made 1.3 million error lines and 1.9 GB.
MAX_VALUES = 5_000
# Every list or mapping starts at one of these characters, and every value but the first follows
# one (or a comma), so their count bounds both the nesting and the number of values. libyaml's
# composer recurses in C and crashes the process (no exception) on nesting deep enough, and
# composing a huge file takes hundreds of megabytes, so files that could nest too deep or hold
# too many values are measured first, with a parse that keeps nothing and needs no recursion.
_SHAPE_CHARS = "[{-:?,"
_SHAPE_SCAN_ABOVE = 2000
CLAIM_SUFFIXES = (".yaml", ".yml")

# Tags a plain YAML document produces by itself; anything else was written by hand (`!!python/…`,
# `!custom`) and is refused.
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

_STR_TAG = "tag:yaml.org,2002:str"
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
Location = tuple[int, int]
FieldPath = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each field's value (and key) stands in the file, and the text as written of
    values YAML did not read as text (`yes`, `0x1F`), for messages."""

    locations: dict[FieldPath, Location] = field(default_factory=dict)
    key_locations: dict[FieldPath, Location] = field(default_factory=dict)
    raw_scalars: dict[FieldPath, str] = field(default_factory=dict)


@dataclass
class LoadedFile:
    """A parsed claim file: its data, and where each field stands in the text on request.

    Positions are only needed to report a problem, which few files have, and keeping them
    for every file cost about 30 KB a claim (300 MB at 10,000 claims). So they are read again
    from the file the first time a problem asks for one.
    """

    path: Path
    display_path: str
    slug: str
    data: Any
    # Read off the text once, so validation can skip per-field searches that cannot match.
    # A backslash may be a double-quoted escape that spells any character, so it counts.
    may_hide_characters: bool = True
    may_hold_placeholder: bool = True
    # sha256 of the file's bytes, when the caller hashed them: it names this version of the
    # file, so a preview can tell which pages an edit changed.
    digest: str = ""
    _positions: Positions | None = field(default=None, repr=False)

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = read_positions(self.path, self.display_path)
        return self._positions

    @property
    def locations(self) -> dict[FieldPath, Location]:
        return self.positions.locations

    @property
    def key_locations(self) -> dict[FieldPath, Location]:
        return self.positions.key_locations

    @property
    def raw_scalars(self) -> dict[FieldPath, str]:
        return self.positions.raw_scalars

    def problem_at(
        self,
        loc: FieldPath,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
    ) -> Problem:
        """A problem pointing at the value of `loc` (or its nearest known parent), or at its
        key when the key is what is wrong (`at_key`)."""
        key = self.key_locations.get(loc) if at_key else None
        line, column = key or self.locate(loc)
        field = format_field_path(loc)
        return Problem(self.display_path, line, column, field, message, hint, severity)

    def locate(self, loc: FieldPath) -> Location:
        """The closest known position for a field path (its value, else its nearest parent)."""
        locations = self.locations
        while loc:
            if loc in locations:
                return locations[loc]
            loc = loc[:-1]
        return locations.get((), (1, 1))


def format_field_path(loc: FieldPath) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text


class _Walker:
    """Turns a composed node tree into plain Python values, checking as it goes."""

    def __init__(self, display_path: str, record: bool = False) -> None:
        self.display_path = display_path
        self.record = record  # keep every position (only wanted when reporting a problem)
        self.positions = Positions()
        self._scalars = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, loc: FieldPath, message: str, hint: str = "") -> None:
        mark = node.start_mark
        raise ClaimFileError(
            Problem(
                self.display_path,
                mark.line + 1,
                mark.column + 1,
                format_field_path(loc),
                message,
                hint,
            )
        )

    def walk(self, node: yaml.Node, loc: FieldPath) -> Any:
        # No alias reaches here: parse_yaml refuses every anchor first, and an alias without
        # one is a syntax error. So no node is visited twice ("billion laughs" cannot start).
        if node.tag not in _PLAIN_TAGS:
            self.fail(
                node,
                loc,
                f"YAML tag {short_tag(node.tag)!r} is not allowed",
                "remove the tag; claim files hold plain text, lists and mappings",
            )
        if len(loc) > MAX_NESTING:
            self.fail(
                node,
                loc[:1],
                f"lists and mappings are nested more than {MAX_NESTING} levels deep",
                "a claim file needs four levels at most",
            )
        if self.record:
            self.positions.locations[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self.walk_mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*loc, i)) for i, item in enumerate(node.value)]
        if node.tag == _STR_TAG:
            if not node.value.isascii():
                self.check_text(node, loc)
            return node.value  # most values; skipping the constructor halves load time
        if self.record:
            self.positions.raw_scalars[loc] = str(node.value)
        try:
            return self._scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            what = "date" if node.tag.endswith(":timestamp") else "value"
            self.fail(
                node,
                loc,
                f"{node.value!r} is not a real {what}: {exc}",
                "check the date (YYYY-MM-DD) or number",
            )
            raise AssertionError("unreachable") from exc

    def check_text(self, node: yaml.ScalarNode, loc: FieldPath) -> None:
        """Characters in text that YAML let through, but that cannot be what the editor meant."""
        if not node.style and node.value[0] in CURLY_QUOTES:
            # “…” typed for "…": YAML kept the quotes as text, and cut the text at any ` #`.
            self.fail(node, loc, curly_quote_message(node.value[0]), STRAIGHT_QUOTES_HINT)
        if node.style == '"' and (surrogate := SURROGATES.search(node.value)):
            # Only YAML parsers written in Python read `\ud800`; libyaml refuses it earlier.
            self.fail(
                node,
                loc,
                f"holds U+{ord(surrogate.group()):04X}, half of a UTF-16 surrogate pair, "
                "not a character",
                "delete its escape, or type the character itself",
            )

    def check_key(self, node: yaml.ScalarNode, loc: FieldPath) -> None:
        """A key with an invisible space in it: a no-break space pasted as indentation, say."""
        if found := key_character_problem(str(node.value)):
            offset, message, hint = found
            mark = node.start_mark
            # In plain keys (nearly all) the offset is a column; a quoted key starts one later.
            column = mark.column + 1 + offset + (1 if node.style else 0)
            raise ClaimFileError(
                Problem(
                    self.display_path,
                    mark.line + 1,
                    column,
                    format_field_path(loc[:-1]),
                    message,
                    hint,
                )
            )

    def walk_mapping(self, node: yaml.MappingNode, loc: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, loc, "YAML merge keys (<<) are not allowed", "write keys out")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self.fail(key_node, loc, "keys must be plain words", "e.g. `claim:`")
            key = str(key_node.value)
            if not key.isascii():
                self.check_key(key_node, (*loc, key))
            if key in result:
                self.fail(
                    key_node,
                    (*loc, key),
                    f"key {key!r} appears twice",
                    "keep one and delete the other",
                )
            if self.record:
                self.positions.key_locations[(*loc, key)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            result[key] = self.walk(value_node, (*loc, key))
        return result


def short_tag(tag: str) -> str:
    """A tag as the editor wrote it: `!!python/object`, not `tag:yaml.org,2002:python/object`."""
    return "!!" + tag.removeprefix(_YAML_TAG_PREFIX) if tag.startswith(_YAML_TAG_PREFIX) else tag


def display_path_for(path: Path, root: Path | None) -> str:
    """The path as the editor knows it: relative to the project, links not followed, and
    with invisible characters spelt out (a newline in a name must not start a fake line)."""
    if root is not None:
        # Called for every claim file on every preview save: a prefix test first, as relpath
        # costs ten times more.
        where, top = os.path.abspath(path), os.path.abspath(root)
        if where.startswith(top + os.sep) and os.sep == "/":
            return printable(where[len(top) + 1 :])
        relative = os.path.relpath(where, top)
        if not relative.startswith(".."):
            return printable(Path(relative).as_posix())
    return printable(path.as_posix())


def printable(text: str) -> str:
    """Text with each non-printable character written as its Python escape (\\n, \\u202e)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _file_problem(display: str, message: str, hint: str = "", line: int = 0) -> ClaimFileError:
    return ClaimFileError(Problem(display, line, 1 if line else 0, "", message, hint))


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes, refusing files too large to be a claim before reading them."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _file_problem(display, f"cannot read file: {exc.strerror}") from exc
    if size > MAX_FILE_BYTES:
        raise _file_problem(
            display,
            f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
            "a claim file should be a few kilobytes; move long text out",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _file_problem(display, f"cannot read file: {exc.strerror}") from exc


def read_text(path: Path, display: str) -> str:
    return decode_text(read_bytes(path, display), display)


def decode_text(raw: bytes, display: str) -> str:
    """The file's text, after the checks that must happen before any parsing."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line_start = before.rfind(b"\n") + 1
        raise ClaimFileError(
            Problem(
                display,
                before.count(b"\n") + 1,
                len(before[line_start:].decode("utf-8", "replace")) + 1,
                "",
                f"byte 0x{raw[exc.start]:02X} is not valid UTF-8",
                "save the file as UTF-8 in your editor",
            )
        ) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise _file_problem(display, "file is empty", "start from `factcheck new <slug>`")
    if "\t" not in text:
        return text
    for number, line_text in enumerate(text.splitlines(), start=1):
        indent = line_text[: len(line_text) - len(line_text.lstrip())]
        if "\t" in indent:
            raise _file_problem(
                display,
                "tab character used for indentation",
                "YAML needs spaces; replace the tab with two spaces",
                number,
            )
    return text


def _refuse_anchors(text: str, display: str) -> None:
    """Anchors only matter with aliases, but an editor never needs either: refuse both."""
    for event in yaml.parse(text, Loader=_Loader):
        if getattr(event, "anchor", None):
            mark = event.start_mark
            raise ClaimFileError(
                Problem(
                    display,
                    mark.line + 1,
                    mark.column + 1,
                    "",
                    f"YAML anchors and aliases (&{event.anchor}) are not allowed",
                    "write each value out in full",
                )
            )


def _shape_problem(text: str, display: str) -> Problem | None:
    """Where nesting or the number of values first passes its limit, found by streaming events
    (no recursion, nothing kept), with the top-level key it happens under."""
    if sum(text.count(char) for char in _SHAPE_CHARS) <= _SHAPE_SCAN_ABOVE:
        return None  # cannot pass either limit; skipping the scan keeps loading fast
    depth = values = 0
    key, expect_key, mapping = "", True, False
    for event in yaml.parse(text, Loader=_Loader):
        starts_value = isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent)
        if starts_value and depth == 1 and mapping:  # in the file's own mapping: key, value, ...
            if expect_key:
                key = str(event.value) if isinstance(event, yaml.ScalarEvent) else ""
            expect_key = not expect_key
        values += starts_value
        if values > MAX_VALUES:
            return _problem_at_event(
                event,
                display,
                key,
                f"the file passes {MAX_VALUES:,} values (keys, texts and list items) here; a "
                "claim needs a few hundred",
                "look for a list or a block of lines repeated by mistake",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            mapping = mapping or (depth == 0 and isinstance(event, yaml.MappingStartEvent))
            depth += 1
            if depth > MAX_NESTING + 1:  # the file's own mapping is level 0
                return _problem_at_event(
                    event,
                    display,
                    key,
                    f"lists and mappings are nested more than {MAX_NESTING} levels deep",
                    "a claim file needs four levels at most",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _problem_at_event(
    event: yaml.Event, display: str, field: str, message: str, hint: str
) -> Problem:
    mark = event.start_mark
    return Problem(display, mark.line + 1, mark.column + 1, field, message, hint)


def parse_yaml(text: str, display: str, record: bool = False) -> tuple[Any, _Walker]:
    walker = _Walker(display, record)
    try:
        if misshapen := _shape_problem(text, display):
            raise ClaimFileError(misshapen)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise ClaimFileError(syntax_problem(exc, text, display, _Loader)) from exc
    except yaml.reader.ReaderError as exc:
        raise ClaimFileError(reader_problem(exc, text, display)) from exc
    except (yaml.YAMLError, ValueError) as exc:
        # ValueError: Python's own YAML parser on an escape past the last character, \U00110000
        raise _file_problem(display, f"YAML error: {exc}") from exc
    if node is None:
        raise _file_problem(display, "file is empty", "start from `factcheck new <slug>`")
    if "&" in text:
        _refuse_anchors(text, display)
    data = walker.walk(node, ())
    if not isinstance(data, dict):
        raise ClaimFileError(
            Problem(
                display,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "",
                "the file must be a mapping of keys such as `claim:` and `verdict:`",
                "start from `factcheck new <slug>`",
            )
        )
    return data, walker


def _may_hide_characters(text: str) -> bool:
    # YAML refuses raw control characters, so plain ASCII text can only spell one as an escape.
    if "\\" in text:
        return True
    return not text.isascii() and INVISIBLE_CHARACTERS.search(text) is not None


def load_claim_file(path: Path, root: Path | None = None) -> LoadedFile:
    """Load one file or raise ClaimFileError describing the first thing that stops reading it."""
    display = display_path_for(path, root)
    return load_claim_bytes(path, display, read_bytes(path, display))


def load_claim_bytes(path: Path, display: str, raw: bytes) -> LoadedFile:
    """Load a file whose bytes the caller has read already (to key a cache by them, say)."""
    text = decode_text(raw, display)
    data, _walker = parse_yaml(text, display)
    return LoadedFile(
        path=path,
        display_path=display,
        slug=path.stem,
        data=data,
        may_hide_characters=_may_hide_characters(text),
        may_hold_placeholder="\\" in text or PLACEHOLDER in text,
    )


def read_positions(path: Path, display: str) -> Positions:
    """Every position in a file that loaded before; empty if it has since become unreadable.

    Should the file have changed since (an editor saving during a preview build), the
    positions are those of the new text: close enough, and the next build reports afresh."""
    try:
        text = read_text(path, display)
        _data, walker = parse_yaml(text, display, record=True)
    except ClaimFileError:
        return Positions()
    return walker.positions
