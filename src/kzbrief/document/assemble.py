"""Project + edition + language → Document: the one place that decides what a briefing says.

Writers only decide how it looks. Everything here reads the EditionView (what the edition
knows), takes its words from content (``fr``/``en`` fields) or the catalogue, and formats
dates and numbers through Babel.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable, Iterator

from ..content.model import basis_key
from ..content.schema import Cite, Event, Figure as FigureItem, GlossaryEntry, Inference, System, choices
from ..content.support import locate
from ..content.wording import known_names, rules
from ..i18n import SPACED_DASH, I18n
from . import nodes as n
from .acronyms import expand_acronyms
from .refs import (original_title_inlines, outlet_name, partner_name, source_short_name, sources_line,
                   state_of, title_inlines)
from .view import TRACKED, EditionView

#: Partnership profile groups: heading id → domains, in reading order.
DOMAIN_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("group.agreements", ("agreement", "transit")),
    ("group.programmes", ("production", "training")),
    ("group.procurement", ("procurement", "delivery")),
    ("group.exercises", ("exercise", "deployment")),
    ("group.dialogue", ("visit", "statement", "diplomacy", "policy")),
]
#: Which section a chart belongs to.
CHART_SECTIONS = {"activity": "partnerships", "domains": "partnerships"}
#: Stands for a name (or a date) in a message, so that it alone can carry its mark.
NAME_SLOT = "\x00"
ORIGINAL_SLOT = "\x01"  # a second slot, where one message holds two marked values
#: A run-in title ending with one of these needs no full stop after it.
RUN_IN_CLOSED = (".", "!", "?", "…")
#: The kinds of change the "new since the previous edition" section lists (for each TRACKED collection).
CHANGE_KINDS = ("new", "updated")


#: The rest of a word (or of a hyphenated compound) that an inferred span ends inside.
_WORD_REST = re.compile(r"(?:[-\u2010\u2011]?\w)+")


def word_end(text: str, end: int) -> int:
    """Where the word that ``text[:end]`` ends inside ends, hyphenated compounds included."""
    if 0 < end < len(text) and text[end - 1].isalnum():
        match = _WORD_REST.match(text, end)
        if match:
            return match.end()
    return end


#: Where an event no profile and no development tells is told in full.
OTHERS_HOME = "others"


def named(text: str, name: str) -> tuple[int, int] | None:
    """Where a name stands in a text as a whole word, as written."""
    found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    return found.span() if found else None


def merge_texts(inlines: list[n.Inline]) -> list[n.Inline]:
    """Adjacent text runs joined (an unmarked inference leaves its words as plain text)."""
    out: list[n.Inline] = []
    for node in inlines:
        if isinstance(node, n.Text) and out and isinstance(out[-1], n.Text):
            out[-1] = n.Text(out[-1].text + node.text)
        else:
            out.append(node)
    return out


def filled(text: str, slots: dict[str, list[n.Inline]]) -> list[n.Inline]:
    """A message with each slot character replaced by its inlines (a marked value), in order."""
    pattern = "([" + "".join(re.escape(slot) for slot in slots) + "])"
    parts = [[n.Text(part)] if part not in slots else slots[part] for part in re.split(pattern, text) if part]
    return merge_texts([inline for part in parts for inline in part])


def item_anchor(kind: str, item_id: str) -> str:
    """The anchor of the place an item (event, context statement, figure, system) is told in full."""
    return f"item-{kind}-{item_id}"


def capitalise(text: str) -> str:
    """Upper-case the first letter of a text that opens a paragraph or list item."""
    return text[:1].upper() + text[1:]


def in_sentence(text: str, proper: frozenset[str]) -> str:
    """A text written to open a table cell ("Drone de combat de Baykar"), set inside a sentence:
    its first letter in lower case, unless its first word is an acronym or a designation
    (MALE, TB3) or a name the project knows (Baykar, Russian, Turkey’s), alone or opening a
    hyphenated compound (Turkish-designed)."""
    words = text.split(maxsplit=1)
    first = re.sub(r"(’s|'s)$", "", words[0].strip("([,;:.")) if words else ""
    head = re.split(r"[-‑]", first, maxsplit=1)[0]
    if (not first[:1].isupper() or first in proper or head in proper
            or any(c.isupper() or c.isdigit() for c in first[1:])):
        return text
    return text[:1].lower() + text[1:]


@dataclass
class _Counter:
    footnotes: int = 0  # the notes that give an inference's basis
    tables: int = 0
    figures: int = 0


@dataclass
class Assembler:
    view: EditionView
    i18n: I18n
    charts: list = field(default_factory=list)
    draft: bool = False
    revisions: list = field(default_factory=list)  # revisions.Revision, oldest first

    def __post_init__(self) -> None:
        self.count = _Counter()
        self.notes: dict[str, n.Footnote] = {}  # an inference's basis (its basis_key) → the one note giving it
        self.item_marks: set[str] | None = None  # the bases marked in the item being rendered
        self.editor_notes: list[str] = []  # what the build tells the editor, not the reader

    # ------------------------------------------------------------ helpers
    @property
    def lang(self) -> str:
        return self.i18n.lang

    def t(self, localized: dict[str, str] | None) -> str:
        return self.i18n.text(localized)

    def partner_name(self, partner_id: str) -> str:
        return partner_name(self.view.partners, partner_id, self.i18n)

    @cached_property
    def proper_words(self) -> frozenset[str]:
        return known_names(self.view.project)

    @cached_property
    def source_numbers(self) -> dict[str, int]:
        """Each known source's number in the list of sources (oldest first), as citations give it."""
        return {source_id: index for index, source_id in enumerate(self.view.cited_source_ids, 1)}

    def citation(self, cites: Iterable[Cite]) -> list[n.Inline]:
        """'[2, 4]' after an item: the numbers of the distinct known sources it rests on, each a
        link to its entry in the list of sources. Short enough to follow every statement, and
        bracketed so it never reads as an exponent after a number ("490 [4]")."""
        known = self.view.known_cites(list(cites))
        ids = sorted(dict.fromkeys(c.source for c in known), key=self.source_numbers.__getitem__)
        if not ids:
            return []
        children: list[n.Inline] = [n.Text("\u00a0[")]
        for index, source_id in enumerate(ids):
            if index:
                children.append(n.Text(",\u00a0"))  # the numbers stay on one line (the DOCX has no nowrap)
            children.append(n.Link(f"source-{source_id}", [n.Text(str(self.source_numbers[source_id]))]))
        children.append(n.Text("]"))
        return [n.Citation(ids, children)]

    # ------------------------------------------------------------ the analyst's inferences
    def inference_note(self, basis: str) -> n.Footnote | n.NoteRef:
        """The note that gives an inference's basis: one note per distinct basis, its number
        reused (a call of the same note) by every later mark that shares it. Bases are told
        apart by their words, not by case, spacing, quotation marks or a final full stop."""
        given = self.notes.get(basis_key(basis))
        if given is not None:
            return n.NoteRef(given)
        self.count.footnotes += 1
        note = n.Footnote(self.count.footnotes, [n.Text(self.i18n._("inference.note", basis=basis))], "")
        self.notes[basis_key(basis)] = note
        return note

    def inference(self, inference: Inference, children: list[n.Inline]) -> list[n.Inline]:
        """The words marked as the analyst's; within one item, a basis already marked is not
        marked again (a date inferred in an event's title and text); a table cell is an item of
        its own (``in_cell``)."""
        basis = self.t(inference.basis)
        if self.item_marks is not None:
            if basis_key(basis) in self.item_marks:
                return children
            self.item_marks.add(basis_key(basis))
        return [n.Inference(children, self.i18n._("inference.mark"), self.inference_note(basis))]

    def glossary_mark(self, entry: GlossaryEntry, inlines: list[n.Inline]) -> list[n.Inline]:
        """A glossary expansion no source gives, marked as the analyst's with its basis."""
        return self.inference(Inference(basis=entry.basis), inlines) if entry.basis else inlines

    @contextmanager
    def one_item(self) -> Iterator[None]:
        """Everything rendered inside is one item (a paragraph, list item or table row)."""
        saved, self.item_marks = self.item_marks, set()
        try:
            yield
        finally:
            self.item_marks = saved

    def in_cell(self, build: Callable[[], list[n.Inline]]) -> list[n.Inline]:
        """A table cell's inlines, the cell its own item for marks: a reader scans a column, so a
        cell that shows an inferred value carries its mark even where another cell of the row
        marks the same basis (B6: an Origin "Turkey" whose basis the Type cell marks on the
        maker). The note is shared; prose items still mark a basis once."""
        with self.one_item():
            return build()

    def claimed(self, item, text: str, also: Iterable[tuple[str, Inference]] = ()) -> list[n.Inline]:
        """A reader's text with the words the item declares as inferences marked (the first
        time each appears), and ``also`` words the entry's place makes the analyst's (see
        ``attribution``). A mark goes where the inferred words end, never inside a word or
        a hyphenated compound ("Soviet-designed†", not "Soviet†-designed")."""
        spans = []
        declared = [((i.says or {}).get(self.lang), i) for i in getattr(item, "inferences", ())]
        places = [(says and (locate(text, self.i18n.typo(says)) or locate(text, says)), i) for says, i in declared]
        # a name, as written and whole ("TAI" is not in "maintain")
        places += [(named(text, name), i) for name, i in also]
        for found, inference in places:
            if found:
                found = (found[0], word_end(text, found[1]))
            if found and all(found[1] <= a or found[0] >= b for a, b, _ in spans):
                spans.append((*found, inference))
        out: list[n.Inline] = []
        position = 0
        for start, end, inference in sorted(spans, key=lambda s: s[0]):
            if start > position:
                out.append(n.Text(text[position:start]))
            out += self.inference(inference, [n.Text(text[start:end])])
            position = end
        if position < len(text) or not out:
            out.append(n.Text(text[position:]))
        return merge_texts(out)

    def marked(self, item, field_name: str, inlines: list[n.Inline]) -> list[n.Inline]:
        """A structured claim (a date, an origin) marked when the item declares it inferred."""
        for inference in getattr(item, "inferences", ()):
            if field_name in inference.fields:
                return self.inference(inference, inlines)
        return inlines

    def status_words(self, event: Event, confirmed: bool, long: bool = False) -> str:
        """'unconfirmed; details uncertain': the event's status at the cut-off (a confirmed one only
        if asked), then any doubt in its own words, never run into the status as if it qualified
        it. An overdue event says so: in a sentence ("was planned for 2021; not confirmed by
        20 December 2024") when ``long``, else in one word (tables); a due event is still what it
        was (planned) until its period ends, its sentence saying it is not confirmed yet. One
        label per status, whatever the reason an event has it."""
        status, timing = self.view.status(event), self.view.timing(event)
        if timing and long:
            words = self.timing_note(event, timing)
        elif timing == "overdue":
            words = self.i18n._("status.overdue")
        else:
            words = self.i18n._(f"status.{status}") if confirmed or status != "confirmed" else ""
        if not event.uncertain:
            return words
        if not words:
            return self.i18n._("status.uncertain")
        return self.i18n._("status.with_doubt", status=words, doubt=self.i18n._("status.uncertain"))

    def timing_note(self, event: Event, timing: str) -> str:
        """'planned for 2024; not confirmed by 20 December 2024' (or, overdue, 'was planned…')."""
        return self.i18n._(f"timing.{timing}.{event.due.precision}", date=self.i18n.date(event.due),
                           cutoff=self.i18n.day(self.view.cutoff))

    def status_note(self, event: Event) -> list[n.Inline]:
        words = self.status_words(event, confirmed=False, long=True)
        if not words:
            return []
        return [n.Text(" "), n.Emphasis([n.Text(self.i18n._("event.status_note", status=words))])]

    def event_date(self, event: Event) -> str:
        return self.i18n.date_range(event.date, event.end, event.qualifier)

    def attribution(self, event: Event, home: str | None) -> list[tuple[str, Inference]]:
        """In ``home``'s profile, an event filed there through a partner attribution the analyst
        inferred (a firm counted as its state's): the words that name the partner's party or the
        partner, paired with that inference, so the entry carries its mark as the chronology's
        partner cell does (A2: Airbus's orders in France's profile)."""
        inference = next((i for i in event.inferences if "partners" in i.fields), None)
        if home is None or inference is None:
            return []
        parties = [self.partner_name(p) for p in self.parties_of(event, home)]
        texts = (self.t(event.title), self.t(event.text))
        # the party that makes it the partner's ("Airbus"), else the partner if the entry names it
        names = next((names for names in (parties, [self.partner_name(home)])
                      if any(named(text, name) for text in texts for name in names)), [self.partner_name(home)])
        return [(name, inference) for name in names]

    def parties_of(self, event: Event, home: str) -> list[str]:
        """The firms or agencies of ``home`` through which an event is filed under it."""
        return [p for p in event.partners if p != home and state_of(self.view.partners, p) == home]

    def attributed(self, event: Event, home: str | None, also: list[tuple[str, Inference]],
                   label: list[n.Inline], *texts: str) -> list[n.Inline]:
        """When none of the entry's texts names the party or the partner, the label followed by
        the partner's name, marked ("… in Istanbul (Turkey†)"): a mark on the label would sit
        on its last word, which may be the source's own (B4: "Istanbul†"). When the attribution
        runs through a party, the party is named after the partner and carries the mark, as in
        the chronology's partner cell ("(Turkey: TAI†)"; twelfth round, B1)."""
        if not also or any(named(text, name) for text in texts for name, _ in also):
            return label
        # ``also`` is only ever given in a partner's profile (``home``); its names may be the
        # party's, found in a text the entry does not show ("(SSB: SSB†)" in the twelfth round),
        # so the partner's place always takes the partner's own name
        inference = also[0][1]
        partner = self.partner_name(home)
        parties = [self.party_name(p, home) for p in self.parties_of(event, home)]
        if parties:
            text = self.i18n._("event.attributed.party", label=NAME_SLOT, partner=partner, party=ORIGINAL_SLOT)
            names = self.i18n.join(parties)
            if home in self.officials_of(event):  # as the chronology: "(Turkey: government and SSB†)"
                names = self.i18n._("event.attributed.itself_and_parties", parties=names)
            marked = [n.Text(names)]
        else:
            text = self.i18n._("event.attributed", label=NAME_SLOT, partner=ORIGINAL_SLOT)
            marked = [n.Text(partner)]
        return filled(text, {NAME_SLOT: label, ORIGINAL_SLOT: self.inference(inference, marked)})

    def event_label_inlines(self, event: Event, also: Iterable[tuple[str, Inference]] = ()) -> list[n.Inline]:
        """The label with its date marked when the analyst deduced it."""
        before, _, after = self.i18n._("event.label", date="\0", title=self.t(event.title)).partition("\0")
        date = self.event_date(event)
        if before:
            before = capitalise(before)
        else:
            date = capitalise(date)
        head = [n.Text(before)] if before else []
        return [*head, *self.marked(event, "date", [n.Text(date)]), *self.claimed(event, after, also)]

    def event_inlines(self, event: Event, home: str | None = None) -> list[n.Inline]:
        """An event told in full: its label (where cross-references point) as a run-in title,
        closed by a full stop (unless it ends with its own punctuation) so that title and text
        never run together; then its text, status and sources. In ``home``'s profile, an
        inferred attribution to it is marked."""
        also = self.attribution(event, home)
        with self.one_item():
            label = self.attributed(event, home, also, self.event_label_inlines(event, also), self.t(event.title), self.t(event.text))
            if not n.plain(label).rstrip().endswith(RUN_IN_CLOSED):
                label.append(n.Text(self.i18n._("event.run_in_end")))
            target = [n.Target(item_anchor("events", event.id), label)]
            return [n.Strong(target), n.Text(" "), *self.claimed(event, self.t(event.text), also),
                    *self.status_note(event), *self.citation([*event.cites, *event.confirmed_by])]

    # ------------------------------------------------------------ where each item is told
    @cached_property
    def event_homes(self) -> dict[str, str]:
        """Where each event is told in full, once: 'developments' for the month's developments,
        else the first partner profile that lists it (a profile lists an event told elsewhere
        by its label and a cross-reference); an event in neither (another partner's, or
        Kazakhstan's own forces') is told under 'Other partners and national forces', never in
        the chronology only."""
        homes = {event.id: "developments" for event in self.view.developments}
        for partner in self.view.profiled_partners:
            for event in self.view.partner_events(partner.id):
                homes.setdefault(event.id, partner.id)
        for event in self.view.events.values():
            homes.setdefault(event.id, OTHERS_HOME)
        return homes

    def see_where(self, home: str) -> str:
        """'see this month's developments', 'see Turkey': where an item is told in full."""
        if home == "developments":
            return self.i18n._("xref.developments")
        if home == OTHERS_HOME:
            return self.i18n._("xref.profile", partner=self.i18n._("section.others"))
        return self.i18n._("xref.profile", partner=self.partner_name(home))

    def event_pointer(self, event: Event, home: str | None = None) -> list[n.Inline]:
        """An event told in full elsewhere: its label and a cross-reference to it; in ``home``'s
        profile, an inferred attribution to it marked on the label."""
        also = self.attribution(event, home)
        with self.one_item():
            label = self.attributed(event, home, also, self.event_label_inlines(event, also), self.t(event.title))
            return [n.Strong(label), n.Text(SPACED_DASH),
                    n.Link(item_anchor("events", event.id), [n.Text(self.see_where(self.event_homes[event.id]))])]

    def figure_value(self, figure: FigureItem) -> str:
        value = figure.value
        if figure.unit == "usd" and value >= 1_000_000:
            text = self.i18n.compact(value)
        else:
            text = self.i18n.number(value)
        out_of = self.i18n.number(figure.out_of) if figure.out_of else ""
        text = self.i18n._(f"unit.{figure.unit}", value=text, out_of=out_of)
        return self.i18n._(f"approx.{figure.approx}", value=text)

    def table(self, anchor: str, caption: str, header: list[str], rows: list[list[n.Cell]],
              widths: list[float], source_ids: Iterable[str] = ()) -> n.Table:
        self.count.tables += 1
        # each heading sits over its column as the column's cells do (a right-aligned figure too)
        full = next((row for row in rows if len(row) == len(header)), None)  # not a group's sub-heading
        aligns = [cell.align for cell in full] if full else ["left"] * len(header)
        return n.Table(anchor=f"table-{anchor}", number=self.count.tables, caption=caption,
                       header=[n.Cell([n.Text(h)], align) for h, align in zip(header, aligns)], rows=rows, widths=widths,
                       source_line=sources_line(self.view.sources, source_ids, self.i18n))

    def figure(self, chart) -> n.Block | None:
        """A drawn chart as a numbered figure. A chart left out (too little data) is not the
        reader's business: a note about a chart that does not exist tells them nothing the
        text does not, so the reason goes to the editor, through the build, not the page."""
        if chart.omitted or not (chart.svg_path or chart.png_path):
            if chart.omitted:
                self.editor_notes.append(chart.omitted)
            return None
        self.count.figures += 1
        return n.Figure(anchor=f"figure-{chart.key}", number=self.count.figures, caption=chart.caption,
                        alt=chart.alt, source_line=chart.source_line,
                        svg_path=str(chart.svg_path) if chart.svg_path else None,
                        png_path=str(chart.png_path) if chart.png_path else None, width_cm=chart.width_cm, height_cm=chart.height_cm)

    def charts_for(self, section: str) -> list[n.Block]:
        figures = [self.figure(c) for c in self.charts if CHART_SECTIONS.get(c.key, "forces") == section]
        return [figure for figure in figures if figure is not None]

    # ------------------------------------------------------------ sections
    def key_points(self) -> n.Section:
        items = [self.item_run(p, self.t(p.text)) for p in self.view.edition.key_points]
        return n.Section("key-points", self.i18n._("section.key_points"), 1, [n.BulletList(items)])

    def item_run(self, item, text: str) -> list[n.Inline]:
        """A key point's (or any cited text's) words, its marks, then its citation."""
        with self.one_item():
            return [*self.claimed(item, text), *self.citation(item.cites)]

    def developments(self) -> n.Section:
        """The month's events, newest first, after a line that says which events count as the
        month's and where the earlier ones a source reports for the first time are."""
        events = self.view.developments
        children: list[n.Block] = [n.Paragraph(self.event_inlines(e)) for e in events]
        if not children:
            children = [n.Paragraph([n.Text(self.i18n._("section.developments.none"))], role="note")]
        else:
            children.insert(0, self.developments_rule())
        return n.Section("developments", self.i18n._("section.developments"), 1, children)

    def developments_rule(self) -> n.Paragraph:
        """'Events dated after 30 August 2024, the previous edition's issue date, newest first.
        Earlier events … are listed under "New since the previous edition".' (a first edition:
        the events of its year; earlier ones are in the partnership profiles)."""
        if self.view.previous_view() is None:
            text = self.i18n._("developments.intro.first", year=str(self.view.period.year), where=NAME_SLOT)
            return n.Paragraph(self.pointing(text, "partnerships", self.i18n._("section.partnerships")), role="meta")
        text = self.i18n._("developments.intro", date=self.i18n.day(self.view.since), where=NAME_SLOT)
        return n.Paragraph(self.pointing(text, "changes", self.i18n._("section.changes")), role="meta")

    @staticmethod
    def pointing(text: str, anchor: str, title: str) -> list[n.Inline]:
        """A message whose slot names another section: its title there, as a link to it."""
        return filled(text, {NAME_SLOT: [n.Link(anchor, [n.Text(title)])]})

    def item_label(self, kind: str, item) -> list[n.Inline]:
        if kind == "events":
            return self.event_label_inlines(item)
        if kind == "figures":
            text = self.i18n._("changes.figure", label=self.t(item.label), value=self.figure_value(item))
            return self.marked(item, "value", self.claimed(item, text))
        if kind == "context":
            return self.claimed(item, self.t(item.title))
        if kind == "systems":
            role = in_sentence(rules().without_full_stop(self.t(item.role)), self.proper_words)
            text = self.i18n._("changes.system", name=NAME_SLOT, role=role)
        else:
            text = self.i18n._("changes.person", name=NAME_SLOT, role=self.t(item.role))
        # an inferred name is marked on the name, not after the role that follows it
        before, after = text.split(NAME_SLOT, 1)
        name = self.marked(item, "name", [n.Text(item.name)])
        return merge_texts([*(self.claimed(item, before) if before else []), *name, *self.claimed(item, after)])

    def change_item(self, kind: str, item, change: str = "new") -> list[n.Inline]:
        """An item new since the previous edition; or one it knew that new sources now also
        report, with those sources named (what changed, for the reader)."""
        with self.one_item():
            label = self.item_label(kind, item)
        if change == "updated":
            before = self.view.previous_view()
            cites = self.view.known_cites([*item.cites, *getattr(item, "confirmed_by", [])])
            new = [s for s in dict.fromkeys(c.source for c in cites) if before is not None and s not in before.sources]
            names = self.i18n.join([source_short_name(self.view.sources[s], self.i18n) for s in new])
            label += [n.Text(SPACED_DASH), n.Emphasis([n.Text(self.i18n._("changes.updated.by", sources=names))])]
        return [*label, *self.citation([*item.cites, *getattr(item, "confirmed_by", [])])]

    def told_in_developments(self, count: int) -> list[n.Block]:
        """The new events this edition tells under Developments: one line pointing there."""
        if not count:
            return []
        return [n.Paragraph(self.pointing(self.i18n._("changes.told", where=NAME_SLOT), "developments",
                                          self.i18n._("section.developments")))]

    def changes(self) -> n.Section:
        previous = self.view.previous_period()
        title = self.i18n._("section.changes")
        if previous is None:
            return n.Section("changes", title, 1, [n.Paragraph([n.Text(self.i18n._("changes.first"))], role="note"),
                                                   *self.watch_list()])
        changes = self.view.changes_since_previous
        children: list[n.Block] = [n.Paragraph([n.Text(self.i18n._(
            "changes.intro", period=self.i18n.period(previous)))], role="meta")]
        developments = {event.id for event in self.view.developments}
        for change in CHANGE_KINDS:
            for kind in TRACKED:
                items = [item for c, k, item in changes if c == change and k == kind]
                if change == "new" and kind == "events":  # told in full under Developments: not listed again
                    children += self.told_in_developments(sum(item.id in developments for item in items))
                    items = [item for item in items if item.id not in developments]
                if items:
                    children.append(n.Paragraph([n.Strong([n.Text(self.i18n._(f"changes.{change}.{kind}"))])]))
                    children.append(n.BulletList([self.change_item(kind, item, change) for item in items]))
        if self.view.new_sources:
            children.append(n.Paragraph([n.Strong([n.Text(self.i18n._("changes.new.sources"))])]))
            children.append(n.BulletList([[n.Text(source_short_name(self.view.sources[s], self.i18n)),
                                           n.Text(SPACED_DASH), *title_inlines(self.view.sources[s], self.i18n, self.proper_words)]
                                          for s in self.view.new_sources]))
        if len(children) == 1:
            children.append(n.Paragraph([n.Text(self.i18n._("changes.none"))], role="note"))
        children += self.watch_list()
        return n.Section("changes", title, 1, children)

    def watch_list(self) -> list[n.Block]:
        """Planned items whose date has come or passed at the cut-off with nothing confirming them."""
        events = self.view.watch_list
        if not events:
            return []
        return [n.Paragraph([n.Strong([n.Text(self.i18n._("changes.watch"))])]),
                n.BulletList([self.watch_item(e) for e in events])]

    def watch_item(self, event: Event) -> list[n.Inline]:
        with self.one_item():
            return [n.Strong(self.event_label_inlines(event)), *self.status_note(event),
                    *self.citation([*event.cites, *event.confirmed_by])]

    def partner_profile(self, partner) -> n.Section:
        return self.profile(partner.id, self.t(partner.name), self.view.partner_events(partner.id))

    def profile(self, home: str, title: str, events: list[Event]) -> n.Section:
        """A partner's facts, grouped by domain, each told in full here
        or referred to where it is."""
        first, last = self.view_dates(events)
        # counted as the charts count them: a detail (part_of) with its event, told apart from the entries
        facts = len({self.view.whole_of(e).id for e in events})
        summary_id = "profile.summary.one" if facts == 1 else "profile.summary"
        summary = self.i18n._(summary_id, count=self.i18n.number(facts), first=first, last=last)
        if facts != len(events):
            summary += " " + self.entries_counted(events)
        denied = sum(self.view.status(e) == "denied" for e in events)
        if denied:  # counted among the facts, but a reader should not take it for one that happened
            denied_id = "profile.summary.denied.one" if denied == 1 else "profile.summary.denied"
            summary += " " + self.i18n._(denied_id, count=self.i18n.number(denied))
        children: list[n.Block] = [n.Paragraph([n.Text(summary)], role="meta")]
        for group_id, domains in DOMAIN_GROUPS:
            grouped = [e for e in events if e.domain in domains]
            if not grouped:
                continue
            items = [self.event_inlines(e, home) if self.event_homes[e.id] == home else self.event_pointer(e, home)
                     for e in grouped]
            children.append(n.Section(f"{home}-{group_id.split('.')[1]}", self.i18n._(group_id), 3,
                                      [n.BulletList(items)]))
        return n.Section(f"partner-{home}", title, 2, children)

    def entries_counted(self, events: list[Event]) -> str:
        """'15 entries below: …': how a profile's entries outnumber its facts. A single detail is
        named with its event (the reader could not tell which entry it was); several keep the
        general sentence."""
        entries = self.i18n.number(len(events))
        listed = {e.id for e in events}
        details = [e for e in events if self.view.whole_of(e) is not e and self.view.whole_of(e).id in listed]
        if len(details) == 1:
            [detail] = details
            return self.i18n._("profile.summary.entries.named", entries=entries, detail=self.t(detail.title),
                               event=self.t(self.view.whole_of(detail).title))
        return self.i18n._("profile.summary.entries", entries=entries)

    def view_dates(self, events: list[Event]) -> tuple[str, str]:
        """The span a profile's facts cover: from the first start to the last end (an exercise
        that began on 30 August and ran to 11 September ends the span in September)."""
        if not events:
            return "", ""
        last = max(events, key=lambda e: e.end.end() if e.end else e.date.start())
        return (self.i18n.date(events[0].date, events[0].qualifier),
                self.i18n.date(last.end, None) if last.end else self.i18n.date(last.date, last.qualifier))

    def partnerships(self) -> n.Section:
        intro = n.Paragraph([n.Text(self.i18n._("section.partnerships.intro", date=self.i18n.day(self.view.cutoff)))])
        children: list[n.Block] = [intro, *self.charts_for("partnerships")]
        children += [self.partner_profile(p) for p in self.view.profiled_partners]
        children += self.others_profile()
        return n.Section("partnerships", self.i18n._("section.partnerships"), 1, children)

    def others_profile(self) -> list[n.Section]:
        """The facts no profile or development tells: other partners' (the charts' 'other
        partners' row) and Kazakhstan's own forces'. Without it they would stand in the
        chronology's table only, a title with no text. This month's facts of that kind are
        told under the developments: here they are referred to there, as a profile refers to
        its partner's developments, so the section lists all its facts."""
        profiled = {e.id for p in self.view.profiled_partners for e in self.view.partner_events(p.id)}
        events = [e for e in self.view.events.values()
                  if e.id not in profiled and self.event_homes[e.id] in (OTHERS_HOME, "developments")]
        if not events:
            return []
        items = [self.event_inlines(e) if self.event_homes[e.id] == OTHERS_HOME else self.event_pointer(e)
                 for e in events]
        return [n.Section(f"partner-{OTHERS_HOME}", self.i18n._("section.others"), 2,
                          [n.Paragraph([n.Text(self.others_intro())], role="meta"),
                           n.BulletList(items)])]

    def others_intro(self) -> str:
        """The section's intro points to the charts' 'Other partners' row only where a chart
        draws one (a December 2023 reader looked for a row the edition's charts do not have)."""
        from ..charts.data import OTHERS, activity  # the charts' own rows, decided in one place

        rowed = bool(self.charts) and any(lane.partner == OTHERS for lane in activity(self.view).lanes)
        return self.i18n._("section.others.intro") if rowed else self.i18n._("section.others.intro.no_row")

    def forces(self) -> n.Section:
        children: list[n.Block] = []
        figures = sorted(self.view.figures.values(), key=lambda f: (["personnel", "budget", "inventory", "ranking"].index(f.category), f.id))
        if figures:
            rows = []
            for figure in figures:
                with self.one_item():
                    label = self.claimed(figure, self.t(figure.label))
                    if figure.scope:
                        # the scope qualifies the label: after the dash, in lower case ("— exercice 2024")
                        scope = in_sentence(self.t(figure.scope), self.proper_words)
                        label += [n.Text(SPACED_DASH), n.Emphasis(self.claimed(figure, scope))]
                value = self.in_cell(lambda: self.marked(figure, "value", [n.Text(self.figure_value(figure))]))
                rows.append([n.Cell([n.Target(item_anchor("figures", figure.id), label)]),
                             n.Cell([*value, *self.citation(figure.cites)], "right"),
                             n.Cell([n.Text(self.i18n.date(figure.as_of))], "right")])
            children.append(self.table("figures", self.i18n._("table.figures.caption"),
                                       [self.i18n._("table.figures.item"), self.i18n._("table.figures.value"),
                                        self.i18n._("table.figures.as_of")], rows, [0.55, 0.27, 0.18],
                                       [c.source for f in figures for c in self.view.known_cites(f.cites)]))
        else:
            children.append(n.Paragraph([n.Text(self.i18n._("section.forces.none"))], role="note"))
        children += self.charts_for("forces")
        systems = list(self.view.systems.values())
        if systems:
            rows = []
            order = choices(System, "category")
            category = None
            for system in sorted(systems, key=lambda s: (order.index(s.category), s.name.casefold(), s.name)):
                if system.category != category:  # the groups the rows are in, each with its sub-heading
                    category = system.category
                    rows.append([n.Cell([n.Text(self.i18n._(f"category.{category}"))], span=4, group=True)])
                origin = self.i18n.join([self.partner_name(o) for o in system.origin])
                status = self.i18n._(f"system.status.{system.status}")
                name = self.in_cell(lambda: self.marked(system, "name", [n.Text(system.name)]))
                rows.append([n.Cell([n.Target(item_anchor("systems", system.id), [n.Strong(name)])]),
                             n.Cell(self.in_cell(lambda: [*self.claimed(system, self.t(system.role)), *self.citation(system.cites)])),
                             n.Cell(self.in_cell(lambda: self.marked(system, "origin", [n.Text(origin)]))),
                             n.Cell(self.in_cell(lambda: self.marked(system, "status", [n.Text(status)])))])
            children.append(self.table("systems", self.i18n._("table.systems.caption"),
                                       [self.i18n._("table.systems.name"), self.i18n._("table.systems.role"),
                                        self.i18n._("table.systems.origin"), self.i18n._("table.systems.status")],
                                       rows, [0.2, 0.46, 0.18, 0.16]))
        return n.Section("forces", self.i18n._("section.forces"), 1, children)

    def admiralty_grade(self, item) -> str:
        """'B2': the best reliability among the item's known sources, then its credibility."""
        grades = [self.view.sources[c.source].meta.reliability for c in self.view.known_cites(item.cites)]
        return f"{min(grades)}{item.credibility}" if grades else str(item.credibility)

    def foreign_parties(self, event: Event) -> str:
        """'Turkey (ASFAT, YDA Group)': the foreign states an event involves, each with the firms
        or agencies of it the event names (and the state itself when its own officials are named);
        never Kazakhstan or a Kazakh firm ('—' when no foreign party is involved)."""
        states: dict[str, list[str]] = {}
        for partner_id in event.partners:
            state = state_of(self.view.partners, partner_id)
            if state == self.view.self_partner:
                continue
            named = states.setdefault(state, [])
            if state != partner_id:
                named.append(self.party_name(partner_id, state))
        if not states:
            return self.i18n._("table.chronology.no_partner")
        # a state whose own officials the event names (a minister) is a counterpart itself, not
        # only through its agency: 'Turkey (government and SSB)', never 'Turkey (SSB)' for talks
        # with its defence minister and the SSB's head
        itself = self.officials_of(event)
        cells = []
        for state, named in states.items():
            if not named:
                cells.append(self.listed_name(state) if len(states) > 1 else self.partner_name(state))
                continue
            key = "table.chronology.partner_itself_and_parties" if state in itself else "table.chronology.partner_parties"
            cells.append(self.i18n._(key, partner=self.partner_name(state), parties=self.i18n.join(named)))
        return self.i18n.join(cells)

    def listed_name(self, partner_id: str) -> str:
        """A partner named beside others in a list, with the article its short name takes there
        ('India and the UN'; a table cell naming it alone says 'UN')."""
        name = self.partner_name(partner_id)
        partner = self.view.partners.get(partner_id)
        article = partner.article.get(self.lang) if partner is not None else None
        return f"{article} {name}" if article and partner.short and name == self.t(partner.short) else name

    def officials_of(self, event: Event) -> set[str]:
        """The partners whose own officials the event names (a minister): a counterpart itself,
        not only through its agency."""
        people = self.view.project.people
        return {people[p].organisation for p in event.people if p in people}

    def party_name(self, partner_id: str, state: str) -> str:
        """A firm or agency as named inside its state's parentheses: without a qualifier that
        repeats the state ('Turkey (Defence Industry Agency (Turkey))' said Turkey twice, in
        nested parentheses)."""
        name, country = self.partner_name(partner_id), self.partner_name(state)
        qualifier = f"({country})"
        return name[:-len(qualifier)].rstrip() if name.endswith(qualifier) else name

    def chronology(self) -> n.Section:
        rows = []
        nobody = self.i18n._("table.chronology.no_partner")  # nothing there to mark as inferred
        for event in self.view.events.values():
            partners = self.foreign_parties(event)
            status = self.status_words(event, confirmed=True)
            rows.append([n.Cell(self.in_cell(lambda: self.marked(event, "date", [n.Text(self.event_date(event))]))),
                         n.Cell(self.in_cell(lambda: self.marked(event, "partners", [n.Text(partners)]))
                                if partners != nobody else [n.Text(partners)]),
                         n.Cell(self.in_cell(lambda: self.chronology_title(event))), n.Cell([n.Text(status)]),
                         n.Cell([n.Text(self.admiralty_grade(event))], "center")])
        children: list[n.Block] = []
        if rows:
            children.append(self.table("chronology", self.i18n._("table.chronology.caption", date=self.i18n.day(self.view.cutoff)),
                                       [self.i18n._("table.chronology.date"), self.i18n._("table.chronology.partners"),
                                        self.i18n._("table.chronology.event"), self.i18n._("table.chronology.status"),
                                        self.i18n._("table.chronology.grade")],
                                       rows, [0.2, 0.19, 0.41, 0.13, 0.07]))
        return n.Section("chronology", self.i18n._("section.chronology"), 1, children)

    def chronology_title(self, event: Event) -> list[n.Inline]:
        """The event's title; where cross-references point when it is told nowhere else."""
        title = self.claimed(event, self.t(event.title))
        return title if event.id in self.event_homes else [n.Target(item_anchor("events", event.id), title)]

    def outlook(self) -> n.Section:
        """The analyst's projections. The section is the analyst's as a whole, so a statement
        that cites nothing (a judgement, a projection) carries no mark; a statement that
        restates reporting carries its citation and its inference marks, as anywhere else, so a
        reader can tell reporting from judgement (ICD 203). Statements that ``continue`` run
        on in one paragraph."""
        paragraphs: list[list[n.Inline]] = []
        for point in self.view.edition.outlook:
            text = self.t(point.text)
            run = self.item_run(point, text) if point.cites else [n.Text(text)]
            if point.continues and paragraphs:
                paragraphs[-1] = merge_texts([*paragraphs[-1], n.Text(" "), *run])
            else:
                paragraphs.append(run)
        children: list[n.Block] = [n.Paragraph(run) for run in paragraphs]
        if children:
            children.insert(0, n.Paragraph([n.Text(self.i18n._("outlook.intro"))], role="meta"))
        return n.Section("outlook", self.i18n._("section.outlook"), 1, children)

    def sources(self) -> n.Section:
        """The list of sources. What the analyst inferred of a source the text does not say (its
        outlet, the language of its original, its date) is marked there, with its basis."""
        items = []
        for source_id in self.view.cited_source_ids:
            source = self.view.sources[source_id]
            meta = source.meta
            place = f" ({meta.place})" if meta.place else ""
            outlet = [n.Text(outlet_name(source, self.i18n))]
            if meta.outlet_basis and meta.outlet:
                outlet = self.inference(Inference(basis=meta.outlet_basis), outlet)
            term = [n.Text(f"[{self.source_numbers[source_id]}]\u00a0"), *outlet, n.Text(place)]
            published_id = "sources.item.published_day" if meta.published.precision == "day" else "sources.item.published"
            facts = [self.i18n._(published_id, date=NAME_SLOT)]
            language = self.i18n.language_name(meta.language)
            original: list[n.Inline] = []
            if meta.translated_from:
                facts.append(self.i18n._("sources.item.translated", language=language, original=ORIGINAL_SLOT))
                original = [n.Text(self.i18n.language_name(meta.translated_from))]
                if meta.translated_from_basis:
                    original = self.inference(Inference(basis=meta.translated_from_basis), original)
            else:
                facts.append(self.i18n._("sources.item.language", language=language))
            facts.append(self.i18n._("sources.item.reliability", grade=meta.reliability,
                                     meaning=self.i18n._(f"grade.{meta.reliability}")))
            title = title_inlines(source, self.i18n, self.proper_words)
            stop = "" if n.plain(title).endswith(RUN_IN_CLOSED) else "."
            date = [n.Text(self.i18n.date(meta.published))]
            if meta.published_basis:  # an undated text: the date is the analyst's, and says why
                date = self.inference(Inference(basis=meta.published_basis), date)
            line = stop + " " + capitalise(self.i18n._("list.separator").join(facts)) + "."
            description = [*title, *filled(line, {NAME_SLOT: date, ORIGINAL_SLOT: original}),
                           *original_title_inlines(source, self.i18n, self.proper_words)]
            items.append(n.Definition(merge_texts(term), description, f"source-{source_id}"))
        return n.Section("sources", self.i18n._("section.sources"), 1, [n.DefinitionList(items)])

    def method(self) -> n.Section:
        """How to read the briefing (citations and grades, the cut-off, the analyst's marks): its
        own section, right after the judgements, before the first citation, grade or mark."""
        return n.Section("method", self.i18n._("section.method"), 1, [
            n.Paragraph([n.Text(" ".join([self.i18n._("method.text", example=self.citation_example()),
                                          *self.translated_quotes(),
                                          *self.machine_translated_quotes()]))], role="note"),
            n.Paragraph([n.Text(self.i18n._("method.grades"))], role="note"),
            n.Paragraph([n.Text(self.i18n._("method.knowledge", date=self.i18n.day(self.view.cutoff)))], role="note"),
            n.Paragraph([n.Text(self.i18n._("method.inferences", mark=self.i18n._("inference.mark")))], role="note"),
        ])

    def citation_example(self) -> str:
        """The method's worked example of a citation, naming only sources the edition lists:
        '[2] … [2, 4]' needs four sources, '[1] … [1, 2]' two; with one, just '[1]'."""
        count = len(self.source_numbers)
        if count >= 4:
            return self.i18n._("method.example.four")
        if count >= 2:
            return self.i18n._("method.example.two")
        return self.i18n._("method.example.one")

    def machine_translated_quotes(self) -> list[str]:
        """Quotation marks promise the source's words: a source known only through a machine
        translation gives the translation's words, and the reader is told so, beside the
        sentence on the quotations we translate (one place for what quotations are)."""
        if not any(self.view.sources[s].meta.translated_from for s in self.view.cited_source_ids):
            return []
        return [self.i18n._("method.quotations")]

    def translated_quotes(self) -> list[str]:
        """One sentence per other language the edition's cited sources are held in: quoted in
        this edition's language, their words are the briefing's own translation, and a reader
        must not take them for the source's ('[3, 4]'; nothing when every source is held in the
        edition's language)."""
        by_language: dict[str, list[int]] = {}
        for source_id in self.view.cited_source_ids:
            language = self.view.sources[source_id].meta.language
            if language != self.lang:
                by_language.setdefault(language, []).append(self.source_numbers[source_id])
        sentences = []
        for language, numbers in by_language.items():
            message = "method.translated_quotes.one" if len(numbers) == 1 else "method.translated_quotes"
            sentences.append(self.i18n._(message, language=self.i18n.language_name(language),
                                         sources=", ".join(str(number) for number in sorted(numbers))))
        return sentences

    # ------------------------------------------------------------ document
    def cover(self) -> n.Cover:
        settings = self.view.project.settings
        edition = self.view.edition
        return n.Cover(
            publisher=self.t(settings.publisher),
            series=self.t(settings.name),
            title=self.t(edition.title),
            period_label=self.i18n._("cover.period", period=self.i18n.period(edition.period)),
            issue_label=self.i18n._("cover.issue", n=self.i18n.number(edition.issue)),
            language_label=self.i18n._("cover.language"),
            issued_label=self.i18n._("cover.issued", date=self.i18n.date(edition.issued)),
            marking=self.i18n._("cover.marking"),
            summary=self.t(edition.summary),
            draft_label=self.i18n._("cover.draft") if self.draft else "",
            revised_label=self.i18n._("cover.revised", date=self.revised_on(self.revisions[-1])) if self.revisions else "",
        )

    # ------------------------------------------------------------ revisions
    def revised_on(self, revision) -> str:
        return self.i18n.day(dt.date.fromisoformat(revision.date))

    def change_label(self, key: str) -> str:
        """What a reader calls a changed content key: the source, the item, the edition's text."""
        project = self.view.project
        kind, _, item_id = key.partition(":")
        if kind == "edition":
            return self.i18n._("revision.edition")
        if kind == "source":
            source = project.sources.get(item_id)
            return source_short_name(source, self.i18n) if source else self.i18n._("revision.unnamed")
        item = getattr(project, kind, {}).get(item_id)
        if item is None:
            return self.i18n._("revision.unnamed")
        if kind == "partners":
            return self.t(item.name)
        if kind == "context":
            return self.t(item.title)
        if kind == "glossary":
            return item.term if isinstance(item.term, str) else self.t(item.term)
        numbered, notes = self.count.footnotes, dict(self.notes)  # a label named in running text:
        label = n.plain(self.item_label(kind, item)).replace(self.i18n._("inference.mark"), "")
        self.count.footnotes, self.notes = numbered, notes  # no inference marks, no notes
        return label

    def revision_note(self) -> list[n.Section]:
        """Each revision, latest first: its date and the items added, removed or corrected, one
        bullet each (run together after a semicolon, a label that opens with a capital — "Late
        October 2024 — …" — kept it mid-sentence)."""
        if not self.revisions:
            return []
        children: list[n.Block] = []
        for revision in reversed(self.revisions):
            children.append(n.Paragraph([n.Strong([n.Text(self.i18n._("revision.on", date=self.revised_on(revision)))])]))
            items = [[n.Text(self.i18n._(f"revision.{change}", items=self.change_label(key)))]
                     for change, keys in (("corrected", revision.corrected), ("added", revision.added),
                                          ("removed", revision.removed)) for key in keys]
            children.append(n.BulletList(items))
        return [n.Section("revisions", self.i18n._("section.revisions"), 1, children)]

    def build(self) -> n.Document:
        settings = self.view.project.settings
        edition = self.view.edition
        from .analysis import context_section, judgements_section  # the analytic layer (it uses this module)

        body = [*self.revision_note(), judgements_section(self), self.method(), self.key_points(), self.developments(),
                self.changes(), context_section(self), self.partnerships(), self.forces(), self.chronology(),
                self.outlook(), self.sources()]
        body = [section for section in body if section is not None]
        glossary = expand_acronyms(body, self.view.project.glossary.values(), self.lang, self.i18n, self.glossary_mark)
        if glossary.items:
            body.append(n.Section("glossary", self.i18n._("section.glossary"), 1, [glossary]))
        number_notes(body)
        series = self.t(settings.name)
        period = self.i18n.period(edition.period)
        title = f"{series}{SPACED_DASH}{self.t(edition.title)}"
        keywords = [k.strip() for k in self.t(settings.keywords).split(",") if k.strip()]
        if self.draft:  # a draft says so in its metadata too, not only on its pages
            title = f"{self.i18n._('cover.draft')}{SPACED_DASH}{title}"
            keywords.append(self.i18n._("cover.draft"))
        meta = n.Metadata(
            title=title,
            subject=self.t(settings.subject),
            author=self.t(settings.publisher),
            keywords=keywords,
            lang=self.i18n.bcp47, language=self.lang, period=str(edition.period),
            issued=edition.issued.start().isoformat(), draft=self.draft,
            revised=self.revisions[-1].date if self.revisions else "", revision=1 + len(self.revisions),
        )
        labels = n.Labels(
            contents=self.i18n._("label.contents"),
            page=self.i18n._("label.page", page="{page}", pages="{pages}"),
            running_title=self.i18n._("label.running_title", series=series, period=period),
            figure=self.i18n._("label.figure"), table=self.i18n._("label.table"),
        )
        return n.Document(meta, self.cover(), labels, body, self.editor_notes)


def number_notes(body: list[n.Block]) -> None:
    """Notes numbered in reading order: a note made after the body (a first-use expansion
    marked as the analyst's) takes its place among the others, not the next free number. A
    note is given at its first call: a mark made after the body that calls a note given
    further on (ASFAT's expansion in the key points, its note in a profile) takes the note,
    and the later mark becomes a call of it (else the call had no note on its page)."""
    marks = [node for inlines in n.inline_runs(body) for node in n.walk_inlines(inlines) if isinstance(node, n.Inference)]
    holders = {id(mark.note): mark for mark in marks if isinstance(mark.note, n.Footnote)}
    given: set[int] = set()
    for mark in marks:
        note = mark.note.note if isinstance(mark.note, n.NoteRef) else mark.note
        if id(note) in given:
            continue
        given.add(id(note))
        if isinstance(mark.note, n.NoteRef) and id(note) in holders:
            holders[id(note)].note, mark.note = n.NoteRef(note), note
    notes = [node for inlines in n.inline_runs(body) for node in n.walk_inlines(inlines) if isinstance(node, n.Footnote)]
    for number, note in enumerate({id(note): note for note in notes}.values(), start=1):
        note.number = number


def assemble(view: EditionView, i18n: I18n, charts: list | None = None, draft: bool = False,
             revisions: list | None = None) -> n.Document:
    return Assembler(view, i18n, charts or [], draft or view.edition.draft, revisions or []).build()
