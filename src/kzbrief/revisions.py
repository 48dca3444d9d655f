"""Revisions: no published edition changes silently.

The first release build of an edition in a language records, in ``content/revisions.json``
(a committed file), the hash of every item that edition says something from: the edition's own
text, each source it knows, each event, figure, system and person it knows, and the partners
and glossary entries it names. A later release build that finds those hashes changed (a
corrected source, a corrected item, an item added or dropped) appends a revision: its date and
which items were added, removed or corrected. The edition then says "revised on DATE" on its
cover and in its metadata, with a revision note.

The date is part of the log, so rebuilding later reproduces the same bytes. It is the date the
sources give when every change is a corrected source (the latest ``updates`` entry that
``sources update`` wrote), otherwise the day the build detected the change. A source acquired
after the edition's issue date is not known by it and so never makes a revision.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content.model import Project
from .content.validate import placeholders
from .deps import content_dependencies
from .document.view import EditionView
from .files import FileRefused, read_confined, write_atomic

LOG_NAME = "revisions.json"
#: Content keys a revision tracks; partners and glossary entries only when corrected (a new
#: partner or acronym that nothing uses changes nothing an edition says).
TRACKED = ("edition", "source:", "events:", "context:", "figures:", "systems:", "people:")
CORRECTED_ONLY = ("partners:", "glossary:")
HASH_LENGTH = 16


@dataclass(frozen=True)
class Revision:
    """One revision of an edition in one language: when, and which content keys changed."""

    date: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Revision":
        return cls(data["date"], list(data.get("added", [])), list(data.get("removed", [])),
                   list(data.get("corrected", [])))

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "added": self.added, "removed": self.removed, "corrected": self.corrected}


def log_path(root: Path) -> Path:
    return Path(root) / "content" / LOG_NAME


def read_log(root: Path) -> dict[str, Any]:
    """The log as written, or an empty one (nothing published yet). The log is history: one of
    the wrong shape is an error naming the file, never rebuilt over (that would lose it)."""
    from .errors import BuildError

    path = log_path(root)
    try:
        log = json.loads(read_confined(path, Path(root)).decode("utf-8"))
    except FileNotFoundError:
        return {}
    except FileRefused as exc:
        raise BuildError(f"{path}: {exc.reason}") from None
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise BuildError(f"{path}: not a valid revisions log ({exc})") from None
    where = _misshapen(log)
    if where is not None:
        raise BuildError(f"{path}: not a valid revisions log ({where}); restore it from version control")
    return log


def _misshapen(log: Any) -> str | None:
    """Where the log departs from {period: {lang: {"state": {key: hash}, "revisions": [...]}}}."""
    if not isinstance(log, dict):
        return "the top level is not an object"
    for period, langs in log.items():
        if not isinstance(langs, dict):
            return f"{period}: not an object of languages"
        for lang, entry in langs.items():
            at = f"{period}.{lang}"
            if not isinstance(entry, dict):
                return f"{at}: not an object"
            state = entry.get("state", {})
            if not isinstance(state, dict) or not all(isinstance(v, str) for v in state.values()):
                return f"{at}.state: not an object of hashes"
            revisions = entry.get("revisions", [])
            if not isinstance(revisions, list):
                return f"{at}.revisions: not a list"
            for index, revision in enumerate(revisions):
                if not (isinstance(revision, dict) and _is_iso_date(revision.get("date"))
                        and all(isinstance(revision.get(k, []), list) for k in ("added", "removed", "corrected"))):
                    return f"{at}.revisions[{index}]: needs a date and lists of added, removed and corrected keys"
    return None


def _is_iso_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def revisions_of(log: dict[str, Any], period: str, lang: str) -> list[Revision]:
    entry = log.get(period, {}).get(lang, {})
    return [Revision.from_json(r) for r in entry.get("revisions", [])]


def tracked_state(view: EditionView, lang: str) -> dict[str, str]:
    """Key → short hash of what the edition says something from, in one language."""
    deps = content_dependencies(view, lang)
    return {k: v[:HASH_LENGTH] for k, v in sorted(deps.items()) if k.startswith(TRACKED + CORRECTED_ONLY)}


def diff(old: dict[str, str], new: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """(added, removed, corrected) keys between two recorded states."""
    tracked = lambda key: key.startswith(TRACKED)  # noqa: E731
    added = sorted(k for k in new if k not in old and tracked(k))
    removed = sorted(k for k in old if k not in new and tracked(k))
    corrected = sorted(k for k in new if k in old and old[k] != new[k])
    return added, removed, corrected


def revision_date(project: Project, corrected: list[str], added: list[str], removed: list[str],
                  today: dt.date) -> str:
    """The sources' own correction date when every change is a corrected source that records
    one; otherwise the day the change was detected."""
    dates = []
    if not added and not removed:
        for key in corrected:
            source = project.sources.get(key.removeprefix("source:")) if key.startswith("source:") else None
            if source is None or not source.meta.updates:
                dates = []
                break
            dates.append(source.meta.updates[-1].date.start())
    return (max(dates) if dates else today).isoformat()


def record(project: Project, periods: list[str], langs: list[str], today: dt.date | None = None) -> dict[str, Any]:
    """Record first publications and new revisions of these editions; write the log if it
    changed. Returns the log (what the outputs are then built from)."""
    today = today or dt.date.today()
    log = read_log(project.root)
    changed = False
    for period in periods:
        view = EditionView(project, project.editions[period])
        if view.edition.draft or placeholders(project, period):
            continue  # not published yet (a draft, or placeholders a release build refuses)
        for lang in langs:
            state = tracked_state(view, lang)
            entry = log.setdefault(period, {}).setdefault(lang, {})
            old = entry.get("state")
            if old == state:
                continue
            if old is not None:
                added, removed, corrected = diff(old, state)
                if added or removed or corrected:
                    date = revision_date(project, corrected, added, removed, today)
                    entry.setdefault("revisions", []).append(
                        Revision(date, added, removed, corrected).to_json())
            entry["state"] = state
            changed = True
    if changed:
        text = json.dumps(log, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        write_atomic(log_path(project.root), text.encode("utf-8"))
    return log
