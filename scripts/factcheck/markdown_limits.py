"""Bounds on the Markdown of `analysis`, so that no claim file can make a build slow or crash it.

Python-Markdown takes time that grows with the square of some inputs: every `[` makes its link
pattern read on to the end of the paragraph looking for the `]` (20,000 `[` took 90 s), and
every unclosed `<` makes its HTML handling read on to the end of the whole text (20,000 `<a `
took 54 s). Its block parser recurses once per level of nested lists or quotes, so 300 levels
end in a RecursionError. So the count of `[` is bounded per paragraph (a paragraph costs its
length times that count) and the count of `<` over the whole analysis; with those limits a
40,000-character analysis built to be slow converts in about a second.

Checked during validation, so `factcheck check` and the build report the same problem, and
with one pass over the text (no regular expression here can backtrack).
"""

from __future__ import annotations

import re

MAX_NESTING = 10  # lists and quotes inside each other; honest analysis uses three at most
MAX_BRACKETS = 50  # `[` (links) in one paragraph
MAX_ANGLE_BRACKETS = 100  # `<` (tags) in the whole analysis

# A line's container markers: quote `>`, bullets and numbers followed by a space or the end.
_CONTAINERS = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))")
_INDENT = re.compile(r"[ \t]*")
# An escape counts as one unit: `\[` is a bracket, not a link, but `\\[` is a backslash and a
# link. Markdown escapes only these characters (not `<`: `\<` is still a tag to its HTML pass).
_COUNTED = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!]|\[|<")


def nesting_depth(line: str) -> int:
    """Levels of lists and quotes a line stands in, counting four columns of indent as one
    (the one space that follows a marker belongs to the marker)."""
    depth, columns, position = 0, 0, 0
    while match := _CONTAINERS.match(line, position):
        columns += _columns(match.group(), after_marker=depth > 0)
        depth += 1
        position = match.end()
    indent = _INDENT.match(line, position)
    columns += _columns(indent.group() if indent else "", after_marker=depth > 0)
    return depth + columns // 4


def _columns(text: str, after_marker: bool) -> int:
    """Columns of the white space in `text` (a tab counts four)."""
    columns = text.count(" ") + 4 * text.count("\t")
    return max(0, columns - 1) if after_marker else columns


def markdown_problems(text: str) -> list[str]:
    """What makes this Markdown too costly to convert, each naming its line of the analysis."""
    problems: list[str] = []
    too_deep = False
    brackets, angle_brackets, paragraph_start = 0, 0, 1
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            problems += _too_many_brackets(brackets, paragraph_start)
            brackets, paragraph_start = 0, number + 1
            continue
        depth = nesting_depth(line)
        if depth > MAX_NESTING and not too_deep:  # the first such line says it all
            too_deep = True
            problems.append(
                f"line {number} of the analysis nests lists or quotes {depth} levels deep; "
                f"the limit is {MAX_NESTING}"
            )
        for match in _COUNTED.finditer(line):
            brackets += match.group() == "["
            angle_brackets += match.group() == "<"
    problems += _too_many_brackets(brackets, paragraph_start)
    if angle_brackets > MAX_ANGLE_BRACKETS:
        problems.append(
            f"the analysis has {angle_brackets:,} `<`; the limit is {MAX_ANGLE_BRACKETS} "
            "(write &lt; for a less-than sign)"
        )
    return problems


def _too_many_brackets(count: int, start: int) -> list[str]:
    if count <= MAX_BRACKETS:
        return []
    return [
        f"the paragraph at line {start} of the analysis has {count:,} `[`; the limit is "
        f"{MAX_BRACKETS} a paragraph (put a blank line between paragraphs or list items, or "
        "write \\[ for a bracket that is not a link)"
    ]
