"""Styled text for the analyst's terminal: colour with rich on a terminal, plain text otherwise.

Commands build lines of (text, style) segments; only this module knows how they look, so a
pipe, a file or a test gets plain text (a highlighted passage between ``**``).
"""

from __future__ import annotations

import re
import sys
from typing import IO, Iterable

import click

#: A line: (text, style) segments. Styles: "" plain, "head", "dim", "quote" (a highlighted
#: passage), "good", "bad".
Line = list[tuple[str, str]]

_RICH = {"head": "bold", "dim": "dim", "quote": "bold black on yellow", "good": "green", "bad": "bold red"}
_PLAIN_MARK = {"quote": "**"}


#: Characters a terminal obeys instead of showing (escape sequences that recolour, retitle or
#: rewrite the screen, bells, backspaces): a source pasted from the web may hold them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character but tab and newline shown as ``\\x1b``, never obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def echo(message: object = "", err: bool = False) -> None:
    """``click.echo`` for text that may come from content or sources: controls made visible."""
    click.echo(printable(str(message)), err=err)


def plain(line: Line) -> str:
    return "".join(f"{_PLAIN_MARK.get(style, '')}{printable(text)}{_PLAIN_MARK.get(style, '')}"
                   for text, style in line)


def emit(lines: Iterable[Line], err: bool = False) -> None:
    """Print lines on stdout (or stderr), in colour only when it is a terminal."""
    stream: IO[str] = sys.stderr if err else sys.stdout
    if not stream.isatty():
        for line in lines:
            click.echo(plain(line), file=stream)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for line in lines:
        text = Text()
        for part, style in line:
            text.append(printable(part), style=_RICH.get(style, ""))
        console.print(text)
