"""Wording checks on content texts that no schema can express.

The rules are language data (``wording.yaml``), so a new language adds lists, not code:
- an item's text must not date a fact relative to when it was written ("earlier this year"),
  because items are read in every later edition;
- where the language writes titles in lower case after a name, a person's role (always shown
  as "name, role") starts in lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import Problem, field_label
from .model import Origin, Project, localized_texts

DATA = Path(__file__).with_name("wording.yaml")
#: Collections whose texts are shown by editions other than the one they were written for.
LASTING = ("partners", "systems", "people", "events", "context", "figures", "glossary")


@dataclass(frozen=True)
class Phrases:
    """One language's phrases, found as whole words whatever their case. A lower-cased text is
    screened first (twice as fast as a case-insensitive search, and almost no text holds a
    phrase); the case-insensitive search runs only on a hit, to name the phrase as written."""

    exact: re.Pattern  # case-insensitive, the longest phrase first
    screen: re.Pattern  # the same phrases in lower case

    @classmethod
    def of(cls, phrases: list[str]) -> "Phrases":
        ordered = sorted(phrases, key=len, reverse=True)  # the longest phrase names the problem
        exact = "|".join(re.escape(p) for p in ordered)
        lowered = "|".join(re.escape(p.lower()) for p in ordered)
        return cls(re.compile(rf"(?<!\w)({exact})(?!\w)", re.IGNORECASE),
                   re.compile(rf"(?<!\w)(?:{lowered})(?!\w)"))

    def search(self, text: str) -> re.Match | None:
        return self.exact.search(text) if self.screen.search(text.lower()) else None


@dataclass(frozen=True)
class Rules:
    relative_dates: dict[str, Phrases]
    lower_case_roles: frozenset[str]
    determiners: dict[str, frozenset[str]]
    abbreviations: frozenset[str] = frozenset()

    def without_full_stop(self, text: str) -> str:
        """A sentence's text without its final full stop, so that something can follow it
        ("… of the pilots, etc. (as of December 2023)"), unless the stop ends an abbreviation."""
        stripped = text.rstrip()
        if not stripped.endswith("."):
            return stripped
        last = stripped.rsplit(None, 1)[-1]
        return stripped if last.lower() in self.abbreviations else stripped[:-1]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    phrases = {lang: Phrases.of(found) for lang, found in (data.get("relative_dates") or {}).items()}
    determiners = {lang: frozenset(w.lower() for w in words) for lang, words in (data.get("determiners") or {}).items()}
    abbreviations = frozenset(w.lower() for words in (data.get("abbreviations") or {}).values() for w in words)
    return Rules(phrases, frozenset(data.get("lower_case_roles") or ()), determiners, abbreviations)


def _problem(origin: Origin, where: tuple, message: str) -> Problem:
    return Problem(origin.path, origin.line_of(*where), field_label(where), message)


def relative_dates(project: Project) -> list[Problem]:
    """``path:line: text.en: 'earlier in the year' dates the fact relative to …`` for each hit."""
    problems = []
    phrases = rules().relative_dates
    for kind in LASTING:
        for key, item in getattr(project, kind).items():
            origin = project.origins[(kind, key)]
            for path, texts in localized_texts(item):
                for lang, text in texts.items():
                    found = phrases.get(lang)
                    match = found.search(text) if found and isinstance(text, str) else None
                    if match:
                        problems.append(_problem(origin, path + (lang,), (
                            f"{match.group(1)!r} dates the fact relative to when it was written, but "
                            f"this text is read in later editions too: give the date instead")))
    return problems


def known_names(project: Project) -> frozenset[str]:
    """Every word of the names the project knows, in every language: partners (with their
    short names and aliases: "Turkish", "Russian"), people, systems and glossary terms. Such a
    word keeps its capital wherever it stands."""
    names: list[str] = []
    for partner in project.partners.values():
        names += [*(partner.name or {}).values(), *(partner.short or {}).values(), *partner.aliases]
    for person in project.people.values():
        names += [person.name, *person.aliases]
    names += [system.name for system in project.systems.values()]
    for entry in project.glossary.values():
        names += [entry.term] if isinstance(entry.term, str) else list(entry.term.values())
    return frozenset(word for name in names if isinstance(name, str) for word in re.split(r"[\s,]+", name) if word)


def capitalised_roles(project: Project) -> list[Problem]:
    """A role follows its person's name and a comma; some languages write it in lower case.
    A leading acronym (SSB, CEO) or a name the project knows ("Turkish", "Kazakhstan’s")
    keeps its capital."""
    problems = []
    names = known_names(project)
    for key, person in project.people.items():
        origin = project.origins[("people", key)]
        for lang in sorted(rules().lower_case_roles):
            text = (person.role or {}).get(lang)
            first = text.split()[0].rstrip(",;:.") if isinstance(text, str) and text.split() else ""
            if re.sub(r"(’s|'s)$", "", first) in names:
                continue
            if first[:1].isupper() and not first.isupper():
                lowered = first[0].lower() + first[1:]
                problems.append(_problem(origin, ("role", lang), (
                    f"{first!r}: a role is shown after the person's name and a comma, where this "
                    f"language writes titles in lower case ({lowered!r})")))
    return problems


def wording(project: Project) -> list[Problem]:
    return relative_dates(project) + capitalised_roles(project)
