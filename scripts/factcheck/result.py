"""What checking claim files produces: the valid claims, and every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field

from .load import LoadedFile
from .model import Claim
from .problems import Problem, Severity


@dataclass(frozen=True)
class ValidClaim:
    slug: str
    claim: Claim
    source_file: str  # as shown to editors, e.g. claims/x.yaml
    digest: str = ""  # sha256 of the file's bytes: this version of the claim


@dataclass
class CheckResult:
    claims: list[ValidClaim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    invalid_slugs: list[str] = field(default_factory=list)
    loaded: dict[str, LoadedFile] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]
