"""What each output was built from, as hashes, so ``status`` can say what changed.

An output depends on: the tool's version, the templates of its format, the catalogue of its
language, the text and metadata of each source its edition knows, and the language-projected
content items its edition knows (so a French-only edit never makes an English output stale).
Nothing here imports the rendering libraries: ``status`` stays fast.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import __version__
from .content.judgements import previous_judgements
from .content.model import localized_texts, noun
from .document.view import EditionView
from .files import FileRefused, read_regular
from .i18n import catalogue_files
from .writers.typeset import exceptions_file

#: Template files each format reads, as glob patterns under templates/.
FORMAT_TEMPLATES = {"pdf": ("*.j2", "*.css"), "html": ("*.j2", "*.css"), "docx": ("reference.docx",)}
COLLECTIONS = ("partners", "systems", "people", "events", "context", "figures", "glossary")


def sha(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _project(item: BaseModel, lang: str, known: set[str]) -> Any:
    """An item as one language's reader sees it: each localized text reduced to that language,
    only the cites of sources the edition knows, no editorial notes (readers never see them)."""
    data = item.model_dump(mode="json", by_alias=True)
    for path, texts in localized_texts(item):
        _set(data, path, texts.get(lang))
    return _prune(data, known)


def _set(data: Any, path: tuple, value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


#: Fields holding cites: only those of sources an edition knows count for it.
CITE_FIELDS = ("cites", "confirmed_by")


def _prune(value: Any, known: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _prune([c for c in v if c.get("source") in known] if k in CITE_FIELDS else v, known)
                for k, v in value.items() if k != "note"}
    if isinstance(value, list):
        return [_prune(v, known) for v in value]
    return value


def edition_data(view: EditionView, lang: str) -> dict[str, Any]:
    """The content an edition uses in one language: embedded in the PDF and hashed for status."""
    project = view.project
    known = set(view.sources)
    data: dict[str, Any] = {
        "edition": _project(view.edition, lang, known),
        "settings": _project(project.settings, lang, known),
        "sources": {k: _project(s.meta, lang, known) | {"sha256": s.digest}
                    for k, s in sorted(view.sources.items())},
    }
    if project.yardstick is not None and (view.edition.judgements or view.edition.dropped):
        data["yardstick"] = _project(project.yardstick, lang, known)
        # what changed, and what was dropped, is told against the previous edition's judgements
        found = previous_judgements(project, view.edition.period)
        if found is not None:
            data["previous-judgements"] = [_project(j, lang, known) for j in found[1]]
    chosen = {"events": view.events, "context": view.context, "figures": view.figures, "systems": view.systems, "people": view.people,
              "partners": project.partners, "glossary": project.glossary}
    for name in COLLECTIONS:
        data[name] = {k: _project(v, lang, known) for k, v in sorted(chosen[name].items())}
    return data


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """The tool's version and a hash of its code: a code change makes every output stale."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


@lru_cache(maxsize=1)
def font_versions() -> str:
    """Both formats embed the pip-installed fonts: a new font release changes the outputs."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("font-source-serif-pro", "font-source-sans-pro"):
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} missing")
    return ", ".join(found)


def _hash_json(value: Any) -> str:
    return sha(json.dumps(value, sort_keys=True, ensure_ascii=False))


def content_dependencies(view: EditionView, lang: str) -> dict[str, str]:
    """Key → hash of the content an edition uses in one language (the same for every format)."""
    data = edition_data(view, lang)
    deps = {key: _hash_json(data[key]) for key in ("edition", "settings", "yardstick", "previous-judgements")
            if key in data}
    deps.update({f"source:{key}": _hash_json(meta) for key, meta in data["sources"].items()})
    for name in COLLECTIONS:
        deps.update({f"{name}:{key}": _hash_json(item) for key, item in data[name].items()})
    return deps


def dependencies(view: EditionView, lang: str, fmt: str, templates: Path, draft: bool = False,
                 content: dict[str, str] | None = None) -> dict[str, str]:
    """Key → hash of everything one output was built from.

    ``content`` is ``content_dependencies(view, lang)`` when the caller already has it (it is
    shared by the formats of one edition and language). A draft is recorded as such, so a
    release build never takes a draft for an up-to-date output.
    """
    deps: dict[str, str] = {"tool": tool_fingerprint(), "fonts": font_versions(),
                            "mode": "draft" if draft else "release"}
    for pattern in FORMAT_TEMPLATES[fmt]:
        for path in sorted(templates.glob(pattern)):
            deps[f"template:{path.name}"] = sha(path.read_bytes())
    for path in catalogue_files(templates, lang):
        deps[f"catalogue:{lang}/{path.name}"] = sha(path.read_bytes())
    hyphenation = exceptions_file(templates, lang)
    if hyphenation.is_file():
        deps[f"hyphenation:{lang}"] = sha(hyphenation.read_bytes())
    deps.update(content if content is not None else content_dependencies(view, lang))
    return deps


#: What a dependency is called in a reason: key (before any ``:``) → how to name it.
_NAMES = {"tool": "kzbrief's version or code", "fonts": "the fonts", "edition": "the edition's texts",
          "settings": "the project settings", "yardstick": "the probability yardstick",
          "previous-judgements": "the previous edition's key judgements"}


def _name(key: str) -> str:
    kind, _, rest = key.partition(":")
    if kind == "template":
        return f"template {rest}"
    if kind == "catalogue":
        lang, _, file = rest.partition("/")
        return f"the {lang} catalogue {file}"
    if kind == "source" or kind in COLLECTIONS:
        return f"{noun(kind + 's' if kind == 'source' else kind)} {rest!r}"
    return _NAMES.get(kind, kind)


def describe_change(key: str, old: str | None, new: str | None) -> str:
    """One reason an output is stale, as a sentence that says what happened."""
    if key == "mode" and old and new:
        return f"built as a {old}; a {new} build is needed"
    if old is None:
        return f"{_name(key)} is new to this edition"
    if new is None:
        return f"{_name(key)} is no longer in this edition"
    return f"{_name(key)} changed since it was built"


def describe_changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Why an output built from ``old`` is stale now: what changed (a draft first), then what came,
    then what went."""
    changed = sorted((k for k in new if k in old and old[k] != new[k]), key=lambda k: (k != "mode", k))
    added = sorted(k for k in new if k not in old)
    removed = sorted(k for k in old if k not in new)
    return ([describe_change(k, old[k], new[k]) for k in changed] + [describe_change(k, None, new[k]) for k in added]
            + [describe_change(k, old[k], None) for k in removed])


def stamp_path(output: Path) -> Path:
    return output.parent / f".{output.name}.deps.json"


@dataclass(frozen=True)
class BuildRecord:
    """What an output's ``.deps.json`` says: its dependencies, its own hash, the cache files it used."""

    deps: dict[str, str]
    output_sha256: str
    cached: tuple[str, ...]


def parse_record(path: Path) -> BuildRecord | None:
    """The build record at ``path`` if it reads, parses and has the shape we write, else None.

    A record damaged or edited into another shape is treated as no record (the output is
    rebuilt), never trusted and never a crash.
    """
    try:
        record = json.loads(read_regular(path, 1024 * 1024).decode("utf-8"))
    except (OSError, FileRefused, ValueError):
        return None
    if not isinstance(record, dict):
        return None
    deps, digest, cached = record.get("deps"), record.get("output_sha256"), record.get("cached", [])
    if not (isinstance(deps, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in deps.items())):
        return None
    if not isinstance(digest, str) or not (isinstance(cached, list) and all(isinstance(c, str) for c in cached)):
        return None
    return BuildRecord(deps, digest, tuple(cached))


def read_stamp(output: Path) -> dict[str, str] | None:
    record = parse_record(stamp_path(output))
    return record.deps if record else None


def stamp_bytes(deps: dict[str, str], output_bytes: bytes, cached: list[str] = ()) -> bytes:
    """The build record of one output; ``cached`` names the cache files (charts) it used."""
    record = {"deps": deps, "output_sha256": sha(output_bytes), "cached": sorted(cached)}
    return json.dumps(record, indent=1, sort_keys=True).encode("utf-8")


def cached_files_in_use(out: Path) -> set[str]:
    """Cache files some output's build record still refers to."""
    used: set[str] = set()
    for stamp in out.glob("*/.*.deps.json"):
        record = parse_record(stamp)
        if record is not None:
            used.update(record.cached)
    return used
