"""Wording checks on content texts that no schema can express.

Today one rule: an item's text must not date a fact relative to the moment it was written
("earlier this year"), because items are read in every later edition. The expressions are
language data (``relative_dates.yaml``), so a new language adds a list, not code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import Problem, field_label
from .model import Project, localized_texts

DATA = Path(__file__).with_name("relative_dates.yaml")
#: Collections whose texts are shown by editions other than the one they were written for.
LASTING = ("partners", "systems", "people", "events", "figures", "glossary")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    patterns = {}
    for lang, phrases in data.items():
        ordered = sorted(phrases, key=len, reverse=True)  # the longest phrase names the problem
        alternatives = "|".join(re.escape(p) for p in ordered)
        patterns[lang] = re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)
    return patterns


def relative_dates(project: Project) -> list[Problem]:
    """``path:line: text.en: 'earlier in the year' dates the fact relative to …`` for each hit."""
    problems = []
    patterns = _patterns()
    for kind in LASTING:
        for key, item in getattr(project, kind).items():
            origin = project.origins[(kind, key)]
            for path, texts in localized_texts(item):
                for lang, text in texts.items():
                    pattern = patterns.get(lang)
                    match = pattern.search(text) if pattern and isinstance(text, str) else None
                    if match:
                        where = path + (lang,)
                        problems.append(Problem(
                            origin.path, origin.line_of(*where), field_label(where),
                            f"{match.group(1)!r} dates the fact relative to when it was written, but "
                            f"this text is read in later editions too: give the date instead"))
    return problems
