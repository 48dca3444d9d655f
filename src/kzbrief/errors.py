"""Errors a user can act on: each names the file, the line and the field at fault."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Iterable
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the content tree, printed as ``path:line: field: message``."""

    path: str
    line: int
    field: str
    message: str
    #: "error", or "translation" for a text missing in a language (a --draft build tolerates it)
    category: str = field(default="error", compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class KzbriefError(Exception):
    """Base for every error the CLI turns into a clean message and exit code 1."""


class ContentError(KzbriefError):
    """The content tree has one or more problems; all of them are carried."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # crosses process boundaries intact (parallel builds)
        return (ContentError, (self.problems,))


class BuildError(KzbriefError):
    """A render or write failed; previous outputs were left untouched."""


class UsageError(KzbriefError):
    """The command line asked for something that does not exist (exit code 2)."""


def field_label(path: tuple) -> str:
    """``("cites", 0, "quote")`` → ``cites[0].quote``: how a field is named in a message."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def did_you_mean(value: str, known: Iterable[Any]) -> str:
    """`` (did you mean 'anka-delivery'?)`` for the nearest of ``known``, or '' if none is near."""
    close = difflib.get_close_matches(str(value), [str(k) for k in known], n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def relpath(path: Path, root: Path) -> str:
    """Paths in messages are relative to the project root when possible, so they are short."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
