"""Orchestration: which outputs are stale, build them (in parallel), write them atomically.

Policy lives here (Sphinx's builders): the writers only turn a Document into bytes. A failed
render never replaces a previous output, and no temporary file survives a failure.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .content import Project, load_project
from .content.dates import Period
from .content.validate import placeholders
from .deps import (cached_files_in_use, sha, content_dependencies, dependencies, describe_changes, read_stamp,
                   stamp_bytes, stamp_path)
from .document.view import EditionView
from .errors import BuildError, ContentError, KzbriefError, UsageError
from .files import write_atomic
from .revisions import read_log, revisions_of
from .revisions import record as record_revisions
from .workers import default_jobs

DEFAULT_FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Output:
    period: str
    lang: str
    fmt: str
    path: Path


@dataclass
class OutputState:
    output: Output
    state: str  # up-to-date | stale | missing
    reasons: list[str] = field(default_factory=list)


@dataclass
class BuildRequest:
    root: Path | str = "."
    periods: list[str] | str | None = None  # None: latest; "all"; or a list of YYYY-MM
    langs: list[str] | None = None
    formats: list[str] | None = None
    out: Path | str | None = None
    force: bool = False
    draft: bool = False
    jobs: int | None = None
    #: called in this process with each step of the build, as it happens (see ``Progress``)
    progress: Callable[[Progress], None] | None = None


@dataclass(frozen=True)
class Progress:
    """One step of a build: the whole build's (``validating``, ``planning``) or one output's
    (``queued``, ``charts``, ``assembling``, ``rendering``, ``written``). Crosses process
    boundaries, so a display in the main process can follow workers."""

    stage: str
    period: str | None = None
    lang: str | None = None
    fmt: str | None = None
    path: Path | None = None


#: Where a job reports its steps: the caller's callback (one process) or a queue to it (workers).
_emit: Callable[[Progress], None] = lambda event: None  # noqa: E731


def _report_to(queue) -> None:
    """Worker initialiser: steps go through the queue the main process reads."""
    global _emit
    _emit = queue.put


@dataclass
class BuildReport:
    built: list[Output] = field(default_factory=list)
    skipped: list[Output] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def output_path(out: Path, period: str, lang: str, fmt: str) -> Path:
    return out / period / f"kzbrief-{period}-{lang}.{fmt}"


def resolve_periods(project: Project, periods: list[str] | str | None) -> list[str]:
    available = project.periods()
    if not available:
        raise UsageError("the content has no edition (add one under content/editions/)")
    if periods is None or periods == []:
        return [available[-1]]
    if periods == "all" or periods == ["all"]:
        return available
    chosen = []
    for text in ([periods] if isinstance(periods, str) else periods):
        try:
            key = str(Period.parse(text))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if key not in project.editions:
            raise UsageError(f"no edition for {key} (editions: {', '.join(available)})")
        chosen.append(key)
    return chosen


def plan(project: Project, request: BuildRequest, out: Path) -> list[Output]:
    langs = request.langs or project.languages
    for lang in langs:
        if lang not in project.languages:
            raise UsageError(f"unknown language {lang!r} (the project has {', '.join(project.languages)})")
    formats = request.formats or list(DEFAULT_FORMATS)
    return [Output(p, lang, fmt, output_path(out, p, lang, fmt))
            for p in resolve_periods(project, request.periods) for lang in langs for fmt in formats]


def templates_dir(root: Path) -> Path:
    return root / "templates"


def current_dependencies(project: Project, outputs: list[Output], templates: Path,
                         draft: bool = False, log: dict | None = None) -> dict[Output, dict[str, str]]:
    """What each output would be built from now. The content is hashed once per edition and
    language, whatever the number of formats. A release output also depends on its edition's
    revisions (``log``: the revisions log; read from the content when not given)."""
    log = read_log(project.root) if log is None else log
    views: dict[str, EditionView] = {}
    content: dict[tuple[str, str], dict[str, str]] = {}
    found = {}
    for output in outputs:
        view = views.setdefault(output.period, EditionView(project, project.editions[output.period]))
        key = (output.period, output.lang)
        if key not in content:
            content[key] = content_dependencies(view, output.lang)
        found[output] = dependencies(view, output.lang, output.fmt, templates, draft, content[key])
        revised = revisions_of(log, output.period, output.lang)
        if revised and not draft:
            found[output]["revisions"] = sha(json.dumps([r.to_json() for r in revised], sort_keys=True))
    return found


def state_of(output: Output, now: dict[str, str]) -> OutputState:
    """Compare an output's build record with what it would be built from now."""
    if not output.path.exists():
        return OutputState(output, "missing")
    old = read_stamp(output.path)
    if old is None:
        return OutputState(output, "stale", ["no build record"])
    changes = describe_changes(old, now)
    return OutputState(output, "stale" if changes else "up-to-date", changes)


def status(root: Path, periods, out: Path | None = None, langs=None, formats=None) -> list[OutputState]:
    project = load_project(root)
    out = Path(out) if out else root / "build"
    outputs = plan(project, BuildRequest(root=root, periods=periods, langs=langs, formats=formats), out)
    now = current_dependencies(project, outputs, templates_dir(root))
    return [state_of(o, now[o]) for o in outputs]


# ---------------------------------------------------------------- writing
@contextlib.contextmanager
def build_lock(out: Path, wait: bool = False) -> Iterator[None]:
    """One build at a time per output folder; a second one fails at once (or waits)."""
    out.mkdir(parents=True, exist_ok=True)
    lock_file = out / ".kzbrief.lock"
    with open(lock_file, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise BuildError(f"{out}: another kzbrief build is running on this folder (use --wait to queue)") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class _Job:
    """One edition in one language, in the formats that are stale, with what they depend on."""

    project: Project
    out: Path
    period: str
    lang: str
    deps: dict[str, dict[str, str]]  # format → dependencies, computed when staleness was decided
    draft: bool
    revisions: tuple = ()  # Revision records of this edition and language, oldest first


def _render_group(job: _Job) -> dict[str, float]:
    """Build one edition in one language, in every requested format (runs in a worker).

    Anything unexpected becomes a BuildError naming the edition and language, so the command
    line prints one clear line instead of a traceback; outputs already in place are untouched.
    """
    try:
        return _render_group_unchecked(job)
    except KzbriefError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported, not hidden
        raise BuildError(f"{job.period} {job.lang}: {type(exc).__name__}: {exc}") from None


def _render_group_unchecked(job: _Job) -> dict[str, float]:
    import json

    from .charts import draw_charts
    from .document.assemble import assemble
    from .deps import edition_data
    from .i18n import I18n

    timings: dict[str, float] = {}
    started = time.perf_counter()
    project, out = job.project, job.out

    def step(stage: str, fmt: str | None = None, path: Path | None = None) -> None:
        for each in ([fmt] if fmt else list(job.deps)):
            _emit(Progress(stage, job.period, job.lang, each, path))

    step("charts")
    view = EditionView(project, project.editions[job.period])
    templates = templates_dir(project.root)
    fallback = next((l for l in project.languages if l != job.lang), None) if job.draft else None
    i18n = I18n.load(templates, job.lang, project.settings.locales.get(job.lang, job.lang), fallback)
    charts = draw_charts(view, i18n, out / ".cache" / "charts")
    timings["charts"] = time.perf_counter() - started
    step("assembling")
    doc = assemble(view, i18n, charts, draft=job.draft, revisions=list(job.revisions))
    timings["assemble"] = time.perf_counter() - started - timings["charts"]
    step("waiting")  # each format's turn comes in order
    used = [p.name for c in charts for p in (c.svg_path, c.png_path) if p]
    for fmt, deps in job.deps.items():
        t0 = time.perf_counter()
        target = output_path(out, job.period, job.lang, fmt)
        step("rendering", fmt)
        if fmt == "pdf":
            from .writers.pdf import render_pdf

            data_json = json.dumps(edition_data(view, job.lang), sort_keys=True, ensure_ascii=False, indent=1).encode()
            data = render_pdf(doc, templates, [project.root, out],
                              [(f"kzbrief-{job.period}-{job.lang}-data.json", data_json,
                                "content used by this edition")])
        elif fmt == "docx":
            from .writers.docx import render_docx

            data = render_docx(doc, templates / "reference.docx")
        else:
            from .writers.html import render_html

            data = render_html(doc, templates, [project.root, out]).encode("utf-8")
        write_atomic(target, data)
        write_atomic(stamp_path(target), stamp_bytes(deps, data, used))
        timings[fmt] = time.perf_counter() - t0
        step("written", fmt, target)
    return timings


def run_build(request: BuildRequest, wait: bool = False) -> BuildReport:
    root = Path(request.root)
    out = Path(request.out) if request.out else root / "build"
    templates = templates_dir(root)
    progress = request.progress or (lambda event: None)
    started = time.perf_counter()
    progress(Progress("validating"))
    # every content problem is reported before anything is written
    project = load_project(root, allow_untranslated=request.draft)
    from .translation import track_new_texts

    track_new_texts(project)  # texts seen for the first time are tracked for translation review
    report = BuildReport(timings={"load": time.perf_counter() - started})
    outputs = plan(project, request, out)
    with build_lock(out, wait):
        progress(Progress("planning"))
        # a release build publishes: what changed since an edition was first built is a revision
        log = None if request.draft else record_revisions(project, sorted({o.period for o in outputs}),
                                                          sorted({o.lang for o in outputs}))
        now = current_dependencies(project, outputs, templates, request.draft, log)
        todo: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
        for output in outputs:
            if not request.force and state_of(output, now[output]).state == "up-to-date":
                report.skipped.append(output)
                continue
            todo.setdefault((output.period, output.lang), {})[output.fmt] = now[output]
            report.built.append(output)
        if todo and not request.draft:
            refuse_unfinished(project, templates, {p for p, _ in todo}, {l for _, l in todo})
        jobs = [_Job(project, out, p, lang, deps, request.draft,
                     () if request.draft else tuple(revisions_of(log, p, lang))) for (p, lang), deps in todo.items()]
        for output in report.built:
            progress(Progress("queued", output.period, output.lang, output.fmt, output.path))
        workers = max(1, min(request.jobs or default_jobs(), len(jobs)))
        for job, timings in _run_jobs(jobs, workers, progress):
            for stage, seconds in timings.items():
                report.timings[f"{job.period}/{job.lang}/{stage}"] = seconds
    report.timings["total"] = time.perf_counter() - started
    return report


def _run_jobs(jobs: list[_Job], workers: int, progress: Callable[[Progress], None]) -> Iterator[tuple[_Job, dict]]:
    """Render the jobs, in this process or in a pool, passing their steps to ``progress`` as
    they happen (not when the job ends); the first failure stops the rest."""
    global _emit
    if workers == 1:
        _emit = progress
        try:
            for job in jobs:
                yield job, _render_group(job)
        finally:
            _emit = lambda event: None  # noqa: E731
        return
    import multiprocessing
    import queue as queues
    from concurrent.futures import FIRST_COMPLETED
    from concurrent.futures import wait as wait_for

    steps = multiprocessing.get_context().Queue()
    written, expected = 0, sum(len(job.deps) for job in jobs)

    def relay(timeout: float) -> None:
        nonlocal written
        try:
            while True:
                event = steps.get(timeout=timeout)
                written += event.stage == "written"
                progress(event)
                timeout = 0
        except queues.Empty:
            pass

    with ProcessPoolExecutor(max_workers=workers, initializer=_report_to, initargs=(steps,)) as pool:
        try:
            futures = {pool.submit(_render_group, job): job for job in jobs}
            pending = set(futures)
            while pending:
                done, pending = wait_for(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                relay(0)
                for future in done:
                    yield futures[future], future.result()
            deadline = time.monotonic() + 5  # the workers' last steps may still be in the queue
            while written < expected and time.monotonic() < deadline:
                relay(0.1)
        finally:
            pool.shutdown(cancel_futures=True)
            steps.close()


def refuse_unfinished(project: Project, templates: Path, periods: set[str], langs: set[str]) -> None:
    """A release build publishes nothing with placeholders, untranslated labels or translations
    waiting for review; every such problem is named at once."""
    from .translation import catalogue_problems, review_problems

    unfinished = [p for period in sorted(periods) for p in placeholders(project, period)]
    for lang in sorted(langs):
        unfinished += catalogue_problems(templates, lang, project.root) + review_problems(project, lang)
    if unfinished:
        raise ContentError(unfinished)


def clean_cache(out: Path) -> list[Path]:
    """Remove cached charts that no output's build record uses any more."""
    cache = out / ".cache" / "charts"
    if not cache.is_dir():
        return []
    with build_lock(out):
        used = cached_files_in_use(out)
        removed = [p for p in sorted(cache.iterdir()) if p.is_file() and p.name not in used]
        for path in removed:
            path.unlink()
    return removed
