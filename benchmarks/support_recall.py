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
# names, in either language's text
trials = []
for i in range(N):
    kind, field, item = random.choice(pool)
    name = random.choice(NAMES)
    lang = random.choice(["fr", "en"])
    addition = f", avec le soutien de {name}" if lang == "fr" else f", with support from {name}"
    found = problems_for(kind, inject_text(kind, field, item, lang, addition))
    trials.append(any(f"'{name}'" in p.message for p in found))
run("name in a text", trials)
# numbers
trials = []
for i in range(N):
    kind, field, item = random.choice(pool)
    n = random.choice([17, 23, 37, 41, 53, 67, 83, 97, 113, 131, 257, 419, 863, 1500])
    lang = random.choice(["fr", "en"])
    addition = f", pour {n} unités" if lang == "fr" else f", for {n} units"
    found = problems_for(kind, inject_text(kind, field, item, lang, addition))
    trials.append(any(f"'{n}'" in p.message for p in found))
run("number in a text", trials)
# number words
trials = []
words = {"fr": ["onze", "quatorze", "dix-sept", "quarante"], "en": ["eleven", "fourteen", "seventeen", "forty"]}
for i in range(N):
    kind, field, item = random.choice(pool)
    lang = random.choice(["fr", "en"])
    w = random.choice(words[lang])
    addition = f", pour {w} unités" if lang == "fr" else f", for {w} units"
    found = problems_for(kind, inject_text(kind, field, item, lang, addition))
    trials.append(bool(found))
run("number word in a text", trials)
# dates in texts
trials = []
for i in range(N):
    kind, field, item = random.choice(pool)
    lang = random.choice(["fr", "en"])
    year = random.choice([2016, 2017, 2018, 2019, 2026])
    month = random.choice([("mars", "March"), ("juin", "June"), ("septembre", "September")])
    addition = f", en {month[0]} {year}" if lang == "fr" else f", in {month[1]} {year}"
    found = problems_for(kind, inject_text(kind, field, item, lang, addition))
    trials.append(any(f"'{year}'" in p.message or f"'{month[0]}'" in p.message or f"'{month[1]}'" in p.message for p in found))
run("month and year in a text", trials)
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
trials = []
for i in range(N):
    s = random.choice(systems)
    checker = SupportChecker(project)
    named = {k.split(":")[1] for c in s.cites for k in checker.passage(c).keys if k.startswith("partner:")}
    extra = random.choice([p for p in partners if p not in s.origin and p not in named])
    found = problems_for("systems", s.model_copy(update={"origin": [*s.origin, extra]}))
    caught = any(p.field == "origin" and extra in p.message for p in found)
    # a partner the passages do name is correctly accepted: count those apart
    trials.append(caught)
run("partner added to an origin", trials)
# country adjectives
trials = []
adjs = {"fr": ["israélien", "américain", "espagnol", "indien", "chinois"], "en": ["Israeli", "American", "Spanish", "Indian", "Chinese"]}
for i in range(N):
    kind, field, item = random.choice(pool)
    lang = random.choice(["fr", "en"])
    checker = SupportChecker(project)
    named = {k for c in item.cites for k in checker.passage(c).keys}
    choices = [x for x in adjs[lang] if f"partner:{ {'israélien': 'israel', 'Israeli': 'israel', 'américain': 'usa', 'American': 'usa', 'espagnol': 'spain', 'Spanish': 'spain', 'indien': 'india', 'Indian': 'india', 'chinois': 'china', 'Chinese': 'china'}[x]}" not in named]
    a = random.choice(choices)
    addition = f", un partenaire {a}" if lang == "fr" else f", an {a} partner"
    found = problems_for(kind, inject_text(kind, field, item, lang, addition))
    trials.append(any(f"'{a}'" in p.message for p in found))
run("country adjective in a text", trials)
for label, (c, n) in results.items():
    print(f"{label:<32} {c:>3}/{n}")
