"""Progress of long builds: plain lines as each output is written when output is not a terminal,
a live table on a terminal, nothing when quiet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from kzbrief.build import BuildRequest, Progress, output_path, run_build
from kzbrief.progress import BuildDisplay

OUTPUTS = [("2024-12", lang, fmt) for lang in ("fr", "en") for fmt in ("html", "docx")]


class Recorder(io.StringIO):
    """A non-terminal stream that notes, at each line written, which outputs exist on disk."""

    def __init__(self, out: Path):
        super().__init__()
        self.out = out
        self.seen: list[tuple[str, set[Path]]] = []

    def write(self, text: str) -> int:
        if text.strip():
            existing = {p for p in self.out.rglob("kzbrief-*") if p.is_file()}
            self.seen.append((text.strip(), existing))
        return super().write(text)


@pytest.mark.parametrize("jobs", [1, 2])
def test_plain_lines_arrive_as_each_output_is_written(mini, jobs):
    out = mini / "build"
    stream = Recorder(out)
    display = BuildDisplay(Console(file=stream, force_terminal=False))
    with display:
        report = run_build(BuildRequest(root=mini, periods=["2024-12"], formats=["html", "docx"], jobs=jobs,
                                        progress=display))
    every = {output_path(out, *o) for o in OUTPUTS}
    assert {o.path for o in report.built} == every
    notes = [line for line, _ in stream.seen if line.startswith("note: 2024-12 ")]  # charts left out, for the editor
    assert len(notes) == len(set(notes))  # each once, whichever format's job sent it
    stream.seen = [(line, existing) for line, existing in stream.seen if not line.startswith("note: ")]
    lines = [line for line, _ in stream.seen]
    assert sorted(lines) == sorted(f"wrote {p}" for p in every)  # one plain line per output, nothing else
    assert "\x1b" not in stream.getvalue()
    for line, existing in stream.seen:
        assert Path(line.removeprefix("wrote ")) in existing  # reported once it is written …
    assert stream.seen[0][1] != every  # … and the first one before the build is over
    if jobs == 1:  # one output at a time: each line comes before the next output is written
        assert [len(existing) for _, existing in stream.seen] == list(range(1, len(every) + 1))


def test_terminal_shows_a_live_table(mini):
    stream = io.StringIO()
    display = BuildDisplay(Console(file=stream, force_terminal=True, width=100, color_system=None))
    assert display.live_table
    with display:
        run_build(BuildRequest(root=mini, periods=["2024-12"], formats=["html"], jobs=1, progress=display))
    shown = stream.getvalue()
    assert "\x1b[" in shown  # drawn in place (cursor moves), not printed line after line
    for heading in ("edition", "language", "format", "stage", "elapsed"):
        assert heading in shown
    assert "2024-12" in shown and "rendering" in shown and "validating the content" in shown
    assert "wrote " + str(mini / "build/2024-12/kzbrief-2024-12-fr.html") in shown


def test_quiet_shows_nothing(mini):
    stream = io.StringIO()
    display = BuildDisplay(Console(file=stream, force_terminal=True), quiet=True)
    with display:
        report = run_build(BuildRequest(root=mini, periods=["2024-12"], formats=["html"], jobs=1, progress=display))
    assert report.built and stream.getvalue() == ""


def test_table_rows_follow_the_stages():
    display = BuildDisplay(Console(file=io.StringIO(), force_terminal=False))
    display(Progress("validating"))
    assert display.stage == "validating the content"
    display(Progress("queued", "2024-12", "fr", "pdf"))
    display(Progress("charts", "2024-12", "fr", "pdf"))
    display(Progress("rendering", "2024-12", "fr", "pdf"))
    row = display.rows[("2024-12", "fr", "pdf")]
    assert row.stage == "rendering" and row.ended is None
    display(Progress("written", "2024-12", "fr", "pdf", Path("x.pdf")))
    assert row.ended is not None and display.console.file.getvalue() == "wrote x.pdf\n"


def test_validation_spinner_only_on_a_terminal():
    from kzbrief.progress import working

    terminal, pipe = io.StringIO(), io.StringIO()
    with working("validating the content…", Console(file=terminal, force_terminal=True)):
        pass
    with working("validating the content…", Console(file=pipe, force_terminal=False)):
        pass
    assert "validating the content…" in terminal.getvalue() and pipe.getvalue() == ""
