"""The monthly workflow: add a source to the library, start the next edition."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .content.dates import FuzzyDate, Period
from .content.model import Project, text_digest
from .content.schema import Edition, Reliability
from .content.validate import PLACEHOLDER, is_placeholder
from .document.view import EditionView
from .errors import UsageError, relpath
from .extract import SUFFIXES, Extracted, extract
from .files import write_atomic
from .tables import columns

GRADES = ("A", "B", "C", "D", "E", "F")


def slug(text: str, limit: int = 5) -> str:
    """The first ``limit`` words of a text as an id part; short words (articles, "d'") are skipped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if len(w) > 2 or w.isdigit()]
    return "-".join(words[:limit])


def source_id_for(outlet: str | None, published: FuzzyDate, title: str) -> str:
    """A readable id in the library's style: outlet, month, the title's first words
    (``gazette-astana-2025-01-drones-nouvel-accord``)."""
    month = f"{published.year:04d}-{published.month:02d}" if published.month else f"{published.year:04d}"
    return "-".join(part for part in (slug(outlet or "source", 2), month, slug(title, 3)) if part)


class _Dumper(yaml.SafeDumper):
    """Dates and placeholders in double quotes, as the README asks analysts to write them."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    quoted = re.fullmatch(r"\d{4}(-\d{2}){0,2}", value) or value.startswith(PLACEHOLDER)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if quoted else None)


_Dumper.add_representer(str, _str)


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


@dataclass
class NewSource:
    """A source ready to enter the library: everything is checked, nothing is written yet, so
    the analyst can see what was extracted and what metadata was found before saying yes."""

    meta: dict[str, Any]  # the YAML record, in the order it is written
    extracted: Extracted
    original: bytes | None  # the file as given, kept beside the text (none for plain text)
    given: set[str]  # metadata fields set by the analyst's options rather than found in the file
    folder: Path

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def meta_path(self) -> Path:
        return self.folder / f"{self.id}.yaml"

    @property
    def text_path(self) -> Path:
        return self.folder / f"{self.id}.txt"

    @property
    def original_path(self) -> Path | None:
        return self.folder / self.meta["extraction"]["original"] if self.original is not None else None

    def paths(self) -> list[Path]:
        return [p for p in (self.meta_path, self.text_path, self.original_path) if p is not None]

    def summary(self, shown_lines: int = 12) -> list[str]:
        """What the analyst checks before the source is written: the text as extracted (its start
        and end, where leftovers of a page's navigation or footer would show) and the metadata,
        each value with where it came from."""
        text = self.extracted.text.splitlines()
        how = "kept as it is" if self.extracted.format == "text" else \
            f"extracted from {self.extracted.format.upper()} with {self.extracted.tool}"
        lines = [f"Text ({how}): {len(text)} lines, {len(self.extracted.text.split())} words"]
        head, tail = (text, []) if len(text) <= shown_lines + 3 else (text[:shown_lines], text[-3:])
        lines += [f"  | {line}" for line in head]
        if tail:
            lines += [f"  | [… {len(text) - len(head) - len(tail)} more lines …]"] + [f"  | {line}" for line in tail]
        lines.append("Metadata:")
        rows = []
        for key in ("id", "title", "outlet", "url", "published", "language", "translated_from", "reliability"):
            value = self.meta.get(key)
            if key in ("outlet", "url", "published", "language", "title"):
                origin = "given" if key in self.given else ("found in the file" if value else "not found")
            else:
                origin = ""
            rows.append(["  " + key, value if value is not None else "-", f"({origin})" if origin else ""])
            if key == "title":
                rows += [[f"  title ({lang})", text, "(to write)" if is_placeholder(text) else "(given)"]
                         for lang, text in self.meta["titles"].items()]
        lines += columns(rows)
        root = self.folder.parent.parent
        lines.append("Will write: " + ", ".join(relpath(p, root) for p in self.paths()))
        return lines


def prepare_source(project: Project, file: Path, *, title: str | None = None, outlet: str | None = None,
                   date: str | None = None, lang: str | None = None, url: str | None = None,
                   translated_from: str | None = None, source_id: str | None = None,
                   renderings: dict[str, str] | None = None, reliability: Reliability = "F") -> NewSource:
    """Extract the file's text and metadata, let the options correct that metadata, and check
    everything; raise UsageError on any problem. Writes nothing."""
    extracted = extract(file)
    options = {"title": title, "outlet": outlet, "published": date, "language": lang, "url": url}
    chosen = {k: v if v is not None else extracted.found.get(k) for k, v in options.items()}
    for key, option in (("title", "--title"), ("published", "--date"), ("language", "--lang")):
        if not chosen[key]:
            raise UsageError(f"{file}: no {key} found in the file: give it with {option}")
    try:
        published = FuzzyDate.parse(chosen["published"])
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    lang = chosen["language"]
    if not re.fullmatch(r"[a-z]{2,3}", lang):
        raise UsageError(f"--lang: {lang!r} is not a language code such as fr or en")
    if translated_from is not None and (not re.fullmatch(r"[a-z]{2,3}", translated_from) or translated_from == lang):
        raise UsageError(f"--translated-from: {translated_from!r} must be another language code")
    if reliability not in GRADES:
        raise UsageError(f"--reliability: must be one of {', '.join(GRADES)}")
    source_id = source_id or source_id_for(chosen["outlet"], published, chosen["title"])
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", source_id):
        raise UsageError(f"--id: {source_id!r} must be lower-case letters, digits and hyphens")
    folder = project.root / "content" / "sources"
    digest = text_digest(extracted.text)
    meta: dict[str, Any] = {"id": source_id, "title": chosen["title"],
                            "titles": {l: (renderings or {}).get(l, f"{PLACEHOLDER}: {chosen['title']}")
                                       for l in project.languages},
                            "outlet": chosen["outlet"], "url": chosen["url"], "published": str(published),
                            "language": lang, "translated_from": translated_from}
    meta["acquired"] = dt.date.today().isoformat()  # an edition knows the source from the day the library got it
    meta.update({"reliability": reliability, "sha256": digest})
    original = None
    if extracted.format != "text":
        original = extracted.data  # the bytes extracted from, not a second read of the file
        meta["extraction"] = {"original": f"{source_id}.orig{SUFFIXES[extracted.format]}",
                              "original_sha256": hashlib.sha256(original).hexdigest(),
                              "format": extracted.format, "tool": extracted.tool}
    meta = {k: v for k, v in meta.items() if v is not None}
    new = NewSource(meta, extracted, original, {k for k, v in options.items() if v is not None}, folder)
    if source_id in project.sources or any(p.exists() for p in new.paths()):
        raise UsageError(f"source {source_id!r} already exists ({new.meta_path}); choose another --id")
    for known in project.sources.values():
        if known.digest == digest:
            raise UsageError(f"{file}: the same text is already in the library as {known.id!r}")
    return new


def write_source(new: NewSource) -> Path:
    """Write the original, then the text, then the record that makes them a source."""
    if new.original is not None:
        write_atomic(new.original_path, new.original)
    write_atomic(new.text_path, new.extracted.text.encode("utf-8"))
    write_atomic(new.meta_path, _dump(new.meta).encode("utf-8"))
    return new.meta_path


def add_source(project: Project, file: Path, **options: Any) -> Path:
    """Add a file to the library without asking (for scripts): ``prepare_source`` + ``write_source``."""
    return write_source(prepare_source(project, file, **options))


#: Written above the judgements ``kzbrief new`` carries over from the previous edition.
CARRIED = ("# The previous edition's key judgements, to revise: a changed likelihood, confidence or\n"
           "# statement needs change: {fr: ..., en: ...} saying why; one you remove goes under\n"
           "# dropped: [{id: ..., why: {fr: ..., en: ...}}] (validate names each one).")


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
    view = EditionView(project, Edition.model_validate(data))
    # a key point must cite a source: the newest one the edition knows is a start, its quote a placeholder
    known = sorted(view.sources.values(), key=lambda s: (s.meta.published.end(), s.id))
    if known:
        data["key_points"][0]["cites"] = [{"source": known[-1].id, "quote": PLACEHOLDER}]
    # the month's developments by the same rule a build uses when an edition lists none
    events = view.developments
    text = _dump(data).replace("  cites:\n", "  cites:  # the exact passage each key point rests on\n", 1)
    text = text.replace("\njudgements:\n", f"\n{CARRIED}\njudgements:\n", 1)
    if events:
        text += "developments:\n" + "".join(
            f"  - {e.id}  # {e.date} {e.title.get(project.languages[0], '')}\n" for e in events)
    else:
        text += "developments: []  # no new event since the previous edition\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
