"""Recall of the support check (usage: python benchmarks/support_recall.py PROJECT_ROOT [SEED]): inject names,
numbers, dates, origins and country adjectives into copies of items of
the bundled (passing) content and count how many the check refuses."""
import random, sys
from pathlib import Path
from kzbrief.content.loader import ContentLoader
from kzbrief.content.support import SupportChecker
from kzbrief.content.dates import FuzzyDate

random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 12)
root = Path(sys.argv[1])
project, _ = ContentLoader(root).load()
NAMES = ["Rheinmetall", "Leonardo", "Saab", "Thales", "Hanwha", "Embraer", "Nexter", "Patria",
         "Kongsberg", "Aselsan", "Roketsan", "Sikorsky", "Pilatus", "Mitsubishi", "Denel", "Navantia"]
N = 40

def problems_for(kind, item):
    coll = getattr(project, kind)
    old = coll[item.id]
    coll[item.id] = item
    try:
        checker = SupportChecker(project)
        return [p for r in checker.run() if (r.collection, r.id) == (kind, item.id) for p in r.problems]
    finally:
        coll[item.id] = old

def text_items():
    out = []
    for kind, field in (("events", "text"), ("systems", "role"), ("people", "role"), ("events", "title")):
        for item in getattr(project, kind).values():
            out.append((kind, field, item))
    return out

def inject_text(kind, field, item, lang, addition):
    texts = dict(getattr(item, field))
    texts[lang] = texts[lang].rstrip(" .") + addition + "."
    return item.model_copy(update={field: texts})

results = {}
def run(label, trials):
    caught = sum(1 for ok in trials if ok)
    results[label] = (caught, len(trials))

pool = text_items()
def text_trials(label, injected):
    """N trials of one kind of addition to a random item's text: ``injected(lang)`` gives the
    addition and the test of the problems found that says the check caught it."""
    trials = []
    for _ in range(N):
        kind, field, item = random.choice(pool)
        lang = random.choice(["fr", "en"])
        addition, caught = injected(lang, item)
        trials.append(caught(problems_for(kind, inject_text(kind, field, item, lang, addition))))
    run(label, trials)


def quoted(*tokens):
    return lambda found: any(f"'{t}'" in p.message for p in found for t in tokens)


# names, in either language's text
def a_name(lang, item):
    name = random.choice(NAMES)
    return (f", avec le soutien de {name}" if lang == "fr" else f", with support from {name}"), quoted(name)


text_trials("name in a text", a_name)


def a_number(lang, item):
    n = random.choice([17, 23, 37, 41, 53, 67, 83, 97, 113, 131, 257, 419, 863, 1500])
    return (f", pour {n} unités" if lang == "fr" else f", for {n} units"), quoted(n)


text_trials("number in a text", a_number)
WORDS = {"fr": ["onze", "quatorze", "dix-sept", "quarante"], "en": ["eleven", "fourteen", "seventeen", "forty"]}


def a_number_word(lang, item):
    w = random.choice(WORDS[lang])
    return (f", pour {w} unités" if lang == "fr" else f", for {w} units"), bool


text_trials("number word in a text", a_number_word)


def a_month_and_year(lang, item):
    year = random.choice([2016, 2017, 2018, 2019, 2026])
    month = random.choice([("mars", "March"), ("juin", "June"), ("septembre", "September")])
    addition = f", en {month[0]} {year}" if lang == "fr" else f", in {month[1]} {year}"
    return addition, quoted(year, *month)


text_trials("month and year in a text", a_month_and_year)
# structured dates: an event's date moved by a year or a month (events that declare no date inference)
events = [e for e in project.events.values() if not any("date" in inf.fields for inf in e.inferences)]
trials = []
for i in range(N):
    e = random.choice(events)
    d = e.date
    if random.random() < 0.5:
        new = FuzzyDate(d.year - random.choice([1, 2, 3]), d.month, min(d.day, 28) if d.day else None)
    else:
        new = FuzzyDate(d.year, ((d.month or 1) % 12) + 1, min(d.day, 28) if d.day else None) if d.month else FuzzyDate(d.year + 1)
    found = problems_for("events", e.model_copy(update={"date": new}))
    trials.append(any(p.field == "date" for p in found))
run("event date changed", trials)
# origins: a partner added to a system's origin (one no cited passage names)
partners = [p for p in project.partners if p != project.settings.self_partner]
systems = [s for s in project.systems.values() if not any("origin" in inf.fields for inf in s.inferences)]
checker = SupportChecker(project)  # the passages of the unchanged project, analysed once
trials = []
for i in range(N):
    s = random.choice(systems)
    named = {k.split(":")[1] for c in s.cites for k in checker.passage(c).keys if k.startswith("partner:")}
    extra = random.choice([p for p in partners if p not in s.origin and p not in named])
    found = problems_for("systems", s.model_copy(update={"origin": [*s.origin, extra]}))
    caught = any(p.field == "origin" and extra in p.message for p in found)
    # a partner the passages do name is correctly accepted: count those apart
    trials.append(caught)
run("partner added to an origin", trials)
# country adjectives
ADJECTIVES = {"fr": {"israélien": "israel", "américain": "usa", "espagnol": "spain", "indien": "india", "chinois": "china"},
              "en": {"Israeli": "israel", "American": "usa", "Spanish": "spain", "Indian": "india", "Chinese": "china"}}


def an_adjective(lang, item):
    named = {k for c in item.cites for k in checker.passage(c).keys}
    a = random.choice([x for x, pid in ADJECTIVES[lang].items() if f"partner:{pid}" not in named])
    return (f", un partenaire {a}" if lang == "fr" else f", an {a} partner"), quoted(a)


text_trials("country adjective in a text", an_adjective)
for label, (c, n) in results.items():
    print(f"{label:<32} {c:>3}/{n}")
