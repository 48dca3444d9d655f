"""Run the hostile-input and fault attacks of issue 15 against a copy of a fixture project.

    python tools/attacks.py [--root tests/roots/mini]

Each attack changes a fresh copy of the project, then runs kzbrief commands in a subprocess
with a time limit, and checks: no traceback, an exit code of 0, 1 or 2, no hang, no secret
leaked into the output, and (where it applies) no silent loss. One line per attack; the exit
code is the number of attacks that failed. Not part of the suite (it takes minutes): the
same cases are proved one by one by tests/test_faults.py and tests/content/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
SECRET = "KZB-SECRET-7f3a"  # written outside the project; must never appear in any output


@dataclass
class Attack:
    name: str
    setup: Callable[[Path, Path], None]
    commands: list[list[str]]
    expect: Callable[[Path, str], str | None] | None = None  # returns what went wrong, or None


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def event_text(root: Path, new: str) -> None:
    """Put text into an event's English, then confirm the translation as reviewed, as an analyst
    would: the attack is on what the text holds, not on the review gate."""
    edit(root / "content/events.yaml", 'en: "Kazakhstan and Turkey sign', f'en: "{new}Kazakhstan and Turkey sign')
    run(root, ["i18n", "confirm"])


def replace_file(rel: str, data: bytes) -> Callable[[Path, Path], None]:
    return lambda root, _: (root / rel).write_bytes(data)


#: Where an attack puts a line into the briefing template: after its opening comment.
TEMPLATE_LINE = 4


def template_line(line: str) -> Callable[[Path, Path], None]:
    def setup(root: Path, _: Path) -> None:
        path = root / "templates/briefing.html.j2"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines.insert(TEMPLATE_LINE - 1, line + "\n")
        path.write_text("".join(lines), encoding="utf-8")
    return setup


def text_path(value: str) -> Callable[[Path, Path], None]:
    return lambda root, _: edit(root / "content/sources/alpha.yaml", "language: fr", f"language: fr\ntext: {value}")


def symlink_text(root: Path, outside: Path) -> None:
    (root / "content/sources/alpha.txt").unlink()
    (root / "content/sources/alpha.txt").symlink_to(outside / "secret.txt")


def fifo_text(root: Path, _: Path) -> None:
    (root / "content/sources/alpha.txt").unlink()
    os.mkfifo(root / "content/sources/alpha.txt")


def damaged_chart(root: Path, _: Path) -> None:
    run(root, ["build", "--format", "html"])
    svg = sorted((root / "build/.cache/charts").glob("*.svg"))[0]
    svg.write_bytes(svg.read_bytes()[:200])


def chart_restored(root: Path, _: str) -> str | None:
    from hashlib import sha256
    import json

    for manifest in (root / "build/.cache/charts").glob("*.sha256"):
        for name, digest in json.loads(manifest.read_text()).items():
            if sha256((manifest.parent / name).read_bytes()).hexdigest() != digest:
                return f"cached chart {name} still damaged"
    return None


def review_pending(root: Path, _: Path) -> None:
    run(root, ["i18n", "confirm"])
    run(root, ["build", "all", "--format", "html"])
    edit(root / "content/events.yaml", "reportedly delivered to OTS partners", "reportedly delivered to partners")


def killed_build(root: Path, outside: Path) -> None:
    """A build killed with SIGKILL while its workers render; the next build must not be stuck."""
    proc = subprocess.Popen([sys.executable, "-m", "kzbrief", "build", "all", "--jobs", "2", "--root", str(root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def all_outputs_whole(root: Path, _: str) -> str | None:
    for path in (root / "build").rglob("kzbrief-*.*"):
        if path.stat().st_size < 1000:
            return f"{path} is truncated"
    return None


def refused(code: int) -> Callable[[Path, str], str | None]:
    return lambda root, out: None if f"exit {code}" in out else f"expected exit {code}"


VALIDATE = [["validate"]]
BUILD = [["build", "--format", "html", "--format", "docx", "--jobs", "1"]]
ATTACKS = [
    Attack("html markup in a text", lambda r, o: event_text(r, "<script>alert(x)</script> "), BUILD,
           lambda r, out: None if "&lt;script&gt;" in (r / "build/2024-12/kzbrief-2024-12-en.html").read_text()
           else "markup not escaped"),
    Attack("jinja syntax in a text", lambda r, o: event_text(r, "{{ x*y }} {% if %} "), BUILD,
           lambda r, out: None if "{{ x*y }}" in (r / "build/2024-12/kzbrief-2024-12-en.html").read_text()
           else "template syntax evaluated"),
    Attack("css injection in the series name", lambda r, o: edit(r / "content/project.yaml", 'en: "Mini — partnerships"',
                                                                  'en: "x\\"; } @page { size: 1mm } /*"'), BUILD),
    Attack("$math$ in a partner name",
           lambda r, o: edit(r / "content/partners.yaml", "en: Turkey}", 'en: "$\\\\frac{$"}\n  aliases: [Turkey]'), BUILD,
           lambda r, out: None if "$\\frac{$" in (r / "build/2024-12/kzbrief-2024-12-en.html").read_text()
           else "name not drawn as written"),
    Attack("escape sequence in a text", lambda r, o: event_text(r, "\\x1b[2J"), VALIDATE, refused(1)),
    Attack("control character in a note", lambda r, o: edit(r / "content/events.yaml", "  domain: agreement",
                                                            '  domain: agreement\n  note: "\\a"'), VALIDATE, refused(1)),
    Attack("lone surrogate", lambda r, o: event_text(r, "\\ud800"), VALIDATE, refused(1)),
    Attack("CJK text the fonts lack", lambda r, o: event_text(r, "中文 "), VALIDATE, refused(1)),
    Attack("title longer than DOCX holds", lambda r, o: edit(r / "content/editions/2024-12.yaml",
                                                             "en: First deliveries}", "en: " + "x" * 300 + "}"),
           VALIDATE, refused(1)),
    Attack("source text: absolute path", text_path("/etc/passwd"), VALIDATE + [["sources", "coverage"]], refused(1)),
    Attack("source text: ../ path", text_path("../../../../../../etc/hostname"), VALIDATE, refused(1)),
    Attack("source text: symlink out", symlink_text, VALIDATE + [["sources", "coverage"]], refused(1)),
    Attack("source text: named pipe", fifo_text, VALIDATE, refused(1)),
    Attack("source text: /dev/zero", text_path("/dev/zero"), VALIDATE, refused(1)),
    Attack("YAML: tab indentation", replace_file("content/systems.yaml", b"- id: anka\n\tname: Anka\n"), VALIDATE,
           lambda r, out: None if "a tab: indent with spaces" in out else "no plain-words message"),
    Attack("YAML: 100k nesting", replace_file("content/glossary.yaml", b"- " + b"[" * 100000 + b"]" * 100000),
           VALIDATE, refused(1)),
    Attack("YAML: billion laughs", replace_file("content/glossary.yaml",
                                                b"- &a [x,x,x,x,x,x,x,x,x]\n- &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                                                b"- &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n- [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"),
           VALIDATE, refused(1)),
    Attack("YAML: python tag", replace_file("content/glossary.yaml", b"- !!python/object/apply:os.system [echo pwned]\n"),
           VALIDATE, refused(1)),
    Attack("YAML: not UTF-8", replace_file("content/glossary.yaml", b"- id: \xff\xfe\n"), VALIDATE, refused(1)),
    Attack("YAML: 20 MB file", replace_file("content/glossary.yaml", b"# " + b"x" * 20_000_000 + b"\n"), VALIDATE,
           refused(1)),
    Attack("yes as a boolean", lambda r, o: edit(r / "content/events.yaml", "  status: confirmed",
                                                 "  status: confirmed\n  uncertain: yes"), VALIDATE, refused(1)),
    Attack("sexagesimal number", lambda r, o: edit(r / "content/figures.yaml", "value: 70000", "value: 20:30"),
           VALIDATE, refused(1)),
    Attack("duplicate id with four more mistakes", lambda r, o: (
        edit(r / "content/events.yaml", "- id: anka-delivery", "- id: anka-agreement"),
        edit(r / "content/events.yaml", "partners: [turkey, ots]", "partners: [turky, nato]")), VALIDATE,
        lambda r, out: None if "did you mean 'turkey'" in out and "'nato'" in out else "not all reported"),
    Attack("sandbox escape from a template", template_line("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
           [["build", "--format", "html", "--jobs", "1"]], refused(1)),
    Attack("template reads a file", template_line("{% include '/etc/passwd' %}"), [["build", "--format", "html"]],
           refused(1)),
    Attack("template syntax error", template_line("{% if %}"), [["build", "--format", "html"]],
           lambda r, out: None if f"briefing.html.j2:{TEMPLATE_LINE}" in out else "no template line"),
    Attack("broken reference.docx", replace_file("templates/reference.docx", b"PK\x03\x04 broken"),
           [["build", "--format", "docx"]], refused(1)),
    Attack("build record: wrong shape", lambda r, o: (run(r, ["build", "--format", "html"]),
                                                      [p.write_text('{"deps": [1]}') for p in (r / "build").rglob(".*.deps.json")]),
           [["status"], ["build", "--format", "html"], ["clean"]]),
    Attack("damaged cached chart", damaged_chart, [["build", "--format", "html", "--force"], ["clean"]], chart_restored),
    Attack("translation gate after an English-only change", review_pending, [["build", "all", "--format", "html"]],
           refused(1)),
    Attack("sources add: a named pipe", lambda r, o: os.mkfifo(o / "pipe.txt"),
           [["sources", "add", "{outside}/pipe.txt", "--title", "T", "--date", "2024-12-01", "--lang", "en", "--yes"]], refused(2)),
    Attack("sources add: /dev/zero", lambda r, o: None,
           [["sources", "add", "/dev/zero", "--title", "T", "--date", "2024-12-01", "--lang", "en", "--yes"]], refused(2)),
    Attack("build killed with SIGKILL, then built again", killed_build, [["build", "all"]], all_outputs_whole),
    Attack("stale temporary file", lambda r, o: ((r / "build/2024-12").mkdir(parents=True),
                                                 (r / "build/2024-12/.kzbrief-2024-12-fr.pdf.x.tmp").write_bytes(b"x")),
           [["build", "--format", "html"]],
           lambda r, out: "temporary file left" if list((r / "build").rglob("*.tmp")) else None),
]


def run(root: Path, args: list[str], timeout: float = 180) -> tuple[int | None, str]:
    try:
        proc = subprocess.run([sys.executable, "-m", "kzbrief", *args, "--root", str(root)],
                              capture_output=True, text=True, timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return None, "timeout"
    return proc.returncode, proc.stdout + proc.stderr


def attack(case: Attack, fixture: Path) -> str | None:
    with tempfile.TemporaryDirectory() as tmp:
        root, outside = Path(tmp) / "project", Path(tmp) / "outside"
        shutil.copytree(fixture, root)
        shutil.copytree(REPO / "templates", root / "templates", ignore=shutil.ignore_patterns("*.mo"))
        outside.mkdir()
        (outside / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
        case.setup(root, outside)
        said = ""
        for args in case.commands:
            code, out = run(root, [a.replace("{outside}", str(outside)) for a in args])
            if code is None:
                return f"hang: {' '.join(args)}"
            said += f"{out}\nexit {code}\n"
            if "Traceback" in out:
                return f"traceback: {' '.join(args)}: {out.strip().splitlines()[-1]}"
            if code not in (0, 1, 2):
                return f"exit code {code}: {' '.join(args)}"
        if SECRET in said or "root:x:0:0" in said:
            return "leak"
        try:
            return case.expect(root, said) if case.expect else None
        except Exception as exc:  # the check itself could not run: the build did not do its part
            return f"check failed ({type(exc).__name__}: {exc}); the tool said: {said.strip().splitlines()[-2:]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO / "tests/roots/mini")
    fixture = parser.parse_args().root.resolve()
    failed = 0
    for case in ATTACKS:
        started = time.perf_counter()
        problem = attack(case, fixture)
        failed += problem is not None
        print(f"{'FAIL' if problem else 'ok  '} {time.perf_counter() - started:5.1f}s  {case.name}"
              f"{': ' + problem if problem else ''}", flush=True)
    print(f"{len(ATTACKS) - failed}/{len(ATTACKS)} attacks handled")
    return failed


if __name__ == "__main__":
    sys.exit(main())
