"""The validated project: every item of the content tree, with where it was written."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import Period
from .schema import (Edition, Event, Figure, GlossaryEntry, Partner, Person, ProjectSettings,
                     Source, System)


def normalise_text(text: str) -> str:
    """Fold what a quote may legitimately differ in: Unicode form and runs of whitespace."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Origin:
    path: str
    line: int
    raw: Any = field(default=None, compare=False, repr=False)

    def line_of(self, *keys: Any) -> int:
        """The line of a nested field of the raw YAML item, or the item's own line."""
        node, line = self.raw, self.line
        for key in keys:
            try:
                if hasattr(node, "line_of"):
                    line = node.line_of(key)
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
        return line


@dataclass
class LoadedSource:
    meta: Source
    text: str
    text_path: Path
    origin: Origin

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def normalised(self) -> str:
        return normalise_text(self.text)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def contains(self, quote: str) -> bool:
        return normalise_text(quote) in self.normalised


@dataclass
class Project:
    root: Path
    settings: ProjectSettings
    sources: dict[str, LoadedSource] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    systems: dict[str, System] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    editions: dict[str, Edition] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        return list(self.settings.languages)

    def edition(self, period: str) -> Edition:
        return self.editions[period]

    def periods(self) -> list[str]:
        return sorted(self.editions, key=lambda p: Period.parse(p))

    def latest_period(self) -> str | None:
        periods = self.periods()
        return periods[-1] if periods else None

    def previous_period(self, period: str) -> str | None:
        periods = self.periods()
        index = periods.index(period)
        return periods[index - 1] if index > 0 else None
