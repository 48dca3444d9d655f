"""The command line: thin commands over the library (validate, build, status, sources, doctor)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .console import echo
from .errors import ContentError, KzbriefError, UsageError, relpath

ROOT_OPTION = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                           show_default=True, help="Project folder holding content/ and templates/.")


def _fail(exc: KzbriefError) -> None:
    if isinstance(exc, ContentError):
        for problem in exc.problems:
            echo(str(problem), err=True)
        command = click.get_current_context(silent=True)
        building = command is not None and command.info_name == "build"
        echo(f"{len(exc.problems)} problem(s) found{'; nothing was built' if building else ''}.", err=True)
        sys.exit(1)
    if isinstance(exc, UsageError):
        echo(f"Error: {exc}", err=True)
        sys.exit(2)
    echo(f"error: {exc}", err=True)
    sys.exit(1)


def _load(root: Path):
    """Load and validate; problems are reported by the group (KzbriefGroup)."""
    from .content import load_project

    return load_project(root)


def _periods(period: str | None):
    if period is None:
        return None
    return "all" if period == "all" else [period]


class KzbriefGroup(click.Group):
    """Every command's errors become clean messages and an exit code, in one place: content and
    build problems (1), usage (2), and OS errors such as an output folder that is not writable."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KzbriefError as exc:
            _fail(exc)
        except OSError as exc:
            echo(f"error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
            sys.exit(1)


OUT_OPTION = click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                          help="Output folder; default ROOT/build.")


@click.group(cls=KzbriefGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kzbrief")
def cli() -> None:
    """Build the monthly Kazakhstan defence-partnerships briefing (FR/EN, PDF/DOCX)."""


@cli.command()
@ROOT_OPTION
def validate(root: Path) -> None:
    """Check the whole content tree and report every problem as path:line: field: message."""
    from .content.validate import all_placeholders
    from .progress import working
    from .translation import track_new_texts

    with working("validating the content…"):
        project = _load(root)
    track_new_texts(project)
    echo(f"ok: {len(project.sources)} sources, {len(project.events)} events, {len(project.figures)} figures, "
               f"{len(project.editions)} editions")
    todo = all_placeholders(project)
    if todo:
        echo(f"{len(todo)} TODO placeholder(s) still to fill before a release (a --draft build shows them):")
        for problem in todo:
            echo(f"  {problem.path}:{problem.line}: {problem.field}")


@cli.command()
@click.argument("period", required=False)
@click.option("--lang", "langs", multiple=True, help="Language to build (repeatable); default: all.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["pdf", "docx", "html"]),
              help="Format to build (repeatable); default: pdf and docx.")
@ROOT_OPTION
@OUT_OPTION
@click.option("--force", is_flag=True, help="Rebuild even outputs that are up to date.")
@click.option("--draft", is_flag=True, help="Build a visibly marked draft.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel workers; default: cores, as many as memory allows.")
@click.option("--wait", is_flag=True, help="Wait for another build on the same folder instead of failing.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", "-v", is_flag=True, help="Print the time of each stage.")
def build(period, langs, formats, root, out, force, draft, jobs, wait, quiet, verbose) -> None:
    """Build PERIOD (YYYY-MM, default: the latest edition) or `all`; only stale outputs are rebuilt."""
    from .build import BuildRequest, run_build
    from .progress import BuildDisplay

    display = BuildDisplay(quiet=quiet)  # live on a terminal, a line per output written otherwise
    request = BuildRequest(root=root, periods=_periods(period), langs=list(langs) or None,
                           formats=list(formats) or None, out=out, force=force, draft=draft, jobs=jobs,
                           progress=display)
    with display:
        report = run_build(request, wait=wait)
    if not quiet and report.skipped:
        echo(f"{len(report.skipped)} output(s) already up to date")
    if verbose:
        for stage, seconds in report.timings.items():
            echo(f"{stage}: {seconds:.2f}s", err=True)


@cli.command()
@click.argument("period", required=False)
@ROOT_OPTION
@OUT_OPTION
def status(period, root, out) -> None:
    """Show each output as up to date, stale (and why) or missing; exit 1 unless all are up to date."""
    from .build import status as get_status

    states = get_status(root, _periods(period), out)
    for state in states:
        echo(f"{state.state:<10} {state.output.path}")
        for reason in state.reasons:
            echo(f"           {reason}")
    sys.exit(0 if all(s.state == "up-to-date" for s in states) else 1)


@cli.command()
@ROOT_OPTION
@OUT_OPTION
def clean(root, out) -> None:
    """Remove cached charts that no built output uses any more (outputs are kept)."""
    from .build import clean_cache

    removed = clean_cache(Path(out) if out else root / "build")
    echo(f"removed {len(removed)} unused cached file(s)")


@cli.group()
def sources() -> None:
    """The source library."""


@sources.command("list")
@ROOT_OPTION
def sources_list(root: Path) -> None:
    """List the sources with date, language, grade and how many items cite them."""
    from .content.coverage import coverage

    from .tables import columns

    project = _load(root)
    rows = []
    for row in sorted(coverage(project), key=lambda r: str(r.source.meta.published)):
        meta = row.source.meta
        lang = meta.language + (f"<{meta.translated_from}" if meta.translated_from else "")
        rows.append([meta.id, meta.published, lang, meta.reliability, f"{row.citing_items} citations",
                     meta.outlet or "-"])
    for line in columns(rows, right=[4]):
        echo(line)


@sources.command("coverage")
@ROOT_OPTION
def sources_coverage(root: Path) -> None:
    """Share of each source's sentences cited (or marked as carrying no fact); lists the rest."""
    from .content.coverage import coverage

    project = _load(root)
    complete = True
    for row in coverage(project):
        echo(f"{row.source.id}: {row.share:.0%} ({row.cited} cited, {row.marked} marked, {row.total} sentences)")
        for sentence in row.uncovered:
            complete = False
            echo(f"    not covered: {sentence}")
    sys.exit(0 if complete else 1)


@sources.command("add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", help="The title as published; default: the one found in the file.")
@click.option("--outlet", help="The publication; default: the one found in a web page.")
@click.option("--date", "date", help="Publication date: YYYY-MM-DD, or YYYY-MM if only the month is known; "
                                     "default: the one found in the file.")
@click.option("--lang", help="Language of the text (fr, en …); default: the one the file declares.")
@click.option("--url", help="Where the article was published; default: the one found in a web page.")
@click.option("--translated-from", help="Original language, for a (machine) translation.")
@click.option("--id", "source_id", help="Stable readable id; default: made from outlet, date and title.")
@click.option("--title-in", "renderings", multiple=True, nargs=2, metavar="LANG TEXT",
              help="The title rendered in a project language (repeatable).")
@click.option("--reliability", default="F", show_default=True, help="Admiralty grade A–F.")
@click.option("--yes", "-y", is_flag=True, help="Write without asking (for scripts).")
@ROOT_OPTION
def sources_add(file, title, outlet, date, lang, url, translated_from, source_id, renderings, reliability, yes,
                root) -> None:
    """Add an article (saved web page, PDF, DOCX or UTF-8 text) to the library: shows the text
    extracted and the metadata found, and writes them (with the original file) once confirmed."""
    from .workflow import prepare_source, write_source

    project = _load(root)
    new = prepare_source(project, file, title=title, outlet=outlet, date=date, lang=lang, url=url,
                         translated_from=translated_from, source_id=source_id,
                         renderings=dict(renderings), reliability=reliability.upper())
    for line in new.summary():
        echo(line)
    if not yes:
        try:
            accepted = click.confirm("Add this source?")
        except click.Abort:  # no answer (end of input)
            accepted = False
        if not accepted:
            echo("nothing was written (--yes adds without asking)")
            sys.exit(1)
    path = relpath(write_source(new), root)
    echo(f"added {path} — now cite it from content items; `kzbrief sources coverage` lists what is not cited yet")


@sources.command("update")
@click.argument("source_id", metavar="ID")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--note", help="Why the text changed (e.g. the outlet corrected a figure).")
@click.option("--date", "date", help="Date of the update, YYYY-MM-DD; default: today.")
@ROOT_OPTION
def sources_update(source_id, file, note, date, root) -> None:
    """Record a corrected text for source ID: from FILE (text, saved web page, PDF or DOCX, read
    as `sources add` reads it), or as already edited in place."""
    from .sourceupdate import update_source

    result = update_source(root, source_id, file, date=date, note=note)
    if not result.changed:
        echo(f"{source_id}: the text already has its recorded hash; nothing to update")
        return
    echo(f"{source_id}: recorded sha256 {result.digest[:12]}…; {result.checked} citation(s) checked again")
    for problem in result.broken:
        echo(f"no longer matches: {problem}", err=True)
    if result.editions:
        echo(f"outputs of edition(s) {', '.join(result.editions)} are now stale "
                   "(`kzbrief status all` lists them, `kzbrief build all` rebuilds them)")
    sys.exit(1 if result.broken else 0)


@sources.command("find")
@click.argument("phrase")
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Search only this source (repeatable).")
@click.option("--sentence", is_flag=True, help="Quote the whole sentence around each match.")
@click.option("--exact", is_flag=True, help="Only the phrase itself (accents, case, punctuation aside), no near matches.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Most passages to print.")
@ROOT_OPTION
def sources_find(phrase, source_ids, sentence, exact, limit, root) -> None:
    """Find PHRASE in the library's source texts; print ready-to-paste `cites:` entries."""
    from .analyst import find_lines
    from .console import emit

    lines, found = find_lines(root, phrase, list(source_ids), sentence=sentence, near=not exact, limit=limit)
    emit(lines)
    if not found:
        echo(f"no passage matches {phrase!r}", err=True)
        sys.exit(1)


@cli.command()
@click.argument("item", required=False)
@click.option("--problems", "problems", is_flag=True, help="Show every item that has a problem.")
@ROOT_OPTION
def show(item, problems, root) -> None:
    """Show ITEM (KIND:ID or ID) as needed to fix it: texts, cited passages in context, support."""
    from .analyst import show as show_lines
    from .console import emit

    if (item is None) == (not problems):
        raise UsageError("give an ITEM (such as events:anka-delivery) or --problems")
    lines, any_problem = show_lines(root, item, problems)
    emit(lines)
    sys.exit(1 if any_problem else 0)


@cli.command()
@click.argument("period")
@ROOT_OPTION
def new(period, root) -> None:
    """Start the edition for PERIOD (YYYY-MM): the month's new events listed, placeholders to fill."""
    from .workflow import new_edition

    project = _load(root)
    path = new_edition(project, period)
    echo(f"wrote {path} — fill the TODO placeholders; build with --draft to preview")


@cli.group()
def i18n() -> None:
    """Translation catalogues and the state of each language."""


@i18n.command("extract")
@ROOT_OPTION
def i18n_extract(root: Path) -> None:
    """Write templates/locale/kzbrief.pot from the code, the templates and the closed value sets."""
    from .translation import extract

    echo(f"wrote {extract(root / 'templates')}")


@i18n.command("update")
@ROOT_OPTION
def i18n_update(root: Path) -> None:
    """Append the template's new ids, untranslated, to each language's catalogue (nothing else changes)."""
    from .translation import update

    project = _load(root)
    for result in update(root / "templates", project.languages):
        if result.added:
            echo(f"updated {result.path}: {len(result.added)} new id(s) to translate: {', '.join(result.added)}")
        else:
            echo(f"unchanged {result.path}")
        for key in result.obsolete:
            echo(f"  no longer used: {key} (delete it from the catalogue when you like)")


@i18n.command("compile")
@ROOT_OPTION
@OUT_OPTION
def i18n_compile(root: Path, out: Path | None) -> None:
    """Compile each .po into OUT/locale/LANG/LC_MESSAGES/*.mo (kzbrief itself reads the .po files)."""
    from .translation import compile_catalogues

    project = _load(root)
    for path in compile_catalogues(root / "templates", project.languages, out or root / "build"):
        echo(f"wrote {path}")


@i18n.command("status")
@ROOT_OPTION
def i18n_status(root: Path) -> None:
    """Per language: untranslated and fuzzy catalogue entries, content texts missing or to review."""
    from .content.loader import load_project_with_gaps
    from .translation import catalogue_problems, review_problems, track_new_texts

    project, missing = load_project_with_gaps(root)
    track_new_texts(project)
    complete = True
    for lang in project.languages:
        catalogue = catalogue_problems(root / "templates", lang, root)
        content = [p for p in missing if f"'{lang}'" in p.message]
        review = review_problems(project, lang)
        state = "complete" if not (catalogue or content or review) else "incomplete"
        complete &= state == "complete"
        echo(f"{lang}: {state} — {len(catalogue)} catalogue entr{'y' if len(catalogue) == 1 else 'ies'} "
                   f"to translate, {len(content)} content text(s) missing, {len(review)} to review")
        for problem in [*catalogue, *content, *review]:
            echo(f"  {problem}")
    sys.exit(0 if complete else 1)


@i18n.command("confirm")
@click.argument("keys", nargs=-1)
@ROOT_OPTION
def i18n_confirm(keys, root: Path) -> None:
    """Mark texts as reviewed translations of each other (KEYS like events:anka-agreement; none: all)."""
    from .translation import confirm

    project = _load(root)
    count = confirm(project, keys or None)
    echo(f"confirmed {count} text(s)")


@cli.command()
def doctor() -> None:
    """Check what the tool needs beyond pip (Pango for WeasyPrint) and what the tests use."""
    import shutil

    problems = 0
    try:
        from .writers import weasy  # the import loads Pango/HarfBuzz through cffi

        echo(f"ok: WeasyPrint {weasy.version} with Pango")
    except (ImportError, OSError) as exc:
        problems += 1
        echo(f"missing: WeasyPrint cannot load Pango ({exc}); install Debian's libpango-1.0-0 "
                   "and libpangoft2-1.0-0 (apt-get install libpango-1.0-0 libpangoft2-1.0-0)", err=True)
    else:
        if weasy.subsetter() == "harfbuzz":
            echo("ok: HarfBuzz subsetter")
        else:
            echo("note: libharfbuzz-subset not found (Debian package libharfbuzz-subset0); WeasyPrint "
                       "subsets fonts with fontTools (slower, same bytes on every build)")
    for tool, package, use in (("pdftoppm", "poppler-utils", "page images in tests"),
                               ("soffice", "libreoffice-writer", "the DOCX conversion test"),
                               ("chromium", "chromium", "the web edition browser test")):
        if shutil.which(tool):
            echo(f"ok: {tool}")
        else:
            echo(f"note: {tool} not found (Debian package {package}, used for {use}; tests skip without it)")
    sys.exit(1 if problems else 0)


def main() -> None:
    cli.main(prog_name="kzbrief")
