"""One stable look per partner, across every chart and every edition.

A partner keeps the colour its content gives it (``colour:``); otherwise it gets a free
Okabe–Ito colour chosen from a hash of its id, so the choice never depends on which partners
an edition happens to know. Once the seven colours are taken, further partners get a second set
of hues (suppliers of equipment first: they share bars with the main partners), then greys, so
a main partner's colour stays its own. Each partner also gets a hatch, so bars stay
distinguishable in greyscale. A state that no longer exists has one look of its own, a hatched
light grey: its equipment is a legacy, not a supplier's colour.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..content.schema import Partner

#: Okabe & Ito's colour-blind-safe palette, without black (kept for text and axes).
OKABE_ITO = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow (last: weakest on white)
)
#: Line hatches only: dot and circle hatches weigh tens of kilobytes each in SVG.
HATCHES = ("", "//", "--", "xx", "\\\\", "||", "++", "-\\")
#: Beyond Okabe & Ito: hues from Paul Tol's "muted" scheme (and a brown) that no Okabe–Ito colour
#: is close to, for partners beyond the palette (distinct hues read at print size; greys did not).
MORE_HUES = ("#882255", "#332288", "#999933", "#8C564B")
#: A further hue is only given when it is far enough from every colour already taken, in hue
#: (degrees) or overall (CIELAB ΔE): a wine-red Spain beside Russia's reddish purple, or olive
#: beside yellow, could not be told apart in print. (Okabe–Ito's own colours are the palette's
#: and are not held to this: content gives them to the main partners.)
MIN_HUE_GAP = 30.0
MIN_DELTA_E = 40.0
GREYS = ("#7A7A7A", "#A8A8A8", "#555555", "#C6C6C6")  # for partners beyond both palettes
NEUTRAL = "#9A9A9A"  # for what belongs to no single partner
SELF = "#4D4D4D"  # the country the briefing is about: a dark grey, apart from the partners


@dataclass(frozen=True)
class PartnerStyle:
    colour: str
    hatch: str


def _lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of '#RRGGBB': the space where hue angles match what a reader sees."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    fx, fy, fz = (v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def hue_gap(one: str, other: str) -> float:
    """Degrees between two colours' hues; 360 when either is a grey (no hue to confuse)."""
    (_, a1, b1), (_, a2, b2) = _lab(one), _lab(other)
    if math.hypot(a1, b1) < 20 or math.hypot(a2, b2) < 20:
        return 360.0
    gap = abs(math.degrees(math.atan2(b1, a1) - math.atan2(b2, a2))) % 360
    return min(gap, 360 - gap)


def too_close(one: str, other: str) -> bool:
    """Two colours a reader could take for each other at print size: near in hue and overall."""
    return hue_gap(one, other) < MIN_HUE_GAP and math.dist(_lab(one), _lab(other)) < MIN_DELTA_E


def _hash(partner_id: str) -> int:
    return int.from_bytes(hashlib.sha256(partner_id.encode("utf-8")).digest()[:4], "big")


#: The look of a state that no longer exists (a legacy, not a supplier).
LEGACY = PartnerStyle("#D9D9D9", "xx")


def _slot_style(slot: int) -> PartnerStyle:
    """Slots 0–6 are the palette's colours, then the further hues; later slots are greys, each
    grey with every hatch."""
    size = len(OKABE_ITO)
    if slot < size:
        return PartnerStyle(OKABE_ITO[slot], HATCHES[slot])
    if slot < size + len(MORE_HUES):
        k = slot - size
        return PartnerStyle(MORE_HUES[k], HATCHES[1 + k % (len(HATCHES) - 1)])
    k = slot - size - len(MORE_HUES)
    hatch = 1 + (k // len(GREYS) + k % len(GREYS)) % (len(HATCHES) - 1)
    return PartnerStyle(GREYS[k % len(GREYS)], HATCHES[hatch])


def partner_styles(partners: Mapping[str, Partner], self_partner: str | None = None,
                   suppliers: Iterable[str] = ()) -> dict[str, PartnerStyle]:
    """A style for every partner of the project.

    The preferred colour is a hash of the id; partners are placed in id order (suppliers of
    the project's equipment first) and a taken colour moves to the next free one, then to a
    further hue, then to a grey with a hatch. Only the project's partner list and equipment
    (never an edition's events) decide. A company with a country is drawn as that country,
    and so is an agency of a state; a state that no longer exists is drawn as a legacy.
    """
    size = len(OKABE_ITO)
    styles: dict[str, PartnerStyle] = {}
    taken: set[int] = set()
    own = sorted(pid for pid, p in partners.items() if not (p.kind != "self" and p.country in partners))
    if self_partner in partners:
        styles[self_partner] = PartnerStyle(partners[self_partner].colour or SELF, "")
    for pid in own:
        if partners[pid].kind == "former-state":
            styles[pid] = LEGACY
    for pid in own:
        colour = partners[pid].colour
        if colour and pid not in styles:
            if colour.upper() in OKABE_ITO:  # a palette colour keeps that slot's hatch
                taken.add(OKABE_ITO.index(colour.upper()))
                styles[pid] = _slot_style(OKABE_ITO.index(colour.upper()))
            else:
                styles[pid] = PartnerStyle(colour.upper(), HATCHES[1 + _hash(pid) % (len(HATCHES) - 1)])
    supplying = set(suppliers)
    hues = len(MORE_HUES)
    greys = len(GREYS) * (len(HATCHES) - 1)
    for pid in sorted(own, key=lambda p: (p not in supplying, p)):
        if pid in styles:
            continue
        candidates = [(_hash(pid) + step) % size for step in range(size)]
        candidates += [size + (_hash(pid) + step) % hues for step in range(hues)]
        candidates += [size + hues + (_hash(pid) + step) % greys for step in range(greys)]
        used = {style.colour for style in styles.values()}
        slot = next((k for k in candidates if k not in taken and
                     (k < size or k >= size + hues or
                      not any(too_close(MORE_HUES[k - size], colour) for colour in used))),
                    candidates[-1])
        taken.add(slot)
        styles[pid] = _slot_style(slot)
    for pid, partner in partners.items():
        if pid not in styles:
            styles[pid] = styles.get(partner.country, PartnerStyle(NEUTRAL, ""))
    return styles
