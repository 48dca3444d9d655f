"""The translators' workflow: catalogues extracted, updated, compiled and checked; content
translations kept in step with the text they were made from.

Catalogue message ids are symbolic. Ids built at run time from a closed set of values (a
status, a unit, a grade…) are enumerated here from the schema's own value lists, so the
template (.pot) always holds every id the tool can ask for.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, get_args

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po
from pydantic import BaseModel

from .content.dates import Precision
from .content.model import Project, localized_texts, text_digest
from .content.schema import ContextStatement, Figure, Qualifier, Reliability, Status, System, choices
from .document.view import TIMINGS
from .errors import BuildError, Problem, field_label, relpath
from .i18n import DOMAIN, catalogue_dir, read_catalogue_file

PACKAGE = Path(__file__).resolve().parent
REVIEW_FILE = "translations.lock.json"


# ---------------------------------------------------------------- message ids
def dynamic_ids() -> set[str | tuple[str, str]]:
    """Ids the code composes from a closed set of values."""
    families = {
        "status": get_args(Status) + TIMINGS, "grade": get_args(Reliability), "date.qualifier": get_args(Qualifier),
        "approx": choices(Figure, "approx"), "unit": choices(Figure, "unit"),
        "system.status": choices(System, "status"), "context.theme": choices(ContextStatement, "theme"),
        "timing.due": get_args(Precision), "timing.overdue": get_args(Precision),
    }
    ids = {f"{prefix}.{value}" for prefix, values in families.items() for value in values}
    from . import charts
    from .document.assemble import DOMAIN_GROUPS

    ids |= {group for group, _ in DOMAIN_GROUPS}
    ids |= set(charts.message_ids())
    return ids


_ID = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$")


def extracted_ids(templates: Path) -> dict[str, list[tuple[str, int]]]:
    """Literal ids in ``_()``/``gettext()`` calls of the package and the Jinja templates."""
    found: dict[str, list[tuple[str, int]]] = {}
    files = [(p, "python") for p in sorted(PACKAGE.rglob("*.py"))]
    files += [(p, "jinja2.ext:babel_extract") for p in sorted(templates.glob("*.j2"))]
    for path, method in files:
        options = {"extensions": "jinja2.ext.i18n"} if method != "python" else {}
        for lineno, message, _comments, _context in extract_from_file(
                method, str(path), keywords={"_": None, "gettext": None, "N_": None}, options=options):
            if isinstance(message, str) and _ID.match(message):
                found.setdefault(message, []).append((relpath(path, PACKAGE.parent.parent), lineno))
    return found


def build_template(templates: Path) -> Catalog:
    catalog = Catalog(project="kzbrief", domain=DOMAIN, charset="utf-8")
    for message, places in sorted(extracted_ids(templates).items()):
        catalog.add(message, locations=places)
    for message in sorted(dynamic_ids(), key=lambda m: m if isinstance(m, str) else m[0]):
        if message not in catalog:
            catalog.add(message, auto_comments=["composed at run time from a closed set of values"])
    return catalog


def pot_path(templates: Path) -> Path:
    return templates / "locale" / f"{DOMAIN}.pot"


def _write_po(path: Path, catalog: Catalog, **options) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True, **options)
    path.write_bytes(buffer.getvalue())


def extract(templates: Path) -> Path:
    path = pot_path(templates)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = build_template(templates)
    catalog.creation_date = catalog.revision_date = dt.datetime(2000, 1, 1)  # reproducible
    _write_po(path, catalog, ignore_obsolete=True)
    return path


def read_catalogue(path: Path, lang: str | None) -> Catalog:
    return read_catalogue_file(path, lang)


def message_key(message) -> str:
    """A message's id; a plural message is known by its singular id."""
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


def update(templates: Path, languages: Iterable[str]) -> list[Path]:
    """Merge the template into each language: new ids appear untranslated, vanished ids obsolete.

    All ids of a language live in its ``kzbrief.po``; other .po files (charts.po …) keep theirs,
    and an id already in one of them is not added again.
    """
    template = read_catalogue(pot_path(templates), None)
    written = []
    for lang in languages:
        folder = catalogue_dir(templates, lang)
        folder.mkdir(parents=True, exist_ok=True)
        main = folder / f"{DOMAIN}.po"
        catalog = read_catalogue(main, lang) if main.exists() else Catalog(locale=lang, domain=DOMAIN)
        elsewhere = {message_key(m) for p in sorted(folder.glob("*.po")) if p != main
                     for m in read_catalogue(p, lang) if m.id}
        for message in template:
            if message.id and message.id not in catalog and message_key(message) not in elsewhere:
                catalog.add(message.id, string=("", "") if message.pluralizable else "",
                            auto_comments=message.auto_comments)
        _write_po(main, catalog)
        written.append(main)
    return written


def compile_catalogues(templates: Path, languages: Iterable[str]) -> list[Path]:
    """Write a .mo beside each .po, for tools that want compiled catalogues (kzbrief reads the .po)."""
    written = []
    for lang in languages:
        for po in sorted(catalogue_dir(templates, lang).glob("*.po")):
            catalog = read_catalogue(po, lang)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            mo = po.with_suffix(".mo")
            mo.write_bytes(buffer.getvalue())
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
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BuildError(f"{path}: not valid JSON ({exc}); restore it from git or rerun kzbrief i18n confirm") from None


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


def confirm(project: Project, keys: Iterable[str] | None = None) -> int:
    """Record the current texts as translations of each other (all, or the given item keys)."""
    wanted = set(keys) if keys else None
    records = read_reviews(project) if wanted else {}  # confirming everything drops stale records
    count = 0
    for key, _field_name, texts, _origin in localized_fields(project):
        item_key = ":".join(key.split(":")[:2])
        if wanted is not None and key not in wanted and item_key not in wanted:
            continue
        records[key] = {l: digest(t) for l, t in sorted(texts.items())}
        count += 1
    review_path(project).write_text(json.dumps(records, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    return count
