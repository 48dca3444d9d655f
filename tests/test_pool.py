"""Where build workers come from: the preloaded fork server for a build sure to render, the
main process otherwise; a worker behaves the same either way, and a no-op build starts none."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kzbrief import pool
from kzbrief.build import BuildRequest, will_render_in_a_pool

# a job that only tells what its worker sees; in a module of its own, so a worker of the fork
# server can import it by name
PROBE = textwrap.dedent("""
    import json, os, sys
    def probe(job):
        name = f"{job.lang}-{next(iter(job.deps))}.json"
        with open(os.path.join(os.environ["PROBE_OUT"], name), "w") as fh:
            json.dump({"cwd": os.getcwd(), "mark": os.environ.get("PROBE_MARK"),
                       "path": sys.path[0],
                       "preloaded": all(m in sys.modules for m in ("weasyprint", "docx", "matplotlib")),
                       "parent_is_main": os.getppid() == int(os.environ["PROBE_MAIN"])}, fh)
        return {}
""")

# the server starts first; the directory, environment and path change after it started
BUILD = textwrap.dedent("""
    import os, sys
    from kzbrief import pool
    pool.prestart()
    sys.path.insert(0, sys.argv[2])
    os.environ.update(PROBE_OUT=sys.argv[2], PROBE_MARK="set-late", PROBE_MAIN=str(os.getpid()))
    os.chdir(sys.argv[2])
    import kzbrief.build as build, probe
    build._render_group = probe.probe
    build.run_build(build.BuildRequest(root=sys.argv[1], formats=["html"], jobs=2, force=True))
    print(sorted(m for m in ("weasyprint", "matplotlib") if m in sys.modules))
""")


@pytest.mark.skipif(not pool.has_fork_server(), reason="the platform has no fork server")
def test_a_worker_of_the_preloaded_server_sees_what_a_forked_worker_would(mini, tmp_path):
    """The renderers are imported once, in the server, and the worker still runs in the main
    process's directory, with its environment and import path as they are when the pool starts
    (not as they were when the server started)."""
    probes = tmp_path / "probes"
    probes.mkdir()
    (probes / "probe.py").write_text(PROBE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", BUILD, str(mini), str(probes)], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"  # the main process imported no renderer
    seen = [json.loads(p.read_text()) for p in sorted(probes.glob("*.json"))]
    assert len(seen) == 2
    for worker in seen:
        assert worker == {"cwd": str(probes), "mark": "set-late", "path": str(probes), "preloaded": True,
                          "parent_is_main": False}


NO_OP = textwrap.dedent("""
    import glob, os, sys
    from kzbrief.build import BuildRequest, run_build
    report = run_build(BuildRequest(root=sys.argv[1], formats=["html"], jobs=2))
    children = []
    for name in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
        children += open(name).read().split()
    print(len(report.built), children)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to list the children")
def test_a_no_op_build_starts_no_process(mini):
    first = subprocess.run([sys.executable, "-c", NO_OP, str(mini)], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr  # what went wrong, if it did (once seen under load)
    assert first.stdout.split(" ", 1)[0] == "2"  # built both languages (with a pool)
    again = subprocess.run([sys.executable, "-c", NO_OP, str(mini)], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "0 []"


@pytest.mark.parametrize("request_, built_before, expected", [
    (BuildRequest(force=True), True, True),  # forced: everything is rendered
    (BuildRequest(), False, True),  # nothing built yet
    (BuildRequest(), True, False),  # may be up to date: decided after planning
    (BuildRequest(force=True, jobs=1), True, False),  # rendered in this process
    (BuildRequest(force=True, langs=["en"], formats=["pdf"]), True, False),  # one output
    (BuildRequest(force=True, langs=["en"]), True, True),  # its PDF and its DOCX
])
def test_the_fork_server_starts_early_only_for_a_build_sure_to_render_in_a_pool(tmp_path, monkeypatch, request_,
                                                                                 built_before, expected):
    import kzbrief.build as build

    monkeypatch.setattr(build, "default_jobs", lambda: 2)
    out = tmp_path / "build"
    if built_before:
        out.mkdir()
    assert will_render_in_a_pool(request_, Path(out)) is expected
