"""What each chart draws, computed from what the edition knows — plain data, no pixels.

Every function takes an ``EditionView`` (never the whole project), so an old edition's charts
show only its past. Each result carries the ids of the sources that support the items drawn,
for the chart's "Sources:" line, and the number the omission rule looks at.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from ..content.dates import FuzzyDate
from ..content.model import infers
from ..content.schema import Cite, Partner, System, choices
from ..document.refs import state_of
from ..document.view import EditionView

#: Equipment categories in the schema's order (air, land, sea): rows keep it in every edition.
CATEGORIES: tuple[str, ...] = choices(System, "category")
DRONE_CATEGORIES = ("uav", "loitering-munition")
#: Columns of the partner × domain matrix: each schema domain falls in one group.
DOMAIN_GROUPS: dict[str, tuple[str, ...]] = {
    "agreement": ("agreement",),
    "production": ("production",),
    "procurement": ("procurement",),
    "delivery": ("delivery",),
    "exercise": ("exercise", "deployment"),  # as the profiles group them
    "training": ("training",),
    "transit": ("transit",),
    "diplomacy": ("diplomacy", "visit", "statement"),
    "other": ("policy",),
}
#: Coarser families for the timeline's marker shapes (nine shapes would not read).
ACTIVITY_KINDS: dict[str, tuple[str, ...]] = {
    "political": ("agreement", "diplomacy", "visit", "statement", "policy"),
    "industrial": ("production", "procurement", "delivery"),
    "military": ("exercise", "training", "transit", "deployment"),
}
#: The one row that gathers the partners without a profile of their own (the four states of a
#: multilateral exercise, an organisation): a reader finds every other row's partner profiled.
OTHERS = "*others*"
#: A supplier is a country whose equipment is in service, ordered or being built.
SUPPLIED_STATUSES = ("in-service", "on-order", "in-production")


def group_of(domain: str) -> str:
    return next(g for g, members in DOMAIN_GROUPS.items() if domain in members)


def kind_of(domain: str) -> str:
    return next(k for k, members in ACTIVITY_KINDS.items() if domain in members)


# ---------------------------------------------------------------- shared helpers
def country_of(partner_id: str, partners: dict[str, Partner]) -> str:
    """A company or an agency is drawn as its country; anything else as itself."""
    return state_of(partners, partner_id)


def ordered_sources(view: EditionView, cites: list[Cite]) -> list[str]:
    """The known sources among cites, oldest first, each once."""
    known = {c.source for c in view.known_cites(cites)}
    return [s for s in view.cited_source_ids if s in known]


def fuzzy_span(date: FuzzyDate, qualifier: str | None, end: FuzzyDate | None = None) -> tuple[dt.date, dt.date]:
    """The days a fuzzy date (and its optional end) can mean; 'early/mid/late' keep a third."""
    if end is None:
        return date.span(qualifier)
    return date.start(), end.end()


# ---------------------------------------------------------------- 1. drone fleet
@dataclass(frozen=True)
class FleetRow:
    origin: str
    systems: tuple[str, ...]
    categories: dict[str, int]

    @property
    def count(self) -> int:
        return len(self.systems)


@dataclass(frozen=True)
class FleetData:
    rows: list[FleetRow]
    total: int
    source_ids: list[str]

    @property
    def size(self) -> int:
        return self.total

    @property
    def co_produced(self) -> bool:
        """Whether a type is drawn in more than one row: only then does the caption need to say
        how such a type is counted (a rule with nothing to apply to reads as a contradiction of
        the next chart's, which splits its shared types)."""
        return sum(row.count for row in self.rows) > self.total


def fleet_by_origin(view: EditionView) -> FleetData:
    """Drone types (uav, loitering munitions) in Kazakhstan's fleet, counted per origin.

    A type with two origins (a co-produced drone) counts once for each country.
    """
    systems = [s for s in view.systems.values() if s.category in DRONE_CATEGORIES and s.in_fleet]
    per_origin: dict[str, list] = defaultdict(list)
    cites: list[Cite] = []
    for system in sorted(systems, key=lambda s: s.id):
        cites += system.cites
        for origin in dict.fromkeys(country_of(o, view.partners) for o in system.origin):
            per_origin[origin].append(system)
    rows = [
        FleetRow(origin, tuple(s.id for s in found), dict(sorted(Counter(s.category for s in found).items())))
        for origin, found in per_origin.items()
    ]
    rows.sort(key=lambda r: (-r.count, r.origin))
    return FleetData(rows, len(systems), ordered_sources(view, cites))


# ---------------------------------------------------------------- 2. activity over time
@dataclass(frozen=True)
class ActivityPoint:
    event: str
    date: str  # as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD
    start: dt.date
    end: dt.date
    domain: str
    status: str

    @property
    def middle(self) -> dt.date:
        return self.start + (self.end - self.start) / 2


@dataclass(frozen=True)
class Lane:
    partner: str
    points: list[ActivityPoint]


@dataclass(frozen=True)
class Attributed:
    """The events a chart row counts through a partner attribution the analyst inferred (an
    inference covering the event's ``partners``: the chronology marks its partner cell †)."""

    partner: str  # the row: a profiled partner, or OTHERS
    events: int
    #: the firms or agencies of the partner every one of these events runs through (Airbus for
    #: France), in order of appearance; empty when one of them names none
    parties: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivityData:
    lanes: list[Lane]
    events: int
    until: dt.date
    source_ids: list[str]
    others: list[str] = ()  # the partners the OTHERS lane gathers
    denied: int = 0  # known partnership events left out as denied
    attributed: list[Attributed] = ()  # rows that count events by the analyst's attribution

    @property
    def size(self) -> int:
        return self.events

    @property
    def first(self) -> dt.date | None:
        return min((p.start for lane in self.lanes for p in lane.points), default=None)


@dataclass(frozen=True)
class Drawn:
    """A known partnership event and the rows it is drawn on."""

    event: object
    rows: list[str]  # profiled partners, or [OTHERS]
    others: list[str]  # the partners OTHERS stands for here
    cites: list[Cite] = field(default_factory=list)  # its own and those of the details it counts for


def _partnership_events(view: EditionView) -> tuple[list[Drawn], int]:
    """Known events with a partner other than Kazakhstan, firms and agencies counted as their
    state, each on the rows of its profiled partners — or, with none, once on the OTHERS row —
    and how many denied events were left out. A detail of a known event counts with it."""
    profiled = {p.id for p in view.profiled_partners}
    wholes = {event.id: view.whole_of(event) for event in view.events.values()}
    details: dict[str, list[Cite]] = defaultdict(list)
    for event in view.events.values():
        if wholes[event.id] is not event:
            details[wholes[event.id].id] += event.cites
    drawn, denied = [], 0
    for event in view.events.values():
        if wholes[event.id] is not event:
            continue
        partners = [country_of(p, view.partners) for p in event.partners]
        partners = list(dict.fromkeys(p for p in partners if p != view.self_partner))
        if not partners:
            continue
        if view.status(event) == "denied":
            denied += 1
            continue
        rows = [p for p in partners if p in profiled]
        drawn.append(Drawn(event, rows or [OTHERS], [] if rows else partners, event.cites + details[event.id]))
    return drawn, denied


def _others(drawn: list[Drawn]) -> list[str]:
    return list(dict.fromkeys(p for d in drawn for p in d.others))


def _attributed(drawn: list[Drawn], view: EditionView, order: list[str]) -> list[Attributed]:
    """Per row, in the chart's order, the events it counts through an attribution the analyst
    inferred — so the caption says what the chronology marks (eleventh pass: the Airbus events
    counted under France, unsaid under Figures 1 and 2)."""
    counts: Counter = Counter()
    parties: dict[str, list[str]] = defaultdict(list)
    bare: set[str] = set()  # rows with an attributed event through no party
    for found in drawn:
        # the analyst inferred its partners (a firm counted as its state's, a country the source
        # leaves unnamed): the rule by which the chronology marks its partner cell
        if not infers(found.event, "partners"):
            continue
        for row in found.rows:
            counts[row] += 1
            own = [p for p in found.event.partners if p != row and country_of(p, view.partners) == row]
            parties[row] += own
            if not own:
                bare.add(row)
    return [Attributed(row, counts[row], () if row in bare else tuple(dict.fromkeys(parties[row])))
            for row in order if counts[row]]


def _row_order(counts: dict[str, int]) -> list[str]:
    """Most active partner first, then by id; the other partners' row last."""
    return sorted(counts, key=lambda p: (p == OTHERS, -counts[p], p))


def reported_by(view: EditionView, found: Drawn) -> dt.date | None:
    """The last day a confirmed event can have happened on: the publication of the first known
    source reporting it (a bare "2021" in an article of 30 August 2021 cannot mean December:
    its bar would run past what the source allows, the kazind reader of the nineteenth pass)."""
    if view.status(found.event) != "confirmed":
        return None
    days = [view.sources[c.source].meta.published.end() for c in view.known_cites(found.cites)]
    return min(days, default=None)


def activity(view: EditionView) -> ActivityData:
    """Dated events per partner up to the edition's end, most active partner first."""
    lanes: dict[str, list[ActivityPoint]] = defaultdict(list)
    cites: list[Cite] = []
    drawn, denied = _partnership_events(view)
    for found in drawn:
        event = found.event
        cites += found.cites
        start, end = fuzzy_span(event.date, event.qualifier, event.end)
        end = max(start, min(end, view.end, reported_by(view, found) or end))
        for partner in found.rows:
            lanes[partner].append(ActivityPoint(event.id, str(event.date), start, end, event.domain,
                                                view.status(event)))
    order = _row_order({p: len(points) for p, points in lanes.items()})
    return ActivityData([Lane(p, lanes[p]) for p in order], len(drawn), view.end, ordered_sources(view, cites),
                        _others(drawn), denied, _attributed(drawn, view, order))


# ---------------------------------------------------------------- 3. partner × domain
@dataclass(frozen=True)
class MatrixData:
    partners: list[str]
    domains: list[str]
    counts: dict[str, dict[str, int]]  # partner -> domain group -> events
    events: int
    source_ids: list[str]
    others: list[str] = ()  # the partners the OTHERS row gathers
    denied: int = 0  # known partnership events left out as denied
    #: partner -> domain group -> status -> events: a cell's count, by status at the cut-off
    statuses: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    attributed: list[Attributed] = ()  # rows that count events by the analyst's attribution

    @property
    def size(self) -> int:
        return len(self.partners)


def domain_matrix(view: EditionView) -> MatrixData:
    """How many known events each partner has in each kind of cooperation.

    Every column but 'other' is always shown, so a gap (no exercise with a partner) is visible.
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    statuses: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    cites: list[Cite] = []
    drawn, denied = _partnership_events(view)
    for found in drawn:
        cites += found.cites
        group = group_of(found.event.domain)
        for partner in found.rows:
            counts[partner][group] += 1
            statuses[partner][group][view.status(found.event)] += 1
    partners = _row_order({p: sum(c.values()) for p, c in counts.items()})
    domains = [g for g in DOMAIN_GROUPS if g != "other" or any(c["other"] for c in counts.values())]
    table = {p: {d: counts[p][d] for d in domains} for p in partners}
    by_status = {p: {d: dict(statuses[p][d]) for d in domains} for p in partners}
    return MatrixData(partners, domains, table, len(drawn), ordered_sources(view, cites), _others(drawn), denied,
                      by_status, _attributed(drawn, view, partners))


# ---------------------------------------------------------------- 4. suppliers
@dataclass(frozen=True)
class SupplierRow:
    category: str
    origins: dict[str, int]  # origin -> system types it takes part in
    shares: dict[str, Fraction] = field(default_factory=dict)  # origin -> its share of the row's types

    @property
    def total(self) -> int:
        """The row's types: a co-produced type is one type, however many its countries."""
        return int(sum(self.shares.values())) if self.shares else sum(self.origins.values())


@dataclass(frozen=True)
class SupplierData:
    rows: list[SupplierRow]
    origins: list[str]  # every origin drawn: current suppliers, largest first, then legacies
    systems: int
    source_ids: list[str]
    legacy: list[str] = ()  # origins that are states no longer in existence (their types a legacy)
    inferred: int = 0  # types whose origin is the analyst's inference, not the sources'

    @property
    def size(self) -> int:
        return self.systems


def suppliers(view: EditionView) -> SupplierData:
    """Equipment types in the fleet, on order or in production, by category and origin country.

    A type with two origins counts once for each of its countries, but its bar is shared
    among them, so a row still measures types (two transport aircraft, not three). A state that
    no longer exists (the Soviet Union) is no supplier: its types are a legacy, listed after the
    suppliers.
    """
    table: dict[str, Counter] = defaultdict(Counter)
    shares: dict[str, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    cites: list[Cite] = []
    chosen = [s for s in view.systems.values() if s.in_fleet or s.status in SUPPLIED_STATUSES]
    for system in chosen:
        cites += system.cites
        origins = list(dict.fromkeys(country_of(o, view.partners) for o in system.origin))
        for origin in origins:
            table[system.category][origin] += 1
            shares[system.category][origin] += Fraction(1, len(origins))
    totals: Counter = Counter()
    for per_origin in table.values():
        totals.update(per_origin)
    former = {o for o in totals if o in view.partners and view.partners[o].kind == "former-state"}
    origins = sorted(totals, key=lambda o: (o in former, -totals[o], o))
    rows = [SupplierRow(c, {o: table[c][o] for o in origins if table[c][o]},
                        {o: shares[c][o] for o in origins if table[c][o]}) for c in table]
    rows.sort(key=lambda r: CATEGORIES.index(r.category))
    inferred = sum(1 for s in chosen if infers(s, "origin"))
    return SupplierData(rows, origins, len(chosen), ordered_sources(view, cites), [o for o in origins if o in former],
                        inferred)
