"""``kzbrief sources update``: the one legitimate way to change a source's text.

The outlet corrected its article: the new text replaces the old one (or the edit already made
in place is accepted), its SHA-256 is recorded with the date and the hash it replaced (an
entry of the source's ``updates`` list, which a revision note of a published edition can
cite), and the quotes citing the source are checked again. Build records hash each source
an edition knows, so afterwards ``status`` shows exactly the affected outputs stale and
``build`` rebuilds exactly those.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .content.dates import FuzzyDate
from .content.integrity import cites_of, editions_knowing
from .content.loader import ContentLoader
from .content.model import LoadedSource, Project, file_digest, noun
from .content.schema import Source
from .content.validate import Validator
from .content.yamlio import LineDict, YamlReadError, parse_yaml
from .errors import BuildError, ContentError, Problem, UsageError
from .extract import SUFFIXES, extract
from .files import write_atomic


@dataclass
class UpdateResult:
    source_id: str
    digest: str
    changed: bool  # False: the text already had its recorded hash, nothing was written
    checked: int = 0  # citations of the source checked again
    broken: list[Problem] = field(default_factory=list)  # quotes that no longer match
    editions: list[str] = field(default_factory=list)  # editions whose outputs are now stale


def _load(root: Path) -> Project:
    """The tree as read, not validated: the text being updated fails validation until then."""
    project, problems = ContentLoader(root).load()
    if project is None or problems:
        raise ContentError(problems)
    return project


@dataclass
class NewText:
    """What an update writes: the text's bytes and, for a web page, PDF or DOCX, the original
    file and how the text was extracted from it."""

    data: bytes
    original: bytes | None = None
    extraction: dict[str, str] | None = None


def _new_text(source: LoadedSource, file: Path | None) -> NewText:
    """The text in place (already edited), or the text of FILE read the way ``sources add``
    reads it: a saved web page, a PDF or a DOCX is extracted again and kept as the original."""
    if file is None:
        return NewText(source.text_path.read_bytes())
    extracted = extract(file)
    text = extracted.text.encode("utf-8")
    if extracted.format == "text":
        return NewText(extracted.data or text)
    name = f"{source.id}.orig{SUFFIXES[extracted.format]}"
    return NewText(text, extracted.data, {"original": name, "original_sha256": hashlib.sha256(extracted.data).hexdigest(),
                                          "format": extracted.format, "tool": extracted.tool})


def _day(date: str | None) -> str:
    if date is None:
        return dt.date.today().isoformat()
    try:
        day = FuzzyDate.parse(date)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    if day.precision != "day":
        raise UsageError("--date: needs a day (YYYY-MM-DD)")
    return str(day)


class _IndentedDumper(yaml.SafeDumper):
    """List items indented under their key, as the content files are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _block(lines: list[str], raw: LineDict, key: str) -> tuple[int, int] | None:
    """The 0-based [start, stop) lines of a top-level key's entry, trailing blanks excluded."""
    if key not in raw:
        return None
    start = raw.line_of(key) - 1
    stop = min((line - 1 for line in raw.key_lines.values() if line - 1 > start), default=len(lines))
    while stop > start + 1 and (not lines[stop - 1].strip() or lines[stop - 1].startswith("#")):
        stop -= 1
    return start, stop


def record(meta_text: str, raw: LineDict, digest: str, updates: list[dict],
           extraction: dict[str, str] | None = None, drop_extraction: bool = False) -> str:
    """The metadata file with ``sha256`` and ``updates`` (and ``extraction`` when the text was
    extracted again, or dropped when it no longer is) rewritten; every other line as it was."""
    lines = meta_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    dumped = {"sha256": f"sha256: {digest}\n",
              "updates": yaml.dump({"updates": updates}, Dumper=_IndentedDumper, allow_unicode=True,
                                   sort_keys=False, width=100)}
    if extraction is not None:
        dumped["extraction"] = yaml.dump({"extraction": extraction}, Dumper=_IndentedDumper, allow_unicode=True,
                                         sort_keys=False, width=100)
    elif drop_extraction:
        dumped["extraction"] = ""
    edits, appended = [], []
    for key, text in dumped.items():
        block = _block(lines, raw, key)
        if block is None:
            if text:
                appended.append(text)
        else:
            edits.append((block, text))
    for (start, stop), text in sorted(edits, reverse=True):
        lines[start:stop] = [text]
    return "".join(lines + appended)


def _entries(meta: Source, previous: str | None, day: str, note: str | None) -> list[dict]:
    entries = [u.model_dump(mode="json", exclude_none=True) for u in meta.updates]
    entry: dict[str, Any] = {"date": day}
    if previous:
        entry["previous_sha256"] = previous
    if note:
        entry["note"] = note
    return entries + [entry]


def update_source(root: Path, source_id: str, file: Path | None = None, *, date: str | None = None,
                  note: str | None = None) -> UpdateResult:
    """Record a new text for a source; return what was checked and what no longer matches."""
    project = _load(root)
    source = project.sources.get(source_id)
    if source is None:
        raise UsageError(f"no source {source_id!r} (sources: {', '.join(sorted(project.sources))})")
    library = (project.root / "content" / "sources").resolve()
    if not source.text_path.resolve().is_relative_to(library):
        raise UsageError(f"{source.origin.path}: text: {source.text_path} is outside {library}; "
                         "sources update only writes inside the library")
    new = _new_text(source, file)
    digest = file_digest(new.data)
    if digest == source.meta.sha256:
        return UpdateResult(source_id, digest, changed=False)
    day = _day(date)
    meta_path = project.root / source.origin.path
    meta_text = meta_path.read_text(encoding="utf-8")
    old_original = source.meta.extraction.original if source.meta.extraction else None
    drop = file is not None and new.extraction is None and old_original is not None
    new_meta = record(meta_text, source.origin.raw, digest, _entries(source.meta, source.meta.sha256, day, note),
                      new.extraction, drop)
    try:
        written = parse_yaml(new_meta, source.origin.path)
    except YamlReadError:
        written = None
    if not isinstance(written, dict) or written.get("sha256") != digest:
        raise BuildError(f"{source.origin.path}: cannot record the update automatically (is the file one flow "
                         f"mapping?); write `sha256: {digest}` and an `updates` entry by hand")
    # the original first, then the text, then the record that makes them the source's (as `sources add`)
    if new.original is not None:
        write_atomic(source.text_path.parent / new.extraction["original"], new.original)
    if file is not None:
        write_atomic(source.text_path, new.data)
    write_atomic(meta_path, new_meta.encode("utf-8"))
    if old_original and (drop or old_original != (new.extraction or {}).get("original")):
        (source.text_path.parent / old_original).unlink(missing_ok=True)  # the record no longer names it
    return _recheck(_load(root), source_id, digest)


def _recheck(project: Project, source_id: str, digest: str) -> UpdateResult:
    """Check again every quote that cites the source, and its non-factual marks."""
    source = project.sources[source_id]
    checker = Validator(project)
    checked = 0
    for kind, key, origin, path, cite in cites_of(project, source_id):
        checker.check_quote(origin, path, cite, f"{noun(kind)} {key!r}")
        checked += 1
    quotes, checker.problems = checker.problems, []
    checker.check_sources()
    marks = [p for p in checker.problems if p.path == source.origin.path and p.field.startswith("non_factual")]
    broken = quotes + marks
    return UpdateResult(source_id, digest, True, checked, broken, editions_knowing(project, source))
