"""The build on a machine with only Python and the Debian basics (issue 16).

This machine may have poppler, LibreOffice, Chromium and HarfBuzz's subsetter; a user who is
not root has none of them. Each test here runs the real command line in a subprocess whose
world lacks them all:

- PATH is a folder of links to every program of this machine's PATH *except* the Debian extras
  (``pdftoppm``, ``soffice``, ``chromium``…), with stand-ins for ``gcc``, ``cc`` and ``ld`` that
  only record that they were launched;
- a ``sitecustomize`` hides HarfBuzz's subsetter from WeasyPrint in every process of the build
  (workers included), so fonts are subset by fontTools, as on a fresh machine.

A green run of the suite on a fully equipped machine can no longer hide what a newcomer hits:
two builds a second apart must give the same bytes, nothing may be logged, no compiler or
linker may run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import make_project

#: Programs a user without root does not have (Debian packages beyond Python, Pango, fontconfig).
DEBIAN_EXTRAS = {"pdftoppm", "pdftotext", "pdffonts", "pdfinfo", "soffice", "libreoffice", "chromium",
                 "chromium-browser", "hb-subset"}
#: What ``ctypes.util.find_library`` launches when it hunts for a library.
PROBES = ("gcc", "cc", "ld", "objdump")

#: Runs first in every Python process of the build: WeasyPrint finds no HarfBuzz subsetter.
HIDE_HARFBUZZ_SUBSET = '''
import importlib.abc, importlib.machinery, sys

class _HideSubsetter(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "weasyprint.pdf.fonts":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            module.harfbuzz_subset = None
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, _HideSubsetter())
'''


@pytest.fixture(scope="module")
def bare(tmp_path_factory) -> dict[str, str]:
    """The environment of a machine without the Debian extras."""
    home = tmp_path_factory.mktemp("bare")
    programs, probes, site = home / "bin", home / "probes", home / "site"
    for folder in (programs, probes, site):
        folder.mkdir()
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            link = programs / entry.name
            if entry.name in DEBIAN_EXTRAS or entry.name in PROBES or link.exists() or link.is_symlink():
                continue
            if entry.is_file() and os.access(entry.path, os.X_OK):
                link.symlink_to(entry.path)
    launched = home / "launched.log"
    for name in PROBES:
        stand_in = probes / name
        stand_in.write_text(f"#!/bin/sh\necho {name} >> '{launched}'\nexit 1\n", encoding="utf-8")
        stand_in.chmod(0o755)
    (site / "sitecustomize.py").write_text(textwrap.dedent(HIDE_HARFBUZZ_SUBSET), encoding="utf-8")
    env = dict(os.environ, PATH=os.pathsep.join([str(probes), str(programs)]), PYTHONPATH=str(site),
               KZBRIEF_TEST_LAUNCHED=str(launched))
    env.pop("SOURCE_DATE_EPOCH", None)  # a user's shell does not set it
    return env


def kzbrief(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kzbrief", *args], env=env, capture_output=True, text=True,
                          timeout=600)


def test_the_bare_world_lacks_the_extras_and_harfbuzz(bare):
    """The simulation is real: no extra is on PATH and WeasyPrint would use fontTools."""
    found = subprocess.run(["sh", "-c", "command -v pdftoppm soffice chromium gcc"], env=bare,
                           capture_output=True, text=True).stdout.split()
    assert all(Path(p).parent.name == "probes" for p in found), found
    probe = subprocess.run([sys.executable, "-c", "from kzbrief.writers.weasy import subsetter; print(subsetter())"],
                           env=bare, capture_output=True, text=True)
    assert probe.stdout.strip() == "fonttools", probe.stderr


def test_two_builds_on_a_bare_machine_give_the_same_bytes_quietly_and_launch_no_compiler(bare, tmp_path):
    root = make_project(tmp_path)
    outputs: list[dict[str, bytes]] = []
    for attempt in range(2):
        if attempt:
            time.sleep(1.1)  # fontTools stamps fonts to the second: a later clock must not show
        done = kzbrief(bare, "build", "2024-12", "--force", "--jobs", "2", "--root", str(root))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "warning" not in (done.stdout + done.stderr).lower(), done.stdout + done.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted((root / "build/2024-12").glob("kzbrief-*"))})
    assert sorted(outputs[0]) == ["kzbrief-2024-12-en.docx", "kzbrief-2024-12-en.pdf",
                                  "kzbrief-2024-12-fr.docx", "kzbrief-2024-12-fr.pdf"]
    assert outputs[0] == outputs[1]
    launched = Path(bare["KZBRIEF_TEST_LAUNCHED"])
    assert not launched.exists(), launched.read_text()


def test_doctor_on_a_bare_machine_names_what_is_missing_and_passes(bare):
    done = kzbrief(bare, "doctor")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "fonttools" in done.stdout.lower() or "fontTools" in done.stdout, done.stdout
