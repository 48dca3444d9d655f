"""A scale corpus: the bundled project with every event copied under new ids.

The copies keep their texts, dates and citations (so every quote still validates) and only
change their ids; each events file ``x.yaml`` gets siblings ``x-c1.yaml`` … ``x-cN.yaml``.
An "annual" edition lists every event of the year as its developments, which gives a long
document with hundreds of footnotes: the shape that exposes per-page costs.

    python benchmarks/corpus.py DEST --copies 100     # ~4,200 events
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVENT_ID = re.compile(r"^- id: (\S+)$", re.MULTILINE)
ANNUAL = "2024-12"


def make_corpus(dest: Path, copies: int, source: Path = ROOT) -> Path:
    """Copy ``source``'s content and templates to ``dest`` with ``copies`` more of each event."""
    shutil.copytree(source / "content", dest / "content")
    shutil.copytree(source / "templates", dest / "templates", ignore=shutil.ignore_patterns("*.mo"))
    events = dest / "content" / "events"
    for path in sorted(events.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for n in range(1, copies + 1):
            copy = EVENT_ID.sub(lambda m, n=n: f"- id: {m.group(1)}-c{n}", text)
            (events / f"{path.stem}-c{n}.yaml").write_text(copy, encoding="utf-8")
    _confirm_translations(dest)
    return dest


def event_count(root: Path) -> int:
    return sum(len(EVENT_ID.findall(p.read_text(encoding="utf-8")))
               for p in (root / "content" / "events").glob("*.yaml"))


def make_annual_edition(root: Path) -> str:
    """Make the last edition list every event of its year (developments default to the events
    since the previous edition, so dropping the explicit list and the previous editions of the
    year widens it); returns its period."""
    editions = root / "content" / "editions"
    path = editions / f"{ANNUAL}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^developments:\n(?:  - .*\n)+", "", text, flags=re.MULTILINE)
    # the judgements the removed editions dropped are dropped by the annual one, which now
    # follows the edition they were dropped from (validation asks why each one went)
    removed = [other for other in editions.glob("2024-*.yaml") if other != path]
    dropped = [entry for other in removed
               for entry in yaml.safe_load(other.read_text(encoding="utf-8")).get("dropped", [])]
    if dropped:
        text += yaml.safe_dump({"dropped": dropped}, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    for other in removed:
        other.unlink()
    return ANNUAL


def _confirm_translations(root: Path) -> None:
    """Record the copies' texts as reviewed translations (they are copies of reviewed texts)."""
    from kzbrief.content import load_project
    from kzbrief.translation import confirm

    confirm(load_project(root))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--annual", action="store_true", help=f"make {ANNUAL} list every event of its year")
    args = parser.parse_args()
    make_corpus(args.dest, args.copies)
    if args.annual:
        make_annual_edition(args.dest)
    print(f"{args.dest}: {event_count(args.dest)} events")


if __name__ == "__main__":
    main()
