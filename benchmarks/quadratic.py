"""Seconds per page of bare WeasyPrint as a document grows, with and without our workarounds.

A minimal reproduction of the two costs that grow with pages squared (see
``kzbrief.writers.workarounds``): a tagged PDF (PDF/UA-1) of N short paragraphs, each with a
footnote. Only WeasyPrint, pydyf and this file are involved, so it can go upstream as is.

    python benchmarks/quadratic.py 100 400 800      # paragraphs (~11 a page)
    python benchmarks/quadratic.py --ours 1100 11000  # ours only: is it linear to 1,000 pages?
"""

from __future__ import annotations

import contextlib
import sys
import time

from kzbrief.writers import workarounds
from kzbrief.writers.weasy import HTML

STYLE = "@page { size: A4; margin: 2cm } .fn { float: footnote } p { margin: 0 0 1em }"


def document(paragraphs: int) -> str:
    body = "".join(f"<p>Paragraph {i}: some words to fill a line or two of text on the page, and a note."
                   f"<span class=fn>Footnote {i}.</span></p>" for i in range(paragraphs))
    return f"<html lang=en><head><style>{STYLE}</style></head><body>{body}</body></html>"


def render(paragraphs: int, patched: bool) -> tuple[float, int]:
    html = HTML(string=document(paragraphs))
    with workarounds.active() if patched else contextlib.nullcontext():
        started = time.perf_counter()
        rendered = html.render()
        rendered.write_pdf(pdf_variant="pdf/ua-1")
        return time.perf_counter() - started, len(rendered.pages)


def main() -> None:
    args = sys.argv[1:]
    ours_only = "--ours" in args
    sizes = [int(a) for a in args if a != "--ours"] or [100, 400, 800]
    print("| paragraphs | pages | WeasyPrint alone s/page | with workarounds s/page |")
    print("|---|---|---|---|")
    for n in sizes:
        fast, pages = render(n, True)
        plain = None if ours_only else render(n, False)[0]
        alone = "—" if plain is None else f"{plain / pages:.3f}"
        print(f"| {n} | {pages} | {alone} | {fast / pages:.3f} |", flush=True)


if __name__ == "__main__":
    main()
