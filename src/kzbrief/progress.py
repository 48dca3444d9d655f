"""Showing a long build while it runs: a live table on a terminal, plain lines elsewhere.

On a terminal (rich): one row per output — edition, language, format, stage, elapsed time —
updated as the workers go, with a ``wrote …`` line printed above the table as each output is
written (and a ``note: …`` line for what the editor should know that the briefing does not
print). When output is not a terminal (a pipe, a log file, CI): only those lines, each printed
and flushed the moment it comes. With ``quiet``: nothing.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Iterator

from rich.console import Console
from rich.live import Live
from rich.table import Table

from .build import Progress


@contextlib.contextmanager
def working(message: str, console: Console | None = None) -> Iterator[None]:
    """A spinner with a message on a terminal (long validations); nothing elsewhere."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    with console.status(message):
        yield

#: What the whole build is doing before any output is being worked on.
BUILD_STAGES = {"validating": "validating the content", "planning": "finding what is stale"}


@dataclass
class _Row:
    period: str
    lang: str
    fmt: str
    stage: str
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None


class BuildDisplay:
    """A ``BuildRequest.progress`` callback that shows the build; use it as a context manager
    around ``run_build`` so that the live table is drawn, then cleared."""

    def __init__(self, console: Console | None = None, quiet: bool = False):
        self.console = console or Console()
        self.quiet = quiet
        self.live_table = not quiet and self.console.is_terminal
        self.rows: dict[tuple, _Row] = {}
        self.notes: set[tuple] = set()  # the editor's notes already printed
        self.stage = "starting"
        self.started = time.monotonic()
        self._live: Live | None = None

    def __enter__(self) -> BuildDisplay:
        if self.live_table:
            self._live = Live(self, console=self.console, transient=True, refresh_per_second=4)
            self._live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._live is not None:
            self._live.__exit__(*exc)
            self._live = None

    def __call__(self, event: Progress) -> None:
        if self.quiet:
            return
        if event.stage == "note":
            self.note(event)
        elif event.period is None:
            self.stage = BUILD_STAGES.get(event.stage, event.stage)
        else:
            key = (event.period, event.lang, event.fmt)
            row = self.rows.setdefault(key, _Row(event.period, event.lang, event.fmt, event.stage))
            if event.stage not in ("queued", row.stage) and row.stage == "queued":
                row.started = time.monotonic()  # elapsed counts from when work on it began
            row.stage = event.stage
            if event.stage == "written":
                row.ended = time.monotonic()
                self.written(event)
        if self._live is not None:
            self._live.refresh()

    def written(self, event: Progress) -> None:
        self.line(f"wrote {event.path}")

    def note(self, event: Progress) -> None:
        """A note to the editor, once per edition and language (each format's job sends it)."""
        key = (event.period, event.lang, event.message)
        if key not in self.notes:
            self.notes.add(key)
            self.line(f"note: {event.period} {event.lang}: {event.message}")

    def line(self, text: str) -> None:
        if self.live_table:
            self.console.print(text, highlight=False, soft_wrap=True)
        else:
            # plain lines for pipes and logs, flushed at once so they arrive as outputs finish
            self.console.file.write(f"{text}\n")
            self.console.file.flush()

    def __rich__(self) -> Table:
        """The live table, drawn afresh at each refresh (so elapsed times tick)."""
        now = time.monotonic()
        done = sum(row.stage == "written" for row in self.rows.values())
        title = f"kzbrief build — {self.stage}" if not self.rows else \
            f"kzbrief build — {done}/{len(self.rows)} written, {now - self.started:.0f} s"
        table = Table(title=title, title_justify="left", box=None, padding=(0, 2, 0, 0))
        for name in ("edition", "language", "format", "stage"):
            table.add_column(name)
        table.add_column("elapsed", justify="right")
        for row in self.rows.values():
            elapsed = "" if row.stage == "queued" else f"{(row.ended or now) - row.started:.1f} s"
            table.add_row(row.period, row.lang, row.fmt, row.stage, elapsed)
        return table
