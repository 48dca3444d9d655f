"""Benchmarks: one table of medians, with the ratios issue 16 asks for measured in the same run.

    make bench                                  # or: python benchmarks/run.py [--runs 3] [--copies 11]

Every figure is the median of ``--runs`` runs of a fresh process (wall-clock seconds, but CPU seconds for parse vs validate), on a
copy of the bundled project in a temporary folder. Nothing here asserts a time: the table is
for reading (the README shows the latest one and the machine it came from).

- **cold build**: ``kzbrief build 2024-12 --force`` into an empty folder (no cached chart): the
  edition's four outputs (fr/en × PDF/DOCX), with the build's own stage timings (load,
  charts, assemble, pdf, docx; summed over the two languages).
- **floor**: bare ``weasyprint`` (its command line, in a fresh process per language, both
  languages at once as the build's two workers are) on the exact HTML, stylesheets, fonts and
  chart files our PDF writer hands WeasyPrint, with the same PDF variant. Cold builds and floors
  run alternately, and each pair's ratio is printed beside the ratio of the medians; so are the
  CPU seconds of every process of the build against those of the two weasyprint processes.
- **no-op**, **status**: the same command again with nothing stale, and ``kzbrief status``.
- **rebuild after one change**: one event's text edited, then ``kzbrief build 2024-12``.
- **LibreOffice**: ``soffice --convert-to pdf`` on our DOCX (when LibreOffice is installed),
  beside our PDF stage.
- **scale**: a generated corpus (``benchmarks/corpus.py``): parse vs validate on ~5,000 events,
  then a monthly edition and an annual edition (one language, PDF) on ``--copies``+1 × the
  events, with pages, seconds per page and peak memory (largest process).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import event_count, make_annual_edition, make_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2024-12"
PY = sys.executable

# Runs a command and prints its wall time and the peak RSS of it and its children (in MB).
MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(json.dumps({"rc": rc, "seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

# A cold build in a fresh process, printing the build's own stage timings.
BUILD = """
import json, sys
from kzbrief.build import BuildRequest, run_build
report = run_build(BuildRequest(root=sys.argv[1], periods=[sys.argv[2]], out=sys.argv[3], force=True,
                                langs=sys.argv[4].split(",") if sys.argv[4] else None,
                                formats=sys.argv[5].split(",") if sys.argv[5] else None))
print(json.dumps(report.timings))
"""

# The page our PDF writer hands WeasyPrint (the web edition: stylesheets, fonts, charts inside,
# the fonts packed as TrueType as the PDF writer packs them).
FLOOR_INPUT = """
import sys
from pathlib import Path
from kzbrief.charts import draw_charts
from kzbrief.content import load_project
from kzbrief.document.assemble import assemble
from kzbrief.document.view import EditionView
from kzbrief.i18n import I18n
from kzbrief.writers.html import render_html
root, period, lang, out = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
project = load_project(root)
view = EditionView(project, project.editions[period])
templates = root / "templates"
i18n = I18n.load(templates, lang, project.settings.locales.get(lang, lang))
doc = assemble(view, i18n, draw_charts(view, i18n, out / ".cache" / "charts"))
(out / f"floor-{lang}.html").write_text(render_html(doc, templates, [root, out], for_print=True), encoding="utf-8")
"""


def kz(*args: str) -> list[str]:
    return [PY, "-m", "kzbrief", *args]


def measure(cmd: list[str]) -> dict:
    out = subprocess.run([PY, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    if result["rc"] != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return result


def median_of(runs: int, once: Callable[[int], float]) -> float:
    return statistics.median(once(i) for i in range(runs))


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def add(self, label: str, value: str, note: str = "") -> None:
        self.rows.append((label, value, note))
        print(f"  {label}: {value} {note}", file=sys.stderr, flush=True)

    def markdown(self) -> str:
        lines = ["| measure | median | note |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in self.rows]
        return "\n".join(lines)


def adopt_orphans() -> bool:
    """Make this process the reaper of its descendants (Linux): a build's fork server outlives
    the build's main process by a moment, and its CPU time is counted only if it is reaped here."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    return ctypes.CDLL(None, use_errno=True).prctl(36, 1) == 0  # PR_SET_CHILD_SUBREAPER


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child and reaped descendant so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reap_descendants() -> None:
    """Wait for the descendants left to this process (see ``adopt_orphans``)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def cold_build(root: Path, out: Path, langs: str = "", formats: str = "") -> tuple[float, dict, float]:
    """Wall seconds, the build's stage timings, and the CPU seconds of all its processes."""
    shutil.rmtree(out, ignore_errors=True)
    cpu = children_cpu()
    started = time.perf_counter()
    timings = json.loads(subprocess.run([PY, "-c", BUILD, str(root), PERIOD, str(out), langs, formats],
                                        capture_output=True, text=True, check=True).stdout)
    seconds = time.perf_counter() - started
    reap_descendants()
    return seconds, timings, children_cpu() - cpu


def stage_sums(timings: dict) -> dict[str, float]:
    sums: dict[str, float] = {}
    for key, seconds in timings.items():
        stage = key.rsplit("/", 1)[-1]
        sums[stage] = sums.get(stage, 0.0) + seconds
    return sums


def floor(root: Path, out: Path) -> tuple[float, float]:
    """Bare weasyprint on both languages at once, from the files our writer would hand it: wall
    seconds and the CPU seconds of the two processes."""
    templates = root / "templates"
    for lang in ("fr", "en"):
        subprocess.run([PY, "-c", FLOOR_INPUT, str(root), PERIOD, lang, str(out)], check=True)
    cpu = children_cpu()
    started = time.perf_counter()
    procs = [subprocess.Popen([PY, "-m", "weasyprint", "--quiet", "-u", templates.as_uri() + "/",
                               "--pdf-variant", "pdf/ua-1",
                               str(out / f"floor-{lang}.html"), str(out / f"floor-{lang}.pdf")])
             for lang in ("fr", "en")]
    if any(p.wait() for p in procs):
        raise SystemExit("bare weasyprint failed")
    return time.perf_counter() - started, children_cpu() - cpu


def parse_and_validate(root: Path) -> tuple[float, float]:
    """CPU seconds to parse every YAML file of the content, and to load and validate the project
    (one process, no waiting: CPU time, as a shared VM's wall clock moved the ratio from 2.5 to
    3.5 between runs of the same code)."""
    code = """
import sys, time
from pathlib import Path
from kzbrief.content import load_project
from kzbrief.content.yamlio import read_yaml
root = Path(sys.argv[1])
files = sorted((root / "content").rglob("*.yaml"))
t = time.process_time()
for path in files:
    read_yaml(path, str(path))
parse = time.process_time() - t
t = time.process_time()
load_project(root)
print(parse, time.process_time() - t)
"""
    out = subprocess.run([PY, "-c", code, str(root)], capture_output=True, text=True, check=True).stdout
    parse, validate = map(float, out.split())
    return parse, validate


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def machine() -> str:
    import weasyprint
    from kzbrief.writers import weasy

    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
            f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
            f"font subsetter: {weasy.subsetter()}, load average at start {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description="kzbrief benchmarks (medians, no assertions)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--copies", type=int, default=11, help="extra copies of each event for the scale builds (11: an annual edition of 100+ pages)")
    parser.add_argument("--validate-copies", type=int, default=119, help="copies for parse vs validate (~5,000 events)")
    parser.add_argument("--no-scale", action="store_true")
    args = parser.parse_args()
    table = Table()
    reaping = adopt_orphans()
    print(f"machine: {machine()}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        root = tmp / "project"
        shutil.copytree(ROOT / "content", root / "content")
        shutil.copytree(ROOT / "templates", root / "templates", ignore=shutil.ignore_patterns("*.mo"))
        out = tmp / "build"

        # cold builds and floors alternate, so a drift of the machine's speed (a shared VM's
        # neighbours) falls on both; each pair's ratio is kept as well as the medians
        builds, floors = [], []
        for i in range(args.runs):
            builds.append(cold_build(root, tmp / f"cold-{i}"))
            if i == 0:
                shutil.copytree(tmp / "cold-0", out)
            floors.append(floor(root, out))
        cold = statistics.median(b[0] for b in builds)
        cold_cpu = statistics.median(b[2] for b in builds)
        table.add("cold build, 2024-12, fr+en × PDF+DOCX", f"{cold:.2f} s", f"default --jobs ({os.cpu_count()} cores)")
        for stage in ("load", "charts", "assemble", "pdf", "docx"):
            value = statistics.median(stage_sums(t).get(stage, 0.0) for _, t, _ in builds)
            where = "load and validate, once" if stage == "load" else "summed over fr and en (all their jobs)"
            table.add(f"  stage: {stage}", f"{value:.2f} s", where)
        floor_s = statistics.median(f[0] for f in floors)
        floor_cpu = statistics.median(f[1] for f in floors)
        pairs = sorted(b[0] / f[0] for b, f in zip(builds, floors))
        same = " / ".join(f"{lang}: {pages(out / f'floor-{lang}.pdf')} pages (ours {pages(out / PERIOD / f'kzbrief-{PERIOD}-{lang}.pdf')})"
                          for lang in ("fr", "en"))
        table.add("floor: bare weasyprint, fr+en at once", f"{floor_s:.2f} s",
                  f"same HTML, CSS, fonts, charts, PDF/UA-1; {same}")
        table.add("**cold build / floor**", f"**{cold / floor_s:.2f}**",
                  f"goal ≤ 1.3; runs interleaved, each pair's ratio {', '.join(f'{r:.2f}' for r in pairs)}")
        if reaping:  # CPU seconds hardly move with a shared machine's load, wall seconds do
            table.add("CPU seconds: cold build / floor", f"{cold_cpu:.1f} s / {floor_cpu:.1f} s",
                      f"{cold_cpu / floor_cpu:.2f}; every process of the build (fork server included) against the two weasyprint processes")

        noop = median_of(args.runs, lambda i: measure(kz("build", PERIOD, "-q", "--root", str(root), "--out", str(out)))["seconds"])
        table.add("no-op build", f"{noop:.2f} s", f"**{noop / cold:.3f} × cold** (goal ≤ 0.15)")
        status = median_of(args.runs, lambda i: measure(kz("status", PERIOD, "--root", str(root), "--out", str(out)))["seconds"])
        table.add("status", f"{status:.2f} s", f"**{status / cold:.3f} × cold** (goal ≤ 0.15)")

        def one_change(i: int) -> float:
            """An analyst's edit of the English summary, its French reviewed and confirmed (not timed)."""
            edition = root / "content" / "editions" / f"{PERIOD}.yaml"
            words = ("opened the way", "paved the way")
            text = edition.read_text(encoding="utf-8")
            if words[i % 2] not in text:
                raise SystemExit(f"{edition}: the benchmark's edit needs {words[i % 2]!r} in the English summary")
            edition.write_text(text.replace(words[i % 2], words[1 - i % 2], 1), encoding="utf-8")
            subprocess.run(kz("i18n", "confirm", f"editions:{PERIOD}:summary", "--root", str(root)),
                           check=True, capture_output=True)
            return measure(kz("build", PERIOD, "-q", "--root", str(root), "--out", str(out)))["seconds"]

        rebuild = median_of(args.runs, one_change)
        table.add("rebuild after one change (the English summary)", f"{rebuild:.2f} s",
                  f"{rebuild / cold:.2f} × cold: en PDF+DOCX rebuilt, charts cached")

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice:
            docx = out / PERIOD / f"kzbrief-{PERIOD}-en.docx"
            lo = median_of(args.runs, lambda i: measure([soffice, "--headless", "--convert-to", "pdf", "--outdir",
                                                          str(tmp / "lo"), str(docx)])["seconds"])
            ours = statistics.median(t.get(f"{PERIOD}/en/pdf", 0.0) for _, t, _ in builds)
            table.add("LibreOffice: our DOCX → PDF (en)", f"{lo:.2f} s", f"our PDF stage (en): {ours:.2f} s")
        else:
            table.add("LibreOffice: our DOCX → PDF", "—", "LibreOffice not installed")

        if not args.no_scale:
            scale(tmp, args, table)
    print(f"machine: {machine()}\n")
    print(table.markdown())


def scale(tmp: Path, args, table: Table) -> None:
    big = make_corpus(tmp / "corpus-validate", args.validate_copies)
    results = [parse_and_validate(big) for _ in range(args.runs)]
    parse = statistics.median(r[0] for r in results)
    validate = statistics.median(r[1] for r in results)
    table.add(f"scale: parse YAML, {event_count(big)} events", f"{parse:.2f} s", "CPU seconds")
    table.add(f"scale: load + validate, {event_count(big)} events", f"{validate:.2f} s",
              f"**{validate / parse:.1f} × parse** (goal ≤ 3)")
    shutil.rmtree(big)

    corpus = make_corpus(tmp / "corpus", args.copies)
    events = event_count(corpus)
    for label, make in (("monthly", None), ("annual", make_annual_edition)):
        if make:
            make(corpus)
        out = tmp / f"scale-{label}"
        runs = [measure([PY, "-c", BUILD, str(corpus), PERIOD, str(out), "en", "pdf"]) for _ in range(max(1, args.runs - 2))]
        seconds = statistics.median(r["seconds"] for r in runs)
        peak = max(r["peak_mb"] for r in runs)
        n = pages(out / PERIOD / f"kzbrief-{PERIOD}-en.pdf")
        table.add(f"scale: {label} edition, {events} events, en PDF", f"{seconds:.1f} s",
                  f"{n} pages, {seconds / n:.2f} s/page, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
