"""Any Unicode text in any free-text field either builds — and then reads back literally from
both the PDF and the DOCX — or is refused at validation with ``path:line: field: message``
naming that field (issue 15). Property-based (hypothesis), on one tiny project reused by
every example, with few examples so the suite keeps its time budget."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from lxml import etree
from pypdf import PdfReader

from kzbrief.build import BuildRequest, run_build
from kzbrief.errors import ContentError, field_label
from kzbrief.i18n import typography_for
from tests.conftest import make_project

#: (file, path in the YAML, field label a refusal names, does a reader of 2024-12 en see it)
FIELDS = [
    ("content/editions/2024-12.yaml", ("title", "en"), True),
    ("content/editions/2024-12.yaml", ("summary", "en"), True),
    ("content/editions/2024-12.yaml", ("key_points", 0, "text", "en"), True),
    ("content/editions/2024-12.yaml", ("outlook", 0, "text", "en"), True),
    ("content/events.yaml", (1, "title", "en"), True),
    ("content/events.yaml", (1, "text", "en"), True),
    ("content/events.yaml", (1, "note"), False),
    ("content/figures.yaml", (0, "label", "en"), True),
    ("content/systems.yaml", (0, "role", "en"), True),
    ("content/people.yaml", (0, "role", "en"), False),
    ("content/partners.yaml", (1, "name", "en"), True),
    ("content/glossary.yaml", (1, "expansion", "en"), True),
    ("content/sources/beta.yaml", ("outlet",), True),
    # beta is English: its English edition shows the headline as published, not a rendering
    ("content/sources/beta.yaml", ("title",), True),
    ("content/project.yaml", ("publisher", "en"), True),
]
GLOSSARY_TERMS = ("MALE", "OTS", "OET")
#: Files whose items the support check judges against their cited passages.
JUDGED = tuple(f"content/{name}" for name in ("editions/", "events.yaml", "systems.yaml", "people.yaml", "figures.yaml"))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """One project for every example: its content is rewritten, its chart cache reused."""
    root = make_project(tmp_path_factory.mktemp("any-text"))
    neutralise(root)
    shutil.copytree(root / "content", root / "pristine")
    return root


def neutralise(root: Path) -> None:
    """Give every item whose English text the examples replace a French text with nothing to
    support, drop the inferences that declared phrases of the texts being replaced, and keep the
    renamed partner's old name as an alias: then the support check judges only the generated
    text."""
    for name, path, _ in FIELDS:
        file = root / name
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if name == "content/partners.yaml":  # renamed, the partner is still named as before
            partner = data[path[0]]
            partner["aliases"] = [*partner.get("aliases", []), partner["name"]["en"]]
        if path[-1] != "en" or not name.startswith(JUDGED):
            file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
            continue
        node = data
        for key in path[:-1]:
            node = node[key]
        node["fr"] = "texte"
        if isinstance(path[0], int):
            item = data[path[0]]
            kept = [inference for inference in item.get("inferences", []) if "says" not in inference]
            if kept:
                item["inferences"] = kept
            else:
                item.pop("inferences", None)
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def unclaimed(text: str) -> str:
    """The text without what the support check would ask a source for — numbers of any script
    and capitalised words (names) — so that drawable text is never refused for lack of support."""
    kept = "".join(ch for ch in text.lower() if not unicodedata.category(ch).startswith("N"))
    return kept or "-"  # no word at all: nothing for a name elsewhere to collide with


def set_texts(root: Path, texts: list[str]) -> None:
    shutil.rmtree(root / "content")
    shutil.copytree(root / "pristine", root / "content")
    by_file: dict[str, list] = {}
    for (name, path, _), text in zip(FIELDS, texts):
        by_file.setdefault(name, []).append((path, text))
    for name, changes in by_file.items():
        file = root / name
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # every scalar a string
        for path, text in changes:
            node = data
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = text
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def folded(text: str) -> str:
    """What a reader can check whatever the layout: no whitespace (lines break anywhere), no
    hyphens (hyphenation adds some), one case (headings may be set in capitals), one form."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path: Path) -> str:
    """Every text run of the document, footnotes, headers and properties included."""
    out = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith(".xml") and (name.startswith("word/") or name == "docProps/core.xml"):
                tree = etree.parse(io.BytesIO(package.read(name)))
                out.extend(t for t in tree.xpath("//text()"))
    return "".join(out)


def drawable() -> list[str]:
    from kzbrief.writers.fonts import drawable_characters

    return sorted(chr(c) for c in drawable_characters()
                  if unicodedata.category(chr(c)) not in ("Cc", "Cf", "Zl", "Zp", "Mn", "Me"))


#: Text the fonts can draw, claiming nothing a source must support: it must build and read
#: back literally.
DRAWABLE = st.text(alphabet=st.sampled_from(drawable()), min_size=1, max_size=14).map(unclaimed)
#: Any text at all (controls, surrogates, private use, scripts the fonts lack): it must build
#: and read back literally, or be refused naming its field and nothing else.
WILD = st.none() | st.tuples(st.integers(0, len(FIELDS) - 1), st.text(min_size=1, max_size=8))


@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure prints its texts as found
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(DRAWABLE, min_size=len(FIELDS), max_size=len(FIELDS)), wild=WILD)
def test_any_text_builds_literally_or_is_refused_clearly(tiny, texts, wild):
    if wild is not None:
        texts[wild[0]] = wild[1]
    set_texts(tiny, texts)
    try:
        run_build(BuildRequest(root=tiny, periods=["2024-12"], langs=["en"], jobs=1, force=True))
    except ContentError as exc:
        for problem in exc.problems:
            assert re.fullmatch(r"\S+:\d+: \S+: .+", str(problem).split("\n")[0]), problem
        assert wild is not None, exc.problems  # drawable text is never refused
        name, path, _ = FIELDS[wild[0]]
        label = field_label(path[1:] if isinstance(path[0], int) else path)
        for problem in exc.problems:  # the wild text's field, and nothing else: no cascade
            assert (problem.path, problem.field) == (name, label), problem
        return
    pdf = folded(pdf_text(tiny / "build/2024-12/kzbrief-2024-12-en.pdf"))
    docx = folded(docx_text(tiny / "build/2024-12/kzbrief-2024-12-en.docx"))
    en = typography_for("en")
    for (name, path, seen), text in zip(FIELDS, texts):
        if not seen or any(term in text for term in GLOSSARY_TERMS) or not folded(text):
            continue
        expected = folded(en(text))
        assert expected in pdf, (name, path, text)
        assert expected in docx, (name, path, text)
