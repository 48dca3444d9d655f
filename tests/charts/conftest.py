"""A small project built from models (no YAML parsing, fast) and the catalogues for charts.

The project mirrors the real sources: an Indian article of August 2021, a French blog of
December 2023 (no outlet named), two La Gazette digests of August and December 2024.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kzbrief.content.model import LoadedSource, Origin, Project
from kzbrief.content.schema import (Edition, Event, Figure, Partner, ProjectSettings, Source,
                                    System)
from kzbrief.document.view import EditionView
from kzbrief.i18n import I18n

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
#: Ids from refs.py that live in kzbrief.po (owned by another engineer).
REFS_IDS = {"source.short", "source.unknown_outlet"}
#: Test-only stand-in for those ids, used only while kzbrief.po does not define them yet.
REFS_STUB = {
    "fr": {"source.short": "{outlet}, {date}", "source.unknown_outlet": "Source sans titre d’organe"},
    "en": {"source.short": "{outlet}, {date}", "source.unknown_outlet": "Unnamed outlet"},
}


def _defines(path: Path, lang: str, ids: set[str]) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    return all(catalog.get(i) is not None and catalog.get(i).string for i in ids)


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> Path:
    """The real catalogues; plus a stub for refs.py's ids if kzbrief.po lacks them."""
    if all(_defines(TEMPLATES / "locale" / lang / "LC_MESSAGES" / "kzbrief.po", lang, REFS_IDS) for lang in LOCALES):
        return TEMPLATES
    root = tmp_path_factory.mktemp("templates")
    for lang, ids in REFS_STUB.items():
        folder = root / "locale" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(TEMPLATES / "locale" / lang / "LC_MESSAGES" / "charts.po", folder / "charts.po")
        body = "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in ids.items())
        header = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n\n'
        (folder / "refs-stub.po").write_text(header + body, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def i18n(templates) -> dict[str, I18n]:
    return {lang: I18n.load(templates, lang, loc) for lang, loc in LOCALES.items()}


def cite(source: str) -> list[dict]:
    return [{"source": source, "quote": "a passage of the source"}]


def partner(pid: str, fr: str, en: str, kind: str = "state", **extra) -> Partner:
    return Partner(id=pid, kind=kind, name={"fr": fr, "en": en}, **extra)


def system(sid: str, name: str, category: str, origin: list[str], status: str, in_fleet: bool, source: str) -> System:
    return System(id=sid, name=name, category=category, origin=origin, role={"fr": "r", "en": "r"},
                  status=status, in_fleet=in_fleet, cites=cite(source))


def event(eid: str, date: str, domain: str, partners: list[str], source: str, status: str = "confirmed",
          **extra) -> Event:
    return Event(id=eid, date=date, domain=domain, status=status, partners=partners,
                 title={"fr": eid, "en": eid}, text={"fr": eid, "en": eid}, cites=cite(source), **extra)


def figure(fid: str, fr: str, en: str, value, as_of: str, source: str, category: str = "inventory",
           **extra) -> Figure:
    return Figure(id=fid, category=category, label={"fr": fr, "en": en}, value=value, as_of=as_of,
                  cites=cite(source), **extra)


SOURCES = {
    "fe-2021-08": ("2021-08-30", "Financial Express Online"),
    "blog-2023-12": ("2023-12", None),
    "gazette-2024-08": ("2024-08", "La Gazette"),
    "gazette-2024-12": ("2024-12", "La Gazette"),
}


def make_project(root: Path, extra_systems: list[System] = ()) -> Project:
    settings = ProjectSettings(name={"fr": "n", "en": "n"}, publisher={"fr": "p", "en": "p"}, languages=["fr", "en"],
                               locales=LOCALES, subject={"fr": "s", "en": "s"}, self_partner="kazakhstan")
    project = Project(root=root, settings=settings)
    for sid, (published, outlet) in SOURCES.items():
        meta = Source(id=sid, title=sid, outlet=outlet, published=published, language="fr", reliability="B")
        project.sources[sid] = LoadedSource(meta, "text", root / f"{sid}.txt", Origin(f"{sid}.yaml", 1))
    for p in [
        partner("kazakhstan", "Kazakhstan", "Kazakhstan", kind="self"),
        partner("turkey", "Turquie", "Turkey"),
        partner("india", "Inde", "India"),
        partner("france", "France", "France", colour="#0072b2"),
        partner("russia", "Russie", "Russia"),
        partner("china", "Chine", "China"),
        partner("israel", "Israël", "Israel"),
        partner("azerbaijan", "Azerbaïdjan", "Azerbaijan"),
        partner("tai", "TAI", "TAI", kind="company", country="turkey"),
        partner("airbus", "Airbus", "Airbus", kind="company", country="france"),
    ]:
        project.partners[p.id] = p
    for s in [
        system("anka", "Anka", "uav", ["turkey", "kazakhstan"], "in-production", True, "gazette-2024-08"),
        system("sunqar", "Sunqar", "uav", ["kazakhstan"], "in-service", True, "gazette-2024-08"),
        system("evomax", "EVO Max", "uav", ["china"], "in-service", True, "gazette-2024-08"),
        system("striker", "Striker", "loitering-munition", ["israel"], "in-service", True, "gazette-2024-12"),
        system("tested-uav", "Tested", "uav", ["turkey"], "tested", False, "gazette-2024-12"),
        system("su-30sm", "Su-30SM", "combat-aircraft", ["russia"], "in-service", True, "blog-2023-12"),
        system("rafale", "Rafale", "combat-aircraft", ["france"], "rejected", False, "blog-2023-12"),
        system("mi-35", "Mi-35", "helicopter", ["russia"], "on-order", False, "blog-2023-12"),
        system("tor-m2", "Tor-M2", "air-defence", ["russia"], "on-order", False, "blog-2023-12"),
        system("a400m", "A400M", "transport-aircraft", ["airbus"], "in-service", True, "gazette-2024-08"),
        system("t-72ba", "T-72BA", "tank", ["russia"], "in-service", True, "gazette-2024-08"),
        system("arlan", "Arlan", "armoured-vehicle", ["kazakhstan"], "in-service", True, "gazette-2024-08"),
        *extra_systems,
    ]:
        project.systems[s.id] = s
    for e in [
        event("kazind-21", "2021-08-30", "exercise", ["india", "kazakhstan"], "fe-2021-08"),
        event("india-wish", "2021-08", "statement", ["india"], "fe-2021-08", status="reported"),
        event("macron-visit", "2023-11-01", "visit", ["france"], "blog-2023-12"),
        event("rafale-denied", "2023-11-30", "procurement", ["france"], "blog-2023-12", status="denied"),
        event("su30-2024", "2024", "delivery", ["russia"], "blog-2023-12", status="planned"),
        event("turkey-memo", "2022-05-10", "agreement", ["turkey"], "gazette-2024-08"),
        event("anka-deal", "2022-05", "production", ["tai", "kazakhstan"], "gazette-2024-08"),
        event("zenit-ships", "2023-07", "production", ["turkey"], "gazette-2024-08", qualifier="late"),
        event("birlestik", "2024-07", "exercise", ["azerbaijan", "kazakhstan"], "gazette-2024-08"),
        event("transit-draft", "2024-08", "transit", ["turkey"], "gazette-2024-08", status="planned"),
        event("a400m-first", "2024-06", "delivery", ["airbus"], "gazette-2024-08"),
        event("briefing", "2024-12-09", "statement", ["kazakhstan"], "gazette-2024-12"),
        event("future", "2025-03", "delivery", ["france"], "gazette-2024-12", status="planned"),
    ]:
        project.events[e.id] = e
    for f in [
        figure("tanks", "Chars T-72BA", "T-72BA tanks", 350, "2024", "gazette-2024-08", systems=["t-72ba"]),
        figure("armour", "Véhicules blindés", "Armoured vehicles", 900, "2024", "gazette-2024-08", approx="nearly"),
        figure("artillery", "Systèmes d’artillerie", "Artillery systems", 490, "2024", "gazette-2024-08"),
        figure("helis-old", "Hélicoptères", "Helicopters", 60, "2023", "blog-2023-12"),
        figure("helis", "Hélicoptères", "Helicopters", 74, "2024", "gazette-2024-08"),
        figure("personnel", "Personnel", "Personnel", 70000, "2024", "gazette-2024-08", category="personnel",
               unit="person", approx="more-than"),
    ]:
        project.figures[f.id] = f
    for period, last_day in (("2021-08", 31), ("2023-12", 31), ("2024-12", 31)):
        # issued on the month's last day: the edition's cut-off is its issue date
        project.editions[period] = Edition(period=period, issue=1, issued=f"{period}-{last_day}", title={"fr": "t", "en": "t"},
                                           key_points=[{"text": {"fr": "k", "en": "k"}}],
                                           outlook=[{"text": {"fr": "o", "en": "o"}}])
    return project


@pytest.fixture
def project(tmp_path) -> Project:
    return make_project(tmp_path)


def view_of(project: Project, period: str) -> EditionView:
    return EditionView(project, project.editions[period])
