"""The chart set: the data each chart draws, its texts, omissions, reproducibility, caching."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kzbrief.charts import CHART_KEYS, Chart, activity, domain_matrix, draw_charts, fleet_by_origin, suppliers
from kzbrief.charts.palette import OKABE_ITO, partner_styles
from kzbrief.charts.plans import time_ticks

from .conftest import TEMPLATES, make_project, partner, system, view_of

NNBSP = "\u202f"


# ---------------------------------------------------------------- the data of each chart
def test_fleet_counts_drones_in_fleet_per_origin(project):
    data = fleet_by_origin(view_of(project, "2024-12"))
    rows = {r.origin: (r.systems, r.categories) for r in data.rows}
    # Anka is co-produced: it counts for Turkey and Kazakhstan; the tested drone is not in the fleet
    assert rows == {
        "kazakhstan": (("anka", "sunqar"), {"uav": 2}),
        "china": (("evomax",), {"uav": 1}),
        "israel": (("striker",), {"loitering-munition": 1}),
        "turkey": (("anka",), {"uav": 1}),
    }
    assert [r.origin for r in data.rows] == ["kazakhstan", "china", "israel", "turkey"]
    assert data.total == 4
    assert data.source_ids == ["gazette-2024-08", "gazette-2024-12"]


def test_activity_lanes_per_partner_up_to_the_edition(project):
    data = activity(view_of(project, "2024-12"))
    lanes = {lane.partner: [p.event for p in lane.points] for lane in data.lanes}
    assert lanes == {
        "turkey": ["anka-deal", "turkey-memo", "zenit-ships", "transit-draft"],  # TAI is Turkey; May before 10 May
        "france": ["macron-visit", "a400m-first"],  # denied Rafale talks left out; Airbus is France
        "india": ["india-wish", "kazind-21"],
        "azerbaijan": ["birlestik"],
        "russia": ["su30-2024"],
    }
    assert [lane.partner for lane in data.lanes] == ["turkey", "france", "india", "azerbaijan", "russia"]
    assert data.events == 10  # the Kazakh-only briefing and the 2025 delivery are not partnership events here
    assert data.until == dt.date(2024, 12, 31)  # the issue date
    russia = data.lanes[-1].points[0]
    assert (russia.start, russia.end, russia.status) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "planned")
    zenit = next(p for p in data.lanes[0].points if p.event == "zenit-ships")
    assert zenit.start >= dt.date(2023, 7, 20) and zenit.end <= dt.date(2023, 7, 31)  # "late July"
    assert data.source_ids == ["fe-2021-08", "blog-2023-12", "gazette-2024-08"]


def test_a_confirmed_event_s_bar_ends_when_the_first_source_reporting_it_was_published(project):
    """Nineteenth pass: a confirmed visit dated only "2021" by an article of 30 August 2021 was
    drawn over the whole of 2021; it cannot have happened after the article. A planned event
    keeps its span (it is reported before it happens)."""
    from .conftest import event

    project.events["visit-2021"] = event("visit-2021", "2021", "visit", ["india"], "fe-2021-08")
    project.events["plan-2021"] = event("plan-2021", "2021", "visit", ["india"], "fe-2021-08", status="planned")
    points = {p.event: p for lane in activity(view_of(project, "2024-12")).lanes for p in lane.points}
    assert (points["visit-2021"].start, points["visit-2021"].end) == (dt.date(2021, 1, 1), dt.date(2021, 8, 30))
    assert points["plan-2021"].end == dt.date(2021, 12, 31)


def test_domain_matrix_counts_events_per_partner_and_domain(project):
    data = domain_matrix(view_of(project, "2024-12"))
    assert data.partners == ["turkey", "france", "india", "azerbaijan", "russia"]
    assert data.domains == ["agreement", "production", "procurement", "delivery", "exercise", "training",
                            "transit", "diplomacy"]
    nonzero = {p: {d: n for d, n in row.items() if n} for p, row in data.counts.items()}
    assert nonzero == {
        "turkey": {"agreement": 1, "production": 2, "transit": 1},
        "france": {"delivery": 1, "diplomacy": 1},
        "india": {"exercise": 1, "diplomacy": 1},
        "azerbaijan": {"exercise": 1},
        "russia": {"delivery": 1},
    }
    assert data.source_ids == ["fe-2021-08", "blog-2023-12", "gazette-2024-08"]


def test_a_detail_of_an_event_counts_once_with_it_in_every_chart(project, i18n):
    """KAZIND-21 and its "forces and programme" (``part_of``) are one exercise: one marker, one
    count in the matrix, one event in the captions; the detail's source still named."""
    from kzbrief.charts.plans import PLANNERS, Context

    from .conftest import event
    project.events["kazind-programme"] = event("kazind-programme", "2021-08-30", "exercise", ["india", "kazakhstan"],
                                               "blog-2023-12", status="planned", part_of="kazind-21")
    project.events["kazind-forces"] = event("kazind-forces", "2021-09", "deployment", ["india"], "fe-2021-08",
                                            status="planned", part_of="kazind-programme")
    view = view_of(project, "2024-12")
    data = activity(view)
    india = next(lane for lane in data.lanes if lane.partner == "india")
    assert [p.event for p in india.points] == ["india-wish", "kazind-21"]
    assert data.events == 10
    assert "blog-2023-12" in data.source_ids
    matrix = domain_matrix(view)
    assert matrix.counts["india"]["exercise"] == 1 and matrix.events == 10
    for lang in ("fr", "en"):
        plan = PLANNERS["activity"](Context.of(view, i18n[lang]))
        assert sum(len(lane["points"]) for lane in plan.plot["lanes"]) == 10
    # an edition that does not know the whole counts the detail it knows
    del project.events["kazind-21"]
    lanes = {lane.partner: [p.event for p in lane.points] for lane in activity(view_of(project, "2024-12")).lanes}
    assert lanes["india"] == ["india-wish", "kazind-programme"]


def _grouped(project):
    """The real content's shape: an exercise with four unprofiled states, an agency of Turkey,
    the UN beside India in a deployment."""
    from .conftest import event
    for pid, fr, en in (("azerbaijan", "Azerbaïdjan", "Azerbaijan"), ("kyrgyzstan", "Kirghizistan", "Kyrgyzstan")):
        project.partners[pid] = partner(pid, fr, en, profile=False)
    project.partners["un"] = partner("un", "ONU", "UN", kind="organisation", profile=False)
    project.partners["ssb"] = partner("ssb", "Agence (Turquie)", "Agency (Turkey)", kind="organisation",
                                      country="turkey", profile=False)
    project.events["birlestik"] = event("birlestik", "2024-07", "exercise", ["azerbaijan", "kyrgyzstan", "kazakhstan"],
                                        "gazette-2024-08")
    project.events["agency-talks"] = event("agency-talks", "2024-10", "diplomacy", ["turkey", "ssb"], "gazette-2024-12")
    project.events["agency-only"] = event("agency-only", "2024-11", "visit", ["ssb"], "gazette-2024-12")
    project.events["unifil"] = event("unifil", "2021-08", "deployment", ["india", "un"], "fe-2021-08")
    return project


def test_partners_without_a_profile_share_one_row_and_agencies_are_their_state(project):
    from kzbrief.charts.data import OTHERS
    view = view_of(_grouped(project), "2024-12")
    data = activity(view)
    lanes = {lane.partner: [p.event for p in lane.points] for lane in data.lanes}
    assert lanes[OTHERS] == ["birlestik"]  # one exercise, one marker, not one row per state
    assert list(lanes)[-1] == OTHERS
    assert "agency-talks" in lanes["turkey"] and "agency-only" in lanes["turkey"]
    assert lanes["india"] == ["india-wish", "unifil", "kazind-21"]  # the UN is no row of its own
    assert not {"ssb", "un", "azerbaijan", "kyrgyzstan"} & set(lanes)
    assert data.others == ["azerbaijan", "kyrgyzstan"] and data.denied == 1
    matrix = domain_matrix(view)
    assert matrix.partners[-1] == OTHERS and matrix.counts[OTHERS]["exercise"] == 1
    assert matrix.counts["india"]["exercise"] == 2  # the deployment sits with the exercises, as in the profile
    assert "other" not in matrix.domains


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_other_partners_row_is_named_neutral_and_explained(project, i18n, tmp_path, lang):
    from kzbrief.charts.palette import NEUTRAL
    from kzbrief.charts.plans import PLANNERS, Context

    ctx = Context.of(view_of(_grouped(project), "2024-12"), i18n[lang])
    plan = PLANNERS["activity"](ctx)
    others = i18n[lang]._("chart.others")
    lane = plan.plot["lanes"][-1]
    assert lane["label"] == others and lane["colour"] == NEUTRAL
    assert {"fr": "Azerbaïdjan et Kirghizistan", "en": "Azerbaijan and Kyrgyzstan"}[lang] in plan.caption
    assert i18n[lang]._("chart.denied.note") in plan.caption
    assert {"fr": "Turquie (6", "en": "Turkey (6"}[lang] in plan.caption  # the agency's two events counted
    domains = PLANNERS["domains"](ctx)
    assert domains.plot["rows"][-1] == {"label": others, "colour": NEUTRAL, "hatch": ""}
    assert others not in domains.caption.split(".")[0]  # never the "broadest cooperation"


def test_force_inventories_are_a_table_not_a_chart_repeating_it():
    """A bar chart of Table 1's counts repeated its numbers across incommensurable categories."""
    assert "forces" not in CHART_KEYS


def test_suppliers_by_category_and_origin(project):
    data = suppliers(view_of(project, "2024-12"))
    assert {r.category: r.origins for r in data.rows} == {
        "uav": {"kazakhstan": 2, "china": 1, "turkey": 1},
        "loitering-munition": {"israel": 1},
        "combat-aircraft": {"russia": 1},  # the rejected Rafale is no supplier
        "transport-aircraft": {"france": 1},
        "helicopter": {"russia": 1},
        "armoured-vehicle": {"kazakhstan": 1},
        "tank": {"russia": 1},
        "air-defence": {"russia": 1},
    }
    assert [r.category for r in data.rows][:3] == ["uav", "loitering-munition", "combat-aircraft"]
    assert data.origins[:2] == ["russia", "kazakhstan"]
    assert data.systems == 10
    assert data.source_ids == ["blog-2023-12", "gazette-2024-08", "gazette-2024-12"]


def test_a_co_produced_type_is_one_type_of_its_row(project, i18n):
    """Two transport aircraft, one co-produced by France and Spain, are two types: the row's
    number says 2 (not 3 country attributions) and its bar is as long, each country's segment
    labelled with its share of the row."""
    from kzbrief.charts.plans import PLANNERS, Context

    project.partners["spain"] = partner("spain", "Espagne", "Spain")
    project.systems = {k: s for k, s in project.systems.items() if s.category != "transport-aircraft"}
    project.systems["a400m"] = system("a400m", "A400M", "transport-aircraft", ["france", "spain"], "in-service", True,
                                      "gazette-2024-08")
    project.systems["c295"] = system("c295", "C-295", "transport-aircraft", ["spain"], "in-service", True,
                                     "gazette-2024-08")
    row = next(r for r in suppliers(view_of(project, "2024-12")).rows if r.category == "transport-aircraft")
    assert row.origins == {"spain": 2, "france": 1} and row.total == 2
    plan = PLANNERS["suppliers"](Context.of(view_of(project, "2024-12"), i18n["en"]))
    drawn = next(r for r in plan.plot["rows"] if r["total"] == 2 and len(r["segments"]) == 2)
    assert drawn["total_label"] == "2" and sum(seg["count"] for seg in drawn["segments"]) == 2
    # each segment is labelled with its length: the labels add up to the bar (not Spain 2 and
    # France 1 on a bar of 2), and the caption says what a shared segment is
    assert sorted(seg["label"] for seg in drawn["segments"]) == ["0.5", "1.5"]
    assert i18n["en"]._("chart.suppliers.shared") in plan.caption
    fr = PLANNERS["suppliers"](Context.of(view_of(project, "2024-12"), i18n["fr"]))
    assert sorted(seg["label"] for seg in next(r for r in fr.plot["rows"] if r["total"] == 2 and len(r["segments"]) == 2)["segments"]) == ["0,5", "1,5"]
    project.systems = {k: s for k, s in project.systems.items() if len(s.origin) == 1}
    alone = PLANNERS["suppliers"](Context.of(view_of(project, "2024-12"), i18n["en"]))
    assert i18n["en"]._("chart.suppliers.shared") not in alone.caption


def test_a_state_that_no_longer_exists_is_a_legacy_not_a_supplier(project, i18n):
    """Seven Soviet types are not a 'leading supplier': the caption names the leading current
    supplier, and says what the legacy is; the legacy has its own look, apart from the hues."""
    from kzbrief.charts.palette import LEGACY
    from kzbrief.charts.plans import PLANNERS, Context

    project.partners["ussr"] = partner("ussr", "Union soviétique", "Soviet Union", kind="former-state")
    for n in range(5):
        project.systems[f"sam-{n}"] = system(f"sam-{n}", f"S-{n}00", "air-defence", ["ussr"], "in-service", True,
                                             "blog-2023-12")
    data = suppliers(view_of(project, "2024-12"))
    assert data.origins[0] == "russia" and data.origins[-1] == "ussr" and data.legacy == ["ussr"]
    for lang, current, legacy in (("en", "Leading current supplier: Russia, with 4 of the 15",
                                   "(Soviet Union): 5 types of the 15."),
                                  ("fr", "Premier fournisseur actuel\u202f: Russie, avec 4 des 15",
                                   "(Union soviétique)\u202f: 5 types sur 15.")):
        plan = PLANNERS["suppliers"](Context.of(view_of(project, "2024-12"), i18n[lang]))
        assert plan.caption.startswith(current) and plan.caption.endswith(legacy), plan.caption
        swatch = plan.plot["legend"][-1]
        assert swatch == {"label": i18n[lang]._("chart.suppliers.legacy", origin=i18n[lang].text(
            project.partners["ussr"].name)), "colour": LEGACY.colour, "hatch": LEGACY.hatch}


def test_partners_beyond_the_palette_get_hues_suppliers_first(project):
    """Greys with hatches could not be told apart at print size: suppliers of equipment beyond
    the seven Okabe–Ito colours get hues of their own, before partners that supply nothing."""
    from kzbrief.charts.palette import MORE_HUES

    crowded = {"kazakhstan": project.partners["kazakhstan"]}
    for n, colour in enumerate(OKABE_ITO):  # the main partners hold the seven colours
        crowded[f"main{n}"] = partner(f"main{n}", "m", "m", colour=colour)
    for n in range(6):
        crowded[f"aa{n}"] = partner(f"aa{n}", "x", "x")  # sort before the suppliers, supply nothing
    crowded["zz-supplier"] = partner("zz-supplier", "z", "z")
    crowded["zy-supplier"] = partner("zy-supplier", "z", "z")
    looks = partner_styles(crowded, "kazakhstan", {"zz-supplier", "zy-supplier"})
    assert looks["zz-supplier"].colour in MORE_HUES and looks["zy-supplier"].colour in MORE_HUES
    assert looks["zz-supplier"].colour != looks["zy-supplier"].colour
    assert any(looks[f"aa{n}"].colour not in MORE_HUES for n in range(6))  # the rest get greys


def test_no_further_hue_can_be_taken_for_a_colour_already_drawn(project):
    """Russia's reddish purple and a wine-red Spain read as one colour in print: a supplier
    beyond the palette never gets a hue near one already taken (greys and hatches after)."""
    from kzbrief.charts.palette import MORE_HUES, too_close

    crowded = {"kazakhstan": project.partners["kazakhstan"]}
    for n, colour in enumerate(OKABE_ITO):
        crowded[f"main{n}"] = partner(f"main{n}", "m", "m", colour=colour)
    suppliers = {f"s{n}" for n in range(5)}
    for pid in suppliers:
        crowded[pid] = partner(pid, "s", "s")
    looks = partner_styles(crowded, "kazakhstan", suppliers)
    drawn = [looks[p].colour for p in crowded if p != "kazakhstan"]
    further = [c for c in drawn if c in MORE_HUES]
    assert len(further) >= 2  # hues are still given where they can be told apart
    assert not [(a, b) for a in further for b in drawn if a != b and too_close(a, b)]
    assert too_close("#CC79A7", "#882255")


def test_an_inferred_origin_is_marked_on_the_drone_chart(project, i18n):
    from kzbrief.charts.plans import PLANNERS, Context
    from kzbrief.content.schema import Inference

    project.systems["evomax"].inferences.append(Inference(fields=["origin"], basis={"fr": "nom", "en": "name"}))
    for lang in ("fr", "en"):
        plan = PLANNERS["drone-fleet"](Context.of(view_of(project, "2024-12"), i18n[lang]))
        assert plan.caption.endswith(i18n[lang]._("chart.inferred_origin", systems="EVO Max"))


@pytest.mark.parametrize("lang,said", [
    ("en", "The analyst counts EVO Max as a drone; the sources do not say it is one."),
    ("fr", "L’analyste compte EVO Max parmi les drones\u202f; les sources ne disent pas qu’il en soit un.")])
def test_a_type_counted_as_a_drone_on_the_analyst_s_reading_is_named_under_the_chart(project, i18n, lang, said):
    """Nineteenth pass's lead: the caption named the types whose origin the analyst inferred,
    not the one ('mini-systèmes') counted as a drone at all only on the analyst's reading."""
    from kzbrief.charts.plans import PLANNERS, Context
    from kzbrief.content.schema import Inference

    before = PLANNERS["drone-fleet"](Context.of(view_of(project, "2024-12"), i18n[lang])).caption
    assert said not in before
    project.systems["evomax"].inferences.append(Inference(fields=["category"], basis={"fr": "lu", "en": "read"}))
    plan = PLANNERS["drone-fleet"](Context.of(view_of(project, "2024-12"), i18n[lang]))
    assert plan.caption == before + " " + said


def test_the_drone_caption_says_how_a_co_produced_type_counts_only_when_one_is_drawn(project, i18n):
    """The rule for a type of two countries, printed under a chart that has none, read as a
    contradiction of the supplier chart's rule (split shares) on the next page."""
    from kzbrief.charts.plans import PLANNERS, Context

    def caption(lang: str) -> str:
        return PLANNERS["drone-fleet"](Context.of(view_of(project, "2024-12"), i18n[lang])).caption

    for lang in ("fr", "en"):  # the Anka is Turkish and Kazakh
        assert i18n[lang]._("chart.drone-fleet.shared") in caption(lang)
    project.systems["anka"].origin[:] = ["turkey"]
    for lang in ("fr", "en"):
        assert i18n[lang]._("chart.drone-fleet.shared") not in caption(lang)
        assert caption(lang).endswith(".") and ";" not in caption(lang).replace("\u202f;", "")


def test_an_edition_knows_only_its_past(project):
    view = view_of(project, "2023-12")
    assert fleet_by_origin(view).total == 0
    assert [lane.partner for lane in activity(view).lanes] == ["india", "france"]
    assert {r.category for r in suppliers(view).rows} == {"combat-aircraft", "helicopter", "air-defence"}


# ---------------------------------------------------------------- drawn charts and their texts
@pytest.fixture(scope="module")
def drawn(tmp_path_factory, i18n) -> dict[str, dict[str, Chart]]:
    root = tmp_path_factory.mktemp("drawn")
    project = make_project(root)
    out = {}
    for lang in ("fr", "en"):
        out[lang] = {c.key: c for c in draw_charts(view_of(project, "2024-12"), i18n[lang], root / "cache")}
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_is_drawn_with_its_texts(drawn, lang):
    charts = drawn[lang]
    assert list(charts) == list(CHART_KEYS)
    for chart in charts.values():
        assert chart.omitted is None
        assert chart.title and chart.caption and chart.alt and chart.source_line
        assert "{" not in chart.caption + chart.alt + chart.source_line
        assert chart.svg_path.read_bytes().startswith(b"<?xml")
        assert chart.png_path.read_bytes().startswith(b"\x89PNG")
        assert chart.width_cm == 16.0 and 3 < chart.height_cm < 12
        assert chart.svg_path.stem == chart.png_path.stem and f"-{lang}-" in chart.svg_path.name


def test_source_lines_name_the_sources_drawn(drawn):
    fr, en = drawn["fr"], drawn["en"]
    assert fr["drone-fleet"].source_line == f"Sources{NNBSP}: La Gazette, août 2024{NNBSP}; La Gazette, décembre 2024"
    assert en["drone-fleet"].source_line == "Sources: La Gazette, August 2024; La Gazette, December 2024"
    assert en["activity"].source_ids == ["fe-2021-08", "blog-2023-12", "gazette-2024-08"]
    assert en["activity"].source_line.startswith("Sources: Financial Express Online, 30 August 2021; ")


def test_texts_are_localised(drawn):
    fr, en = drawn["fr"], drawn["en"]
    assert fr["drone-fleet"].title == "Flotte de drones par pays d’origine"
    assert en["drone-fleet"].title == "Drone fleet by country of origin"
    # no "leading country" drawn from two types against one: the origin of each type, counted
    assert fr["drone-fleet"].caption.startswith("Origine des 4 types de drones")
    assert "en service au 31 décembre 2024" in fr["drone-fleet"].caption
    assert "Turkey (4 events)" in en["activity"].caption
    assert "Turquie (4 événements)" in fr["activity"].caption
    # the alt text states the data in words
    assert "Kazakhstan, 2 types (Anka, Sunqar)" in fr["drone-fleet"].alt
    assert "Israel, 1 type (Striker)" in en["drone-fleet"].alt
    assert "Russia, 1 event in 2024" in en["activity"].alt
    assert f"Turquie{NNBSP}: Accords 1, Production 2, Transit 1" in fr["domains"].alt
    assert "Drones: Kazakhstan 2, China 1, Turkey 1" in en["suppliers"].alt


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_matrix_says_which_of_a_cell_s_events_are_planned(drawn, i18n, lang):
    """E-17: Russia's planned deliveries read as delivered; a cell now says beneath its count how
    many of them are planned (or unconfirmed), in the chart (SVG for the PDF, the same figure as
    the DOCX's PNG), its alt text and its caption."""
    chart = drawn[lang]["domains"]
    planned = {"fr": "dont 1 prévu", "en": "1 planned"}[lang]
    svg = chart.svg_path.read_text(encoding="utf-8")
    assert svg.count(f">{planned}</text>") == 2  # Russia's 2024 delivery and Turkey's transit draft, nothing else
    assert i18n[lang]._("chart.domains.pending_note") in chart.caption
    russia, france = {"fr": ("Russie", "France"), "en": ("Russia", "France")}[lang]
    deliveries = i18n[lang]._("domain.delivery")
    assert f"{russia}{NNBSP if lang == 'fr' else ''}: {deliveries} 1 ({planned})" in chart.alt
    assert f"{deliveries} 1 (" not in chart.alt.split(france)[1].split(";")[0]  # France's delivery took place
    assert i18n[lang].ngettext("chart.domains.n_planned", "chart.domains.n_planned.plural", 2) == \
        {"fr": "dont 2 prévus", "en": "2 planned"}[lang]


# ---------------------------------------------------------------- omissions
@pytest.mark.parametrize("lang, words", [("fr", "omis"), ("en", "left out")])
def test_a_sparse_edition_omits_charts_with_a_reason(project, i18n, tmp_path, lang, words):
    charts = draw_charts(view_of(project, "2021-08"), i18n[lang], tmp_path)
    assert [c.key for c in charts] == list(CHART_KEYS)
    for chart in charts:
        assert chart.omitted and words in chart.omitted and chart.title in chart.omitted
        assert chart.svg_path is None and chart.png_path is None and chart.source_ids == []
    reasons = {c.key: c.omitted for c in charts}
    if lang == "en":
        assert reasons["activity"].endswith("it needs at least 3 dated events with a partner, and the sources "
                                            "known on 31 August 2021 give only 2.")
        assert "no data in the sources known on 31 August 2021" in reasons["drone-fleet"]
    assert list(tmp_path.iterdir()) == []


def test_a_middle_edition_mixes_drawn_and_omitted(project, i18n, tmp_path):
    charts = {c.key: c for c in draw_charts(view_of(project, "2023-12"), i18n["en"], tmp_path)}
    assert {k for k, c in charts.items() if c.omitted} == {"drone-fleet"}


# ---------------------------------------------------------------- reproducible and cached
def test_same_inputs_give_byte_identical_files(tmp_path, i18n):
    first = draw_charts(view_of(make_project(tmp_path / "a"), "2024-12"), i18n["fr"], tmp_path / "one")
    second = draw_charts(view_of(make_project(tmp_path / "b"), "2024-12"), i18n["fr"], tmp_path / "two")
    for a, b in zip(first, second):
        assert a.svg_path.name == b.svg_path.name
        assert a.svg_path.read_bytes() == b.svg_path.read_bytes()
        assert a.png_path.read_bytes() == b.png_path.read_bytes()
        assert b"Date" not in a.svg_path.read_bytes() and b"Matplotlib v" not in a.svg_path.read_bytes()


def test_rebuilding_without_changes_redraws_no_chart(tmp_path, i18n):
    view = view_of(make_project(tmp_path), "2024-12")
    first = draw_charts(view, i18n["en"], tmp_path / "cache")
    stamps = {c.png_path: c.png_path.stat().st_mtime_ns for c in first}
    again = draw_charts(view_of(make_project(tmp_path), "2024-12"), i18n["en"], tmp_path / "cache")
    assert not any(c.cached for c in first)
    assert all(c.cached for c in again)
    assert {c.png_path: c.png_path.stat().st_mtime_ns for c in again} == stamps
    assert not [p for p in (tmp_path / "cache").iterdir() if p.suffix == ".tmp"]


def test_language_or_data_changes_the_files(tmp_path, i18n):
    project = make_project(tmp_path)
    fr = {c.key: c for c in draw_charts(view_of(project, "2024-12"), i18n["fr"], tmp_path / "cache")}
    en = {c.key: c for c in draw_charts(view_of(project, "2024-12"), i18n["en"], tmp_path / "cache")}
    more = make_project(tmp_path, [system("kargu", "Kargu", "loitering-munition", ["turkey"], "in-service", True,
                                          "gazette-2024-12")])
    changed = {c.key: c for c in draw_charts(view_of(more, "2024-12"), i18n["fr"], tmp_path / "cache")}
    for key in CHART_KEYS:
        assert fr[key].svg_path != en[key].svg_path
        assert fr[key].png_path.read_bytes() != en[key].png_path.read_bytes()
    for key in ("drone-fleet", "suppliers"):
        assert changed[key].svg_path != fr[key].svg_path and not changed[key].cached
    for key in ("activity", "domains"):
        assert changed[key].svg_path == fr[key].svg_path and changed[key].cached


# ---------------------------------------------------------------- look and words
def test_partner_colours_are_stable_distinct_and_overridable(project):
    styles = partner_styles(project.partners, "kazakhstan")
    assert styles["france"].colour == "#0072B2"  # set in content
    assert styles["tai"] == styles["turkey"] and styles["airbus"] == styles["france"]
    states = [p for p in project.partners if p not in ("kazakhstan", "tai", "airbus")]
    assert len({styles[p].colour for p in states}) == len(states)  # seven partners, seven colours
    assert all(styles[p].colour in OKABE_ITO for p in states)
    # adding a partner elsewhere in the alphabet never changes the colours an edition sees twice
    again = partner_styles(dict(project.partners), "kazakhstan")
    assert again == styles
    crowded = dict(project.partners)
    for n in range(6):
        crowded[f"zz{n}"] = partner(f"zz{n}", "x", "x")
    looks = partner_styles(crowded, "kazakhstan")
    everyone = [p for p in crowded if p not in ("kazakhstan", "tai", "airbus")]
    assert len({(looks[p].colour, looks[p].hatch) for p in everyone}) == len(everyone)


def test_time_axis_uses_years_for_long_spans_and_localised_months_for_short(i18n):
    _, ticks = time_ticks(dt.date(2021, 8, 1), dt.date(2024, 12, 31), i18n["fr"])
    assert [t for _, t in ticks] == ["2022", "2023", "2024"]
    _, ticks = time_ticks(dt.date(2009, 1, 1), dt.date(2024, 8, 31), i18n["en"])
    assert [t for _, t in ticks] == ["2010", "2012", "2014", "2016", "2018", "2020", "2022", "2024"]
    _, ticks = time_ticks(dt.date(2024, 3, 1), dt.date(2024, 12, 31), i18n["fr"])
    assert ticks[0][1] == "mars 2024" and len(ticks) <= 7


def _ids(lang: str) -> dict[str, object]:
    with (TEMPLATES / "locale" / lang / "LC_MESSAGES" / "charts.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog if m.id}


def test_catalogues_have_the_same_symbolic_ids_in_both_languages():
    fr, en = _ids("fr"), _ids("en")
    assert fr.keys() == en.keys()
    for mid, text in {**fr, **en}.items():
        assert " " not in mid and "." in mid
        assert all(text) if isinstance(text, tuple) else text


# ---------------------------------------------------------------- the activity chart reads
def test_a_few_early_events_do_not_stretch_the_time_axis():
    from kzbrief.charts.plans import axis_start

    until = dt.date(2024, 12, 20)
    bulk = [dt.date(2018, 9, 1)] + [dt.date(2020 + k % 5, 1 + k % 12, 1) for k in range(30)]
    assert axis_start([dt.date(2009, 1, 1), dt.date(2015, 1, 1), *bulk], until) == dt.date(2018, 1, 1)
    spread = [dt.date(2009 + k, 6, 1) for k in range(16)]  # evenly spread: nothing to cut
    assert axis_start(spread, until) == dt.date(2009, 6, 1)


def test_markers_close_in_time_never_overlap_and_stay_at_their_dates():
    from kzbrief.charts.plans import _placed

    days = [1000 + 3 * k for k in range(9)]  # nine events in four weeks
    gap = 50.0
    placed = _placed(days, gap, 0, 1300)
    for i, (x, row) in enumerate(placed):
        for x2, row2 in placed[:i]:
            assert row != row2 or abs(x - x2) >= gap
    # a crowded lane takes more rows instead of moving markers away from their dates
    assert all(abs(x - day) <= gap / 3 for (x, _), day in zip(placed, days))
    assert placed[0] == (1000, 0)  # the first keeps its date and the middle row
    assert len({row for _, row in placed}) == 9
    # at the axis' end (the cut-off) too: nothing is pushed back before the crowd
    late = _placed([1280, 1285, 1290, 1295, 1300], gap, 0, 1300)
    assert all(abs(x - day) <= gap / 3 for (x, _), day in zip(late, [1280, 1285, 1290, 1295, 1300]))


def _drawn_off_date(plan) -> float:
    """The farthest any marker of an activity plan is drawn from its date, in days."""
    return max(abs(p["x"] - (p["x0"] + p["x1"]) / 2) for lane in plan.plot["lanes"] for p in lane["points"])


def test_a_crowded_lane_is_taller_and_keeps_every_marker_at_its_date(project, i18n):
    """E-11: eight Turkish events between August and December 2024 were drawn up to six months
    early (here eleven, on a shorter axis); a crowded lane now takes the rows it needs, and the chart grows with it."""
    from kzbrief.charts.plans import MARKER_SHARE, PLANNERS, Context

    from .conftest import event
    before = PLANNERS["activity"](Context.of(view_of(project, "2024-12"), i18n["en"]))
    for k, date in enumerate(["2024-08-13", "2024-09", "2024-10-10", "2024-10-26", "2024-11-11", "2024-11-20",
                              "2024-12", "2024-12-09", "2024-11-05", "2024-12-02", "2024-11-28"]):
        project.events[f"crowd-{k}"] = event(f"crowd-{k}", date, ("visit", "production", "transit")[k % 3],
                                             ["turkey"], "gazette-2024-12", status="planned" if k % 2 else "confirmed")
    plan = PLANNERS["activity"](Context.of(view_of(project, "2024-12"), i18n["en"]))
    span = plan.plot["x_to"] - plan.plot["x_begin"]
    assert _drawn_off_date(plan) <= span * MARKER_SHARE / 3 + 0.01  # a third of a marker: nine days here
    turkey = plan.plot["lanes"][0]
    assert turkey["height"] > 1 and plan.height_cm > before.height_cm
    lanes = plan.plot["lanes"]  # lanes follow each other, each centred in its band
    assert lanes[0]["y"] == turkey["height"] / 2
    assert all(b["y"] - a["y"] == pytest.approx((a["height"] + b["height"]) / 2) for a, b in zip(lanes, lanes[1:]))
    assert plan.plot["y_extent"] == pytest.approx(sum(lane["height"] for lane in lanes))
    assert _markers_inside_their_bands(plan)


def _markers_inside_their_bands(plan) -> bool:
    """Every marker of an activity plan drawn whole inside its lane's band (seventeenth pass:
    the December 2023 France and Russia lanes drew their outer markers across their edges)."""
    from kzbrief.charts.plans import MARKER_HALF

    return all(abs(p["dy"]) + MARKER_HALF <= lane["height"] / 2 + 1e-9
               for lane in plan.plot["lanes"] for p in lane["points"])


@pytest.mark.parametrize("period", ["2023-12", "2024-12"])
def test_the_bundled_editions_draw_every_marker_near_its_date_and_the_partner_figures_fit_a_page(i18n, period):
    from kzbrief import load_project
    from kzbrief.charts.plans import PLANNERS, Context
    from kzbrief.document.view import EditionView

    project = load_project(Path(__file__).resolve().parents[2])
    plan = PLANNERS["activity"](Context.of(EditionView(project, project.editions[period]), i18n["en"]))
    assert _drawn_off_date(plan) <= 31  # was 175 days (Turkey's November and December 2024 items)
    assert _markers_inside_their_bands(plan)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_figures_1_and_2_and_their_captions_fit_one_page_in_either_language(tmp_path, i18n, lang):
    """E-9: the French 2024-12 edition's Figure 2 went to the page after the chapter's opening
    (its captions run a line longer than the English). The figures are sized from the page's
    body, their captions and source lines, whatever their rows; a longer caption shrinks them."""
    from kzbrief import load_project
    from kzbrief.charts import draw_charts
    from kzbrief.charts import plans as P
    from kzbrief.document.view import EditionView

    project = load_project(Path(__file__).resolve().parents[2])
    view = EditionView(project, project.editions["2024-12"])

    charts = draw_charts(view, i18n[lang], tmp_path / "a", ("svg",))
    drawn = {c.key: c for c in charts if c.key in P.TOGETHER}
    lines = {k: c.source_line for k, c in drawn.items()}
    assert P.page_used(drawn, lines) <= P.PAGE_BODY_CM + 1e-6  # French took 25.7 cm of a 24.8 cm body
    plans = {k: P.PLANNERS[k](P.Context.of(view, i18n[lang])) for k in P.TOGETHER}
    floor = plans["domains"].height_cm - (P.DOMAIN_ROW_CM - P.DOMAINS_FLOOR) * len(plans["domains"].plot["rows"])
    assert drawn["domains"].height_cm >= floor - 1e-6  # Figure 2's rows stay legible
    for plan in plans.values():  # captions three lines longer: the figures give the room
        plan.caption += " x" * 170
    P.fit_one_page(plans, lines)
    assert P.page_used(plans, lines) <= P.PAGE_BODY_CM + 1e-6


def test_a_shrunk_figure_1_draws_its_markers_smaller_so_its_rows_never_overlap(i18n):
    """Nineteenth pass: Figure 1, shrunk to share its page, kept 6.5 pt markers in lanes a
    quarter lower, and a crowded lane's rows (a fixed share of a lane apart) overlapped."""
    from kzbrief import load_project
    from kzbrief.charts import plans as P
    from kzbrief.charts.render import MARKER_PT, lane_scale
    from kzbrief.document.view import EditionView

    project = load_project(Path(__file__).resolve().parents[2])
    view = EditionView(project, project.editions["2024-12"])
    plans = {k: P.PLANNERS[k](P.Context.of(view, i18n["fr"])) for k in P.TOGETHER}
    activity = plans["activity"]
    assert lane_scale(activity.plot, activity.height_cm) == 1  # at its planned size
    planned = activity.height_cm
    for plan in plans.values():
        plan.caption += " x" * 110  # captions so long that Figure 1 gives way too
    P.fit_one_page(plans, {k: "Sources : x" for k in P.TOGETHER})
    assert activity.height_cm < planned
    scale = lane_scale(activity.plot, activity.height_cm)
    lane_pt = (activity.height_cm - P.ACTIVITY_BASE_CM) / activity.plot["y_extent"] / 2.54 * 72
    assert 0.5 < scale < 1 and MARKER_PT * scale <= P.ROW_PITCH * lane_pt + 0.1


def test_a_matrix_cell_s_count_and_planned_line_stay_apart_at_the_least_row_height():
    """Ninth pass E1: the French Figure 2, its rows shrunk to fit the page, drew each cell's
    count over its « dont 1 prévu » line (the two were set a third of a row apart)."""
    from kzbrief.charts import plans as P
    from kzbrief.charts.render import DRAWERS, lay_out

    rows = 8
    plot = {"rows": [{"label": f"P{i}", "colour": "#777777"} for i in range(rows)],
            "columns": ["A", "B"], "cells": [[5, 2]] * rows, "numbers": [["5", "2"]] * rows,
            "pending": [["dont 1 prévu", ""]] * rows}
    height = 2.7 + P.DOMAINS_FLOOR * rows  # a row at the least Figure 2 is drawn at
    fig = DRAWERS["domains"](plot, 16.0, height)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    lay_out(fig)
    renderer = FigureCanvasAgg(fig).get_renderer()
    texts = {t.get_text(): t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_text() in ("5", "dont 1 prévu")}
    count, planned = texts["5"], texts["dont 1 prévu"]
    assert count.y0 >= planned.y1  # the count above its line, not over it (line boxes, not ink)
    axes = fig.axes[0].get_window_extent(renderer)
    row_top = axes.y0 + axes.height / rows  # the texts kept are the last row's, at the bottom
    assert axes.y0 < planned.y0 + planned.height / 2 < count.y0 + count.height / 2 < row_top


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_activity_legend_keeps_shape_fill_and_date_bar_apart(project, i18n, lang):
    from kzbrief.charts.plans import PLANNERS, Context
    from kzbrief.charts.render import DRAWERS

    from .conftest import event
    project.events["old"] = event("old", "2009", "agreement", ["india"], "fe-2021-08")
    plan = PLANNERS["activity"](Context.of(view_of(project, "2024-12"), i18n[lang]))
    india = next(lane for lane in plan.plot["lanes"] if lane["label"] == i18n[lang].text(project.partners["india"].name))
    assert india["earlier"] == i18n[lang]._("chart.activity.earlier", dates="2009")
    assert plan.plot["x_begin"] > dt.date(2009, 12, 31).toordinal()
    # the names of earlier events sit in a margin left of the axis, clear of every marker
    assert plan.plot["x_from"] < plan.plot["x_begin"]
    assert all(p["x"] >= plan.plot["x_begin"] for lane in plan.plot["lanes"] for p in lane["points"])
    fig = DRAWERS["activity"](plan.plot, plan.width_cm, plan.height_cm)
    [legend] = fig.legends
    labels = [t.get_text() for t in legend.get_texts()]
    expected = [k["label"] for k in plan.plot["kinds"]] + [s["label"] for s in plan.plot["statuses"]]
    assert labels == expected + [i18n[lang]._("chart.activity.span")]
    assert len(set(labels)) == len(labels)


def test_each_kind_is_drawn_only_when_asked_and_alike_alone_or_together(tmp_path, i18n):
    """A PDF-only build draws no PNG and a DOCX job no SVG; a kind drawn alone is byte-identical
    to the same kind drawn beside the other, so split jobs and one job give the same files."""
    view = view_of(make_project(tmp_path), "2024-12")
    svg_only = draw_charts(view, i18n["en"], tmp_path / "svg", ("svg",))
    png_only = draw_charts(view, i18n["en"], tmp_path / "png", ("png",))
    both = draw_charts(view, i18n["en"], tmp_path / "both")
    assert sorted(p.suffix for p in (tmp_path / "svg").iterdir() if p.suffix != ".sha256") == [".svg"] * len(both)
    assert sorted(p.suffix for p in (tmp_path / "png").iterdir() if p.suffix != ".sha256") == [".png"] * len(both)
    for alone_svg, alone_png, together in zip(svg_only, png_only, both):
        assert alone_svg.png_path is None and alone_png.svg_path is None
        assert alone_svg.svg_path.read_bytes() == together.svg_path.read_bytes()
        assert alone_png.png_path.read_bytes() == together.png_path.read_bytes()
    # the PNG asked for later is drawn then, the SVG already there is not drawn again
    stamps = {c.svg_path: c.svg_path.stat().st_mtime_ns for c in svg_only}
    later = draw_charts(view, i18n["en"], tmp_path / "svg")
    assert not any(c.cached for c in later)
    assert {c.svg_path: c.svg_path.stat().st_mtime_ns for c in later} == stamps
    assert [c.png_path.read_bytes() for c in later] == [c.png_path.read_bytes() for c in both]


@pytest.mark.parametrize("lang,loitering", [("fr", "munitions rôdeuses"), ("en", "loitering munitions")])
def test_the_drone_chart_names_only_the_categories_it_counts(project, i18n, lang, loitering):
    """'drones and loitering munitions' while no loitering munition was in service: the caption
    and alt text name the categories the chart counts, no more."""
    from kzbrief.charts.plans import PLANNERS, Context

    def plan():
        return PLANNERS["drone-fleet"](Context.of(view_of(project, "2024-12"), i18n[lang]))

    mixed = plan()
    assert loitering in mixed.caption and loitering in mixed.alt
    del project.systems["striker"]
    drones = plan()
    assert loitering not in drones.caption and loitering not in drones.alt
    assert {"fr": "types de drones en service", "en": "types of drones in service"}[lang] in drones.caption


@pytest.mark.parametrize("lang,said", [("en", "Origin inferred by the analyst, the sources not giving it: {n} types of the {total}"),
                                       ("fr", "Origine déduite par l’analyste, les sources ne la donnant pas\u202f: {n} types sur {total}")])
def test_the_supplier_caption_says_how_many_origins_the_analyst_inferred(i18n, lang, said):
    """Eleventh pass A2: Figure 4 drew 14 of its 23 types by origins the analyst inferred (the
    Soviet bar among them) and its caption did not say so, where Figure 3's names its own."""
    from kzbrief import load_project
    from kzbrief.charts import data as D
    from kzbrief.charts import plans as P
    from kzbrief.document.view import EditionView

    project = load_project(Path(__file__).resolve().parents[2])
    view = EditionView(project, project.editions["2024-12"])
    chosen = [s for s in view.systems.values() if s.in_fleet or s.status in D.SUPPLIED_STATUSES]
    inferred = [s for s in chosen if any("origin" in inference.fields for inference in s.inferences)]
    caption = P.PLANNERS["suppliers"](P.Context.of(view, i18n[lang])).caption
    assert inferred and said.format(n=len(inferred), total=len(chosen)) in caption.replace("\u00a0", "\u202f")


@pytest.mark.parametrize("lang,said", [("en", ["Turkey, 1 event", "France, 1 event involving Airbus"]),
                                       ("fr", ["Turquie, 1 événement", "France, 1 événement impliquant Airbus"])])
def test_the_partner_charts_say_which_events_count_by_the_analyst_s_attribution(project, i18n, lang, said):
    """Eleventh pass: Figures 1 and 2 counted the Airbus events under France, an attribution the
    chronology marks † as the analyst's, and their captions did not say so. Each row that counts
    such events is named, with the firms they run through when every one runs through one."""
    from kzbrief.charts.plans import PLANNERS, Context
    from kzbrief.content.schema import Inference

    def captions() -> list[str]:
        ctx = Context.of(view_of(project, "2024-12"), i18n[lang])
        return [PLANNERS[key](ctx).caption.replace("\u202f", " ") for key in ("activity", "domains")]

    lead = i18n[lang]._("chart.attributed.note", items="").replace("\u202f", " ").split("(")[0]
    assert not any(lead in caption for caption in captions())
    for eid in ("a400m-first", "turkey-memo"):
        project.events[eid].inferences.append(Inference(fields=["partners"], basis={"fr": "b", "en": "b"}))
    for caption in captions():
        assert lead in caption and all(words in caption for words in said), caption
        assert caption.index(said[0]) < caption.index(said[1])  # in the charts' row order: Turkey is busier
