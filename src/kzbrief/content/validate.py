"""Rules that need the whole tree: ids, references, quotes, languages and the edition's past."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from ..errors import Problem, did_you_mean, field_label
from .dates import Period
from .integrity import integrity_problems, original_problems
from .judgements import differences, previous_judgement, previous_judgements
from .model import LoadedSource, Origin, Project, basis_key, noun, walk, walks_remembered
from .nearest import explain_missing
from .schema import Cite, Edition, Point
from .textcheck import text_problems
from .wording import wording
from .support import stem, support_problems, words

#: Reference fields: field name -> collection it points into.
REFERENCES = {"partners": "partners", "systems": "systems", "people": "people",
              "origin": "partners", "organisation": "partners", "country": "partners",
              "developments": "events", "part_of": "events", "source": "sources", "self_partner": "partners",
              # a judgement's basis
              "events": "events", "context": "context", "figures": "figures"}
#: A judgement's basis: field → the edition's known items of that collection (EditionView).
BASIS_KINDS = ("events", "context", "figures", "systems")
PLACEHOLDER = "TODO"
UNFILLED = "placeholder still to be written (build with --draft to preview)"


def is_placeholder(text: str) -> bool:
    """Text that ``kzbrief new`` left for an editor to write."""
    return str(text).lstrip().startswith(PLACEHOLDER)


def placeholders(project: Project, period: str) -> list[Problem]:
    """Unfilled placeholders of an edition: a release build refuses them, a draft shows them."""
    edition = project.editions[period]
    origin = project.origins[("editions", period)]
    found = []
    for field in walk(edition):
        path, value = field.path, field.value
        texts = value.items() if isinstance(value, dict) else [(None, value)]
        for lang, text in texts:
            if isinstance(text, str) and is_placeholder(text):
                where = path if lang is None else path + (lang,)
                found.append(Problem(origin.path, origin.line_of(*where), field_label(where), UNFILLED))
    for source in project.sources.values():
        if source.meta.available_from() > edition.issued.start():
            continue
        for lang, text in source.meta.title_translations.items():
            if is_placeholder(text):
                found.append(Problem(source.origin.path, source.origin.line_of("titles", lang), f"titles.{lang}",
                                     UNFILLED))
    return found


def all_placeholders(project: Project) -> list[Problem]:
    """Every placeholder still to fill before the project's editions can be released."""
    return sorted({problem for period in project.editions for problem in placeholders(project, period)})


class Validator:
    def __init__(self, project: Project):
        self.project = project
        self.problems: list[Problem] = []

    def report(self, origin: Origin, path: tuple, message: str, category: str = "error") -> None:
        self.problems.append(Problem(origin.path, origin.line_of(*path), field_label(path), message, category))

    def run(self) -> list[Problem]:
        bases: list[tuple[Origin, tuple, dict[str, str]]] = []
        for kind, key, item, origin in [*self.project.items(), *self.project.duplicates]:
            for found in walk(item):
                if found.localized:
                    self.check_languages(origin, found.path, found.value)
                    if found.name.endswith("basis") and isinstance(found.value, dict):
                        bases.append((origin, found.path, found.value))
                self.check_reference(origin, found.path, found.name, found.value, kind)
                if isinstance(found.value, Cite):
                    self.check_quote(origin, found.path, found.value, f"{noun(kind)} {key!r}")
        self.check_bases(bases)
        self.check_sources()
        self.problems += integrity_problems(self.project)
        self.problems += original_problems(self.project)
        self.check_editions()
        self.check_glossary()
        self.check_yardstick()
        for period in self.project.editions:
            self.check_judgements(period)
        self.problems.extend(wording(self.project))
        self.problems.extend(text_problems(self.project))
        self.problems.extend(support_problems(self.project))
        return self.problems

    def check_languages(self, origin: Origin, path: tuple, value: Any) -> None:
        if not isinstance(value, dict):
            return
        wanted = self.project.languages
        for lang in wanted:
            text = value.get(lang)
            if text is None:
                self.report(origin, path, f"missing language {lang!r}", "translation")
            elif not str(text).strip():
                self.report(origin, path + (lang,), f"empty text for language {lang!r}", "translation")
        for lang in value:
            if lang not in wanted:
                self.report(origin, path + (lang,), f"unknown language {lang!r} (the project has {', '.join(wanted)})")

    def check_bases(self, bases: list[tuple[Origin, tuple, dict[str, str]]]) -> None:
        """Two inferences whose bases are one in a language must be one in every language: else
        an edition in one language prints one note where the other prints two."""
        first: dict[tuple[str, str], tuple[Origin, tuple, dict[str, str]]] = {}  # (lang, key) -> first basis and its keys
        for origin, path, texts in bases:
            keys = {lang: basis_key(texts[lang]) for lang in self.project.languages if texts.get(lang)}
            for lang, key in keys.items():
                seen = first.setdefault((lang, key), (origin, path, keys))
                if seen[2] is keys:
                    continue
                other = next((o for o in keys if o in seen[2] and keys[o] != seen[2][o]), None)
                if other:
                    self.report(origin, path + (other,), f"says in {lang!r} what the basis at {seen[0].path}:"
                                f"{seen[0].line_of(*seen[1])} says, but differs from it in {other!r}: "
                                "give both one wording in every language")
                    break

    def check_reference(self, origin: Origin, path: tuple, name: str, value: Any, kind: str) -> None:
        target = REFERENCES.get(name)
        if target is None or value is None or isinstance(value, (list, dict)):
            return
        if kind == "sources":
            return
        collection = getattr(self.project, target)
        if value not in collection and not self.project.unread(target, value):
            self.report(origin, path, f"unknown {noun(target)} id {value!r}{did_you_mean(value, collection)}")

    def check_quote(self, origin: Origin, path: tuple, cite: Cite, item: str) -> None:
        source = self.project.sources.get(cite.source)
        if source is None:
            return  # already reported as a dangling reference
        if is_placeholder(cite.quote):
            return  # left by `kzbrief new`: a release build refuses it, a draft shows it
        if not source.contains(cite.quote):
            shown = cite.quote if len(cite.quote) <= 60 else cite.quote[:57] + "…"
            self.report(origin, path + ("quote",), f"quote of {item} not found in source {cite.source!r}: "
                        f"\u201c{shown}\u201d; {explain_missing(source, cite.quote)}")

    def check_sources(self) -> None:
        for source in self.project.sources.values():
            meta = source.meta
            if meta.acquired and meta.acquired.start() < meta.published.start():
                self.report(source.origin, ("acquired",), f"is before the publication date {meta.published}")
            if meta.translated_from and meta.translated_from == meta.language:
                self.report(source.origin, ("translated_from",), "is the same as the text's language")
            for basis, field in (("outlet_basis", "outlet"), ("translated_from_basis", "translated_from")):
                if getattr(meta, basis) and not getattr(meta, field):  # a note on nothing a reader sees
                    self.report(source.origin, (basis,), f"gives the basis of {field}, which is not set")
            for index, mark in enumerate(meta.non_factual):
                if not source.contains(mark.quote):
                    self.report(source.origin, ("non_factual", index, "quote"),
                                f"not found in the source text; {explain_missing(source, mark.quote)}")

    def available_from(self, source_id: str):
        return self.project.sources[source_id].meta.available_from()

    def check_editions(self) -> None:
        p = self.project
        by_issue: dict[int, str] = {}
        for period_text, edition in p.editions.items():
            origin = p.origins[("editions", period_text)]
            period: Period = edition.period
            cutoff = edition.issued.start()
            issued = edition.issued
            if edition.issued.start() < period.start():
                self.report(origin, ("issued",), f"issued before its period {period} begins")
            if edition.issue in by_issue:
                self.report(origin, ("issue",), f"issue number {edition.issue} is also used by {by_issue[edition.issue]}")
            by_issue[edition.issue] = period_text
            for i, point in enumerate(edition.key_points):
                if not point.cites and not any(is_placeholder(t) for t in point.text.values()):
                    self.report(origin, ("key_points", i), "a key point must cite at least one source")
                if point.continues:
                    self.report(origin, ("key_points", i, "continues"), "only an outlook statement can run on in the previous paragraph")
            if edition.outlook and edition.outlook[0].continues:
                self.report(origin, ("outlook", 0, "continues"), "the first outlook statement has no paragraph to run on in")
            for section in ("key_points", "outlook"):
                points: list[Point] = getattr(edition, section)
                for i, point in enumerate(points):
                    for j, cite in enumerate(point.cites):
                        if cite.source in p.sources and self.available_from(cite.source) > cutoff:
                            self.report(origin, (section, i, "cites", j, "source"),
                                        f"source {cite.source!r} was published or acquired after {issued} and cannot be known by this edition")
            for i, event_id in enumerate(edition.developments or []):
                event = p.events.get(event_id)
                if event is None:
                    continue
                if event.date.start() > cutoff:
                    self.report(origin, ("developments", i), f"event {event_id!r} is dated after the issue date {issued}")
                elif all(c.source in p.sources and self.available_from(c.source) > cutoff for c in event.cites):
                    self.report(origin, ("developments", i),
                                f"event {event_id!r} is only reported by sources published or acquired after {issued}")
        ordered = sorted(p.editions.values(), key=lambda e: (e.period.year, e.period.month))
        for before, after in zip(ordered, ordered[1:]):
            if after.issue <= before.issue:
                origin = p.origins[("editions", str(after.period))]
                self.report(origin, ("issue",), f"issue {after.issue} does not follow issue {before.issue} of {before.period}")

    def check_glossary(self) -> None:
        seen: dict[tuple[str, str], str] = {}
        for key, entry in self.project.glossary.items():
            origin = self.project.origins[("glossary", key)]
            for lang in self.project.languages:
                term = entry.term if isinstance(entry.term, str) else entry.term.get(lang)
                if term is None:
                    continue
                if (lang, term) in seen:
                    self.report(origin, ("term",), f"term {term!r} ({lang}) is also defined by {seen[(lang, term)]!r}")
                seen[(lang, term)] = key
            if entry.basis is None and not any(given_by(text, self.project.sources.values())
                                               for text in entry.expansion.values()):
                self.report(origin, ("expansion",), "no source gives this expansion: declare it the analyst's "
                            "with basis: {fr: …, en: …} (general knowledge), or use a source's words")


    def check_yardstick(self) -> None:
        yardstick = self.project.yardstick
        if yardstick is None:
            return
        origin = self.project.origins[("yardstick", "yardstick")]
        for section in ("likelihood", "confidence"):
            seen: set[str] = set()
            for index, step in enumerate(getattr(yardstick, section)):
                if step.id in seen:
                    self.report(origin, (section, index, "id"), f"duplicate {section} id {step.id!r}")
                seen.add(step.id)
        terms = yardstick.likelihood
        for index, (before, after) in enumerate(zip(terms, terms[1:]), start=1):
            if after.low < before.high or after.low < before.low:
                self.report(origin, ("likelihood", index, "low"),
                            f"terms go from least to most likely: {after.low} is below {before.id!r} ({before.low}–{before.high})")

    def check_judgements(self, period: str) -> None:
        """Terms from the yardstick, a basis the edition knows, every change explained, every
        judgement of the previous edition carried on or dropped with a reason."""
        edition: Edition = self.project.editions[period]
        self.check_dropped(edition)
        if not edition.judgements:
            return
        from ..document.view import EditionView  # what an edition knows is decided in one place

        origin = self.project.origins[("editions", period)]
        yardstick = self.project.yardstick
        view = EditionView(self.project, edition)
        seen: set[str] = set()
        for i, judgement in enumerate(edition.judgements):
            where = ("judgements", i)
            if judgement.id in seen:
                self.report(origin, where + ("id",), f"duplicate judgement id {judgement.id!r}")
            seen.add(judgement.id)
            if yardstick is None:
                self.report(origin, where, "key judgements need content/yardstick.yaml (their likelihood terms and confidence levels)")
            else:
                for scale in ("likelihood", "confidence"):
                    allowed = [step.id for step in getattr(yardstick, scale)]
                    if getattr(judgement, scale) not in allowed:
                        self.report(origin, where + (scale,),
                                    f"unknown {scale} {getattr(judgement, scale)!r} (the yardstick has {', '.join(allowed)})")
            for kind in BASIS_KINDS:
                for j, key in enumerate(getattr(judgement.basis, kind)):
                    if key in getattr(self.project, kind) and key not in getattr(view, kind):
                        self.report(origin, where + ("basis", kind, j),
                                    f"{noun(kind)} {key!r} is not known to the {period} edition "
                                    "(no cited source known by then, or dated later): a judgement rests only on what its edition knows")
            self.check_confidence(origin, where, judgement, view)
            self.check_change(origin, edition, i, judgement)

    def check_confidence(self, origin: Origin, where: tuple, judgement, view) -> None:
        """A confidence level that asks for a source rated so reliable is refused to a judgement
        whose basis draws only on weaker sources: its confidence would belie the printed meaning
        of the level (ICD 203: confidence reflects the quality of the sources)."""
        levels = {level.id: level for level in self.project.yardstick.confidence} if self.project.yardstick else {}
        level = levels.get(judgement.confidence)
        if level is None or level.min_reliability is None:
            return
        known = [getattr(view, kind)[key] for kind in BASIS_KINDS for key in getattr(judgement.basis, kind)
                 if key in getattr(view, kind)]
        grades = {cite.source: view.sources[cite.source].meta.reliability
                  for item in known for cite in view.known_cites(item.cites)}
        if grades and min(grades.values()) > level.min_reliability:  # A is the best grade
            rested = ", ".join(f"{source} ({grade})" for source, grade in sorted(grades.items()))
            self.report(origin, where + ("confidence",),
                        f"{level.id!r} confidence needs a basis drawing on at least one source rated "
                        f"{level.min_reliability} or better; this one rests only on {rested}: lower the "
                        "confidence, or rest the judgement on a more reliable source too")

    def check_dropped(self, edition: Edition) -> None:
        """A judgement the previous edition printed is either carried on or listed in
        ``dropped`` with why; ``dropped`` names only what that edition printed."""
        origin = self.project.origins[("editions", str(edition.period))]
        found = previous_judgements(self.project, edition.period)
        previous, before = found if found else (None, [])
        printed = [j.id for j in before]
        carried = {j.id for j in edition.judgements}
        listed: set[str] = set()
        for i, dropped in enumerate(edition.dropped):
            where = ("dropped", i, "id")
            if dropped.id in listed:
                self.report(origin, where, f"judgement {dropped.id!r} is dropped twice")
            listed.add(dropped.id)
            if previous is None:
                self.report(origin, where, f"the {edition.period} edition is the first: it has no earlier judgement to drop")
            elif dropped.id not in printed:
                self.report(origin, where, f"the {previous} edition has no judgement {dropped.id!r} to drop "
                                           f"(its judgements: {', '.join(map(repr, printed)) or 'none'})")
            elif dropped.id in carried:
                self.report(origin, where, f"judgement {dropped.id!r} is both carried on in judgements and dropped: keep one")
        for judgement_id in printed:
            if judgement_id not in carried and judgement_id not in listed:
                self.report(origin, ("judgements",) if edition.judgements else (),
                            f"judgement {judgement_id!r} of the {previous} edition is neither carried on nor dropped: "
                            f"keep it in judgements, or add {{id: {judgement_id}, why: {{fr, en}}}} to dropped "
                            "so that its readers learn why it was given up")

    def check_change(self, origin: Origin, edition: Edition, index: int, judgement) -> None:
        where = ("judgements", index)
        found = previous_judgement(self.project, edition.period, judgement.id)
        changed = differences(found[1], judgement) if found else []
        if changed and judgement.change is None:
            before = found[1]
            shown = [f"{name} {getattr(before, name)!r} → {getattr(judgement, name)!r}" if name != "statement" else name
                     for name in changed]
            self.report(origin, where, f"judgement {judgement.id!r} differs from the {found[0]} edition's "
                                       f"({'; '.join(shown)}): say why in change: {{fr, en}}")
        elif judgement.change is not None and not changed:
            why = f"is the same as in the {found[0]} edition" if found else "is new (no judgement with this id in the previous edition)"
            self.report(origin, where + ("change",), f"judgement {judgement.id!r} {why}: there is no change to explain")


def given_by(expansion: str, sources: Iterable[LoadedSource]) -> bool:
    """Whether a source text holds the expansion's words in a row, case, accents and plural
    endings aside ('véhicule aérien sans pilote' in '… véhicules aériens sans pilote (UAV)')."""
    wanted = " " + " ".join(stem(w) for w in words(expansion)) + " "
    return any(wanted in stemmed(source.text) for source in sources)


@lru_cache(maxsize=64)
def stemmed(text: str) -> str:
    """A source text's words stemmed, once per text for all the glossary's entries."""
    return " " + " ".join(stem(w) for w in words(text)) + " "


def validate_project(project: Project) -> list[Problem]:
    with walks_remembered():
        return Validator(project).run()
