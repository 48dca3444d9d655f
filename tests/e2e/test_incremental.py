"""Rebuild exactly what changed (Sphinx's test_incremental_reading, for outputs): edit files in a
copy of a fixture project and check which outputs were rewritten."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from click.testing import CliRunner

from kzbrief.build import BuildRequest, run_build
from kzbrief.cli import cli
from kzbrief.content import load_project
from kzbrief.errors import BuildError, ContentError
from tests.conftest import edit, edit_source, write_source

pytestmark = pytest.mark.slow


def build(root: Path, **kw):
    kw.setdefault("formats", ["html", "docx"])
    return run_build(BuildRequest(root=root, periods="all", jobs=1, **kw))


def inodes(root: Path) -> dict[str, int]:
    """Each output's inode: an atomic rewrite (temp file + rename) gives a new one."""
    return {p.name: p.stat().st_ino for p in (root / "build").rglob("kzbrief-*") if not p.name.startswith(".")}


def rewritten(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(name for name in after if before.get(name) != after[name])


@pytest.fixture
def project(mini):
    build(mini)
    return mini


def test_nothing_changed_rebuilds_nothing(project):
    before = inodes(project)
    report = build(project)
    assert report.built == [] and len(report.skipped) == 8
    assert rewritten(before, inodes(project)) == []


def test_changed_source_is_refused_until_sources_update_then_exactly_its_outputs_rebuild(project, tmp_path):
    before = inodes(project)
    corrected = tmp_path / "beta-corrected.txt"
    corrected.write_text((project / "content/sources/beta.txt").read_text(encoding="utf-8")
                         .replace("On December 9", "On 9 December"), encoding="utf-8")
    edit(project / "content/sources/beta.txt", "On December 9", "On 9 December")  # edited behind the tool's back
    runner = CliRunner()
    for command in (["validate"], ["status", "all"], ["build", "all", "--format", "html", "--format", "docx"]):
        result = runner.invoke(cli, [*command, "--root", str(project)])
        assert result.exit_code == 1, result.output
        assert ("content/sources/beta.yaml:8: sha256: content/sources/beta.txt has changed since its hash was recorded "
                "(cited by events:anka-delivery, editions:2024-12; used by edition(s) 2024-12)") in result.output
    assert rewritten(before, inodes(project)) == []

    result = runner.invoke(cli, ["sources", "update", "beta", str(corrected), "--date", "2025-01-05",
                                 "--note", "the outlet corrected the date format", "--root", str(project)])
    assert result.exit_code == 0, result.output
    assert "outputs of edition(s) 2024-12 are now stale" in result.output
    meta = load_project(project).sources["beta"].meta
    assert [(str(u.date), u.note) for u in meta.updates] == [("2025-01-05", "the outlet corrected the date format")]
    status = runner.invoke(cli, ["status", "all", "--root", str(project)])
    states = {Path(line.split()[1]).name: line.split()[0] for line in status.output.splitlines()
              if line.split()[0] in ("stale", "up-to-date")}  # status looks at pdf and docx; pdf were never built
    assert states == {"kzbrief-2024-11-fr.docx": "up-to-date", "kzbrief-2024-11-en.docx": "up-to-date",
                      "kzbrief-2024-12-fr.docx": "stale", "kzbrief-2024-12-en.docx": "stale"}, status.output
    assert "source 'beta' changed since it was built" in status.output
    report = build(project)
    assert sorted(o.path.name for o in report.built) == [
        "kzbrief-2024-12-en.docx", "kzbrief-2024-12-en.html", "kzbrief-2024-12-fr.docx", "kzbrief-2024-12-fr.html"]
    assert rewritten(before, inodes(project)) == [
        "kzbrief-2024-12-en.docx", "kzbrief-2024-12-en.html", "kzbrief-2024-12-fr.docx", "kzbrief-2024-12-fr.html"]


def test_french_only_edit_rebuilds_only_french_outputs(project):
    before = inodes(project)
    edit(project / "content/events.yaml", "signent un accord de production", "signent un accord portant sur la production")
    from kzbrief.content import load_project
    from kzbrief.translation import confirm

    confirm(load_project(project), ["events:anka-agreement"])  # the English, reviewed, stands (issue 15's gate)
    build(project)
    assert rewritten(before, inodes(project)) == [
        "kzbrief-2024-11-fr.docx", "kzbrief-2024-11-fr.html", "kzbrief-2024-12-fr.docx", "kzbrief-2024-12-fr.html"]


def test_template_edit_rebuilds_everything_that_uses_it(project):
    before = inodes(project)
    css = project / "templates/briefing.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* house style tweak */\n", encoding="utf-8")
    build(project)
    assert rewritten(before, inodes(project)) == sorted(n for n in before if n.endswith(".html"))


def test_source_dated_after_an_edition_does_not_touch_it(project):
    before = inodes(project)
    write_source(project, "gamma", 'id: gamma\ntitle: "Later"\ntitles: {fr: "Plus tard", en: "Later"}\n'
                 'published: "2024-12-15"\nlanguage: en\nreliability: F\n'
                 'non_factual: [{quote: "Later news.", reason: test}]\n', "Later news.\n")
    build(project)
    assert all("2024-12" in name for name in rewritten(before, inodes(project)))
    assert not any("2024-11" in name for name in rewritten(before, inodes(project)))


def test_broken_quote_is_named_and_nothing_is_published(project):
    before = inodes(project)
    result = edit_source(project, "alpha", "plus de 70 000 personnes", "plus de 75 000 personnes")
    assert [p.field for p in result.broken] == ["cites[0].quote"]  # sources update names it at once
    with pytest.raises(ContentError) as info:
        build(project)
    message = str(info.value)
    assert "quote of figure 'personnel' not found in source 'alpha'" in message
    assert rewritten(before, inodes(project)) == []


def test_failed_render_leaves_previous_outputs_and_no_temp_files(project, monkeypatch):
    import kzbrief.writers.docx as docx_writer

    before = {p: p.read_bytes() for p in (project / "build").rglob("kzbrief-*.docx")}

    def explode(*args, **kwargs):
        raise BuildError("simulated crash while rendering")

    monkeypatch.setattr(docx_writer, "render_docx", explode)
    edit(project / "content/events.yaml", "signent un accord de production", "signent un accord portant sur la production")
    from kzbrief.content import load_project
    from kzbrief.translation import confirm

    confirm(load_project(project), ["events:anka-agreement"])
    with pytest.raises(BuildError):
        build(project, formats=["docx"])
    assert {p: p.read_bytes() for p in before} == before
    assert not [p for p in (project / "build").rglob("*.tmp")]


def test_two_builds_give_identical_bytes(mini, tmp_path):
    first = tmp_path / "one"
    second = tmp_path / "two"
    run_build(BuildRequest(root=mini, periods=["2024-12"], out=first, jobs=1))
    run_build(BuildRequest(root=mini, periods=["2024-12"], out=second, jobs=2))
    for path in sorted(first.rglob("kzbrief-*")):
        twin = second / path.relative_to(first)
        assert path.read_bytes() == twin.read_bytes(), path.name


def test_builds_a_year_apart_give_identical_bytes(mini, tmp_path, subsetter, clock):
    """The whole pipeline, with each font subsetter: nothing an output holds comes from the clock."""
    first, second = tmp_path / "one", tmp_path / "two"
    run_build(BuildRequest(root=mini, periods=["2024-12"], langs=["fr"], out=first, jobs=1))
    clock.advance(400 * 86400)
    run_build(BuildRequest(root=mini, periods=["2024-12"], langs=["fr"], out=second, jobs=1))
    outputs = sorted(first.rglob("kzbrief-*"))
    assert {p.suffix for p in outputs} >= {".pdf", ".docx"}
    for path in outputs:
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path.name


# Run in a fresh interpreter: records every process the build launches (Python's audit events).
LAUNCHES = """
import sys
launched = []
sys.addaudithook(lambda event, args: launched.append(f"{event}: {args[:2]!r}")
                 if event in ("subprocess.Popen", "os.posix_spawn", "os.exec", "os.spawn", "os.system") else None)
from kzbrief.build import BuildRequest, run_build
run_build(BuildRequest(root=sys.argv[1], periods=["2024-12"], langs=["en"], jobs=1))
print(launched)
"""


def test_a_build_launches_no_process(mini):
    """No compiler, linker or ldconfig at run time (ctypes.util.find_library would launch them
    while WeasyPrint looks for its libraries)."""
    out = subprocess.run([sys.executable, "-c", LAUNCHES, str(mini)], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
    assert (mini / "build/2024-12/kzbrief-2024-12-en.pdf").is_file()


def test_up_to_date_build_does_not_import_renderers(project):
    code = ("import sys; from kzbrief.build import BuildRequest, run_build; "
            f"r = run_build(BuildRequest(root={str(project)!r}, periods='all', formats=['html', 'docx'])); "
            "heavy = [m for m in ('weasyprint', 'docx', 'matplotlib') if m in sys.modules]; "
            "print(len(r.built), heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0 []"


def test_a_build_whose_charts_are_cached_does_not_import_matplotlib(mini):
    """Redrawing nothing, a build must not pay for importing matplotlib (~0.5 s a worker)."""
    code = ("import sys; from kzbrief.build import BuildRequest, run_build; "
            f"r = run_build(BuildRequest(root={str(mini)!r}, periods=['2024-12'], langs=['en'], formats=['pdf'], "
            "jobs=1)); print(len(r.built), 'matplotlib' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert first.split() == ["1", "True"]  # a cold build draws the charts
    (mini / "build/2024-12/kzbrief-2024-12-en.pdf").unlink()
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert again.split() == ["1", "False"]  # the PDF is rebuilt from the cached chart files
    assert (mini / "build/2024-12/kzbrief-2024-12-en.pdf").is_file()


def test_status_does_not_import_renderers(project):
    code = ("import sys; from kzbrief.cli import main; sys.argv = ['kzbrief', 'status', 'all', '--root', "
            f"{str(project)!r}]\ntry:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
            "heavy = [m for m in ('weasyprint', 'docx', 'matplotlib', 'fontTools') if m in sys.modules]\n"
            "print(code, heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "up-to-date" in out and "missing" in out  # the fixture built the HTML and DOCX, not the PDF
    assert out.splitlines()[-1] == "1 []"


def test_second_build_on_same_folder_fails_at_once(project):
    import fcntl

    with open(project / "build/.kzbrief.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(BuildError, match="another kzbrief build .*is running"):
            build(project, force=True)


def test_clean_removes_only_charts_no_output_uses(project):
    from kzbrief.build import clean_cache

    cache = project / "build/.cache/charts"
    (cache / "activity-fr-0000000000000000.svg").write_text("<svg/>", encoding="utf-8")
    in_use = sorted(p.name for p in cache.iterdir() if "0000000000000000" not in p.name)
    removed = clean_cache(project / "build")
    assert [p.name for p in removed] == ["activity-fr-0000000000000000.svg"]
    assert sorted(p.name for p in cache.iterdir()) == in_use
    assert build(project).built == []


def test_wait_queues_behind_a_running_build(project):
    import fcntl
    import threading

    from kzbrief.build import run_build as run

    fh = open(project / "build/.kzbrief.lock", "a+")
    fcntl.flock(fh, fcntl.LOCK_EX)
    threading.Timer(0.5, lambda: (fcntl.flock(fh, fcntl.LOCK_UN), fh.close())).start()
    report = run(BuildRequest(root=project, periods="all", formats=["html"], jobs=1), wait=True)
    assert report.skipped and not report.built


def test_release_build_replaces_drafts(project):
    build(project, draft=True, force=True)
    before = inodes(project)
    report = build(project)
    assert len(report.built) == 8
    assert rewritten(before, inodes(project)) == sorted(before)
    from kzbrief.build import status

    assert {s.state for s in status(project, "all", formats=["html", "docx"])} == {"up-to-date"}
