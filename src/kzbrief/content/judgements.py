"""Key judgements across editions: which judgement an edition's judgement follows on from,
and what changed in it. The validator demands an explanation for every change; the
assembler tells readers what changed, from the same comparison."""

from __future__ import annotations

from .dates import Period
from .model import Project
from .schema import DroppedJudgement, Edition, Judgement

#: The parts of a judgement whose change must be explained, in the order they are named.
ASSESSED = ("likelihood", "confidence", "statement")


def previous_judgement(project: Project, period: Period, judgement_id: str) -> tuple[str, Judgement] | None:
    """(period, judgement) of the latest earlier edition's judgement with the same id.

    Only the edition just before counts: a judgement dropped for an issue and taken up again
    is new again, since readers of the previous issue did not see it."""
    found = previous_judgements(project, period)
    if found is None:
        return None
    previous, judgements = found
    return next(((previous, j) for j in judgements if j.id == judgement_id), None)


def differences(before: Judgement, after: Judgement) -> list[str]:
    """The assessed parts that differ: likelihood, confidence, statement (in any language)."""
    return [name for name in ASSESSED if getattr(before, name) != getattr(after, name)]


def previous_judgements(project: Project, period: Period) -> tuple[str, list[Judgement]] | None:
    """(period, judgements) of the edition just before: what readers last saw assessed."""
    previous = project.previous_period(period)
    if previous is None:
        return None
    return previous, project.editions[previous].judgements


def dropped_judgements(project: Project, edition: Edition) -> list[tuple[Judgement, DroppedJudgement]]:
    """The previous edition's judgements an edition drops, each with the edition's reason, in
    the previous edition's order (the order its readers knew them in)."""
    found = previous_judgements(project, edition.period)
    if found is None:
        return []
    reasons = {d.id: d for d in edition.dropped}
    return [(j, reasons[j.id]) for j in found[1] if j.id in reasons]
