"""Strict YAML reading that remembers where each value came from.

PyYAML's safe loader turns ``no``/``on`` into booleans and ``2024-12-09`` into dates, and
silently keeps the last of two duplicate keys. Content is text written by analysts, so here
booleans are only ``true``/``false``, dates stay strings (the schema parses them with their
precision), duplicate keys are errors, and every mapping records the line of each key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode

from ..errors import Problem


class LineDict(dict):
    """A mapping that knows the (1-based) line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that knows the line of each of its items."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


def line_at(node: Any, keys: tuple, default: int) -> int:
    """The line of a nested key of raw YAML, or of the deepest enclosing key that exists."""
    line = default
    for key in keys:
        if not isinstance(node, (LineDict, LineList)):
            break
        try:
            child = node[key]
        except (KeyError, IndexError, TypeError):
            break
        line, node = node.line_of(key), child
    return line


class DuplicateKeyError(ConstructorError):
    pass


def _construct_mapping(loader: SafeConstructor, node: MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise DuplicateKeyError(
                None, None, f"duplicate key {key!r} (first on line {result.key_lines[key]})",
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: SafeConstructor, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _strict(base: type) -> type:
    """``base`` (PyYAML's pure-Python or libyaml-based safe loader) with strict booleans, no
    implicit timestamps and no duplicate keys, whose mappings and sequences know their lines."""
    loader = type(f"Strict{base.__name__}", (base,), {})
    # Rebuild the implicit resolvers: drop YAML 1.1 booleans (yes/no/on/off) and timestamps.
    loader.yaml_implicit_resolvers = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in resolvers
                if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
        if kept:
            loader.yaml_implicit_resolvers[first] = kept
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
    return loader


#: The pure-Python loader: the reference the fast one is tested against.
PURE_LOADER = _strict(yaml.SafeLoader)
#: libyaml's parser (C, 5–8 × faster) when PyYAML was built with it: the same data and line
#: marks, because only scanning and parsing are in C; resolving and constructing stay ours.
_StrictLoader = _strict(yaml.CSafeLoader) if getattr(yaml, "__with_libyaml__", False) else PURE_LOADER


class YamlReadError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def read_yaml(path: Path, display: str) -> Any:
    """Parse one YAML file; a syntax error becomes a Problem naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlReadError(Problem(display, 1, "file", f"not valid UTF-8 ({exc.reason})")) from None
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> Any:
    """Parse YAML text strictly; a syntax error becomes a Problem naming ``display`` and the line."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - strict SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or str(exc)
        if exc.context and not isinstance(exc, DuplicateKeyError):
            what = f"{exc.context}, {what}"
        raise YamlReadError(Problem(display, line, "yaml", what)) from None
    except yaml.YAMLError as exc:
        raise YamlReadError(Problem(display, 1, "yaml", str(exc))) from None
