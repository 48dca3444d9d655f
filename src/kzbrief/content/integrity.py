"""Source integrity: every source text is verified against the SHA-256 recorded in its metadata.

The hash covers the text file's exact bytes (not the normalised text quotes are matched in),
so any edit at all is seen. It is computed by the loader from the one read of each file, so
the check costs one hash per source. A source made from a web page, a PDF or a DOCX keeps
that original beside its text, with its own hash: it is verified too, since it is what the
text can be extracted from again. A legitimate change goes through
``kzbrief sources update`` (``sourceupdate.py``), which records the new hash and the date.
"""

from __future__ import annotations

import hashlib
from typing import Iterator

from ..errors import Problem, relpath
from ..files import FileRefused, read_confined
from .model import LoadedSource, Origin, Project, walk
from .schema import Cite


def cites_of(project: Project, source_id: str) -> Iterator[tuple[str, str, Origin, tuple, Cite]]:
    """(collection, id, origin, field path, cite) for every citation of one source."""
    for kind, key, item, origin in project.items():
        for found in walk(item):
            if isinstance(found.value, Cite) and found.value.source == source_id:
                yield kind, key, origin, found.path, found.value


def citing_items(project: Project, source_id: str) -> list[str]:
    """``kind:id`` of each item that cites the source, in the order items are reported."""
    return list(dict.fromkeys(f"{kind}:{key}" for kind, key, *_ in cites_of(project, source_id)))


def editions_knowing(project: Project, source: LoadedSource) -> list[str]:
    """The editions whose outputs depend on the source (the rule of ``EditionView.sources``)."""
    return [p for p in project.periods() if source.known_at(project.editions[p].issued.start())]


def _uses(project: Project, source: LoadedSource) -> str:
    items = citing_items(project, source.id)
    editions = editions_knowing(project, source)
    return (f"cited by {', '.join(items) if items else 'no item'}; "
            f"used by edition(s) {', '.join(editions) if editions else 'none'}")


def integrity_problems(project: Project) -> list[Problem]:
    """A source without a recorded hash, or whose text no longer has it, is a content error
    naming the source's metadata file and line, and what the change would affect."""
    problems = []
    for source in project.sources.values():
        origin, recorded = source.origin, source.meta.sha256
        text = relpath(source.text_path, project.root)
        if recorded is None:
            problems.append(Problem(origin.path, origin.line, "sha256",
                                    f"no hash recorded for {text}: check the text, then record it with "
                                    f"`kzbrief sources update {source.id}` ({_uses(project, source)})"))
        elif recorded != source.digest:
            problems.append(Problem(origin.path, origin.line_of("sha256"), "sha256",
                                    f"{text} has changed since its hash was recorded ({_uses(project, source)}); "
                                    f"restore the text, or record the outlet's correction with "
                                    f"`kzbrief sources update {source.id}`"))
    return problems


def original_problems(project: Project) -> list[Problem]:
    """The original file of an extracted source must be there, inside the library, with the
    bytes its hash was recorded from."""
    problems = []
    library = project.root / "content" / "sources"
    for source in project.sources.values():
        extraction = source.meta.extraction
        if extraction is None:
            continue
        origin, path = source.origin, source.text_path.parent / extraction.original
        name = relpath(path, project.root)
        try:
            digest = hashlib.sha256(read_confined(path, library)).hexdigest()
        except FileNotFoundError:
            problems.append(Problem(origin.path, origin.line_of("extraction", "original"), "extraction.original",
                                    f"{name} is missing: restore the original the text was extracted from, or "
                                    f"record a new one with `kzbrief sources update {source.id} FILE`"))
            continue
        except FileRefused as exc:
            problems.append(Problem(origin.path, origin.line_of("extraction", "original"), "extraction.original",
                                    f"{name}: {exc.reason}"))
            continue
        if digest != extraction.original_sha256:
            problems.append(Problem(origin.path, origin.line_of("extraction", "original_sha256"),
                                    "extraction.original_sha256",
                                    f"{name} has changed since its hash was recorded: restore it, or record the "
                                    f"outlet's new file with `kzbrief sources update {source.id} FILE`"))
    return problems
