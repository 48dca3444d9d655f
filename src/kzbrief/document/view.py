"""What an edition knows: the project cut down to what was known on its issue date.

An edition's cut-off is its issue date (``issued``), not the end of its month. It sees only
sources published and acquired by then, only items supported by at least one such source, and
only events whose earliest possible day is on or before it: an event known only to the month
("December 2024") is known by an edition issued in that month when a source it holds reports
it. Rebuilding an old edition therefore reproduces what was known then, however the library
grows. Statuses are read at the cut-off too: a planned event whose due date has come and that
no known source confirms is "due" (its last month reached: still planned, to watch) or "overdue"
(its last day passed); a planned event that details a confirmed one (``part_of``: its forces,
its programme) is "announced": it happened, as announced, and is never due or overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from ..content.dates import Period
from ..content.model import LoadedSource, Project, with_earlier
from .refs import state_of
from ..content.schema import Cite, ContextStatement, Edition, Event, Figure, Partner, Person, System

#: What a planned event's due date means at the cut-off (see ``EditionView.timing``).
TIMINGS = ("due", "overdue")
#: Statuses the edition derives at its cut-off besides the content's own (``status`` values):
#: a due event keeps its own status (it is still planned), an overdue one is "overdue".
DERIVED_STATUSES = ("announced", "overdue")


#: Item collections whose additions and revisions "new since the previous edition" reports.
TRACKED = ("events", "context", "figures", "systems", "people")


@dataclass
class EditionView:
    project: Project
    edition: Edition

    @property
    def period(self) -> Period:
        return self.edition.period

    @property
    def cutoff(self) -> dt.date:
        """The issue date: what the edition knows, it knew on that day."""
        return self.edition.issued.start()

    @property
    def end(self) -> dt.date:
        """The last day the edition covers: its cut-off (kept for the charts' "up to" dates)."""
        return self.cutoff

    @cached_property
    def sources(self) -> dict[str, LoadedSource]:
        return {k: s for k, s in self.project.sources.items() if s.known_at(self.cutoff)}

    def known_cites(self, cites: list[Cite]) -> list[Cite]:
        return [c for c in cites if c.source in self.sources]

    def _known(self, items: dict, dated=None) -> dict:
        out = {}
        for key, item in items.items():
            known = self.as_known(item, dated)
            if known is not None:
                out[key] = known
        return out

    def as_known(self, item, dated=None):
        """The item as the edition knows it: its current state when a known source reports it
        (and, if dated, it is dated by the cut-off); else its latest ``earlier`` state that is,
        applied over it (an aircraft on order before it is delivered, a general before he is a
        minister); else None."""
        def known(state) -> bool:
            return bool(self.known_cites(state.cites)) and (
                dated is None or dated(state).start() <= self.cutoff)

        if known(item):
            return item
        for state in reversed(getattr(item, "earlier", [])):
            if known(state):
                return with_earlier(item, state)
        return None

    @cached_property
    def events(self) -> dict[str, Event]:
        known = self._known(self.project.events, lambda e: e.date)
        order = {key: index for index, key in enumerate(self.project.events)}  # as the analyst wrote them
        return dict(sorted(known.items(), key=lambda kv: (kv[1].date.sort_key(kv[1].qualifier), order[kv[0]])))

    @cached_property
    def context(self) -> dict[str, ContextStatement]:
        """Standing facts known by the edition: a cited source known, the as-of date passed."""
        return self._known(self.project.context, lambda c: c.as_of)

    @cached_property
    def figures(self) -> dict[str, Figure]:
        return self._known(self.project.figures, lambda f: f.as_of)

    @cached_property
    def systems(self) -> dict[str, System]:
        return self._known(self.project.systems)

    @cached_property
    def people(self) -> dict[str, Person]:
        return self._known(self.project.people, lambda p: p.as_of)

    @property
    def partners(self) -> dict[str, Partner]:
        return self.project.partners

    @property
    def self_partner(self) -> str:
        return self.project.settings.self_partner

    def status(self, event: Event) -> str:
        """The event's status as the edition knows it: confirmed once a known source confirms it;
        "announced" for a planned detail (``part_of``) of an event the edition knows as confirmed."""
        if self.known_cites(event.confirmed_by):
            return "confirmed"
        whole = self.events.get(event.part_of) if event.part_of else None
        if event.status == "planned" and whole is not None and (
                whole.status == "confirmed" or self.known_cites(whole.confirmed_by)):
            return "announced"
        return event.status

    def whole_of(self, event: Event) -> Event:
        """The event a detail belongs to (``part_of``, followed to its end) as the edition knows
        it, or the event itself: a detail (an exercise's forces, its programme) is no event of its
        own, so charts and profile counts count it once, with its whole."""
        seen = {event.id}
        while event.part_of in self.events and event.part_of not in seen:
            event = self.events[event.part_of]
            seen.add(event.id)
        return event

    def timing(self, event: Event) -> str | None:
        """'due' or 'overdue' for a planned or reported event with a due date that has come at the
        cut-off (its last month reached, or its last day passed) and that no known source
        confirms; None otherwise."""
        if event.due is None or self.status(event) not in ("planned", "reported"):
            return None
        last = event.due.end()
        if self.cutoff > last:
            return "overdue"
        return "due" if self.cutoff >= last.replace(day=1) else None

    @cached_property
    def watch_list(self) -> list[Event]:
        """Events due or overdue at the cut-off, unconfirmed: what a reader should watch."""
        return [e for e in self.events.values() if self.timing(e)]

    def partner_events(self, partner_id: str) -> list[Event]:
        """The events of a partner, its firms' and agencies' included (they are its own)."""
        return [e for e in self.events.values()
                if any(state_of(self.partners, p) == partner_id for p in e.partners)]

    @cached_property
    def profiled_partners(self) -> list[Partner]:
        """Partners with a profile and at least one known event, most active first, then by id."""
        found = []
        for partner in self.project.partners.values():
            if (partner.id == self.self_partner or not partner.profile or partner.kind == "company"
                    or partner.country in self.partners):  # an agency is its state's
                continue
            count = len(self.partner_events(partner.id))
            if count:
                found.append((-count, partner.id, partner))
        return [p for _, _, p in sorted(found)]

    @cached_property
    def cited_source_ids(self) -> list[str]:
        """Sources this edition can cite, oldest first."""
        return sorted(self.sources, key=lambda k: (self.sources[k].meta.published.sort_key(), k))

    def previous_period(self) -> Period | None:
        previous = self.project.previous_period(self.period)
        return Period.parse(previous) if previous else None

    def previous_view(self) -> "EditionView | None":
        previous = self.project.previous_period(self.period)
        return EditionView(self.project, self.project.editions[previous]) if previous else None

    @cached_property
    def since(self) -> dt.date:
        """The last day before this edition's window: the previous edition's cut-off (a first
        edition: the last day of the previous year). An event is this edition's development only
        if it may have happened after it."""
        before = self.previous_view()
        return before.cutoff if before is not None else dt.date(self.period.year, 1, 1) - dt.timedelta(days=1)

    @cached_property
    def developments(self) -> list[Event]:
        """The month's developments, newest first (the month's lead at the top): the events the
        edition lists (by default every known event not listed by the previous edition), of
        those only the ones dated after ``since``. An older event a source first reports now is
        not a development of the month: it is new to this edition, listed with the other new
        events (and told in its partner's profile), so the rule a reader sees is one rule."""
        if self.edition.developments is not None:
            listed = set(self.edition.developments)
            events = [e for e in self.events.values() if e.id in listed]
        else:
            before = self.previous_view()
            told = {e.id for e in before.developments} if before is not None else set()
            events = [e for e in self.events.values() if e.id not in told]
        recent = [e for e in events if e.date.end() > self.since]
        # newest first; events of one date keep the analyst's order (a stable sort)
        return sorted(recent, key=lambda e: e.date.sort_key(e.qualifier), reverse=True)

    @cached_property
    def new_sources(self) -> list[str]:
        """Sources this edition knows and the previous one did not (acquired since)."""
        before = self.previous_view()
        return [k for k in self.cited_source_ids if before is not None and k not in before.sources]


    @cached_property
    def changes_since_previous(self) -> list[tuple[str, str, object]]:
        """(change, kind, item) for items new or updated since the previous edition.

        New: not known by the previous edition, even when it reports on an earlier period (a
        source acquired since is newly learned, not slipped into the past). Updated: known then,
        and now also supported or confirmed by a source the previous edition did not know.
        """
        before = self.previous_view()
        if before is None:
            return []
        # A person the previous edition named in an event was mentioned then, even if the
        # role recorded for them (as_of) dates from later.
        named_before = {person for event in before.events.values() for person in event.people}
        out = []
        for kind in TRACKED:
            then = getattr(before, kind)
            for key, item in getattr(self, kind).items():
                if key not in then and not (kind == "people" and key in named_before):
                    out.append(("new", kind, item))
                elif any(c.source not in before.sources
                         for c in self.known_cites([*item.cites, *getattr(item, "confirmed_by", [])])):
                    out.append(("updated", kind, item))
        return out
