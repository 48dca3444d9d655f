"""The analytic layer added to the mini fixture: the bundled yardstick, one context statement
and key judgements in each edition (the December one changed, and explained; November's second
dropped in December, with its reason)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO, edit

CONTEXT = """\
- id: ots-partners
  theme: region
  as_of: "2024-12-09"
  partners: [ots]
  title: {fr: "Partenaires de l'OET", en: "OTS partners"}
  text: {fr: "Le ministère désigne les membres de l'OET comme partenaires.", en: "The ministry calls the OTS members partners."}
  framing: true
  cites:
    - source: beta
      quote: "delivered to the OTS partners"
"""

NOVEMBER = """\
judgements:
  - id: anka-production
    statement: {fr: "La production d'Anka commencera au Kazakhstan en 2025.", en: "Anka production will start in Kazakhstan in 2025."}
    likelihood: likely
    confidence: low
    basis:
      events: [anka-agreement]
  - id: anka-exports
    statement: {fr: "Le Kazakhstan exportera des Anka d'ici 2026.", en: "Kazakhstan will export Ankas by 2026."}
    likelihood: unlikely
    confidence: low
    basis:
      events: [anka-agreement]
key_points:"""

#: December gives up November's second judgement, and says why.
DROPPED = """dropped:
  - id: anka-exports
    why: {fr: "aucune source ne parle d'exportation.", en: "no source speaks of exports."}
"""

DECEMBER = """\
judgements:
  - id: anka-production
    statement: {fr: "La production d'Anka commencera au Kazakhstan en 2025.", en: "Anka production will start in Kazakhstan in 2025."}
    likelihood: very-likely
    confidence: moderate
    basis:
      events: [anka-agreement, anka-delivery]
      context: [ots-partners]
      figures: [personnel]
    indicators:
      - {fr: "une usine désignée", en: "a plant named"}
    change: {fr: "Relevé : les premières livraisons sont rapportées.", en: "Raised: the first deliveries are reported."}
""" + DROPPED + "key_points:"


def add_analysis(root: Path) -> Path:
    """The mini project with the bundled yardstick, a context statement and judgements."""
    content = root / "content"
    shutil.copy(REPO / "content/yardstick.yaml", content / "yardstick.yaml")
    (content / "context.yaml").write_text(CONTEXT, encoding="utf-8")
    edit(content / "editions/2024-11.yaml", "key_points:", NOVEMBER)
    edit(content / "editions/2024-12.yaml", "key_points:", DECEMBER)
    return root
