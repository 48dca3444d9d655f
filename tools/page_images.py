"""Make the README's picture of a briefing: chosen pages of built PDFs, side by side.

    python tools/page_images.py 2024-12 fr:1 fr:4 en:10 fr:17 [--out docs/images/briefing-2024-12.png]

Each LANG:PAGE names a page (1-based) of ``build/PERIOD/kzbrief-PERIOD-LANG.pdf``; build the
edition first. Pages are rasterised with poppler's ``pdftoppm`` (Debian's poppler-utils, a
maintainer's tool: nothing in the suite or the two make commands uses this script) and set in
one row on a light grey ground with Pillow (which matplotlib already brings).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
GAP = 24
GROUND = (235, 235, 235)


def page_image(pdf: Path, page: int, dpi: int, folder: Path) -> Image.Image:
    stem = folder / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("period")
    parser.add_argument("pages", nargs="+", metavar="LANG:PAGE")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install Debian's poppler-utils", file=sys.stderr)
        return 2
    out = args.out or ROOT / "docs" / "images" / f"briefing-{args.period}.png"
    images = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec in args.pages:
            lang, _, page = spec.partition(":")
            pdf = ROOT / "build" / args.period / f"kzbrief-{args.period}-{lang}.pdf"
            if not pdf.is_file() or not page.isdigit():
                print(f"{spec}: needs LANG:PAGE of a built PDF ({pdf})", file=sys.stderr)
                return 2
            images.append(page_image(pdf, int(page), args.dpi, Path(tmp)))
    height = max(i.height for i in images)
    sheet = Image.new("RGB", (sum(i.width for i in images) + GAP * (len(images) + 1), height + 2 * GAP), GROUND)
    x = GAP
    for image in images:
        sheet.paste(image, (x, GAP))
        x += image.width + GAP
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, optimize=True)
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
