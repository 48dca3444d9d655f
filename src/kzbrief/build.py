"""Orchestration: which outputs are stale, build them (in parallel), write them atomically.

Policy lives here (Sphinx's builders): the writers only turn a Document into bytes. A failed
render never replaces a previous output, and no temporary file survives a failure.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from .content import Project, load_project
from .content.dates import Period
from .content.validate import placeholders
from .deps import (cached_files_in_use, content_dependencies, dependencies, describe_changes, parse_record,
                   sha, stamp_bytes, stamp_path)
from .document.view import EditionView
from .errors import BuildError, ContentError, KzbriefError, UsageError, relpath
from .files import FileRefused, damaged_cache_files, manifest_path, read_regular, write_atomic
from . import pool
from .revisions import read_log, revisions_of
from .revisions import record as record_revisions
from .workers import default_jobs

DEFAULT_FORMATS = ("pdf", "docx")
#: An output is hashed to check it against its build record; no briefing comes near this.
MAX_OUTPUT_BYTES = 512 * 1024 * 1024


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
    (``queued``, ``charts``, ``assembling``, ``rendering``, ``written``), or a ``note`` to the
    editor about one edition and language (``message``: a chart left out, and why). Crosses
    process boundaries, so a display in the main process can follow workers."""

    stage: str
    period: str | None = None
    lang: str | None = None
    fmt: str | None = None
    path: Path | None = None
    message: str | None = None


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
    record = parse_record(stamp_path(output.path))
    if record is None:
        return OutputState(output, "stale", ["no build record (missing or damaged)"])
    try:
        intact = sha(read_regular(output.path, MAX_OUTPUT_BYTES)) == record.output_sha256
    except (OSError, FileRefused):
        intact = False
    if not intact:
        return OutputState(output, "stale", ["the file differs from what was built (damaged or edited)"])
    changes = describe_changes(record.deps, now)
    return OutputState(output, "stale" if changes else "up-to-date", changes)


def status(root: Path, periods, out: Path | None = None, langs=None, formats=None) -> list[OutputState]:
    project = load_project(root)
    out = Path(out) if out else root / "build"
    outputs = plan(project, BuildRequest(root=root, periods=periods, langs=langs, formats=formats), out)
    now = current_dependencies(project, outputs, templates_dir(root))
    return [state_of(o, now[o]) for o in outputs]


# ---------------------------------------------------------------- writing
#: The descriptor of the lock this process holds, so forked workers can let go of their copy.
_held_lock: int | None = None


@contextlib.contextmanager
def build_lock(out: Path, wait: bool = False) -> Iterator[None]:
    """One build at a time per output folder; a second one fails at once (or waits).

    The lock is the kernel's (``flock``): it dies with the process that holds it, so a build
    killed by the OOM killer or a closed terminal leaves no stale lock behind — provided no
    worker keeps a copy of it, which ``_worker_start`` sees to. The file names the holder.
    """
    global _held_lock
    out.mkdir(parents=True, exist_ok=True)
    lock_file = out / ".kzbrief.lock"
    with open(lock_file, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read(20).strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise BuildError(f"{out}: another kzbrief build{who} is running on this folder "
                             "(use --wait to queue)") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        _held_lock = fh.fileno()
        try:
            remove_stale_temporaries(out)
            yield
        finally:
            _held_lock = None
            fcntl.flock(fh, fcntl.LOCK_UN)


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Temporary files a killed build left beside its outputs (``write_atomic``'s ``.*.tmp``).

    Called with the lock held, so no running build can own them.
    """
    found = [p for pattern in (".*.tmp", "*/.*.tmp", ".cache/*/.*.tmp") for p in out.glob(pattern)]
    for path in found:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return found


def _worker_start(main: int, steps=None, inherited: pool.Inherited | None = None) -> None:
    """Tie a worker's life to the build that started it, drop its copy of the lock, and send
    its steps through ``steps`` (the queue the main process reads).

    Linux kills the worker the moment its parent dies (``PR_SET_PDEATHSIG``); a watchdog
    thread also ends it as soon as the main process is gone (``pool.die_with``: a worker of the
    fork server has the server for parent, and the server lives on while its workers do).
    Either way no orphan keeps working, or keeps the build lock, after the build was killed. A
    worker forked from the fork server takes the main process's directory, environment and
    path (``inherited``).
    """
    if inherited is not None:
        inherited.apply()
    parent = pool.expected_parent(main)
    if steps is not None:
        _report_to(steps)
    if _held_lock is not None:
        with contextlib.suppress(OSError):
            os.close(_held_lock)
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    pool.die_with(main, parent)


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
    charts_for: tuple[str, ...] = ()  # formats whose chart files this job draws (default: its own)

    @property
    def chart_kinds(self) -> tuple[str, ...]:
        """The chart file kinds this job draws (those of ``charts_for``, else of its formats)."""
        return chart_kinds_of(self.charts_for or self.deps)


#: The order formats are queued in on a pool: longest first, so a worker that finishes its PDF
#: early takes another language's DOCX instead of idling while the longest PDF is laid out.
FORMAT_ORDER = {"pdf": 0, "html": 1, "docx": 2}

#: The chart files each format reads (the PDF and the web page draw the SVG, the DOCX the PNG).
CHART_KINDS = {"pdf": "svg", "html": "svg", "docx": "png"}


def format_rank(fmt: str) -> int:
    return FORMAT_ORDER.get(fmt, len(FORMAT_ORDER))


def chart_kinds_of(formats) -> tuple[str, ...]:
    """The chart file kinds some formats read, in the order the longest format wants them."""
    return tuple(dict.fromkeys(CHART_KINDS.get(fmt, "svg") for fmt in sorted(formats, key=format_rank)))


def one_format_each(jobs: list[_Job]) -> list[_Job]:
    """Split each job into one job per format, longest formats first, for a pool of workers.

    With one job per edition and language, a two-language build leaves one core idle while the
    longer language's PDF finishes; split, the worker done first renders the other language's
    DOCX. Each job assembles the same document model (deterministic, ~0.05 s). The first job
    of an edition and language draws the chart files of all its formats, the figure laid out
    once for both kinds; the later ones find them cached (a later job started before they
    exist, on an otherwise idle worker, draws only its own kind).
    """
    split = []
    for job in jobs:
        formats = sorted(job.deps, key=format_rank)
        split += [replace(job, deps={fmt: job.deps[fmt]}, charts_for=tuple(formats) if n == 0 else ())
                  for n, fmt in enumerate(formats)]
    return sorted(split, key=lambda job: format_rank(next(iter(job.deps))))


def _render_group(job: _Job) -> dict[str, float]:
    """Build one edition in one language, in every requested format (runs in a worker).

    Anything unexpected becomes a BuildError naming the edition, language and stage (format),
    and the template file and line when a template failed, so the command line prints one
    clear line instead of a traceback; outputs already in place are untouched.
    """
    return _render_group_unchecked(job)


@contextlib.contextmanager
def _stage(job: _Job, name: str) -> Iterator[None]:
    """Errors of one stage of a render, told with where they happened."""
    where = f"{job.period} {job.lang} {name}"
    try:
        yield
    except ContentError:
        raise
    except KzbriefError as exc:
        raise BuildError(f"{where}: {exc}") from None
    except OSError as exc:
        raise BuildError(f"{where}: cannot write {exc.filename or 'a file'}: {exc.strerror or exc}") from None
    except Exception as exc:  # noqa: BLE001 - reported, not hidden
        said = " ".join(str(exc).split())  # one line, whatever the library's message looks like
        raise BuildError(f"{where}: {template_location(exc, job.project.root)}{type(exc).__name__}: {said}") from None


def template_location(exc: BaseException, root: Path) -> str:
    """``templates/x.html.j2:12: `` for an error raised by (or while parsing) a template, else ''.

    Jinja2 rewrites tracebacks so that template frames carry the template's file and line.
    """
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f"{relpath(Path(exc.filename), root)}:{exc.lineno}: "
    found = ""
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".html", ".css")):
            found = f"{relpath(Path(name), root)}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return found


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
    with _stage(job, "charts"):
        i18n = I18n.load(templates, job.lang, project.settings.locales.get(job.lang, job.lang), fallback)
        charts = draw_charts(view, i18n, out / ".cache" / "charts", job.chart_kinds)
    timings["charts"] = time.perf_counter() - started
    step("assembling")
    with _stage(job, "assembly"):
        doc = assemble(view, i18n, charts, draft=job.draft, revisions=list(job.revisions))
    for note in doc.editor_notes:  # what the briefing does not print, the editor still learns
        _emit(Progress("note", job.period, job.lang, message=note))
    timings["assemble"] = time.perf_counter() - started - timings["charts"]
    step("waiting")  # each format's turn comes in order
    own = chart_kinds_of(job.deps)  # the kinds its outputs read, for their records
    used = [path.name for c in charts for kind, path in (("svg", c.svg_path), ("png", c.png_path))
            if path and kind in own]
    for fmt, deps in job.deps.items():
        t0 = time.perf_counter()
        target = output_path(out, job.period, job.lang, fmt)
        step("rendering", fmt)
        with _stage(job, fmt):
            if fmt == "pdf":
                from .writers.pdf import render_pdf

                data_json = json.dumps(edition_data(view, job.lang), sort_keys=True, ensure_ascii=False,
                                       indent=1).encode()
                data = render_pdf(doc, templates, [project.root, out],
                                  [(f"kzbrief-{job.period}-{job.lang}-data.json", data_json,
                                    "content used by this edition")])
            elif fmt == "docx":
                from .writers.docx import render_docx

                data = render_docx(doc, templates / "reference.docx", [project.root, out])
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
    # the renderers are imported in the fork server while the content loads
    preloaded = will_render_in_a_pool(request, out) and pool.prestart()
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
        workers = max(1, min(request.jobs or default_jobs(), len(report.built)))
        if workers > 1:
            jobs = one_format_each(jobs)
        for job, timings in _run_jobs(jobs, workers, progress, preloaded):
            for stage, seconds in timings.items():
                key = f"{job.period}/{job.lang}/{stage}"
                report.timings[key] = report.timings.get(key, 0.0) + seconds
    report.timings["total"] = time.perf_counter() - started
    return report


def will_render_in_a_pool(request: BuildRequest, out: Path) -> bool:
    """Whether a build is sure, before loading anything, to render with several workers: forced,
    or nothing built yet. A build that may be up to date decides after planning (a no-op build
    starts no process and imports no renderer); so does a build of one output, rendered in
    this process. Languages not named are counted as two, the bundled project's."""
    if request.jobs == 1 or (out.is_dir() and not request.force):
        return False
    periods = 1 if request.periods is None else 2 if isinstance(request.periods, str) else len(request.periods)
    langs = len(request.langs) if request.langs else 2
    outputs = periods * langs * len(request.formats or DEFAULT_FORMATS)
    return outputs > 1 and (request.jobs or default_jobs()) > 1


def _run_jobs(jobs: list[_Job], workers: int, progress: Callable[[Progress], None],
              preloaded: bool = False) -> Iterator[tuple[_Job, dict]]:
    """Render the jobs, in this process or in a pool (of the preloaded fork server's workers if
    ``preloaded``), passing their steps to ``progress`` as they happen (not when the job ends);
    the first failure stops the rest."""
    global _emit
    if workers == 1:
        _emit = progress
        try:
            for job in jobs:
                yield job, _render_group(job)
        finally:
            _emit = lambda event: None  # noqa: E731
        return
    import queue as queues
    from concurrent.futures import FIRST_COMPLETED
    from concurrent.futures import wait as wait_for

    ctx = pool.context(preloaded)
    steps = ctx.Queue()
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

    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_start,
                             initargs=(os.getpid(), steps, pool.Inherited.now())) as executor:
        try:
            futures = {executor.submit(_render_group, job): job for job in jobs}
            pending = set(futures)
            while pending:
                done, pending = wait_for(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                relay(0)
                for future in done:
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        names = ", ".join(dict.fromkeys(f"{j.period} {j.lang} {'/'.join(j.deps)}"
                                                        for f, j in futures.items()
                                                        if not f.done() or f.exception() is not None))
                        raise BuildError(f"a build worker stopped abruptly (killed, or out of memory?) while building "
                                         f"{names}; their previous outputs are untouched: run the build again") from None
                    yield futures[future], result
            deadline = time.monotonic() + 5  # the workers' last steps may still be in the queue
            while written < expected and time.monotonic() < deadline:
                relay(0.1)
        finally:
            executor.shutdown(cancel_futures=True)
            steps.close()


def refuse_unfinished(project: Project, templates: Path, periods: set[str], langs: set[str]) -> None:
    """A release build publishes nothing with placeholders, untranslated labels (of the
    languages it writes) or translations waiting for review (in any language); every such
    problem is named at once."""
    from .translation import catalogue_problems, review_problems

    unfinished = [p for period in sorted(periods) for p in placeholders(project, period)]
    for lang in sorted(langs):
        unfinished += catalogue_problems(templates, lang, project.root)
    # a pair of texts waiting for review blocks every language of it, not just the one with
    # stale outputs: after only the English changed, the French is the text to review
    unfinished += review_problems(project)
    if unfinished:
        raise ContentError(unfinished)


def clean_cache(out: Path) -> list[Path]:
    """Remove cached charts that no output's build record uses any more, and cache files no
    intact manifest vouches for (damaged, or half-written by a killed build)."""
    cache = out / ".cache" / "charts"
    if not cache.is_dir():
        return []
    with build_lock(out):
        used = cached_files_in_use(out)
        used |= {manifest_path(Path(name)).name for name in used}
        damaged = set(damaged_cache_files(cache))
        removed = [p for p in sorted(cache.iterdir()) if p.is_file() and (p.name not in used or p in damaged)]
        for path in removed:
            path.unlink()
    return removed
