"""Problems found in claim files, and how they are shown to an editor."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one claim file, located as precisely as we can."""

    path: str  # as the editor would type it, e.g. "claims/foo.yaml"
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based
    field: str  # dotted path such as "sources[2].url", or "" for the file itself
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

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
        location = f"file={self.path}"
        if self.line:
            location += f",line={self.line},col={self.column}"
        return f"::{kind} {location}::{text}"


class ClaimFileError(Exception):
    """Raised when a file cannot be read at all; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem
