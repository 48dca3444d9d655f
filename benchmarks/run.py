"""Benchmarks: report how long the main operations take on the bundled content (no assertions)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KZBRIEF = [sys.executable, "-m", "kzbrief"]


def timed(label: str, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([*KZBRIEF, *args], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    print(f"{label:<48} {seconds:7.2f} s")
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(ROOT / "content", root / "content")
        shutil.copytree(ROOT / "templates", root / "templates")
        r = ["--root", str(root)]
        timed("validate", "validate", *r)
        timed("status all (nothing built)", "status", "all", *r)
        timed("build all, cold (16 files, default jobs)", "build", "all", "-q", *r)
        timed("build all, nothing stale", "build", "all", "-q", *r)
        timed("status all (up to date)", "status", "all", *r)
        timed("build all --force --jobs 1 (charts cached)", "build", "all", "--force", "--jobs", "1", "-q", *r)
        timed("build all --force (charts cached)", "build", "all", "--force", "-q", *r)
        timed("build 2024-12 --format html --force", "build", "2024-12", "--format", "html", "--force", "-q", *r)


if __name__ == "__main__":
    main()
