"""The validated project: every item of the content tree, with where it was written."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from pydantic import BaseModel

from .dates import Period
from .schema import (ContextStatement, Edition, Event, Figure, GlossaryEntry, Partner, Person,
                     ProjectSettings, Source, System, Yardstick, is_localized)
from .yamlio import line_at

#: Item collections of a project, in the order they are checked and reported.
COLLECTIONS = ("partners", "systems", "people", "events", "context", "figures", "glossary", "editions")
#: Field names written differently in YAML than in the model (pydantic aliases).
ALIASES = {"title_translations": "titles"}


def noun(kind: str) -> str:
    """The singular a message uses for an item of a collection: 'event', 'person'…"""
    return {"people": "person", "context": "context statement"}.get(kind) or kind.removesuffix("s")


def with_earlier(item: BaseModel, state: BaseModel) -> BaseModel:
    """The item as an earlier state of it (``earlier``) tells it: the state's fields over the
    item's, its own passages and inferences, and the item's inferences on fields it does not
    change (an origin stays inferred). What an edition that knows only that state shows, and
    what the support check reads."""
    changed = {name for name in state.model_fields_set if name not in ("cites", "inferences")}
    kept = [inf for inf in item.inferences if not inf.says and not changed & set(inf.fields)]
    update = {name: getattr(state, name) for name in changed}
    return item.model_copy(update={**update, "cites": state.cites,
                                   "inferences": [*state.inferences, *kept], "earlier": []})


class FieldValue(NamedTuple):
    """One field met while walking an item: where it is, what it holds, whether readers see it
    in every language. A named tuple, not a dataclass: validating a corpus of thousands of items
    makes half a million of them, and a tuple is made several times faster."""

    path: tuple
    name: str
    value: Any
    localized: bool = False


@cache
def fields_of(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """(name, YAML key, reader-facing text?) of each field of a schema class, worked out once:
    a corpus of thousands of items is walked several times per validation."""
    return tuple((name, ALIASES.get(name, name), is_localized(model, name)) for name in model.model_fields)


#: Items already walked, while ``walks_remembered`` is in force: id → (item, its fields).
_walked: dict[int, tuple[BaseModel, tuple[FieldValue, ...]]] | None = None


@contextlib.contextmanager
def walks_remembered() -> Iterator[None]:
    """Walk each item once for all the checks run inside: validation walks every item five or
    six times (references, languages, characters, wording, support, coverage), which on a
    corpus of thousands of items made half a million field records each time. The items must
    not change meanwhile (validation only reads them)."""
    global _walked
    outer = _walked
    _walked = {} if outer is None else outer
    try:
        yield
    finally:
        _walked = outer


def walk(model: BaseModel, path: tuple = ()) -> Iterator[FieldValue]:
    """Every field of an item, nested models and list items too.

    Paths use the YAML spelling of each field, so they can locate lines and name fields.
    """
    memo = _walked
    if memo is None or path:
        return _walk(model, path)
    known = memo.get(id(model))
    if known is None or known[0] is not model:
        known = memo[id(model)] = (model, tuple(_walk(model, path)))
    return iter(known[1])


def _walk(model: BaseModel, path: tuple) -> Iterator[FieldValue]:
    for name, key, found_localized in fields_of(type(model)):
        value = getattr(model, name)
        yield FieldValue(path + (key,), name, value, found_localized)
        if isinstance(value, BaseModel):
            yield from _walk(value, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):  # a list of texts: each is a text
                yield FieldValue(path + (key, index), name, item, found_localized and isinstance(item, dict))
                if isinstance(item, BaseModel):
                    yield from _walk(item, path + (key, index))


def localized_texts(model: BaseModel) -> Iterator[tuple[tuple, dict[str, str]]]:
    """(path, {lang: text}) for every reader-facing text of an item."""
    for found in walk(model):
        if found.localized and isinstance(found.value, dict) and found.value:
            yield found.path, found.value


def infers(item: BaseModel, field_name: str) -> bool:
    """Whether the item declares one of its structured claims (``origin``, ``partners``,
    ``category``…) the analyst's inference rather than its sources' word."""
    return any(field_name in inference.fields for inference in getattr(item, "inferences", ()))


_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_QUOTES = re.compile(r" ?[‘’'“”\"«»] ?")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" (?=[;:!?,.])")


def basis_key(text: str) -> str:
    """What makes two bases of inferences one note: their words, whatever their case, spacing,
    quotation marks or final full stop (a basis typed twice is printed once, with one number)."""
    text = _QUOTES.sub("'", _SPACES.sub(" ", text.casefold()))
    return _SPACE_BEFORE_PUNCTUATION.sub("", text).strip(" .")


def text_digest(text: str) -> str:
    """The SHA-256 of a text's UTF-8 encoding (what a source file holds when written from it)."""
    return file_digest(text.encode("utf-8"))


def file_digest(data: bytes) -> str:
    """The SHA-256 a source is recorded and verified by: of the text file's exact bytes, so any
    change at all (even of line endings or Unicode form, which quotes ignore) is seen."""
    return hashlib.sha256(data).hexdigest()


def normalise_text(text: str) -> str:
    """Fold what a quote may legitimately differ in: Unicode form and runs of whitespace."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Origin:
    path: str
    line: int
    raw: Any = field(default=None, compare=False, repr=False)

    def line_of(self, *keys: Any) -> int:
        """The line of a nested field of the raw YAML item, or the item's own line."""
        return line_at(self.raw, keys, self.line)


@dataclass
class LoadedSource:
    meta: Source
    text: str
    text_path: Path
    origin: Origin
    #: SHA-256 of the file's bytes as read (computed by the loader from the same read)
    digest: str = ""

    def __post_init__(self) -> None:
        if not self.digest:
            self.digest = text_digest(self.text)

    @property
    def id(self) -> str:
        return self.meta.id

    def known_at(self, day: dt.date) -> bool:
        """Can an edition whose cut-off is ``day`` know this source? (published and acquired by then)"""
        return self.meta.available_from() <= day

    @cached_property
    def normalised(self) -> str:
        """Computed once: every quote of every item is looked up in it."""
        return normalise_text(self.text)

    def contains(self, quote: str) -> bool:
        return normalise_text(quote) in self.normalised


@dataclass
class Project:
    root: Path
    settings: ProjectSettings
    sources: dict[str, LoadedSource] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    systems: dict[str, System] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    context: dict[str, ContextStatement] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    editions: dict[str, Edition] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    #: (collection, id) of items that could not be read; (collection, None) when a whole file
    #: of the collection could not be: what cross-checks must not call unknown.
    unreadable: set[tuple[str, str | None]] = field(default_factory=set)
    #: items whose id was already taken: not part of the project, but still checked, so every
    #: mistake in them is reported at once with the duplicate id
    duplicates: list[tuple[str, str, BaseModel, Origin]] = field(default_factory=list)
    #: the probability yardstick and confidence levels of key judgements (content/yardstick.yaml)
    yardstick: Yardstick | None = None

    @property
    def languages(self) -> list[str]:
        return list(self.settings.languages)

    def unread(self, kind: str, key: Any) -> bool:
        """Was an item of this id (or some item of this collection) lost to a file that could
        not be read or an item that failed its schema? Then "unknown id" would be a false
        alarm caused by the problem already reported, and is not said."""
        return (kind, None) in self.unreadable or (kind, key) in self.unreadable

    def items(self) -> Iterator[tuple[str, str, BaseModel, Origin]]:
        """(collection, id, item, origin) for every item: the settings, the collections, the
        sources' metadata. What checks every item walks."""
        yield "project", "settings", self.settings, self.origins[("project", "settings")]
        if self.yardstick is not None:
            yield "yardstick", "yardstick", self.yardstick, self.origins[("yardstick", "yardstick")]
        for kind in COLLECTIONS:
            for key, item in getattr(self, kind).items():
                yield kind, key, item, self.origins[(kind, key)]
        for key, source in self.sources.items():
            yield "sources", key, source.meta, source.origin

    def periods(self) -> list[str]:
        return sorted(self.editions, key=Period.parse)

    def previous_period(self, period: Period) -> str | None:
        """The latest edition before ``period`` (which need not have an edition of its own)."""
        earlier = [p for p in self.periods() if Period.parse(p) < period]
        return earlier[-1] if earlier else None
