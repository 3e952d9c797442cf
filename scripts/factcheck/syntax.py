"""YAML errors in an editor's words: where to look, and what to fix.

The parser reports where it gave up, which is often lines after the mistake (an unclosed
quote) and says it in a parser's terms. These functions look at the text around that point.
They run only on a file that failed to parse, and each takes time linear in the file's size,
so a hostile file cannot make reporting its error slow.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import yaml

from .problems import Problem

# Lines longer than this are not searched for an opening quote: no claim needs such a line,
# and a hint must never take longer than the parse it explains.
HINT_LINE_LIMIT = 10_000
_QUOTES = ('"', "'")  # a tuple: the empty string is not in it
# Whether the rest of a line closes the quote that opened it (an escape or a doubled quote does
# not). Each alternative starts with a different character, so matching takes linear time.
_CLOSED_RE = {
    '"': re.compile(r'(?:[^"\\]|\\.)*"'),
    "'": re.compile(r"(?:[^']|'')*'(?!')"),
}
_SPACES_RE = re.compile(r"\s*")


def _skip_spaces(line: str, start: int) -> int:
    match = _SPACES_RE.match(line, start)
    return match.end() if match else start


def _opening_quote(line: str) -> int | None:
    """Where a value opens a quote on this line: `key: "…`, `- "…` or `- key: '…` (0-based).

    Written out rather than as one regular expression: the expression this replaced tried every
    way to split a line of list dashes into dashes and a key, and took minutes on a long one.
    """
    first = start = _skip_spaces(line, 0)
    while line.startswith("-", start) and line[start + 1 : start + 2].isspace():
        start = _skip_spaces(line, start + 1)
    if line[start : start + 1] in ("", "#"):
        return None
    if line[start] in _QUOTES:
        return start
    comment = line.find("#", start)
    end = len(line) if comment < 0 else comment
    found = _quote_after_colon(line, start + 1, end)  # a key has at least one character
    if found is None and start != first and line[start] == ":":
        found = _quote_after_colon(line, start, start + 1)  # `- : "x"` is the key `-`
    return found


def _quote_after_colon(line: str, start: int, end: int) -> int | None:
    """The first quote opening a value after a `: ` that starts in start..end."""
    colon = line.find(":", start, end)
    while colon >= 0:
        if line[colon + 1 : colon + 2].isspace():
            value = _skip_spaces(line, colon + 1)
            if line[value : value + 1] in _QUOTES:
                return value
        colon = line.find(":", colon + 1, end)
    return None


def _unclosed_quote(text: str, first: int, last: int) -> tuple[tuple[int, int] | None, int]:
    """The first line in first..last (0-based) whose value opens a quote it does not close,
    and the first line (1-based, 0 if none) too long to search.

    Quoted text may legally run over several lines, so this is only asked after the parser has
    failed: then an unclosed quote is the likeliest cause, and YAML reports it lines later.
    """
    too_long = 0
    for number, line in enumerate(text.splitlines()[first : last + 1], start=first):
        if len(line) > HINT_LINE_LIMIT:
            too_long = too_long or number + 1
            continue
        quote = _opening_quote(line)
        if quote is not None and not _CLOSED_RE[line[quote]].match(line, quote + 1):
            return (number + 1, quote + 1), too_long
    return None, too_long


# Characters that look like a space, or like nothing, but that YAML reads as text: pasted from
# a word processor or a web page, they break indentation and keys without showing.
_INVISIBLE_SPACE_CHARS = "\u00a0\u1680\u180e\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff"
INVISIBLE_SPACES = re.compile(f"[{_INVISIBLE_SPACE_CHARS}]")
# `name:` then an invisible space: YAML needs an ordinary space after a key's colon.
_KEY_THEN_INVISIBLE = re.compile(f"[^\\s:]+:(?=[{_INVISIBLE_SPACE_CHARS}])")
# Opening quotes a word processor types for a straight one. (’ is left out: it is also the
# apostrophe that can start a word, as in ’90s.)
CURLY_QUOTES = "\u201c\u201d\u201e\u2018\u201a"
STRAIGHT_QUOTES_HINT = 'use straight quotes around the text: "…"; curly quotes inside them are kept'


def describe_character(char: str) -> str:
    """`U+00A0 (no-break space)`: how an editor can find the character and search for it."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed character').lower()})"


def curly_quote_message(char: str) -> str:
    return (
        f"begins with the curly quote {char} (U+{ord(char):04X}), which YAML reads as text, "
        "not as a quote"
    )


def key_character_problem(key: str) -> tuple[int, str, str] | None:
    """An invisible space in a key: where in the key, the message and the hint."""
    found = INVISIBLE_SPACES.search(key)
    if found is None:
        return None
    what = describe_character(found.group())
    visible = INVISIBLE_SPACES.sub("", key)
    if not INVISIBLE_SPACES.sub("", key[: found.start()]):
        return (
            found.start(),
            f"{what} is used as indentation; YAML reads it as part of the key `{visible}`",
            "replace it with ordinary spaces; most editors show no difference",
        )
    if not INVISIBLE_SPACES.sub("", key[found.start() :]):
        return (
            found.start(),
            f"{what} stands between the key `{visible}` and its colon; YAML reads it as part "
            "of the key",
            "delete it",
        )
    return found.start(), f"the key `{visible}` holds the invisible {what}", "delete it"


# Half of a character written in UTF-16, which `\ud83d\ude00`-style escapes spell.
SURROGATES = re.compile("[\ud800-\udfff]")
# Escapes in double quotes (`\x41`, `\u00e9`, `\U0001F600`) and how many hex digits each takes.
_ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}
_HEX_DIGITS = re.compile(r"[0-9a-fA-F]*")
_LOW_SURROGATE_ESCAPE = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def _escape_problem(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem | None:
    """A backslash escape in double quotes that YAML cannot read, at its backslash.

    The parser reports it as a failure of the whole quoted text, which read as "this quote is
    never closed" although the quote was closed.
    """
    what, mark = str(exc.problem or ""), exc.problem_mark
    if "quoted scalar" not in str(exc.context) or mark is None:
        return None
    if "escape" not in what and "hex" not in what:
        return None
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    backslash = line.rfind("\\", 0, mark.column + 1)
    if backslash < 0:
        return None
    letter = line[backslash + 1 : backslash + 2]
    digits = _HEX_DIGITS.match(line, backslash + 2, backslash + 2 + _ESCAPE_DIGITS.get(letter, 0))
    written = line[backslash : digits.end() if digits else backslash + 2]
    message, hint = _escape_wording(written, line[backslash + len(written) :])
    return Problem(display, mark.line + 1, backslash + 1, "", message, hint)


def _escape_wording(written: str, after: str) -> tuple[str, str]:
    backslash_hint = (
        "in double quotes a backslash starts an escape: write `\\\\` for a backslash itself, "
        "or put the text in single quotes"
    )
    letter, digits = written[1:2], written[2:]
    if letter not in _ESCAPE_DIGITS:
        return f"`{written}` is not an escape YAML knows", backslash_hint
    if len(digits) < _ESCAPE_DIGITS[letter]:
        return (
            f"`{written}` is not an escape: `\\{letter}` takes {_ESCAPE_DIGITS[letter]} hex digits",
            backslash_hint,
        )
    code = int(digits, 16)
    if 0xD800 <= code <= 0xDBFF and _LOW_SURROGATE_ESCAPE.match(after):
        pair = written + after[:6]
        whole = 0x10000 + ((code - 0xD800) << 10) + (int(after[2:6], 16) - 0xDC00)
        return (
            f"`{pair}` is a UTF-16 surrogate pair, which YAML does not read as one character",
            f"write `\\U{whole:08X}` instead, or type the character itself",
        )
    if 0xD800 <= code <= 0xDFFF:
        return (
            f"`{written}` is half of a UTF-16 surrogate pair, not a character",
            "delete it; to write an emoji or another character, type it, or use one `\\U` "
            "escape of 8 hex digits such as `\\U0001F600`",
        )
    return (
        f"`{written}` is not a Unicode character (the last one is `\\U0010FFFF`)",
        "check the digits, or type the character itself",
    )


def _typography_problem(
    exc: yaml.MarkedYAMLError, text: str, display: str, loader: type
) -> Problem | None:
    """An invisible space or a curly quote where YAML needs a space or a quote, before the point
    where the parser gave up (which is often the line after).

    Only plain (unquoted) text is looked at: inside quotes or a `|` block these characters are
    the editor's text, such as the no-break space before a colon in French.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None or text.isascii():
        return None
    lines = text.splitlines()
    indents: dict[int, int] = {}  # by line: measured once, however many tokens the line holds

    def indent(number: int) -> int:
        if number not in indents:
            line = lines[number] if number < len(lines) else ""
            indents[number] = len(line) - len(line.lstrip(" "))
        return indents[number]

    found = None
    try:
        for token in yaml.scan(text, Loader=loader):
            start = token.start_mark
            if (start.line, start.column) > (mark.line, mark.column):
                break
            if isinstance(token, yaml.ScalarToken) and token.plain and not token.value.isascii():
                found = _misplaced_character(token.value, start, indent) or found
    except yaml.YAMLError:
        pass  # the scanner stopped at the same mistake; what it read before is enough
    if found is None:
        return None
    line, column, message, hint = found
    return Problem(display, line, column, "", message, hint)


def _misplaced_character(
    value: str, start: yaml.Mark, indent: Callable[[int], int]
) -> tuple[int, int, str, str] | None:
    """What is wrong in one plain scalar, if anything: (line, column, message, hint), 1-based.
    `indent` gives the number of spaces that start a line."""
    if value[0] in CURLY_QUOTES:
        return start.line + 1, start.column + 1, curly_quote_message(value[0]), STRAIGHT_QUOTES_HINT
    if INVISIBLE_SPACES.match(value) and start.column <= indent(start.line):
        return (
            start.line + 1,
            start.column + 1,
            f"{describe_character(value[0])} is used as indentation; YAML reads it as text",
            "replace it with ordinary spaces; most editors show no difference",
        )
    if key := _KEY_THEN_INVISIBLE.match(value):
        return (
            start.line + 1,
            start.column + key.end() + 1,
            f"{describe_character(value[key.end()])} follows `{key.group()}`; YAML needs an "
            "ordinary space after a key's colon",
            "replace it with an ordinary space",
        )
    return None


def syntax_problem(
    exc: yaml.MarkedYAMLError, text: str, display: str, loader: type = yaml.SafeLoader
) -> Problem:
    """Where the parser gave up, and where the editor should look: often a few lines earlier."""
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    what = str(exc.problem or "invalid YAML")
    context = str(exc.context or "")
    mark = problem_mark or context_mark
    if escape := _escape_problem(exc, text, display):
        return escape
    if typography := _typography_problem(exc, text, display, loader):
        return typography
    if "quoted scalar" in context and context_mark is not None:
        # The quote that is never closed is the mistake; the end of the file is only a symptom.
        mark = context_mark
        message, hint = "this quote is never closed", "add the closing quote mark"
    elif "single document" in context:
        message = "a claim file holds one YAML document, but this line starts another"
        hint = "remove the `---` line and whatever follows it, or move it to its own file"
    elif "tab" in what.lower():
        message = f"YAML syntax error: {what}"
        hint = "YAML needs spaces; replace the tab with spaces"
    elif context_mark and problem_mark and context_mark.line < problem_mark.line:
        where = context_mark.line + 1
        quote, too_long = _unclosed_quote(text, context_mark.line, problem_mark.line - 1)
        if quote:
            return Problem(
                display,
                *quote,
                "",
                "the quote opened here is not closed on this line; YAML read on and failed "
                f"on line {problem_mark.line + 1}",
                "add the closing quote mark at the end of the value",
            )
        message = f"YAML syntax error: {what}"
        hint = f"check quotes, colons and indentation from line {where} to this one"
        if too_long:
            length = len(text.splitlines()[too_long - 1])
            hint += f"; line {too_long} is {length:,} characters long, too long to search"
    elif "mapping values" in what:
        message = f"YAML syntax error: {what}"
        hint = (
            "text holding `: ` must be inside double quotes; "
            "otherwise check the colon and indentation of the line before"
        )
    else:
        message = f"YAML syntax error: {what}"
        hint = "check quotes, colons and indentation on this line or the one before"
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    return Problem(display, line, column, "", message, hint)


def reader_problem(exc: yaml.reader.ReaderError, text: str, display: str) -> Problem:
    """A character YAML refuses to read (NUL, BEL, ...): invisible in most editors."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Problem(
        display,
        line,
        column,
        "",
        f"invisible control character U+{ord(character):04X} is not allowed",
        "delete it: retype the text around it, or paste it as plain text",
    )
