"""How much of each page's body is left blank at its foot, from WeasyPrint's own layout.

    python tools/blank_pages.py 2024-12 [--lang fr] [--root .] [--over 25] [--first-layout]

Builds the edition's Document as ``kzbrief build`` does (charts in a temporary cache), lays
out the very HTML the PDF writer lays out (``writers.pdf.print_layout``: print fonts, workarounds,
refits) and prints, for every body page, the space between its last line, chart or rule and
the limit of its body: the top of the footnote area when the page carries notes, else the
bottom of the content box (``writers.pagefill`` measures). ``--first-layout`` measures the
layout before any refit. The table of contents (it ends at a forced break) and the cover are
left out.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def layout_edition(root: Path, period: str, lang: str, refit: bool = True):
    """The edition laid out as the PDF writer lays it out (a WeasyPrint ``Document``)."""
    from kzbrief.build import templates_dir
    from kzbrief.charts import draw_charts
    from kzbrief.content import load_project
    from kzbrief.document.assemble import assemble
    from kzbrief.document.view import EditionView
    from kzbrief.i18n import I18n
    from kzbrief.writers.pdf import PDF_VARIANT, print_layout

    project = load_project(root)
    view = EditionView(project, project.editions[period])
    templates = templates_dir(project.root)
    i18n = I18n.load(templates, lang, project.settings.locales.get(lang, lang), None)
    with tempfile.TemporaryDirectory() as cache:
        doc = assemble(view, i18n, draw_charts(view, i18n, Path(cache)))
        with print_layout(doc, templates, [project.root, Path(cache)], {"pdf_variant": PDF_VARIANT}, refit) as document:
            return document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("period")
    parser.add_argument("--lang", action="append", help="language (repeatable); default: all")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--over", type=float, default=0.0, help="print only pages more than this %% blank")
    parser.add_argument("--first-layout", action="store_true", help="measure the layout before refits")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from kzbrief.content import load_project
    from kzbrief.writers.pagefill import blank_fractions

    for lang in args.lang or list(load_project(args.root).languages):
        pages = blank_fractions(layout_edition(args.root, args.period, lang, refit=not args.first_layout))
        for page in pages:
            if page.name != "main" or page.contents or 100 * page.fraction <= args.over:
                continue
            last = " (last page)" if page.number == len(pages) else ""
            print(f"{args.period} {lang} p. {page.number:2d}: {100 * page.fraction:5.1f} % blank "
                  f"({page.blank_cm:4.1f} of {page.body_cm:4.1f} cm){last}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
