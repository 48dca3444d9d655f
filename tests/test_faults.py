"""Faults and hostile templates (issue 15): one clear line, nothing leaked, nothing stuck or lost."""

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kzbrief.cli import cli
from tests.conftest import edit


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def html_build(root, *extra):
    return run("build", "--format", "html", "--jobs", "1", "--root", root, *extra)


def html_status(root) -> str:
    from kzbrief.build import status

    return "\n".join(r for state in status(root, None, formats=["html"]) for r in state.reasons)


@pytest.mark.parametrize("record", ['[]', '{"deps": [1, 2]}', '{"deps": {"tool": 1}}', '{"deps": {}, "cached": 5}',
                                    '"text"', '{"deps": {}, "output_sha256": "x", "cached": [1]}', '\x00\xff'])
def test_build_record_of_unexpected_shape_is_rebuilt_not_a_crash(mini, record):
    assert html_build(mini).exit_code == 0
    stamp = mini / "build/2024-12/.kzbrief-2024-12-fr.html.deps.json"
    stamp.write_text(record, encoding="utf-8")
    assert "no build record (missing or damaged)" in html_status(mini)
    assert run("clean", "--root", mini).exit_code == 0
    again = html_build(mini)
    assert again.exit_code == 0 and "kzbrief-2024-12-fr.html" in again.output
    assert json.loads(stamp.read_text(encoding="utf-8"))["deps"]


def test_damaged_output_is_stale(mini):
    assert html_build(mini).exit_code == 0
    output = mini / "build/2024-12/kzbrief-2024-12-en.html"
    output.write_bytes(output.read_bytes()[:100])
    assert "the file differs from what was built (damaged or edited)" in html_status(mini)
    assert html_build(mini).exit_code == 0
    assert output.stat().st_size > 1000


def die_abruptly(job) -> None:
    """A worker's job that ends its process as the OOM killer would (importable by name, so a
    worker made by the fork server can be handed it too)."""
    os._exit(9)


def test_worker_killed_mid_build_is_one_clear_line(mini, monkeypatch):
    import kzbrief.build as build

    monkeypatch.setattr(build, "_render_group", die_abruptly)
    result = run("build", "--format", "html", "--jobs", "2", "--root", mini)
    assert result.exit_code == 1
    assert result.output.startswith("error: a build worker stopped abruptly (killed, or out of memory?) while "
                                    "building 2024-12 "), result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


# the slow job lives in a module of its own, so that workers made by the fork server import it
SLOW_JOB = textwrap.dedent("""
    import os, time
    def slow(job):
        open(os.path.join(os.environ["PIDS"], str(os.getpid())), "w").close()
        time.sleep(120)
""")
WORKER_SCRIPT = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, sys.argv[2])
    os.environ["PIDS"] = sys.argv[2]
    import kzbrief.build as build
    import slow_job
    build._render_group = slow_job.slow
    build.run_build(build.BuildRequest(root=sys.argv[1], formats=["html"], jobs=2))
""")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to follow the workers")
def test_workers_die_with_a_killed_build_and_the_lock_is_free(mini, tmp_path):
    pids = tmp_path / "pids"
    pids.mkdir()
    (pids / "slow_job.py").write_text(SLOW_JOB, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT, str(mini), str(pids)])
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.glob("[0-9]*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(p.name) for p in pids.glob("[0-9]*")]
        assert len(workers) == 2
        os.kill(parent.pid, signal.SIGKILL)  # the OOM killer, or a closed terminal
        parent.wait()
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, workers)), "workers outlived their build"
    finally:
        parent.kill()
        for pid in (int(p.name) for p in pids.glob("[0-9]*")):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    result = html_build(mini)
    assert result.exit_code == 0, result.output


def test_temporary_files_of_a_killed_build_are_removed(mini):
    assert html_build(mini).exit_code == 0
    left = [mini / "build/2024-12/.kzbrief-2024-12-fr.html.x1y2.tmp", mini / "build/.cache/charts/.a.svg.q.tmp"]
    for path in left:
        path.write_bytes(b"half")
    assert html_build(mini).exit_code == 0
    assert not any(p.exists() for p in left)


@pytest.mark.parametrize("line, inserted, error", [
    (4, "{{ ''.__class__.__mro__[1].__subclasses__() }}", "SecurityError"),  # the sandbox refuses
    (5, "{% if %}", "TemplateSyntaxError"),
])
def test_template_error_names_file_and_line_and_runs_nothing(mini, line, inserted, error):
    template = mini / "templates/briefing.html.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line - 1, inserted + "\n")
    template.write_text("".join(lines), encoding="utf-8")
    result = html_build(mini)
    assert result.exit_code == 1
    assert f"error: 2024-12 fr html: templates/briefing.html.j2:{line}: {error}:" in result.output, result.output
    assert "subprocess" not in result.output


def test_broken_reference_docx_is_named(mini):
    (mini / "templates/reference.docx").write_bytes(b"not a zip")
    result = run("build", "--format", "docx", "--jobs", "1", "--root", mini)
    assert result.exit_code == 1
    assert "error: 2024-12 fr docx: " in result.output and "templates/reference.docx: not a usable Word document" \
        in result.output, result.output
    assert "Package not found" not in result.output.split("(")[0]


def test_docx_embeds_figures_only_from_allowed_folders(tmp_path):
    from kzbrief.writers.docx import DocxWriter
    from kzbrief.errors import BuildError

    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG")
    writer = DocxWriter.__new__(DocxWriter)
    writer.roots = [tmp_path / "project"]
    with pytest.raises(BuildError, match="is outside the allowed folders"):
        writer.image(outside)
    writer.roots = [tmp_path]
    with pytest.raises(BuildError, match="is a named pipe"):
        os.mkfifo(tmp_path / "pipe.png")
        writer.image(tmp_path / "pipe.png")


def test_full_disk_names_the_file_and_keeps_the_old_output(mini, monkeypatch):
    assert html_build(mini, "--force").exit_code == 0
    output = mini / "build/2024-12/kzbrief-2024-12-fr.html"
    before = output.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kzbrief.files.os.fsync", full)
    result = html_build(mini, "--force")
    assert result.exit_code == 1
    assert f"error: 2024-12 fr html: cannot write {output}: No space left on device" in result.output, result.output
    assert output.read_bytes() == before
    assert not list(output.parent.glob(".*.tmp"))


def test_review_gate_covers_every_language_not_only_stale_ones(mini):
    assert run("i18n", "confirm", "--root", mini).exit_code == 0
    assert html_build(mini, "all").exit_code == 0
    edit(mini / "content/events.yaml", "reportedly delivered to OTS partners", "reportedly delivered to partners of the OTS")
    result = run("build", "all", "--format", "html", "--jobs", "1", "--root", mini)  # only en outputs are stale
    assert result.exit_code == 1, result.output
    assert "content/events.yaml:19: text: the en text changed since the translation was confirmed: review the fr" \
        in result.output


def test_terminal_escape_sequences_from_a_source_are_shown_not_obeyed(mini):
    from kzbrief.content.model import file_digest

    text = mini / "content/sources/alpha.txt"
    text.write_text(text.read_text(encoding="utf-8") + "Une phrase \x1b]0;pwned\x07\x1b[2J piégée.\n", encoding="utf-8")
    meta = mini / "content/sources/alpha.yaml"  # the new text's hash recorded, as sources add does
    meta.write_text("".join(l for l in meta.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not l.startswith("sha256:")) + f"sha256: {file_digest(text.read_bytes())}\n",
                    encoding="utf-8")
    result = run("sources", "coverage", "--root", mini)
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Une phrase \\x1b]0;pwned\\x07\\x1b[2J piégée." in result.output


def test_dollar_signs_in_chart_labels_are_drawn_as_written(mini):
    edit(mini / "content/partners.yaml", "name: {fr: Turquie, en: Turkey}", r'name: {fr: "Tur$\\frac{$quie", en: "$\\undefined$"}'
         "\n  aliases: [Turquie, Turkey]")  # its old names still name it in the texts
    result = html_build(mini, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "$\\undefined$" in (mini / "build/2024-12/kzbrief-2024-12-en.html").read_text(encoding="utf-8")


def test_damaged_cached_chart_is_redrawn_and_clean_drops_it(mini):
    assert html_build(mini).exit_code == 0
    charts = sorted((mini / "build/.cache/charts").glob("*.svg"))
    assert charts
    good = charts[0].read_bytes()
    charts[0].write_bytes(good[: len(good) // 2])  # a disk error, a bad copy
    assert html_build(mini, "--force").exit_code == 0
    assert charts[0].read_bytes() == good
    charts[0].write_bytes(b"<svg/>")
    result = run("clean", "--root", mini)
    assert result.exit_code == 0 and not charts[0].exists()
    assert not charts[0].with_suffix(".png").exists()
    assert not charts[0].with_name(charts[0].name + ".sha256").exists()
    assert all(p.exists() for p in charts[1:])


@pytest.mark.parametrize("log", ["[]", '{"2024-12": {"en": {"revisions": [{"date": "soon"}]}}}', "{", "\xff"])
def test_revisions_log_of_the_wrong_shape_is_named_and_kept(mini, log):
    path = mini / "content/revisions.json"
    path.write_bytes(log.encode("latin-1"))
    result = html_build(mini)
    assert result.exit_code == 1
    assert "content/revisions.json: not a valid revisions log" in result.output, result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == log.encode("latin-1")  # history is never rebuilt over


def test_revisions_log_that_is_a_pipe_is_refused_not_waited_on(mini):
    os.mkfifo(mini / "content/revisions.json")
    result = html_build(mini)
    assert result.exit_code == 1 and "content/revisions.json" in result.output, result.output
