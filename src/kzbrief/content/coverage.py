"""Source coverage: which sentences of each source some item cites, or marks as carrying no fact."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from .model import LoadedSource, Project, normalise_text, walk
from .schema import Cite

_SPLIT = re.compile(r"(?<=[.!?…])[\"»”’)\]]*\s+(?=[^\s])")


def sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) spans in the normalised text: lines, then sentence ends."""
    out = []
    norm = normalise_text(text)
    # lines first (headlines and captions have no final stop), then sentence punctuation
    offset = 0
    for line in text.splitlines():
        line_norm = normalise_text(line)
        if not line_norm:
            continue
        pos = norm.find(line_norm, offset)
        if pos < 0:
            continue
        start = 0
        for match in _SPLIT.finditer(line_norm):
            piece = line_norm[start:match.start()].strip()
            if len(piece) > 1:
                out.append((pos + start, pos + match.start(), piece))
            start = match.end()
        piece = line_norm[start:].strip()
        if len(piece) > 1:
            out.append((pos + start, pos + len(line_norm), piece))
        offset = pos + len(line_norm)
    return out


def all_cites(project: Project) -> Iterator[Cite]:
    for _kind, _key, item, _origin in project.items():
        for found in walk(item):
            if isinstance(found.value, Cite):
                yield found.value


@dataclass
class SourceCoverage:
    source: LoadedSource
    total: int = 0
    cited: int = 0
    marked: int = 0
    uncovered: list[str] = field(default_factory=list)
    citing_items: int = 0

    @property
    def share(self) -> float:
        return (self.cited + self.marked) / self.total if self.total else 1.0


def _spans(norm: str, quote: str) -> list[tuple[int, int]]:
    q = normalise_text(quote)
    spans, start = [], norm.find(q)
    while start >= 0 and q:
        spans.append((start, start + len(q)))
        start = norm.find(q, start + 1)
    return spans


def coverage(project: Project) -> list[SourceCoverage]:
    quotes: dict[str, list[str]] = {}
    for cite in all_cites(project):
        quotes.setdefault(cite.source, []).append(cite.quote)
    report = []
    for source in project.sources.values():
        norm = source.normalised
        cited_spans = [s for q in quotes.get(source.id, []) for s in _spans(norm, q)]
        marked_spans = [s for m in source.meta.non_factual for s in _spans(norm, m.quote)]
        result = SourceCoverage(source, citing_items=len(quotes.get(source.id, [])))
        for start, end, text in sentences(source.text):
            result.total += 1
            if any(a < end and start < b for a, b in cited_spans):
                result.cited += 1
            elif any(a < end and start < b for a, b in marked_spans):
                result.marked += 1
            else:
                result.uncovered.append(text)
        report.append(result)
    return report
