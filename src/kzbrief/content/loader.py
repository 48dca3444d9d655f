"""Read the whole content tree, check it, and report every problem at once.

Gather everything first, then judge (MkDocs' rule): a build never starts on a tree that has
a problem, and the analyst sees all problems in one run, each as ``path:line: field: message``.
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Any, Iterator, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, Problem, did_you_mean, field_label, relpath
from ..files import FileRefused, read_confined
from .model import LoadedSource, Origin, Project, file_digest
from .schema import (ContextStatement, Edition, Event, Figure, GlossaryEntry, Partner, Person,
                     ProjectSettings, Source, System, Yardstick)
from .yamlio import YamlReadError, line_at, read_yaml

M = TypeVar("M", bound=BaseModel)

#: Collections kept as YAML lists (``content/NAME.yaml`` or ``content/NAME/*.yaml``) → model.
LIST_MODELS: dict[str, type[BaseModel]] = {
    "partners": Partner, "systems": System, "people": Person,
    "events": Event, "context": ContextStatement, "figures": Figure, "glossary": GlossaryEntry,
}
#: The yardstick key judgements are stated in: one mapping, needed once an edition has judgements.
YARDSTICK_FILE = "yardstick.yaml"


def _field_name(loc: tuple) -> str:
    """A pydantic error location as a field label, without pydantic's own validator steps."""
    parts = tuple(p for p in loc if isinstance(p, int) or not (
        str(p).startswith(("function-", "literal[")) or p in ("str", "dict[str,str]")))
    return field_label(parts) or "item"


def _message(error: dict) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling)"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "literal_error":
        return f"must be one of {error['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} does not match {error['ctx']['pattern']}"
    return error["msg"].replace("Input should", "should")


def parse_model(model: type[M], raw: Any, display: str, problems: list[Problem], label: str = "") -> M | None:
    """Validate one raw mapping against a model, turning errors into located Problems."""
    if not isinstance(raw, dict):
        problems.append(Problem(display, getattr(raw, "line", 1), label or "item", "should be a mapping of fields"))
        return None
    try:
        return model.model_validate(dict(raw))
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            message = _message(error)
            if error["type"] == "extra_forbidden" and len(loc) == 1:
                names = [f.alias or name for name, f in model.model_fields.items()]
                message = message.removesuffix(" (check its spelling)") + (
                    did_you_mean(str(loc[0]), names) or " (check its spelling)")
            problems.append(Problem(display, line_at(raw, loc, getattr(raw, "line", 1)), _field_name(loc), message))
        return None


def raw_key(raw: Any, name: str) -> str | None:
    """The id an item that failed its schema was meant to have (None: unknown, so any)."""
    key = raw.get(name) if isinstance(raw, dict) else None
    return key if isinstance(key, str) else None


class ContentLoader:
    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.problems: list[Problem] = []

    def display(self, path: Path) -> str:
        """The path in messages: the files read are found under the root, so relative to it as
        written, without resolving both on the filesystem for each of thousands of files."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return relpath(path, self.root)

    def read(self, path: Path) -> Any:
        try:
            return read_yaml(path, self.display(path), self.root)
        except YamlReadError as exc:
            self.problems.append(exc.problem)
            return None

    def files_of(self, name: str) -> list[Path]:
        """A collection is ``content/NAME.yaml`` or any ``content/NAME/*.yaml``, or both."""
        files = []
        single = self.content / f"{name}.yaml"
        if single.is_file():
            files.append(single)
        folder = self.content / name
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.yaml")))
        return files

    def load_list(self, name: str, model: type[M], project: Project, target: dict[str, M]) -> None:
        for path in self.files_of(name):
            raw = self.read(path)
            display = self.display(path)
            if raw is None:
                project.unreadable.add((name, None))
                continue
            if not isinstance(raw, list):
                self.problems.append(Problem(display, getattr(raw, "line", 1), name, "should be a list of items"))
                project.unreadable.add((name, None))
                continue
            for index, item_raw in enumerate(raw):
                item = parse_model(model, item_raw, display, self.problems)
                if item is None:
                    project.unreadable.add((name, raw_key(item_raw, "id")))
                    continue
                line = raw.line_of(index)
                self.add(project, name, item.id, item, target, Origin(display, line, item_raw))

    def add(self, project: Project, kind: str, key: str, item: Any, target: dict, origin: Origin) -> None:
        if key in target:
            first = project.origins[(kind, key)]
            self.problems.append(Problem(origin.path, origin.line, "id",
                                         f"duplicate id {key!r} (first defined at {first.path}:{first.line})"))
            project.duplicates.append((kind, key, item.meta if isinstance(item, LoadedSource) else item, origin))
            return
        target[key] = item
        project.origins[(kind, key)] = origin

    def load_sources(self, project: Project) -> None:
        folder = self.content / "sources"
        if not folder.is_dir():
            self.problems.append(Problem("content/sources", 1, "sources", "folder is missing"))
            return
        for path in sorted(folder.glob("*.yaml")):
            raw = self.read(path)
            display = self.display(path)
            if raw is None:
                project.unreadable.add(("sources", path.stem))
                continue
            meta = parse_model(Source, raw, display, self.problems)
            if meta is None:
                project.unreadable.add(("sources", raw_key(raw, "id")))
                continue
            text_path = folder / (meta.text or f"{meta.id}.txt")
            text_line = raw.line_of("text") if "text" in raw else raw.line_of("id")
            try:
                data = read_confined(text_path, folder)
                text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text reads
            except FileNotFoundError:
                self.problems.append(Problem(display, text_line, "text", f"source text {self.display(text_path)} is missing"))
                project.unreadable.add(("sources", meta.id))
                continue
            except FileRefused as exc:
                self.problems.append(Problem(display, text_line, "text",
                                             f"source text {self.display(text_path)} {exc.reason}; source texts "
                                             "are files in content/sources/"))
                project.unreadable.add(("sources", meta.id))
                continue
            except UnicodeDecodeError as exc:
                self.problems.append(Problem(self.display(text_path), 1, "text", f"not valid UTF-8 ({exc.reason})"))
                project.unreadable.add(("sources", meta.id))
                continue
            loaded = LoadedSource(meta, text, text_path, Origin(display, raw.line_of("id"), raw), file_digest(data))
            self.add(project, "sources", meta.id, loaded, project.sources, loaded.origin)
        described = {s.text_path.name for s in project.sources.values()}
        for text_path in sorted(folder.glob("*.txt")):
            if text_path.name not in described:
                self.problems.append(Problem(self.display(text_path), 1, "source",
                                             "text without metadata: add a .yaml beside it (see kzbrief sources add)"))

    def load_editions(self, project: Project) -> None:
        for path in sorted((self.content / "editions").glob("*.yaml")) if (self.content / "editions").is_dir() else []:
            raw = self.read(path)
            if raw is None:
                project.unreadable.add(("editions", path.stem))
                continue
            display = self.display(path)
            edition = parse_model(Edition, raw, display, self.problems)
            if edition is None:
                project.unreadable.add(("editions", path.stem))
                continue
            line = raw.line_of("period")
            if path.stem != str(edition.period):
                self.problems.append(Problem(display, line, "period",
                                             f"{edition.period} does not match the file name (expected {edition.period}.yaml)"))
                continue
            self.add(project, "editions", str(edition.period), edition, project.editions, Origin(display, line, raw))

    def load_yardstick(self, project: Project) -> None:
        path = self.content / YARDSTICK_FILE
        if not path.is_file():
            return
        raw = self.read(path)
        if raw is None:
            return
        yardstick = parse_model(Yardstick, raw, self.display(path), self.problems)
        if yardstick is not None:
            project.yardstick = yardstick
            project.origins[("yardstick", "yardstick")] = Origin(self.display(path), 1, raw)

    def load(self) -> tuple[Project | None, list[Problem]]:
        if not self.content.is_dir():
            return None, [Problem(str(self.content), 1, "content", "folder not found (is --root right?)")]
        settings_path = self.content / "project.yaml"
        if not settings_path.is_file():
            return None, [Problem(self.display(settings_path), 1, "project", "file is missing")]
        raw = self.read(settings_path)
        settings = parse_model(ProjectSettings, raw, self.display(settings_path), self.problems) if raw is not None else None
        if settings is None:
            return None, self.problems
        project = Project(self.root, settings)
        project.origins[("project", "settings")] = Origin(self.display(settings_path), 1, raw)
        self.load_sources(project)
        for name, model in LIST_MODELS.items():
            self.load_list(name, model, project, getattr(project, name))
        self.load_editions(project)
        self.load_yardstick(project)
        return project, self.problems


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Hold Python's cycle collector while the content is read and checked.

    Loading makes hundreds of thousands of objects that all stay alive (the project), and each
    time enough have piled up the collector walks every one of them again and frees nothing:
    on a corpus of ~5,000 events that was half the loading time. Garbage made meanwhile waits
    for the collector's next run, after the load.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_project_with_gaps(root: Path | str) -> tuple[Project, list[Problem]]:
    """Load and validate; texts missing in a language are returned, every other problem raised."""
    from .validate import validate_project

    with collection_paused():
        project, problems = ContentLoader(Path(root)).load()
        if project is not None:
            problems = problems + validate_project(project)
    if project is None or any(p.category != "translation" for p in problems):
        raise ContentError(problems)  # every problem at once, the missing texts included
    return project, problems


def load_project(root: Path | str, allow_untranslated: bool = False) -> Project:
    """Load and validate the content tree under ``root``; raise ContentError listing every problem.

    ``allow_untranslated`` tolerates texts missing in a language (a draft build shows the
    other language's text, visibly marked, in their place).
    """
    project, gaps = load_project_with_gaps(root)
    if gaps and not allow_untranslated:
        raise ContentError(gaps)
    return project
