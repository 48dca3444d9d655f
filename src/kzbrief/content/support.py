"""The support check: what a reader sees says no more than the passages it cites.

For every reader-facing text (each ``Localized`` field, found from the schema's types) and
every structured claim a reader sees (a system's name, origin and category; an event's
partners, systems, people and dates; a figure's value; a person's name), the checkable tokens
are found — numbers (digits and number words), months, designations (Su-30SM), names, known
entities by any of their names or adjectives in any language (turc/Turkish), type descriptors
— and each must be in the item's cited passages, in the source's own language and spelling
(case, accents, apostrophes, hyphens and plural endings aside), or be declared as one of the
item's inferences. The words the check reads as claims are data (``lexicon.yaml``, partners'
``aliases``, the glossary), not code.

``analyse(project)`` gives, per item, every field's tokens with the passage that supports
each; ``support_problems(project)`` the problems, as ``path:line: field: message``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml
from pydantic import BaseModel

from ..errors import Problem, field_label
from .dates import FuzzyDate
from .model import Origin, Project, with_earlier
from .schema import Cite, Inference

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")
ADVICE = "(cite a passage that says it, or declare it as an inference)"


# ---------------------------------------------------------------- folding and words
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_WORD = re.compile(r"[^\W_]+")
#: Candidates for designations: words joined by hyphens or slashes, and words with a digit.
_RAW = re.compile(r"[^\W_]+(?:[-/\u2010\u2011][^\W_]+)+|[^\W_]*\d[^\W_]*")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f,]\d{3})+|\d+(?:[.,]\d+)?)([^\W\d_]*)")
_SENTENCE_END = re.compile(r"(?:^|[.!?…:«“‘\"(\[—–]\s*)$")


@lru_cache(maxsize=1 << 16)  # words repeat: each is folded once
def fold(text: str) -> str:
    """Lower case, accents and typographic apostrophes folded: how every word is compared."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def words(text: str) -> list[str]:
    """Folded words; hyphens, slashes and apostrophes separate them."""
    return _WORD.findall(fold(text))


def searchable(text: str) -> str:
    """A text as ``locate`` compares it: typographic apostrophes plain, lower case (by
    ``replace``: ``translate`` with a table looks every character up in Python, 10 × slower)."""
    for code, plain in _APOSTROPHES.items():
        text = text.replace(chr(code), plain)
    return text.lower()


def locate(text: str, says: str) -> tuple[int, int] | None:
    """Where an inference's words are in a reader's text (case and apostrophes aside): the
    check requires them there, and the document marks them there."""
    return locate_in(searchable(text), says)


def locate_in(prepared: str, says: str) -> tuple[int, int] | None:
    """``locate`` in a text already made ``searchable`` (the check prepares an item's texts once
    for all its inferences)."""
    start = prepared.find(searchable(says).strip())
    return None if start < 0 or not says.strip() else (start, start + len(says.strip()))


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Plural and feminine endings dropped (drones/drone, turques/turque), on both sides."""
    if len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def squash(text: str) -> str:
    """Only letters and digits: 'Su-30 SM' and 'Su-30SM' are one designation."""
    return "".join(_WORD.findall(fold(text)))


def _cognate(a: str, b: str) -> bool:
    """Same word across the two languages' spellings (academy/académie, regiment/régiment)."""
    shortest = min(len(a), len(b))
    if shortest < 6:
        return False
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= max(5, shortest - 3)


# ---------------------------------------------------------------- lexicon
@dataclass(frozen=True)
class Form:
    """One way a known thing is written: its folded words, whether case matters (UN / un)."""

    key: str  # "partner:turkey", "system:anka", "glossary:male", "descriptor:3"
    stems: tuple[str, ...]
    exact_case: str | None = None


class Lexicon:
    """Numbers, months, descriptors and known entities, read once per project."""

    def __init__(self, project: Project, data: dict[str, Any]):
        self.numbers = {fold(w): v for by_lang in data["numbers"].values() for w, v in by_lang.items()}
        self.scales = {fold(w): v for by_lang in data["scales"].values() for w, v in by_lang.items()}
        self.ordinals = {fold(s) for s in data["ordinal_suffixes"]}
        self.months = {fold(w): v for by_lang in data["months"].values() for w, v in by_lang.items()}
        self.capital_months = {fold(w) for by_lang in data["months"].values() for w in by_lang if w[:1].isupper()}
        self.categories = {k: [tuple(stem(w) for w in words(p)) for p in v] for k, v in data["categories"].items()}
        self.generic = {fold(w) for by_lang in data["generic"].values() for w in by_lang}
        self.self_key = f"partner:{project.settings.self_partner}"
        forms: list[Form] = []
        for partner in project.partners.values():
            names = [*partner.name.values(), *(partner.short or {}).values(), *partner.aliases]
            forms += [self._form(f"partner:{partner.id}", name) for name in names]
        #: (key, squashed designation): 'Su-30 SM' in a passage names the Su-30SM, 'A400M' the A400M Atlas
        self.designations: list[tuple[str, str]] = []
        for system in project.systems.values():
            forms.append(self._form(f"system:{system.id}", system.name))
            for part in [system.name, *system.name.split()]:
                if any(ch.isdigit() for ch in part) and len(squash(part)) >= 3:
                    self.designations.append((f"system:{system.id}", squash(part)))
        for entry in project.glossary.values():
            terms = [entry.term] if isinstance(entry.term, str) else list(entry.term.values())
            key = f"partner:{entry.id}" if entry.id in project.partners else f"glossary:{entry.id}"  # one thing
            forms += [self._form(key, t) for t in [*terms, *entry.expansion.values()]]
        for index, concept in enumerate(data["descriptors"]):
            forms += [self._form(f"descriptor:{index}", str(w)) for w in concept]
        for index, place in enumerate(data["places"]):
            forms += [self._form(f"place:{index}", str(w)) for w in place]
        self.by_first: dict[str, list[Form]] = {}
        for form in forms:
            if form.stems:
                self.by_first.setdefault(form.stems[0], []).append(form)
        for options in self.by_first.values():
            options.sort(key=lambda f: -len(f.stems))  # the longest name wins
        self.names: dict[str, str] = {}  # key -> how a message names it
        for partner in project.partners.values():
            self.names[f"partner:{partner.id}"] = partner.name.get("en") or next(iter(partner.name.values()))
        for system in project.systems.values():
            self.names[f"system:{system.id}"] = system.name

    @staticmethod
    def _form(key: str, name: str) -> Form:
        exact = _WORD.findall(name)[0] if name.isupper() and len(name.replace(" ", "")) <= 5 else None
        return Form(key, tuple(stem(w) for w in words(name)), exact)

    def scan(self, stems: list[str], originals: list[str] | None = None,
             overlapping: bool = False) -> list[tuple[int, int, str]]:
        """(start, end, key) of every known name in a word sequence, longest first; a passage
        is scanned ``overlapping`` (it supports every name it contains)."""
        found = []
        i = 0
        while i < len(stems):
            for form in self.by_first.get(stems[i], ()):
                end = i + len(form.stems)
                if tuple(stems[i:end]) != form.stems:
                    continue
                if form.exact_case and originals is not None and originals[i] != form.exact_case:
                    continue
                found.append((i, end, form.key))
                if not overlapping:
                    i = end - 1
                    break
            i += 1
        return found


@lru_cache(maxsize=1)
def _lexicon_data() -> dict[str, Any]:
    return yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- passages
@dataclass
class Passage:
    """One cited quote, analysed once: its words, numbers, months and known names."""

    cite: Cite
    words: set[str]
    stems: set[str]
    squashed: str
    numbers: set[float]
    months: set[int]
    keys: set[str]

    def has_word(self, word: str) -> bool:
        folded = fold(word)
        if folded in self.words or stem(folded) in self.stems:
            return True
        return any(_cognate(folded, w) for w in self.words if w[:5] == folded[:5])


def numbers_in(text: str, lexicon: Lexicon) -> list[tuple[str, float, int, int]]:
    """(as written, value, start, end) of each number: digits (70 000, 3,000, 58e, 3 milliards)
    and number words."""
    out = []
    for match in _NUMBER.finditer(text):
        digits, suffix = match.group(1), fold(match.group(2))
        if suffix and suffix not in lexicon.ordinals:
            continue  # a designation (TB3) or a word glued to digits
        value = float(re.sub(r"[ \u00a0\u202f,]", "", digits) if re.search(r"[ \u00a0\u202f,]\d{3}$", digits)
                      else digits.replace(",", "."))
        out.append((match.group(0), value, match.start(), match.end()))
        after = words(text[match.end():match.end() + 14])[:1]
        if after and after[0] in lexicon.scales:
            out.append((match.group(0), value * lexicon.scales[after[0]], match.start(), match.end()))
    return out


def designations_in(text: str, lexicon: "Lexicon") -> Iterator[re.Match]:
    """Su-30SM, TB3, I-LEX…: their digits are part of a name, not numbers."""
    for match in _RAW.finditer(text):
        if _is_designation(match.group(0)) and not _is_ordinal(match.group(0), lexicon):
            yield match


def mask_designations(text: str, lexicon: "Lexicon") -> str:
    for match in designations_in(text, lexicon):
        text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return text


def analyse_passage(text: str, cite: Cite, lexicon: Lexicon) -> Passage:
    folded = words(text)
    stems = [stem(w) for w in folded]
    values = {v for _, v, _, _ in numbers_in(mask_designations(text, lexicon), lexicon)}  # RQ-11 is not 11…
    values |= {v for _, v, _, _ in numbers_in(text, lexicon) if 1900 <= v <= 2099}  # …but Birlestik-2024 is 2024
    values |= {lexicon.numbers[w] for w in folded if w in lexicon.numbers}
    values |= {lexicon.numbers[w] * lexicon.scales[n] for w, n in zip(folded, folded[1:])
               if w in lexicon.numbers and n in lexicon.scales}
    months = {lexicon.months[w] for w in folded if w in lexicon.months}
    originals = _WORD.findall(text)
    keys = {key for _, _, key in lexicon.scan(stems, originals if len(originals) == len(stems) else None, True)}
    squashed = squash(text)
    keys |= {key for key, designation in lexicon.designations if designation in squashed}
    return Passage(cite, set(folded), set(stems), squashed, values, months, keys)


# ---------------------------------------------------------------- results
@dataclass(frozen=True)
class Token:
    """One checkable token of a field, and what supports it."""

    text: str  # as the reader sees it, or the claim (a partner id, a year)
    kind: str  # number | month | designation | name | entity | descriptor | category
    supported: bool
    passage: Cite | None = None  # the cited passage that says it
    inference: int | None = None  # or the index of the inference that declares it

    @property
    def ok(self) -> bool:
        return self.supported or self.inference is not None


@dataclass(frozen=True)
class FieldSupport:
    """The tokens of one field of an item: ``role.en``, ``origin``, ``key_points[0].text.fr``."""

    path: tuple
    line: int
    tokens: list[Token]

    @property
    def label(self) -> str:
        return field_label(self.path)


@dataclass
class ItemSupport:
    """Every checked field of one item, and the problems the unsupported tokens make."""

    collection: str
    id: str
    path: str
    line: int
    fields: list[FieldSupport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------- the check
@dataclass
class _Scope:
    """A model with the passages its fields rest on (an item, or an edition's key point)."""

    model: BaseModel
    path: tuple
    passages: list[Passage]
    inferences: list[Inference]


class SupportChecker:
    def __init__(self, project: Project):
        self.project = project
        self.lexicon = Lexicon(project, _lexicon_data())
        self._passages: dict[tuple[str, str], Passage] = {}
        self._claims: dict[str, tuple] = {}
        self.generic = set(self.lexicon.generic) | self._lower_case_vocabulary()

    def _lower_case_vocabulary(self) -> set[str]:
        """Words written in lower case somewhere in the reader texts: ordinary words, not names,
        when a title capitalises them."""
        texts = [str(text) for _kind, _key, item, _origin in self.project.items()
                 for _path, by_lang in _reader_texts(item) for text in by_lang.values()]
        return {fold(w) for w in set(_WORD.findall("\n".join(texts))) if w.islower()}

    def passage(self, cite: Cite) -> Passage | None:
        key = (cite.source, cite.quote)
        if key not in self._passages:
            source = self.project.sources.get(cite.source)
            if source is None:
                return None
            self._passages[key] = analyse_passage(cite.quote, cite, self.lexicon)
        return self._passages[key]

    # ------------------------------------------------------------ items
    def run(self) -> list[ItemSupport]:
        results = []
        for kind, key, item, origin in self.project.items():
            if kind in ("project", "sources", "partners", "glossary"):
                continue  # definitions, not claims resting on passages
            result = ItemSupport(kind, key, origin.path, origin.line)
            for scope in self.scopes(kind, item):
                self.check_scope(scope, origin, result)
            results.append(result)
        return results

    def scopes(self, kind: str, item: BaseModel) -> Iterator[_Scope]:
        if kind == "editions":
            points = [("key_points", i, p) for i, p in enumerate(item.key_points)]
            points += [("outlook", i, p) for i, p in enumerate(item.outlook)]
            everything = []
            for section, index, point in points:
                passages = self._passages_of(point.cites)
                everything += passages
                yield _Scope(point, (section, index), passages, list(point.inferences))
            # the title and summary rest on the edition's points together
            yield _Scope(item, (), everything, [inf for _, _, p in points for inf in p.inferences])
            return
        cites = getattr(item, "cites", None)
        if cites is None:
            return
        yield _Scope(item, (), self._passages_of(cites), list(getattr(item, "inferences", [])))
        for index, state in enumerate(getattr(item, "earlier", [])):
            # what an edition knowing only this state shows: the item as the state tells it
            applied = with_earlier(item, state)
            yield _Scope(applied, ("earlier", index), self._passages_of(state.cites), list(applied.inferences))

    def _passages_of(self, cites: Iterable[Cite]) -> list[Passage]:
        return [p for p in (self.passage(c) for c in cites) if p is not None]

    def check_inferences(self, scope: _Scope, origin: Origin, result: ItemSupport) -> None:
        """An inference must name words the reader sees, or fields the item has: its marker goes there."""
        model = scope.model
        if not getattr(model, "inferences", None):
            return
        texts: dict[str, list[str]] = {}  # made searchable once for all the item's inferences
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, dict) and _is_localized(type(model), name):
                for lang, text in value.items():
                    texts.setdefault(lang, []).append(searchable(str(text)))
        for index, inference in enumerate(model.inferences):
            path = scope.path + ("inferences", index)
            for lang, words_ in (inference.says or {}).items():
                if not any(locate_in(text, words_) for text in texts.get(lang, [])):
                    result.problems.append(Problem(origin.path, origin.line_of(*path, "says", lang),
                                                   field_label(path + ("says", lang)),
                                                   f"{words_!r} is not in the item's {lang} texts"))
            for position, name in enumerate(inference.fields):
                if name not in type(model).model_fields or name in ("cites", "inferences", "note", "id"):
                    result.problems.append(Problem(origin.path, origin.line_of(*path, "fields", position),
                                                   field_label(path + ("fields", position)),
                                                   f"{name!r} is not a field of this item"))
            if not inference.says and not inference.fields:
                result.problems.append(Problem(origin.path, origin.line_of(*path), field_label(path),
                                               "says nothing and covers no field: give says or fields"))

    def check_scope(self, scope: _Scope, origin: Origin, result: ItemSupport) -> None:
        self.check_inferences(scope, origin, result)
        model = scope.model
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            if name in ("inferences", "cites", "key_points", "outlook") or value is None:
                continue
            path = scope.path + (name,)
            tokens = None
            if isinstance(value, dict) and _is_localized(type(model), name):
                for lang, text in value.items():
                    if is_placeholder(str(text)):
                        continue  # still to be written: a release build refuses it anyway
                    tokens = self.text_tokens(str(text), lang, scope)
                    self.record(result, origin, path + (lang,), tokens, name)
                continue
            tokens = self.claim_tokens(name, value, model, scope)
            if tokens is not None:
                self.record(result, origin, path, tokens, name)

    def record(self, result: ItemSupport, origin: Origin, path: tuple, tokens: list[Token], name: str) -> None:
        if not tokens:
            return
        support = FieldSupport(path, origin.line_of(*path), tokens)
        result.fields.append(support)
        for token in tokens:
            if not token.ok:
                result.problems.append(Problem(origin.path, support.line, support.label,
                                               f"{token.text!r} is not in the cited passages {ADVICE}"))

    # ------------------------------------------------------------ support of one token
    def supported(self, scope: _Scope, kind: str, test) -> Cite | None:
        for passage in scope.passages:
            if test(passage):
                return passage.cite
        return None

    def token(self, scope: _Scope, text: str, kind: str, test, declared) -> Token:
        cite = self.supported(scope, kind, test)
        if cite is not None:
            return Token(text, kind, True, cite)
        for index, inference in enumerate(scope.inferences):
            if declared(inference):
                return Token(text, kind, False, None, index)
        return Token(text, kind, False)

    # ------------------------------------------------------------ texts
    def text_tokens(self, text: str, lang: str, scope: _Scope) -> list[Token]:
        """The claims of a reader's text, each with the passage that supports it (or the
        inference that declares it)."""
        tokens = []
        for written, kind, data in self.claims(text):
            folded = fold(written)
            declared = lambda inf, f=folded: bool(inf.says) and f in fold(inf.says.get(lang, ""))  # noqa: E731
            tokens.append(self.token(scope, written, kind, _TESTS[kind](data), declared))
        return tokens

    def claims(self, text: str) -> tuple[tuple[str, str, Any], ...]:
        """(as written, kind, what to look for) of each checkable token of a text: found once
        per distinct text, whatever passages it is then held against."""
        found = self._claims.get(text)
        if found is None:
            found = self._claims[text] = tuple(self._find_claims(text))
        return found

    def _find_claims(self, text: str) -> Iterator[tuple[str, str, Any]]:
        # designations first (Su-30SM, TB3, I-LEX): their digits are not numbers
        for match in designations_in(text, self.lexicon):
            raw = match.group(0)
            target = squash(raw)
            yield raw, "designation", (target, target[:-1] if raw.endswith("s") and len(target) > 3 else None)
        plain = mask_designations(text, self.lexicon)
        for written, values in _dedupe_numbers(numbers_in(plain, self.lexicon)):
            yield written, "number", frozenset(values)
        yield from self._word_claims(plain)

    def _word_claims(self, text: str) -> Iterator[tuple[str, str, Any]]:
        spans = [(m.start(), m.group(0)) for m in _WORD.finditer(text)]
        originals = [w for _, w in spans]
        folded = list(map(fold, originals))
        stems = list(map(stem, folded))
        lex = self.lexicon
        covered: set[int] = set()
        # only words that may be a claim: a month, a number word, a capitalised word
        candidates = {i for i, w in enumerate(folded) if w in lex.months or w in lex.numbers}
        candidates.update(i for i, w in enumerate(originals) if w[0].isupper())
        for start, end, key in lex.scan(stems, originals):
            covered.update(range(start, end))
            if key == lex.self_key:
                continue  # the country the briefing is about
            written = text[spans[start][0]:spans[end - 1][0] + len(originals[end - 1])]
            yield written, "descriptor" if key.startswith("descriptor:") else "entity", key
        for index in sorted(candidates - covered):
            position, word = spans[index]
            low = folded[index]
            if low in lex.months and (word[0].isupper() or low not in lex.capital_months):
                yield word, "month", lex.months[low]
            elif low in lex.numbers:
                yield word, "number", frozenset((float(lex.numbers[low]),))
            elif _is_name(word, text[max(0, position - 3):position]) and low not in self.generic \
                    and stem(low) not in self.generic:
                yield word, "name", word

    # ------------------------------------------------------------ structured claims
    def claim_tokens(self, name: str, value: Any, model: BaseModel, scope: _Scope) -> list[Token] | None:
        fields = lambda inf: name in inf.fields  # noqa: E731 - a predicate per claim
        lex = self.lexicon
        # An id the project does not hold is reported once, as an unknown id (or not at all when
        # its file could not be read); its support cannot be judged, so it is not judged.
        if name in ("partners", "origin") and isinstance(value, list):
            return [self.token(scope, pid, "entity", lambda p, k=f"partner:{pid}": k in p.keys or k == lex.self_key, fields)
                    for pid in value if pid in self.project.partners]
        if name == "systems" and isinstance(value, list) and type(model).__name__ == "Event":
            return [self.token(scope, sid, "entity", lambda p, k=f"system:{sid}": k in p.keys, fields)
                    for sid in value if sid in self.project.systems]
        if name == "people" and isinstance(value, list):
            return [self.token(scope, pid, "name", lambda p, pid=pid: self._names_person(p, pid), fields)
                    for pid in value if pid in self.project.people]
        if name == "name" and isinstance(value, str) and hasattr(model, "cites"):
            return self.name_tokens(value, scope, fields)
        if name == "category" and type(model).__name__ == "System":
            options = lex.categories.get(value, [])
            if not options:
                return []
            return [self.token(scope, value, "category", lambda p: any(_phrase_in(o, p) for o in options), fields)]
        if name in ("date", "end") and isinstance(value, FuzzyDate):
            return self.date_tokens(value, scope, fields)
        if name in ("value", "out_of") and isinstance(value, (int, float)) and not isinstance(value, bool):
            return [self.token(scope, _show_number(value), "number", lambda p, v=float(value): v in p.numbers, fields)]
        return None

    def name_tokens(self, value: str, scope: _Scope, declared) -> list[Token]:
        if _is_designation(value.replace(" ", "-")) or any(ch.isdigit() for ch in value):
            target = squash(value)
            parts = [value]
            test = lambda p, t=target: t in p.squashed  # noqa: E731
            return [self.token(scope, parts[0], "designation", test, declared)]
        return [self.token(scope, w, "name", lambda p, w=w: p.has_word(w), declared)
                for w in _WORD.findall(value) if fold(w) not in self.generic]

    def _names_person(self, passage: Passage, person_id: str) -> bool:
        person = self.project.people.get(person_id)
        if person is None:
            return True  # reported by the validator as an unknown id
        return any(passage.has_word(s) for s in _surnames(person.name, tuple(person.aliases)))

    def date_tokens(self, date: FuzzyDate, scope: _Scope, declared) -> list[Token]:
        tokens = [self.token(scope, str(date.year), "number", lambda p, y=float(date.year): y in p.numbers, declared)]
        if date.month is not None:
            tokens.append(self.token(scope, f"{date.year}-{date.month:02d}", "month",
                                     lambda p, m=date.month: m in p.months, declared))
        if date.day is not None:
            tokens.append(self.token(scope, str(date), "number", lambda p, d=float(date.day): d in p.numbers, declared))
        return tokens


# ---------------------------------------------------------------- helpers
#: How a passage is tested for each kind of claim (given what the claim looks for).
_TESTS = {
    "designation": lambda d: lambda p: d[0] in p.squashed or bool(d[1] and d[1] in p.squashed),
    "number": lambda values: lambda p: not values.isdisjoint(p.numbers),
    "entity": lambda key: lambda p: key in p.keys,
    "descriptor": lambda key: lambda p: key in p.keys,
    "month": lambda month: lambda p: month in p.months,
    "name": lambda word: lambda p: p.has_word(word),
}


def is_placeholder(text: str) -> bool:
    from .validate import is_placeholder as placeholder  # validate runs this check: import late

    return placeholder(text)


@lru_cache(maxsize=None)
def _is_localized(model: type[BaseModel], name: str) -> bool:
    from .schema import is_localized

    return is_localized(model, name)


def _reader_texts(model: BaseModel) -> Iterator[tuple[tuple, dict]]:
    """(path, {lang: text}) of every reader text of an item, nested models and lists too
    (what model.localized_texts gives, with each type's fields looked up once)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, dict):
            if value and _is_localized(type(model), name):
                yield (name,), value
        elif isinstance(value, BaseModel):
            for path, texts in _reader_texts(value):
                yield (name, *path), texts
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    for path, texts in _reader_texts(item):
                        yield (name, index, *path), texts


def _is_designation(raw: str) -> bool:
    """Su-30SM, TB3, A400Ms, I-LEX, KAZIND-21: letters with digits, or capitals joined by a hyphen."""
    if raw.isalpha() or raw.isdigit():
        return False  # most words: no digit next to a letter, no hyphen
    parts = re.split(r"[-/\u2010\u2011]", raw)
    if any(any(ch.isdigit() for ch in p) and any(ch.isalpha() for ch in p) for p in parts):
        return True  # letters and digits in one part: TB3, 30SM, M2M
    if any(p.isdigit() for p in parts):
        return any(p[:1].isupper() for p in parts if not p.isdigit())  # KAZIND-21, not 90-strong
    return len(parts) > 1 and all(p.isupper() and len(p) > 1 for p in parts)


@lru_cache(maxsize=None)
def _surnames(name: str, aliases: tuple[str, ...]) -> set[str]:
    """A person is named by the last word of the name or of a spelling met in the sources."""
    return {words(n)[-1] for n in [name, *aliases] if words(n)}


def _is_ordinal(raw: str, lexicon: Lexicon) -> bool:
    match = re.fullmatch(r"\d+([^\W\d_]+)", raw)
    return bool(match) and fold(match.group(1)) in lexicon.ordinals


def _is_name(word: str, before: str) -> bool:
    """A capitalised word that does not open a sentence, or an acronym anywhere."""
    if len(word) < 2 or not word[0].isupper() or any(ch.isdigit() for ch in word):
        return False
    if word.isupper():
        return True
    return not _SENTENCE_END.search(before)


def _phrase_in(stems: tuple[str, ...], passage: Passage) -> bool:
    if len(stems) == 1:
        return stems[0] in passage.stems
    return all(s in passage.stems for s in stems)


def _dedupe_numbers(found: list[tuple[str, float, int, int]]) -> list[tuple[str, set[float]]]:
    """One token per number as written (3 milliards is one claim, whichever value supports it)."""
    by_span: dict[tuple[int, int], tuple[str, set[float]]] = {}
    for written, value, start, end in found:
        by_span.setdefault((start, end), (written, set()))[1].add(value)
    return list(by_span.values())


def _show_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def analyse(project: Project) -> list[ItemSupport]:
    """Every checked item with each field's tokens, the passage supporting each, and the problems."""
    return SupportChecker(project).run()


def support_problems(project: Project) -> list[Problem]:
    """What ``validate`` and every build refuse: each unsupported, undeclared token."""
    return [p for item in analyse(project) for p in item.problems]
