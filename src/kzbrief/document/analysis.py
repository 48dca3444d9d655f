"""The analytic layer of a briefing: key judgements (with the yardstick's legend) and the
strategic context. Kept apart from the reporting sections of ``assemble.py``; both are built
from what the edition knows (``EditionView``) by the one Assembler.

A judgement is the analyst's own statement: a likelihood in the words of one published
yardstick, a confidence level, the known items it rests on (one footnote names their
sources), indicators to watch, and — against the previous edition — whether and why it
changed. Context statements are reporting: standing facts with their as-of date and cites.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.judgements import differences, dropped_judgements, previous_judgement
from ..content.schema import ContextStatement, Judgement, Yardstick, choices
from ..content.wording import rules
from ..i18n import SPACED_DASH
from . import nodes as n
from .assemble import capitalise, item_anchor, merge_texts as n_merge

if TYPE_CHECKING:
    from .assemble import Assembler

#: Context themes in reading order (the schema's order).
THEMES: tuple[str, ...] = choices(ContextStatement, "theme")


# ---------------------------------------------------------------- key judgements
class JudgementWriter:
    """Turns an edition's judgements into Judgement nodes and the legend of their terms."""

    def __init__(self, asm: "Assembler", yardstick: Yardstick):
        self.asm = asm
        self.i18n = asm.i18n
        self.yardstick = yardstick
        self.terms = {step.id: step for step in yardstick.likelihood}
        self.levels = {level.id: level for level in yardstick.confidence}

    def probability(self, step) -> str:
        return self.i18n._("judgement.range", low=self.i18n.number(step.low), high=self.i18n.number(step.high))

    def assessment(self, judgement: Judgement, opening: bool = True) -> str:
        """'Likely (55–80%), moderate confidence', in the yardstick's words for the language
        (capitalised when it opens a line)."""
        step = self.terms[judgement.likelihood]
        text = (self.i18n._("judgement.assessment", likelihood=self.asm.t(step.term),
                                      range=self.probability(step),
                                      confidence=self.asm.t(self.levels[judgement.confidence].term)))
        return capitalise(text) if opening else text

    def basis(self, judgement: Judgement) -> n.JudgementDetail:
        """The items a judgement rests on, by kind (reported facts, context, figures, equipment),
        each cited verbatim — titles in italics, never rewritten (no acronym expanded in them) —
        and linked to where the item is told in full; a former state's types as the inherited
        inventory they are, not a supply; then their sources."""
        view, t, sep = self.asm.view, self.asm.t, self.i18n._("list.separator")
        legacy: dict[str, list[str]] = {}  # a former state's types: an inherited inventory, not a supply
        supplied = []
        for key in judgement.basis.systems:
            system = view.systems[key]
            former = [o for o in system.origin if o in view.partners and view.partners[o].kind == "former-state"]
            if former:
                legacy.setdefault(former[0], []).append(key)
            else:
                supplied.append((key, system.name, system))
        groups = (("events", [(key, t(view.events[key].title), view.events[key]) for key in judgement.basis.events]),
                  ("context", [(key, t(view.context[key].title), view.context[key]) for key in judgement.basis.context]),
                  ("figures", [(key, t(view.figures[key].label), view.figures[key]) for key in judgement.basis.figures]),
                  ("systems", supplied))
        labels = {"events": self.i18n._("judgement.basis.events"), "context": self.i18n._("judgement.basis.context"),
                  "figures": self.i18n._("judgement.basis.figures"), "systems": self.i18n._("judgement.basis.systems")}
        children: list[n.Inline] = []
        cites = []
        for kind, items in groups:
            if not items:
                continue
            children.append(n.Text((sep if children else "") + labels[kind] + " "))
            # the language's list ("A, B and C") with each name a link: joined on placeholders
            pieces = self.i18n.join([f"\0{index}\0" for index in range(len(items))]).split("\0")
            for position, piece in enumerate(pieces):
                if position % 2 == 0:
                    children.append(n.Text(piece))
                    continue
                key, name, item = items[int(piece)]
                if kind == "systems":
                    children.append(n.Link(item_anchor(kind, key), [n.Text(name)]))
                else:  # a title in quotation marks: one with commas ("aviation, drones, cyber")
                    # ran into the list's own commas when only italics set it apart
                    opening, _, closing = self.i18n.typo(self.i18n._("judgement.basis.title", title="\0")).partition("\0")
                    children += [n.Text(opening), n.Link(item_anchor(kind, key), [n.Text(self.i18n.nested(name, opening))]),
                                 n.Text(closing)]
                cites += item.cites
        for origin, keys in legacy.items():
            names = self.i18n.join([view.systems[key].name for key in keys])
            children.append(n.Text((sep if children else "") +
                                   self.i18n._("judgement.basis.legacy", origin=self.asm.partner_name(origin), systems=names)))
            cites += [c for key in keys for c in view.systems[key].cites]
        children.append(n.Text("."))
        return n.JudgementDetail("basis", self.i18n._("judgement.basis"), [*n_merge(children), *self.asm.citation(cites)])

    def change(self, judgement: Judgement) -> n.JudgementDetail | None:
        """Changed (and why), unchanged, or new since the previous edition; nothing in a first."""
        view = self.asm.view
        previous = view.previous_period()
        if previous is None:
            return None
        found = previous_judgement(view.project, view.period, judgement.id)
        period = self.i18n.period(previous)
        if found is None:
            return n.JudgementDetail("change", self.i18n._("judgement.new"))
        before = found[1]
        if not differences(before, judgement):
            return n.JudgementDetail("change", self.i18n._("judgement.unchanged", period=period))
        was = self.i18n._("judgement.was", assessment=self.assessment(before, opening=False))
        return n.JudgementDetail("change", self.i18n._("judgement.changed", period=period),
                                 [n.Text(f"{was} {self.asm.t(judgement.change)}")])

    def node(self, number: int, judgement: Judgement) -> n.Judgement:
        details = [self.basis(judgement)]
        if judgement.indicators:
            watch = self.i18n._("list.separator").join(rules().without_full_stop(self.asm.t(i)) for i in judgement.indicators)
            details.append(n.JudgementDetail("indicators", self.i18n._("judgement.indicators"), [n.Text(watch + ".")]))
        change = self.change(judgement)
        if change is not None:
            details.append(change)
        return n.Judgement(f"judgement-{judgement.id}", number, [n.Text(self.asm.t(judgement.statement))],
                           self.assessment(judgement), details)

    def reference(self) -> list[n.Inline]:
        """'Terms and ranges from …': the publication in italics, in its own language's typography
        and tagged with it when it is not the edition's (no French space inside an English title)."""
        before, _, after = self.i18n._("judgement.legend.reference", reference="\0").partition("\0")
        lang = self.yardstick.reference_language or self.i18n.lang
        words = n.Text(self.i18n.foreign(self.yardstick.reference, lang))
        return [n.Text(before), n.Emphasis([words], "" if lang == self.i18n.lang else lang), n.Text(after)]

    def legend(self) -> list[n.Block]:
        """The yardstick's terms with their ranges, and what each confidence level means."""
        sep = self.i18n._("list.separator")
        terms = sep.join(f"{self.asm.t(step.term)} ({self.probability(step)})" for step in self.yardstick.likelihood)
        levels: list[n.Inline] = []
        for index, level in enumerate(self.yardstick.confidence):
            if index:
                levels.append(n.Text(sep))
            term = self.asm.t(level.term)  # one sentence: only its first word takes a capital
            levels += [n.Strong([n.Text(term if index else capitalise(term))]),
                       n.Text(self.i18n._("judgement.legend.meaning", meaning=self.asm.t(level.meaning)))]
        return [
            n.Paragraph([n.Strong([n.Text(self.i18n._("judgement.legend.likelihood", name=self.asm.t(self.yardstick.name)))]),
                         n.Text(" " + terms + ". "), *self.reference()],
                        role="note"),
            n.Paragraph([*levels, n.Text(".")], role="note"),
        ]

    def dropped(self) -> list[n.Block]:
        """The previous edition's judgements this one gives up: each as its readers last saw
        it (statement and assessment), then why it was dropped."""
        view = self.asm.view
        given_up = dropped_judgements(view.project, view.edition)
        if not given_up:
            return []
        previous = self.i18n.period(view.previous_period())
        items = [[n.Text(rules().without_full_stop(self.asm.t(judgement.statement)) + SPACED_DASH),
                  n.Emphasis([n.Text(self.assessment(judgement, opening=False))]), n.Text(". "),
                  n.Strong([n.Text(self.i18n._("judgement.dropped.why"))]), n.Text(" " + self.asm.t(reason.why))]
                 for judgement, reason in given_up]
        return [n.Paragraph([n.Strong([n.Text(self.i18n._("judgement.dropped", period=previous))])]),
                n.BulletList(items)]


def judgements_section(asm: "Assembler") -> n.Section | None:
    """'Key judgements', the edition's opening section: its judgements, then those of the
    previous edition it drops; none when it has neither."""
    judgements = asm.view.edition.judgements
    yardstick = asm.view.project.yardstick
    if not (judgements or asm.view.edition.dropped) or yardstick is None:
        return None
    writer = JudgementWriter(asm, yardstick)
    children: list[n.Block] = [n.Paragraph([n.Text(asm.i18n._("judgement.intro"))], role="meta")]
    children += [writer.node(number, judgement) for number, judgement in enumerate(judgements, start=1)]
    children += writer.dropped()
    children += writer.legend()
    return n.Section("judgements", asm.i18n._("section.judgements"), 1, children)


# ---------------------------------------------------------------- strategic context
def context_item(asm: "Assembler", statement: ContextStatement) -> list[n.Inline]:
    """'**Title** — text (as of December 2023; the source's own reading).¹'"""
    marks = [asm.i18n._("context.as_of", date=asm.i18n.date(statement.as_of))]
    if statement.framing == "figure":  # a number is not a view: it is the source's, unchecked
        marks.append(asm.i18n._("context.framing_figure"))
    elif statement.framing:
        marks.append(asm.i18n._("context.framing"))
    # the analyst's words are marked where they first appear, heading or text, as in events (a
    # reading of a faulty source, such as a machine translation, is the analyst's)
    with asm.one_item():
        title = n.Target(item_anchor("context", statement.id), asm.claimed(statement, asm.t(statement.title)))
        text = asm.claimed(statement, rules().without_full_stop(asm.t(statement.text)))
    return [n.Strong([title]), *n_merge([n.Text(SPACED_DASH), *text, n.Text(" ")]),
            n.Emphasis([n.Text("(" + asm.i18n._("list.separator").join(marks) + ")")]), n.Text("."),
            *asm.citation(statement.cites)]


def context_section(asm: "Assembler") -> n.Section | None:
    """'Strategic context': the standing facts the edition knows, grouped by theme."""
    known = list(asm.view.context.values())
    if not known:
        return None
    children: list[n.Block] = [n.Paragraph([n.Text(asm.i18n._("context.intro"))], role="meta")]
    for theme in THEMES:
        items = [context_item(asm, s) for s in known if s.theme == theme]
        if items:
            children.append(n.Paragraph([n.Strong([n.Text(asm.i18n._(f"context.theme.{theme}"))])]))
            children.append(n.BulletList(items))
    return n.Section("context", asm.i18n._("section.context"), 1, children)
