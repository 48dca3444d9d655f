"""Plain-text tables whose columns fit their widest cell, so long ids never push a row out of line."""

from __future__ import annotations

from typing import Sequence


def columns(rows: Sequence[Sequence[object]], right: Sequence[int] = (), gap: str = "  ") -> list[str]:
    """One line per row; each column as wide as its widest cell (``right``: indexes of columns
    aligned right, such as counts). The last column is not padded."""
    cells = [[str(c) for c in row] for row in rows]
    if not cells:
        return []
    widths = [max(len(row[i]) for row in cells if i < len(row)) for i in range(max(map(len, cells)))]
    lines = []
    for row in cells:
        parts = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(row)]
        lines.append(gap.join(parts).rstrip())
    return lines
