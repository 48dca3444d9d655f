"""What an edition knows: the project cut down to the sources and events of its past.

An edition for period P sees only sources published on or before the end of P, only items
supported by at least one such source, and only events dated on or before the end of P.
Rebuilding an old edition therefore reproduces what was known then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from ..content.dates import Period
from ..content.model import LoadedSource, Project
from ..content.schema import Cite, ContextStatement, Edition, Event, Figure, Partner, Person, System


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
    def end(self) -> dt.date:
        return self.period.end()

    @cached_property
    def sources(self) -> dict[str, LoadedSource]:
        return {k: s for k, s in self.project.sources.items() if s.known_at(self.end)}

    def known_cites(self, cites: list[Cite]) -> list[Cite]:
        return [c for c in cites if c.source in self.sources]

    def _known(self, items: dict, dated=None) -> dict:
        out = {}
        for key, item in items.items():
            if not self.known_cites(item.cites):
                continue
            if dated is not None and dated(item).start() > self.end:
                continue
            out[key] = item
        return out

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

    def partner_events(self, partner_id: str) -> list[Event]:
        return [e for e in self.events.values() if partner_id in e.partners]

    @cached_property
    def profiled_partners(self) -> list[Partner]:
        """Partners with a profile and at least one known event, most active first, then by id."""
        found = []
        for partner in self.project.partners.values():
            if partner.id == self.self_partner or not partner.profile or partner.kind == "company":
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

    @cached_property
    def developments(self) -> list[Event]:
        """The month's developments: listed in the edition, or every known event dated after
        the previous edition's period (the first edition: dated within its own year)."""
        if self.edition.developments is not None:
            listed = set(self.edition.developments)
            return [e for e in self.events.values() if e.id in listed]  # in date order
        previous = self.previous_period()
        since = previous.end() if previous else dt.date(self.period.year, 1, 1) - dt.timedelta(days=1)
        return [e for e in self.events.values() if e.date.end() > since]


    @cached_property
    def changes_since_previous(self) -> list[tuple[str, str, object]]:
        """(change, kind, item) for items new or updated since the previous edition.

        New: not known by the previous edition. Updated: known then, and now also supported
        by a source published after it (the item was revised with new evidence).
        """
        previous = self.previous_period()
        if previous is None:
            return []
        before = EditionView(self.project, self.project.editions[str(previous)])
        out = []
        for kind in TRACKED:
            then = getattr(before, kind)
            for key, item in getattr(self, kind).items():
                if key not in then:
                    out.append(("new", kind, item))
                elif any(self.sources[c.source].meta.published.end() > previous.end()
                         for c in self.known_cites(item.cites)):
                    out.append(("updated", kind, item))
        return out
