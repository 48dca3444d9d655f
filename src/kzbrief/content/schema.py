"""The typed content schema: what an analyst may write in ``content/``.

Pydantic checks each item's shape (types, required fields, allowed values, unknown keys);
cross-item rules (ids, references, quotes, languages, the edition's past) live in
``validate.py`` because they need the whole tree.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, field_validator,
                      model_validator)

from .dates import FuzzyDate, Period

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="lower-case, digits and hyphens")]
LangCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
#: A text the reader sees, one entry per language: ``{fr: "…", en: "…"}``. The marker tells
#: it apart from other language-keyed mappings (``locales``) for ``is_localized``.
READER_TEXT = "reader-facing text in every language"
Localized = Annotated[dict[LangCode, str], READER_TEXT]


def _fuzzy(value: Any) -> FuzzyDate:
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("a date is written YYYY, YYYY-MM or YYYY-MM-DD")
    return FuzzyDate.parse(value)


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if not isinstance(value, str):
        raise ValueError("a period is written YYYY-MM (in quotes)")
    return Period.parse(value)


def _day(value: Any) -> FuzzyDate:
    date = _fuzzy(value)
    if date.precision != "day":
        raise ValueError("this date needs a day: YYYY-MM-DD")
    return date


def _flag(value: Any) -> bool:
    """Only true or false: YAML 1.1's yes/no/on/off (and pydantic's 1, 'y', 'on'…) are refused."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("true", "false"):  # quoted, but unambiguous
        return value == "true"
    raise ValueError(f"{value!r} is not true or false (write true or false)")


Flag = Annotated[bool, BeforeValidator(_flag)]


def _framing(value: Any) -> bool | str:
    """A source's own view (true) or a figure only the source gives ('figure'): a reader is told
    which, since a view is not endorsed and a figure is not checked, and they are not the same."""
    if value == "figure":
        return value
    try:
        return _flag(value)
    except ValueError:
        raise ValueError(f"{value!r} is not true, false or figure") from None


Framing = Annotated[bool | Literal["figure"], BeforeValidator(_framing)]

#: Dates are written and exported (the PDF's data attachment) the way analysts write them.
_AS_TEXT = PlainSerializer(str, return_type=str)
Date = Annotated[FuzzyDate, BeforeValidator(_fuzzy), _AS_TEXT]
Day = Annotated[FuzzyDate, BeforeValidator(_day), _AS_TEXT]
PeriodField = Annotated[Period, BeforeValidator(_period), _AS_TEXT]


def choices(model: type[BaseModel], name: str) -> tuple[str, ...]:
    """The values a Literal field allows (also when optional), in the schema's order."""
    annotation = model.model_fields[name].annotation
    direct = tuple(a for a in get_args(annotation) if isinstance(a, str))
    return direct or tuple(v for arg in get_args(annotation) for v in get_args(arg) if isinstance(v, str))


@cache
def is_localized(model: type[BaseModel], name: str) -> bool:
    """Does this field hold a reader-facing text, one entry per language? Read from its type,
    so no list of such fields has to be kept in step with the schema."""
    info = model.model_fields[name]  # pydantic moves a bare Annotated's marker into .metadata
    return READER_TEXT in info.metadata or any(
        READER_TEXT in getattr(arg, "__metadata__", ()) for arg in get_args(info.annotation))

Domain = Literal[
    "agreement", "production", "procurement", "delivery", "exercise", "training",
    "transit", "visit", "statement", "policy", "deployment", "diplomacy",
]
Status = Literal["confirmed", "planned", "reported", "denied"]
Qualifier = Literal["early", "mid", "late"]
Reliability = Literal["A", "B", "C", "D", "E", "F"]
Credibility = Annotated[int, Field(ge=1, le=6)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Cite(Strict):
    """A pointer to the exact passage of a source that supports an item."""

    source: Id
    quote: Annotated[str, Field(min_length=3)]


class Inference(Strict):
    """What the analyst adds beyond the cited passages, and on what basis.

    Readers see it marked as the analyst's, apart from what the sources report: ``says`` are
    the words of the item's texts that are the analyst's (one entry per language, marked where
    they appear); ``fields`` the structured fields it covers (``origin``, ``date``…), marked
    where the reader sees them. Identifications, deduced dates and general knowledge are
    inferences too.
    """

    says: Localized | None = None
    fields: list[str] = Field(default_factory=list)
    basis: Localized


Inferences = Annotated[list[Inference], Field(default_factory=list)]


class SourceTitle(Strict):
    original: str
    translations: Localized = Field(default_factory=dict)


class NonFactual(Strict):
    """A sentence of a source that carries no fact (caption, boilerplate), with the reason."""

    quote: str
    reason: str


Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the text file's bytes, in hex")]


class SourceUpdate(Strict):
    """A legitimate change of a source's text (the outlet corrected its article), recorded by
    ``kzbrief sources update``: when, which text it replaced, and why. A later revision of an
    edition can say "source X corrected on DATE" from it."""

    date: Day
    previous_sha256: Sha256 | None = Field(default=None, description="hash of the text it replaced")
    note: str | None = None


class Extraction(Strict):
    """How a source's text was made from the file the analyst had (``kzbrief sources add``)."""

    original: str = Field(description="file name of the original beside the text, e.g. <id>.orig.html")
    original_sha256: Sha256
    format: Literal["html", "pdf", "docx"]
    tool: str = Field(description="the extraction library and its version, e.g. trafilatura 2.3.1")


class Source(Strict):
    id: Id
    title: str = Field(description="the title as published")
    headline: Flag = Field(default=True, description="false when the text has no headline of its own: `title` "
                           "is then descriptive and never shown as the original title")
    title_translations: Localized = Field(alias="titles", default_factory=dict)
    outlet: str | None = None
    outlet_basis: Localized | None = Field(default=None, description="when the text does not name its outlet: the "
                                           "basis of the analyst's identification, which readers see as a note on it")
    place: str | None = None
    url: str | None = None
    published: Date
    published_note: str | None = None
    published_basis: Localized | None = Field(default=None, description="when the text gives no date: the "
                                       "basis of the inferred one, which readers see as a note on the date")
    acquired: Day | None = Field(default=None, description="the day the library got the text; default: the publication date")
    language: LangCode
    translated_from: LangCode | None = None
    translated_from_basis: Localized | None = Field(default=None, description="when the text does not say what it "
                                                    "was translated from: the basis of the analyst's inference")
    reliability: Reliability
    reliability_note: str | None = None
    text: str | None = Field(default=None, description="file name of the text, default <id>.txt")
    sha256: Sha256 | None = Field(default=None, description="required: validation refuses a source without it")
    updates: list[SourceUpdate] = Field(default_factory=list, description="oldest first")
    extraction: Extraction | None = None
    non_factual: list[NonFactual] = Field(default_factory=list)
    note: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def available_from(self) -> dt.date:
        """The first day an edition may know this source: published and acquired by then.

        A date known only to the month or year counts from its first day (an edition issued
        on 20 December knows a source "of December" it holds); ``acquired`` defaults to it.
        """
        published = self.published.start()
        return max(published, self.acquired.start()) if self.acquired else published


class Partner(Strict):
    """A state, an organisation or a company Kazakhstan works with (or Kazakhstan itself)."""

    id: Id
    # "former-state": a state that no longer exists (the Soviet Union): what it left in service is a
    # legacy, never a current supplier.
    kind: Literal["state", "former-state", "organisation", "company", "self"]
    name: Localized
    short: Localized | None = None
    article: dict[LangCode, str] = Field(
        default_factory=dict, description="the article its short name takes beside others in a list ({en: the}: 'India and the UN')")
    country: Id | None = Field(default=None, description="for a company: the partner id of its state")
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    profile: Flag = Field(default=True, description="give this partner a profile section")
    aliases: list[str] = Field(default_factory=list, description="other names and adjectives that name it, in any language (turc, Turkish)")


SystemStatus = Literal["in-service", "on-order", "planned", "tested", "in-production", "rejected", "reported",
                       "demonstration"]


class SystemState(Strict):
    """What earlier sources reported of a system before its current state (an order before the
    delivery): an edition that knows none of the current state's sources shows this one, so an
    edition tells what its own sources said. Fields left out are the system's own."""

    role: Localized | None = None
    status: SystemStatus | None = None
    in_fleet: Flag | None = None
    since: Date | None = None
    cites: list[Cite] = Field(min_length=1)
    inferences: Inferences


class PersonState(Strict):
    """A person's role as an earlier source gave it (a general before he became a minister): an
    edition issued before the current role's ``as_of``, or knowing none of its sources, shows it."""

    role: Localized
    as_of: Date
    cites: list[Cite] = Field(min_length=1)
    inferences: Inferences


class System(Strict):
    """A piece of equipment: an aircraft, a drone, a vehicle, a weapon system."""

    id: Id
    name: str
    category: Literal[
        "uav", "loitering-munition", "combat-aircraft", "transport-aircraft", "helicopter",
        "armoured-vehicle", "tank", "artillery", "missile", "air-defence", "vessel", "other",
    ]
    origin: list[Id] = Field(min_length=1, description="partner ids of the country of origin")
    role: Localized
    # "demonstration": only to be shown to Kazakh officials at a demonstration, nothing reported
    # beyond that (neither "reported" as a Kazakh acquisition nor "planned").
    status: SystemStatus
    in_fleet: Flag = Field(default=False, description="counted in Kazakhstan's inventory")
    since: Date | None = None
    cites: list[Cite] = Field(min_length=1)
    inferences: Inferences
    earlier: list[SystemState] = Field(default_factory=list, description="earlier states, oldest first")
    note: str | None = None


class Person(Strict):
    id: Id
    name: str
    aliases: list[str] = Field(default_factory=list, description="spellings met in the sources")
    role: Localized
    organisation: Id | None = None
    as_of: Date
    cites: list[Cite] = Field(min_length=1)
    inferences: Inferences
    earlier: list[PersonState] = Field(default_factory=list, description="earlier roles, oldest first")
    note: str | None = None


class Event(Strict):
    id: Id
    date: Date
    qualifier: Qualifier | None = None
    end: Date | None = None
    domain: Domain
    status: Status
    partners: list[Id] = Field(min_length=1)
    systems: list[Id] = Field(default_factory=list)
    people: list[Id] = Field(default_factory=list)
    title: Localized
    text: Localized
    cites: list[Cite] = Field(min_length=1)
    due: Date | None = Field(default=None, description="when a planned event is due, as its sources give it")
    confirmed_by: list[Cite] = Field(default_factory=list, description="passages of later sources confirming it")
    part_of: Id | None = Field(default=None, description="the event this one details (its forces, its programme): "
                               "once that event is confirmed, a planned detail reads as announced, never overdue")
    inferences: Inferences
    credibility: Credibility = 2
    uncertain: Flag = False
    note: str | None = None

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: FuzzyDate | None, info) -> FuzzyDate | None:
        start = info.data.get("date")
        if end is not None and start is not None and end.end() < start.start():
            raise ValueError(f"ends ({end}) before it starts ({start})")
        return end


class Figure(Strict):
    """A force figure: a quantity with its unit, scope and as-of date."""

    id: Id
    category: Literal["personnel", "budget", "inventory", "ranking"]
    label: Localized
    value: float | int
    approx: Literal["exact", "about", "more-than", "nearly", "at-least"] = "exact"
    unit: Literal["count", "person", "usd", "rank"] = "count"
    out_of: int | None = Field(default=None, description="for a rank: out of how many")
    scope: Localized | None = None
    as_of: Date
    systems: list[Id] = Field(default_factory=list)
    cites: list[Cite] = Field(min_length=1)
    inferences: Inferences
    credibility: Credibility = 2
    note: str | None = None


class GlossaryEntry(Strict):
    """An acronym and its expansion. An expansion no source gives is the analyst's (general
    knowledge): ``basis`` says so, and readers see it marked like any inference."""

    id: Id
    term: str | Localized
    expansion: Localized
    basis: Localized | None = Field(default=None, description="why the analyst gives the expansion when no source does")
    article: dict[LangCode, str] = Field(
        default_factory=dict,
        description="the article the expansion takes where the text gives the bare acronym none "
                    "('like NATO' → 'like the North Atlantic Treaty Organization (NATO)'), per language")
    note: str | None = None


#: What a context statement is about: the theme it is grouped under in "Strategic context".
ContextTheme = Literal["alliances", "region", "facilities", "society", "doctrine", "industry", "standing"]


class ContextStatement(Strict):
    """A standing fact that is not an event (a membership, a hosted facility, demography, a
    ranking, a source's own framing). Reporting, like an event: it cites the passages it
    rests on, and an edition knows it once a cited source is known and its as-of date passed."""

    id: Id
    theme: ContextTheme
    as_of: Date
    partners: list[Id] = Field(min_length=1)
    title: Localized
    text: Localized
    framing: Framing = Field(default=False, description="true: the source's own view, reported as "
                             "such; figure: the source's own figure, not checked here")
    cites: list[Cite] = Field(min_length=1)
    credibility: Credibility = 2
    inferences: Inferences
    note: str | None = None


class LikelihoodTerm(Strict):
    """One step of a probability yardstick: its words in every language and its range in %."""

    id: Id
    low: Annotated[int, Field(ge=0, le=100)]
    high: Annotated[int, Field(ge=0, le=100)]
    term: Localized

    @field_validator("high")
    @classmethod
    def _ordered(cls, high: int, info) -> int:
        low = info.data.get("low")
        if low is not None and high < low:
            raise ValueError(f"is below low ({low})")
        return high


class ConfidenceLevel(Strict):
    """A confidence level (low, moderate, high) with the words and meaning readers are given."""

    id: Id
    term: Localized
    meaning: Localized
    min_reliability: Reliability | None = Field(
        None, description="a judgement at this level rests on at least one source rated this reliable or better (A best)")


class Yardstick(Strict):
    """``content/yardstick.yaml``: the one published probability yardstick and the confidence
    levels that every key judgement is stated in."""

    name: Localized
    reference: str = Field(description="the publication the terms come from")
    reference_language: LangCode | None = Field(
        None, description="the language the publication is written in: its words keep that language's punctuation")
    likelihood: list[LikelihoodTerm] = Field(min_length=2)
    confidence: list[ConfidenceLevel] = Field(min_length=1)


class Basis(Strict):
    """The items a judgement rests on, by collection: each must be known to the edition."""

    events: list[Id] = Field(default_factory=list)
    context: list[Id] = Field(default_factory=list)
    figures: list[Id] = Field(default_factory=list)
    systems: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> "Basis":
        if not (self.events or self.context or self.figures or self.systems):
            raise ValueError("a judgement rests on at least one event, context statement, figure or system")
        return self


class Judgement(Strict):
    """An assessed statement of the analyst: a likelihood in the yardstick's terms, a
    confidence level, the items it rests on, indicators to watch, and why it changed since
    the previous edition's judgement with the same id."""

    id: Id
    statement: Localized
    likelihood: Id
    confidence: Id
    basis: Basis
    indicators: list[Localized] = Field(default_factory=list)
    change: Localized | None = None
    note: str | None = None


class DroppedJudgement(Strict):
    """A judgement of the previous edition that this one does not carry on, and why: the
    readers of that edition are told it was dropped, not left to notice it is gone."""

    id: Id
    why: Localized


class Point(Strict):
    """A key point or outlook paragraph of an edition.

    In the Outlook (the analyst's section) a point is one statement: a cited one restates
    reporting and shows its citation and inference marks; an uncited one is the analyst's
    judgement. ``continues`` runs it on in the previous point's paragraph."""

    text: Localized
    cites: list[Cite] = Field(default_factory=list)
    inferences: Inferences
    continues: Flag = Field(default=False, description="outlook only: run on in the previous point's paragraph")


class Edition(Strict):
    period: PeriodField
    issue: Annotated[int, Field(ge=1)]
    issued: Day
    title: Localized
    summary: Localized | None = None
    judgements: list[Judgement] = Field(default_factory=list)
    dropped: list[DroppedJudgement] = Field(
        default_factory=list, description="the previous edition's judgements not carried on, each with why")
    key_points: list[Point] = Field(min_length=1)
    outlook: list[Point] = Field(min_length=1)
    developments: list[Id] | None = Field(default=None, description="event ids; default: events since the previous edition")
    draft: Flag = False


class ProjectSettings(Strict):
    """``content/project.yaml``: the publication and its languages."""

    name: Localized
    publisher: Localized
    languages: list[LangCode] = Field(min_length=1)
    locales: dict[LangCode, str]
    subject: Localized
    keywords: Localized = Field(default_factory=dict)
    self_partner: Id = Field(description="the partner id of the country the briefing is about")
