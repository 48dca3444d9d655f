"""The monthly workflow: add a source to the library, start the next edition."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml

from .content.dates import FuzzyDate, Period
from .content.model import Project, text_digest
from .content.schema import Edition, Reliability
from .content.validate import PLACEHOLDER
from .document.view import EditionView
from .errors import UsageError

GRADES = ("A", "B", "C", "D", "E", "F")


def slug(text: str, limit: int = 5) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w]
    return "-".join(words[:limit])


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def add_source(project: Project, file: Path, *, title: str, outlet: str | None, date: str, lang: str,
               translated_from: str | None = None, source_id: str | None = None,
               renderings: dict[str, str] | None = None, reliability: Reliability = "F") -> Path:
    """Copy an article into content/sources with its metadata; never overwrite an existing source."""
    try:
        published = FuzzyDate.parse(date)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    if not re.fullmatch(r"[a-z]{2,3}", lang):
        raise UsageError(f"--lang: {lang!r} is not a language code such as fr or en")
    if translated_from is not None and (not re.fullmatch(r"[a-z]{2,3}", translated_from) or translated_from == lang):
        raise UsageError(f"--translated-from: {translated_from!r} must be another language code")
    if reliability not in GRADES:
        raise UsageError(f"--reliability: must be one of {', '.join(GRADES)}")
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{file}: no such file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{file}: the text must be UTF-8") from None
    if not text.strip():
        raise UsageError(f"{file}: the file is empty")
    source_id = source_id or slug(f"{outlet or 'source'} {published} {title}", limit=7)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", source_id):
        raise UsageError(f"--id: {source_id!r} must be lower-case letters, digits and hyphens")
    folder = project.root / "content" / "sources"
    meta_path, text_path = folder / f"{source_id}.yaml", folder / f"{source_id}.txt"
    if source_id in project.sources or meta_path.exists() or text_path.exists():
        raise UsageError(f"source {source_id!r} already exists ({meta_path}); choose another --id")
    digest = text_digest(text)
    for known in project.sources.values():
        if known.digest == digest:
            raise UsageError(f"{file}: the same text is already in the library as {known.id!r}")
    meta = {"id": source_id, "title": title,
            "titles": {l: (renderings or {}).get(l, f"{PLACEHOLDER}: {title}") for l in project.languages},
            "outlet": outlet, "published": str(published), "acquired": dt.date.today().isoformat(),
            "language": lang}
    if translated_from:
        meta["translated_from"] = translated_from
    meta.update({"reliability": reliability, "sha256": digest})
    meta = {k: v for k, v in meta.items() if v is not None}
    folder.mkdir(parents=True, exist_ok=True)
    text_path.write_text(text, encoding="utf-8")
    meta_path.write_text(_dump(meta), encoding="utf-8")
    return meta_path


#: Written above the judgements ``kzbrief new`` carries over from the previous edition.
CARRIED = ("# The previous edition's key judgements, to revise: a changed likelihood, confidence or\n"
           "# statement needs change: {fr: ..., en: ...} saying why (validate names each one).")


def carried_judgements(project: Project, previous: str | None) -> list[dict]:
    """The previous edition's judgements as YAML data, without its change notes: the analyst
    revises them, and validation asks why for each one that then differs."""
    if previous is None:
        return []
    return [j.model_dump(mode="json", exclude_defaults=True, exclude={"change", "note"})
            for j in project.editions[previous].judgements]


def new_edition(project: Project, period_text: str) -> Path:
    """Write the next monthly edition file, listing the month's new events, with placeholders."""
    try:
        period = Period.parse(period_text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    key = str(period)
    path = project.root / "content" / "editions" / f"{key}.yaml"
    if key in project.editions or path.exists():
        raise UsageError(f"edition {key} already exists ({path})")
    periods = project.periods()
    if periods and not Period.parse(periods[-1]) < period:
        raise UsageError(f"{key} is not after the latest edition {periods[-1]}")
    issue = max((e.issue for e in project.editions.values()), default=0) + 1
    todo = {lang: f"{PLACEHOLDER}" for lang in project.languages}
    data = {"period": key, "issue": issue, "issued": period.end().isoformat(), "title": dict(todo),
            "summary": dict(todo), "judgements": carried_judgements(project, periods[-1] if periods else None),
            "key_points": [{"text": dict(todo)}], "outlook": [{"text": dict(todo)}]}
    if not data["judgements"]:
        del data["judgements"]
    # the month's developments by the same rule a build uses when an edition lists none
    events = EditionView(project, Edition.model_validate(data)).developments
    text = _dump(data).replace("\njudgements:\n", f"\n{CARRIED}\njudgements:\n", 1)
    if events:
        text += "developments:\n" + "".join(
            f"  - {e.id}  # {e.date} {e.title.get(project.languages[0], '')}\n" for e in events)
    else:
        text += "developments: []  # no new event since the previous edition\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
