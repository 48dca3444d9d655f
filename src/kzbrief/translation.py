"""The translators' workflow: catalogues extracted, updated, compiled and checked; content
translations kept in step with the text they were made from.

Catalogue message ids are symbolic. Ids built at run time from a closed set of values (a
status, a unit, a grade…) are enumerated here from the schema's own value lists, so the
template (.pot) always holds every id the tool can ask for.

The tools leave clean diffs: the template names files, not line numbers, and no date or tool
version; ``update`` appends new ids to a catalogue and never rewrites what a translator wrote
(order, header, comments); compiled catalogues go to the build folder, not beside the ``.po``.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import io
import json
import re
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path
from typing import Iterable, Iterator, get_args

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from .content.dates import Precision
from .content.model import Project, localized_texts, text_digest
from .content.schema import ContextStatement, Figure, Qualifier, Reliability, Status, System, choices
from .document.view import DERIVED_STATUSES
from .errors import BuildError, ContentError, KzbriefError, Problem, field_label, relpath
from .files import FileRefused, read_confined, write_atomic
from .i18n import DOMAIN, catalogue_dir, read_catalogue_file

PACKAGE = Path(__file__).resolve().parent
REVIEW_FILE = "translations.lock.json"


# ---------------------------------------------------------------- message ids
def dynamic_ids() -> set[str | tuple[str, str]]:
    """Ids the code composes from a closed set of values."""
    families = {
        "status": get_args(Status) + DERIVED_STATUSES, "grade": get_args(Reliability), "date.qualifier": get_args(Qualifier),
        "approx": choices(Figure, "approx"), "unit": choices(Figure, "unit"),
        "system.status": choices(System, "status"), "context.theme": choices(ContextStatement, "theme"),
        "timing.due": get_args(Precision), "timing.overdue": get_args(Precision),
    }
    ids = {f"{prefix}.{value}" for prefix, values in families.items() for value in values}
    from . import charts
    from .document.assemble import CHANGE_KINDS, DOMAIN_GROUPS
    from .document.view import TRACKED

    ids |= {group for group, _ in DOMAIN_GROUPS}
    ids |= {f"changes.{change}.{kind}" for change in CHANGE_KINDS for kind in TRACKED}
    ids |= {f"revision.{change}" for change in ("corrected", "added", "removed")}  # assemble.revision_note
    ids |= set(charts.message_ids())
    return ids


_ID = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$")
KEYWORDS = ("_", "gettext", "N_")
POT_HEADER = ("# kzbrief template labels: every message id the code and the templates use.\n"
              "# Written by `kzbrief i18n extract`; do not edit (translate the .po files).")


def _callee(func: ast.expr) -> str | None:
    """``_`` for ``_(…)`` and for ``self.i18n._(…)``."""
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _literals(node: ast.expr | None) -> list[str]:
    """The strings an expression can be: ``"a"``, or ``"a" if c else "b"``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def python_messages(path: Path) -> list[tuple[int, str, bool]]:
    """``(line, id, composed)`` for each ``_()`` call of a module, in line order.

    An id may be written in the call, or picked just before it (``message = "a.one" if n == 1
    else "a.many"`` then ``_(message)``: every string assigned to that name in the function
    counts). A composed id (``_(f"status.{value}")``) is given by its literal head (``status.``):
    the ids of such families are enumerated by ``dynamic_ids``. Read with ``ast``, so nothing
    is printed about calls a message extractor cannot read."""
    found = []
    tree = ast.parse(path.read_bytes(), str(path))
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]:
        names: dict[str, list[str]] = {}
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                names.setdefault(node.targets[0].id, []).extend(_literals(node.value))
        for node in ast.walk(scope):
            if not (isinstance(node, ast.Call) and node.args and _callee(node.func) in KEYWORDS):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.JoinedStr):
                head = takewhile(lambda part: isinstance(part, ast.Constant), arg.values)
                found.append((node.lineno, "".join(part.value for part in head), True))
            else:
                literal = names.get(arg.id, []) if isinstance(arg, ast.Name) else _literals(arg)
                found.extend((node.lineno, message, False) for message in literal)
    return sorted(set(found))


def extracted_ids(templates: Path) -> dict[str, list[tuple[str, int]]]:
    """Literal ids in ``_()``/``gettext()`` calls of the package and the Jinja templates.

    A composed id whose family ``dynamic_ids`` does not enumerate is an error naming the call:
    the catalogue would lack the ids it composes."""
    found: dict[str, list[tuple[str, int]]] = {}
    root = PACKAGE.parent.parent
    composed: list[Problem] = []
    families = [m if isinstance(m, str) else m[0] for m in dynamic_ids()]
    for path in sorted(PACKAGE.rglob("*.py")):
        for lineno, message, is_composed in python_messages(path):
            if is_composed:
                if not any(family.startswith(message) for family in families):
                    composed.append(Problem(relpath(path, root), lineno, "_()", f"composes ids starting {message!r} "
                                            "that no closed value set in translation.dynamic_ids lists"))
            elif _ID.match(message):
                found.setdefault(message, []).append((relpath(path, root), lineno))
    for path in sorted(templates.glob("*.j2")):
        for lineno, message, _comments, _context in extract_from_file(
                "jinja2.ext:babel_extract", str(path), keywords=dict.fromkeys(KEYWORDS),
                options={"extensions": "jinja2.ext.i18n"}):
            if isinstance(message, str) and _ID.match(message):
                found.setdefault(message, []).append((relpath(path, templates.parent), lineno))
    if composed:
        raise ContentError(composed)
    return found


def build_template(templates: Path) -> Catalog:
    catalog = Catalog(project="kzbrief", domain=DOMAIN, charset="utf-8", header_comment=POT_HEADER,
                      creation_date=dt.datetime(2000, 1, 1), revision_date=dt.datetime(2000, 1, 1))
    for message, places in sorted(extracted_ids(templates).items()):
        catalog.add(message, locations=places)
    for message in sorted(dynamic_ids(), key=lambda m: m if isinstance(m, str) else m[0]):
        if message not in catalog:
            catalog.add(message, auto_comments=["composed at run time from a closed set of values"])
    return catalog


def pot_path(templates: Path) -> Path:
    return templates / "locale" / f"{DOMAIN}.pot"


_GENERATED_BY = re.compile(rb'^"Generated-By: [^"]*"\n', re.M)


def template_bytes(templates: Path) -> bytes:
    """The .pot as ``extract`` writes it: files without line numbers (moving code does not
    change it), no date and no Babel version (upgrading Babel does not either)."""
    buffer = io.BytesIO()
    write_po(buffer, build_template(templates), width=100, sort_output=True, include_lineno=False,
             ignore_obsolete=True)
    return _GENERATED_BY.sub(b"", buffer.getvalue())


def extract(templates: Path) -> Path:
    path = pot_path(templates)
    data = template_bytes(templates)
    if not path.is_file() or path.read_bytes() != data:
        write_atomic(path, data)
    return path


def read_catalogue(path: Path, lang: str | None) -> Catalog:
    return read_catalogue_file(path, lang)


def message_key(message) -> str:
    """A message's id; a plural message is known by its singular id."""
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


@dataclass
class Updated:
    path: Path
    added: list[str]  # ids appended, untranslated
    obsolete: list[str]  # ids the template no longer has (left for the translator to delete)


def _entries(messages: list, lang: str) -> bytes:
    """The .po text of new, untranslated entries (no header), as Babel writes entries."""
    catalog = Catalog(locale=lang, domain=DOMAIN)
    for message in messages:
        catalog.add(message.id, string=("", "") if message.pluralizable else "", auto_comments=message.auto_comments)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=True, no_location=True)
    return buffer.getvalue().rstrip(b"\n") + b"\n"  # the file ends as translators' files do


def update(templates: Path, languages: Iterable[str]) -> list[Updated]:
    """Append the template's new ids, untranslated, to each language's ``kzbrief.po``.

    Nothing a translator wrote is rewritten: not the order, not the header, not a comment; an
    update with nothing new writes nothing. Other .po files (charts.po …) keep their ids, and
    an id already in one of them is not added again. Ids the template lost are reported.
    """
    template = [m for m in read_catalogue(pot_path(templates), None) if m.id]
    wanted = {message_key(m) for m in template}
    results = []
    for lang in languages:
        folder = catalogue_dir(templates, lang)
        main = folder / f"{DOMAIN}.po"
        known = {message_key(m) for p in sorted(folder.glob("*.po")) for m in read_catalogue(p, lang) if m.id}
        new = [m for m in template if message_key(m) not in known]
        if new:
            old = main.read_bytes() if main.exists() else _new_catalogue(lang)
            gap = b"" if old.endswith(b"\n\n") else b"\n" if old.endswith(b"\n") else b"\n\n"
            write_atomic(main, old + gap + _entries(new, lang))
        results.append(Updated(main, [message_key(m) for m in new], sorted(known - wanted)))
    return results


def _new_catalogue(lang: str) -> bytes:
    """The header of a language's first catalogue."""
    buffer = io.BytesIO()
    write_po(buffer, Catalog(locale=lang, domain=DOMAIN, project="kzbrief",
                             header_comment=f"# kzbrief template labels — {lang}"), width=100)
    return _GENERATED_BY.sub(b"", buffer.getvalue())


def compile_catalogues(templates: Path, languages: Iterable[str], out: Path) -> list[Path]:
    """Write each .po as a .mo under ``out/locale/<lang>/LC_MESSAGES/``, for tools that want
    compiled catalogues. kzbrief reads the .po files; compiled files are build products, so they
    go to the (ignored) build folder, never into templates/."""
    written = []
    for lang in languages:
        for po in sorted(catalogue_dir(templates, lang).glob("*.po")):
            buffer = io.BytesIO()
            write_mo(buffer, read_catalogue(po, lang), use_fuzzy=False)
            mo = out / "locale" / lang / "LC_MESSAGES" / po.with_suffix(".mo").name
            write_atomic(mo, buffer.getvalue())
            written.append(mo)
    return written


# ---------------------------------------------------------------- completeness
def catalogue_problems(templates: Path, lang: str, root: Path) -> list[Problem]:
    """Untranslated, fuzzy and missing catalogue entries of one language, with file and line."""
    problems: list[Problem] = []
    folder = catalogue_dir(templates, lang)
    present: set[str] = set()
    for po in sorted(folder.glob("*.po")):
        display = relpath(po, root)
        for message in read_catalogue(po, lang):
            if not message.id:
                continue
            present.add(message_key(message))
            line = message.lineno or 1
            if message.fuzzy:
                problems.append(Problem(display, line, message.id, "fuzzy: the translation needs review", "translation"))
            elif not all(message.string if message.pluralizable else [message.string]):
                problems.append(Problem(display, line, message.id, "untranslated", "translation"))
    pot = pot_path(templates)
    if pot.exists():
        for message in read_catalogue(pot, None):
            if message.id and message_key(message) not in present:
                problems.append(Problem(relpath(folder, root), 1, message_key(message),
                                        f"missing from the {lang} catalogue (run kzbrief i18n update)", "translation"))
    return problems


# ---------------------------------------------------------------- kept in step
def localized_fields(project: Project) -> Iterator[tuple[str, str, dict[str, str], tuple[str, int]]]:
    """(key, field, texts, (file, line)) for every reader-facing text of the content."""
    for kind, key, item, origin in project.items():
        for path, texts in localized_texts(item):
            field = field_label(path)
            yield f"{kind}:{key}:{field}", field, texts, (origin.path, origin.line_of(*path))


def digest(text: str) -> str:
    """A short fingerprint of one language's text, enough to notice that it changed."""
    return text_digest(text)[:16]


def review_path(project: Project) -> Path:
    return project.root / "content" / REVIEW_FILE


def read_reviews(project: Project) -> dict[str, dict[str, str]]:
    path = review_path(project)
    if not path.exists():
        return {}
    try:
        records = json.loads(read_confined(path, project.root).decode("utf-8"))
    except (ValueError, FileRefused) as exc:
        raise BuildError(f"{path}: not valid JSON ({exc}); restore it from git or rerun kzbrief i18n confirm") from None
    if not (isinstance(records, dict) and all(
            isinstance(v, dict) and all(isinstance(h, str) for h in v.values()) for v in records.values())):
        raise BuildError(f"{path}: not a record of confirmed translations; restore it from git or rerun "
                         "kzbrief i18n confirm")
    return records


@dataclass
class ReviewFlag:
    key: str
    path: str
    line: int
    field: str
    changed: list[str]
    to_review: list[str]


def review_flags(project: Project) -> list[ReviewFlag]:
    """Texts whose twin in another language changed since an editor last confirmed the pair."""
    records = read_reviews(project)
    flags = []
    for key, field, texts, (path, line) in localized_fields(project):
        record = records.get(key)
        if not record:
            continue
        changed = [l for l, t in texts.items() if l in record and record[l] != digest(t)]
        unchanged = [l for l, t in texts.items() if l in record and record[l] == digest(t)]
        if changed and unchanged:
            flags.append(ReviewFlag(key, path, line, field, changed, unchanged))
    return flags


def review_problems(project: Project, lang: str | None = None) -> list[Problem]:
    return [Problem(f.path, f.line, f.field,
                    f"the {', '.join(f.changed)} text changed since the translation was confirmed: review the "
                    f"{', '.join(f.to_review)} text, then run kzbrief i18n confirm", "translation")
            for f in review_flags(project) if lang is None or lang in f.to_review]


class UnknownKeyError(KzbriefError):
    """``i18n confirm`` was given a key that names no text (exit 1, with the nearest key)."""


def _write_reviews(project: Project, records: dict[str, dict[str, str]]) -> None:
    data = json.dumps(records, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(review_path(project), data.encode("utf-8"))


def check_keys(keys: Iterable[str], fields: list[str]) -> None:
    """Every key names a text (``events:x:text``) or an item (``events:x``); else say which
    key is unknown and the nearest one that exists."""
    known = set(fields) | {":".join(key.split(":")[:2]) for key in fields}
    unknown = [key for key in keys if key not in known]
    if unknown:
        lines = []
        for key in unknown:
            near = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean {near[0]!r}?" if near else "kzbrief i18n status lists the texts to review"
            lines.append(f"unknown text key {key!r}: {hint}")
        raise UnknownKeyError("\n".join(lines))


def confirm(project: Project, keys: Iterable[str] | None = None) -> int:
    """Record the current texts as translations of each other (all, or the given item keys)."""
    fields = list(localized_fields(project))
    wanted = set(keys) if keys else None
    if wanted:
        check_keys(sorted(wanted), [key for key, *_ in fields])
    records = read_reviews(project) if wanted else {}  # confirming everything drops stale records
    count = 0
    for key, _field_name, texts, _origin in fields:
        item_key = ":".join(key.split(":")[:2])
        if wanted is not None and key not in wanted and item_key not in wanted:
            continue
        records[key] = {l: digest(t) for l, t in sorted(texts.items())}
        count += 1
    _write_reviews(project, records)
    return count


def track_new_texts(project: Project) -> list[str]:
    """Start tracking texts the record does not know yet, from the moment a command sees them.

    A new text (or a new language of a text) is recorded as it stands, so a later change in one
    language flags the others for review without anyone running ``confirm`` first. A text whose
    every recorded language changed was rewritten in step: the new pair becomes the record.
    Writes the record only when something changed; returns the keys recorded.
    """
    records = read_reviews(project)
    recorded = []
    for key, _field_name, texts, _origin in localized_fields(project):
        now = {l: digest(t) for l, t in sorted(texts.items())}
        old = records.get(key, {})
        kept = [l for l in old if l in now]
        if kept and all(old[l] != now[l] for l in kept):
            old = {}
        new = {**now, **{l: d for l, d in old.items() if l in now}} if old else now
        if new != records.get(key):
            records[key] = dict(sorted(new.items()))
            recorded.append(key)
    if recorded:
        _write_reviews(project, records)
    return recorded
