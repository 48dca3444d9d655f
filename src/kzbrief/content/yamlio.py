"""Strict YAML reading that remembers where each value came from.

PyYAML's safe loader turns ``no``/``on`` into booleans, ``2024-12-09`` into dates and
``20:30`` into 1230 (YAML 1.1 base 60), and silently keeps the last of two duplicate keys.
Content is text written by analysts, so here booleans are only ``true``/``false``, numbers
are plain decimals (``20:30``, ``0o17`` and ``0x1F`` stay text), dates stay strings (the schema
parses them with their precision), duplicate keys, aliases and tags are errors, nesting is
bounded, and every mapping records the line of each key. Parser errors are told in plain
words with the fix (``plain_words``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode

from ..errors import Problem
from ..files import FileRefused, read_confined, read_regular


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


#: Deeper than any content needs; deeper input is refused before it can exhaust the stack.
MAX_DEPTH = 40
_REPLACED = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int",
             "tag:yaml.org,2002:float")


def _construct_object(loader: SafeConstructor, node: yaml.Node, deep: bool = False) -> Any:
    """Refuse aliases (one ``*name`` can stand for billions of values) and deep nesting."""
    if node in loader.constructed_objects or node in loader.recursive_objects:
        raise ConstructorError(None, None, "alias", node.start_mark)
    depth = getattr(loader, "depth", 0)
    if depth > MAX_DEPTH:
        raise ConstructorError(None, None, "depth", node.start_mark)
    loader.depth = depth + 1
    try:
        return SafeConstructor.construct_object(loader, node, deep)
    finally:
        loader.depth = depth


def _strict(base: type) -> type:
    """``base`` (PyYAML's pure-Python or libyaml-based safe loader) with strict booleans, plain
    decimal numbers, no implicit timestamps, no duplicate keys, no aliases and bounded nesting,
    whose mappings and sequences know their lines."""
    loader = type(f"Strict{base.__name__}", (base,), {"construct_object": _construct_object})
    # Rebuild the implicit resolvers: drop YAML 1.1 booleans (yes/no/on/off), timestamps and
    # numbers (base 60, octal 017, binary, hex); keep plain decimal integers and floats.
    loader.yaml_implicit_resolvers = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in resolvers if tag not in _REPLACED]
        if kept:
            loader.yaml_implicit_resolvers[first] = kept
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"),
                                 list("-+0123456789"))
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$"
                   r"|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$"),
        list("-+0123456789."),
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


#: Parser wording → what is wrong and how to fix it, in the words of someone editing a file.
_PLAIN: tuple[tuple[str, str], ...] = (
    ("found character '\\t'", "a tab: indent with spaces"),
    ("cannot start any token", "{char} cannot start a value: put the text in quotes"),
    ("mapping values are not allowed", "a ':' the line cannot hold: put a text containing ': ' in quotes, "
                                       "or indent this line like the lines above it"),
    ("could not find expected ':'", "a line without 'field: value' inside a mapping: add the ':' or put the "
                                    "text in quotes"),
    ("end of stream", "a quotation mark or bracket is never closed: close it"),
    ("expected ',' or", "a [list] or {mapping} is not closed where it should be (or a text in it holds a "
                        "comma or a colon: put that text in quotes)"),
    ("expected <block end>", "this line is indented differently from the lines above it: align it with spaces"),
    ("did not find expected key", "this line is indented differently from the lines above it: align it "
                                  "with spaces"),
    ("did not find expected '-'", "a list item is indented differently from the others: align the '-' marks"),
    ("undefined alias", "'*' starts an alias, which content does not use: put the text in quotes"),
    ("alias", "'*name' aliases and '&name' anchors are not allowed in content: write the value out"),
    ("depth", f"nested more than {MAX_DEPTH} levels deep: content never needs this, check the brackets "
              "and indentation"),
    ("maximum nesting depth", f"nested more than {MAX_DEPTH} levels deep: content never needs this, check "
                              "the brackets and indentation"),
    ("constructor for the tag", "a '!tag' is not allowed in content: remove it, or put a text starting with "
                                "'!' in quotes"),
)


def plain_words(problem: str) -> str:
    """A PyYAML (or libyaml) message told as what is wrong and the fix; unknown ones pass as is."""
    for marker, message in _PLAIN:
        if marker in problem:
            found = re.search(r"found character '([^']*)'", problem)
            return message.replace("{char}", repr(found.group(1)) if found else "this character")
    return problem


def _at(text: str, mark: yaml.Mark) -> str:
    """The character a parser error points at."""
    lines = text.splitlines()
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def read_yaml(path: Path, display: str, root: Path | None = None) -> Any:
    """Parse one YAML file; a syntax error becomes a Problem naming file and line.

    ``root``: the folder the file must stay in once symlinks are followed (the project).
    """
    try:
        data = read_confined(path, root) if root is not None else read_regular(path)
        text = data.decode("utf-8")
    except FileRefused as exc:
        raise YamlReadError(Problem(display, 1, "file", exc.reason)) from None
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
        if mark and _at(text, mark) == "\t":  # libyaml does not name the character
            what = plain_words("found character '\\t'")
        elif mark and "cannot start any token" in what and "found character '" not in what:
            what = plain_words(f"found character '{_at(text, mark)}' that cannot start any token")
        elif not isinstance(exc, DuplicateKeyError):
            what = plain_words(what)
        raise YamlReadError(Problem(display, line, "yaml", what)) from None
    except RecursionError:
        raise YamlReadError(Problem(display, 1, "yaml", plain_words("depth"))) from None
    except yaml.YAMLError as exc:
        raise YamlReadError(Problem(display, 1, "yaml", plain_words(str(exc)))) from None
