"""Problems found in claim files, and how they are shown to an editor."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import total_ordering

# A file with more problems shows this many, then one line counting the rest: a hostile or
# garbled file cannot flood a terminal, a build log or a pull request's annotations.
MAX_PROBLEMS_PER_FILE = 20


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@total_ordering
@dataclass(frozen=True)
class Problem:
    """One thing wrong with one claim file, located as precisely as we can.

    Problems sort by file, then by position, except that the line counting a file's problems
    not shown (`omitted`) comes after that file's others.
    """

    path: str  # as the editor would type it, e.g. "claims/foo.yaml"
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based
    field: str  # dotted path such as "sources[2].url", or "" for the file itself
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    omitted: int = 0  # for the line that stands for problems not shown: how many

    def _sort_key(self) -> tuple[str, bool, int, int, str, str, str, str]:
        return (
            self.path,
            self.omitted > 0,
            self.line,
            self.column,
            self.field,
            self.message,
            self.hint,
            self.severity,
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def format(self) -> str:
        # Always file:line:column, so editors and terminals can link every line the same way;
        # a problem with the whole file (empty, too big, badly named) points at its start.
        where = f"{self.path}:{self.line or 1}:{self.column or 1}"
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        label = "" if self.severity is Severity.ERROR else " warning:"
        return f"{where}:{label}{field} {self.message}{hint}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the pull request diff."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        text = f"{self.field}: {self.message}" if self.field else self.message
        if self.hint:
            text += f" ({self.hint})"
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        location = f"file={_escape_property(self.path)}"
        if self.line:
            location += f",line={self.line},col={self.column}"
        return f"::{kind} {location}::{text}"


def _escape_property(value: str) -> str:
    """A workflow command's property, escaped as GitHub's toolkit does: a `,` or `:` in a
    file name cannot end the property and start another."""
    for char, code in (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C")):
        value = value.replace(char, code)
    return value


class ClaimFileError(Exception):
    """Raised when a file cannot be read at all; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


def at_most_per_file(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """Each file's problems, but for a file with more than `limit`, its first `limit` (errors
    before warnings, then by position) and one more line counting the rest."""
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    if all(len(mine) <= limit and not any(p.omitted for p in mine) for mine in by_path.values()):
        return problems
    capped: list[Problem] = []
    for mine in by_path.values():
        capped.extend(mine if len(mine) <= limit else _first_of_file(mine, limit))
    return capped


def _first_of_file(problems: list[Problem], limit: int) -> list[Problem]:
    counted = [p for p in problems if p.omitted]
    listed = sorted(p for p in problems if not p.omitted and p.severity is Severity.ERROR)
    listed += sorted(p for p in problems if not p.omitted and p.severity is not Severity.ERROR)
    shown, rest = sorted(listed[:limit]), listed[limit:]
    for severity in Severity:  # errors, then warnings
        hidden = [p for p in rest + counted if p.severity is severity]
        if hidden:
            shown.append(more_problems(min(hidden), count_problems(hidden), severity))
    return shown


def count_problems(problems: list[Problem]) -> int:
    """How many problems these lines stand for, counting those not shown."""
    return sum(p.omitted or 1 for p in problems)


def more_problems(first: Problem, omitted: int, severity: Severity = Severity.ERROR) -> Problem:
    """The line that stands for `omitted` errors (or warnings) not shown, at the first of them."""
    kind = "error" if severity is Severity.ERROR else "warning"
    return Problem(
        first.path,
        first.line,
        first.column,
        "",
        f"and {omitted:,} more {kind}{'s' if omitted != 1 else ''} in this file, not shown",
        "fix the ones above and check again",
        severity,
        omitted,
    )
