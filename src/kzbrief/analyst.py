"""The analyst's view of an item: everything needed to fix it, on one screen.

``kzbrief show ITEM`` (or ``--problems``) prints an item's problems, its fields, each
language's text, each cited passage inside the sentence around it (the quote highlighted;
for a quote that is not in its source, the nearest passage), and, from the support check,
the tokens each field's passages support and those they do not.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from .console import Line
from .content.integrity import citing_items
from .content.loader import ContentLoader
from .content.model import COLLECTIONS, LoadedSource, Project, localized_texts, walk
from .content.passages import Passage, locate, search
from .content.schema import Cite, is_localized
from .content.validate import validate_project
from .errors import ContentError, Problem, UsageError, field_label, relpath

KINDS = (*COLLECTIONS, "sources")
#: Context shown on each side of a passage, in characters (cut at a word).
CONTEXT = 160


@dataclass
class Workspace:
    """The tree as read, its problems (not raised: the analyst is here to fix them), and the
    support check's findings per item when it is available."""

    project: Project
    problems: list[Problem]
    support: dict[tuple[str, str], Any] = field(default_factory=dict)

    @classmethod
    def load(cls, root) -> Workspace:
        project, problems = ContentLoader(root).load()
        if project is None:
            raise ContentError(problems)
        workspace = cls(project, sorted(set(problems + validate_project(project))))
        workspace.support = _support(project)
        return workspace

    def items(self) -> Iterator[tuple[str, str, BaseModel]]:
        for kind, key, item, _origin in self.project.items():
            if kind != "project":
                yield kind, key, item

    def find(self, wanted: str) -> tuple[str, str]:
        """``kind:id`` or a bare id (or an edition's period) → (kind, id)."""
        kind, _, key = wanted.rpartition(":")
        matches = [(k, i) for k, i, _ in self.items() if i == key and (not kind or k == kind)]
        if not matches:
            raise UsageError(f"no item {wanted!r} (write KIND:ID, KIND one of {', '.join(KINDS)})")
        if len(matches) > 1:
            raise UsageError(f"{wanted!r} is ambiguous: {', '.join(f'{k}:{i}' for k, i in matches)}")
        return matches[0]

    def problems_by_item(self) -> tuple[dict[tuple[str, str], list[Problem]], list[Problem]]:
        """Each problem given to the item written at or above its line; the rest (a file that
        did not parse) returned apart."""
        starts: dict[str, list[tuple[int, tuple[str, str]]]] = {}
        for kind, key, _item, origin in self.project.items():
            if kind != "project":
                starts.setdefault(origin.path, []).append((origin.line, (kind, key)))
        found: dict[tuple[str, str], list[Problem]] = {}
        loose = []
        for problem in self.problems:
            items = sorted(starts.get(problem.path, []))
            if not items:
                loose.append(problem)
                continue
            at = max(bisect.bisect_right([line for line, _ in items], problem.line) - 1, 0)
            found.setdefault(items[at][1], []).append(problem)
        return found, loose


def _support(project: Project) -> dict[tuple[str, str], Any]:
    """The support check's analysis per (collection, id), when this version has the check."""
    try:
        from .content.support import analyse
    except ImportError:
        return {}
    return {(item.collection, item.id): item for item in analyse(project)}


def _cut(text: str, keep_end: bool) -> str:
    """At most CONTEXT characters of context, cut at a word, next to the passage."""
    if len(text) <= CONTEXT:
        return text
    if keep_end:
        piece = text[-CONTEXT:]
        return "…" + piece[piece.find(" "):] if " " in piece else "…" + piece
    piece = text[:CONTEXT]
    return piece[:piece.rfind(" ")] + " …" if " " in piece else piece + "…"


def passage_line(passage: Passage, indent: str) -> Line:
    before, quote, after = passage.context()
    return [(indent, ""), (_cut(before, True), ""), (quote, "quote"), (_cut(after, False), "")]


def cite_entry(passage: Passage) -> str:
    """A ``cites:`` list entry quoting the passage, ready to paste into YAML."""
    return f"- {{source: {passage.source.id}, quote: {json.dumps(passage.quote, ensure_ascii=False)}}}"


def find_lines(root: Path, phrase: str, source_ids: list[str], *, sentence: bool, near: bool,
               limit: int) -> tuple[list[Line], int]:
    """``sources find``: each passage found as a commented, ready-to-paste cites entry."""
    project, problems = ContentLoader(root).load()
    if project is None:
        raise ContentError(problems)
    unknown = [s for s in source_ids if s not in project.sources]
    if unknown:
        raise UsageError(f"--source: no source {', '.join(map(repr, unknown))}")
    chosen = [project.sources[s] for s in source_ids] if source_ids else list(project.sources.values())
    found = search(chosen, phrase, near=near, limit=limit)
    lines: list[Line] = []
    for passage in found:
        match = "exact" if passage.score == 1 else f"near match {passage.score:.0%}"
        lines.append([(f"# {relpath(passage.source.text_path, project.root)}:{passage.line} ({match})", "dim")])
        lines.append([("#", "dim"), *passage_line(passage, " ")])
        lines.append([(cite_entry(passage.sentence() if sentence else passage), "")])
    return lines, len(found)


def _scalars(item: BaseModel) -> str:
    """The item's own short fields (dates, statuses, references), on one line."""
    shown = []
    for name in type(item).model_fields:
        value = getattr(item, name)
        if name in ("id", "note", "sha256") or value in (None, [], {}, False) or is_localized(type(item), name):
            continue
        if isinstance(value, BaseModel) or (isinstance(value, list) and any(isinstance(v, BaseModel) for v in value)):
            continue
        shown.append(f"{name}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
    return " · ".join(shown)


class ItemView:
    """The lines that show one item."""

    def __init__(self, workspace: Workspace, kind: str, key: str, problems: list[Problem]):
        self.workspace, self.project = workspace, workspace.project
        self.kind, self.key, self.problems = kind, key, problems
        self.origin = self.project.origins.get((kind, key)) or self.project.sources[key].origin
        self.item = self.project.sources[key].meta if kind == "sources" else getattr(self.project, kind)[key]

    def lines(self) -> list[Line]:
        out: list[Line] = [[(f"{self.kind}:{self.key}", "head"), (f"  {self.origin.path}:{self.origin.line}", "dim")]]
        out += [[("  ✗ ", "bad"), (str(p), "bad")] for p in self.problems]
        scalars = _scalars(self.item)
        if scalars:
            out.append([("  " + scalars, "")])
        note = getattr(self.item, "note", None)
        if note:
            out.append([("  note: ", "dim"), (" ".join(note.split()), "dim")])
        for path, texts in localized_texts(self.item):
            for lang, text in texts.items():
                out.append([(f"  {field_label(path + (lang,))}: ", "dim"), (text, "")])
        if self.kind == "sources":
            out += self.source_lines(self.project.sources[self.key])
        out += self.cite_lines()
        out += self.support_lines()
        return out

    def cites(self) -> list[tuple[str, Cite]]:
        return [(field_label(f.path), f.value) for f in walk(self.item) if isinstance(f.value, Cite)]

    def cite_lines(self) -> list[Line]:
        out: list[Line] = []
        for label, cite in self.cites():
            source = self.project.sources.get(cite.source)
            if source is None:
                out.append([(f"  {label}: ", "dim"), (f"unknown source {cite.source!r}", "bad")])
                continue
            meta = source.meta
            where = f"{relpath(source.text_path, self.project.root)}"
            passage = locate(source, cite.quote)
            found = passage is not None and source.contains(cite.quote)
            if passage is not None:
                where += f":{passage.line}"
            out.append([(f"  {label}: ", "dim"), (cite.source, "head"),
                        (f" · {meta.language} · {meta.published} · {meta.reliability} · {where}", "dim")])
            if found:
                out.append(passage_line(passage, "      "))
                continue
            out.append([("      quote not in the source: ", "bad"), (cite.quote, "")])
            nearest = passage or next(iter(search([source], cite.quote, threshold=0.6, limit=1)), None)
            if nearest is not None:
                out.append([(f"      nearest passage ({nearest.score:.0%}), line {nearest.line}:", "dim")])
                out.append(passage_line(nearest, "      "))
                out.append([("      to cite it: ", "dim"), (cite_entry(nearest).removeprefix("- "), "")])
        return out

    def support_lines(self) -> list[Line]:
        found = self.workspace.support.get((self.kind, self.key))
        if found is None or not getattr(found, "fields", None):
            return []
        labels = {id(cite): label for label, cite in self.cites()}
        by_value = {cite: label for label, cite in self.cites()}
        out: list[Line] = [[("  support:", "head")]]
        for checked in found.fields:
            if not checked.tokens:
                continue
            line: Line = [(f"    {checked.label}: ", "dim")]
            for index, token in enumerate(checked.tokens):
                if index:
                    line.append((" · ", "dim"))
                if token.supported:
                    where = labels.get(id(token.passage)) or by_value.get(token.passage, "")
                    line += [("✓ " + token.text, "good"), (f" ({where})" if where else "", "dim")]
                elif token.inference is not None:
                    line += [("~ " + token.text, ""), (f" (inferences[{token.inference}])", "dim")]
                else:
                    line.append(("✗ " + token.text, "bad"))
            out.append(line)
        return out

    def source_lines(self, source: LoadedSource) -> list[Line]:
        meta = source.meta
        state = ("hash ok" if meta.sha256 == source.digest else
                 "no hash recorded" if meta.sha256 is None else "text changed since its hash was recorded")
        out: list[Line] = [[(f"  text: {relpath(source.text_path, self.project.root)} · ", "dim"),
                            (state, "good" if meta.sha256 == source.digest else "bad")]]
        for update in meta.updates:
            out.append([(f"  updated {update.date}" + (f": {update.note}" if update.note else ""), "dim")])
        items = citing_items(self.project, source.id)
        out.append([(f"  cited by: {', '.join(items) if items else 'no item'}", "dim")])
        return out


def show(root, wanted: str | None, problems_only: bool) -> tuple[list[Line], bool]:
    """The lines for one item, or for every item with a problem; and whether any problem was met."""
    workspace = Workspace.load(root)
    by_item, loose = workspace.problems_by_item()
    if wanted is not None:
        kind, key = workspace.find(wanted)
        problems = by_item.get((kind, key), [])
        return ItemView(workspace, kind, key, problems).lines(), bool(problems)
    lines: list[Line] = [[("  ✗ ", "bad"), (str(p), "bad")] for p in loose]
    for kind, key, _item in workspace.items():
        if (kind, key) in by_item:
            lines += [*ItemView(workspace, kind, key, by_item[(kind, key)]).lines(), []]
    count = len(workspace.problems)
    lines.append([(f"{count} problem(s) in {len(by_item)} item(s)" if count else "no problem", "bad" if count else "good")])
    return lines, bool(count)
