"""The HTML → PDF writer: structure and safety of the rendered file, read back with pypdf.

The Document is built by hand so these tests do not depend on content or the assembler.
We compare extracted text and PDF structure, never whole files against a golden copy —
except two renders of one Document, which must be byte-identical.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
import re
from pathlib import Path

import pypdf
import pytest
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib import TTFont

from kzbrief.document.nodes import (
    BulletList,
    Cell,
    Cover,
    Definition,
    DefinitionList,
    Document,
    Emphasis,
    Figure,
    Footnote,
    Labels,
    Link,
    Metadata,
    Paragraph,
    Section,
    Strong,
    Table,
    Text,
)
from kzbrief.errors import BuildError
from kzbrief.writers.fetcher import ForbiddenURLError, MissingResourceError, RestrictedFetcher
from kzbrief.writers.fonts import font_faces
from kzbrief.writers.html import css_string, page_label_content, render_html
from kzbrief.writers.pdf import issued_datetime, render_pdf
from kzbrief.writers import workarounds
from tests.conftest import embedded_fonts
from kzbrief.writers.weasy import FONTTOOLS_NOTICE, rendering

pytestmark = pytest.mark.slow

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NNBSP = "\u202f"

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="453.5pt" height="170pt" viewBox="0 0 453.5 170">
<rect x="0" y="0" width="453.5" height="170" fill="#ffffff"/>
<g fill="#1f3a5f">
<rect x="40" y="90" width="50" height="60"/><rect x="120" y="60" width="50" height="90"/>
<rect x="200" y="40" width="50" height="110"/><rect x="280" y="75" width="50" height="75"/>
</g>
<rect x="360" y="20" width="50" height="130" fill="#c8a24a"/>
<line x1="20" y1="150" x2="433" y2="150" stroke="#5b6573" stroke-width="0.8"/>
</svg>
"""

# Reader-facing strings of the test Document, per language. (Test data, not product code.)
STRINGS = {
    "fr": {
        "lang": "fr-FR",
        "title": "Partenariats de défense du Kazakhstan",
        "period": "décembre 2024",
        "issue": "Numéro 4",
        "language": "Édition française",
        "issued": "Publié le 20 décembre 2024",
        "marking": "Diffusion libre",
        "draft": "Projet",
        "summary": (
            f"Astana diversifie ses partenaires{NNBSP}: coopération accrue avec la Turquie, "
            "achats d’hélicoptères européens et maintien des liens avec l’OTSC."
        ),
        "labels": Labels("Sommaire", "Page {page} sur {pages}", "Note de conjoncture défense",
                         "Figure", "Tableau"),
        "h": ["Synthèse", "Partenaires", "Turquie", "Industrie", "Annexes", "Glossaire",
              "Sources"],
        "body": (
            "Le ministère de la Défense a confirmé la livraison de nouveaux équipements, "
            f"dont le montant atteint 1{NNBSP}250 millions de dollars{NNBSP}; "
            f"la presse parle d’un tournant «{NNBSP}stratégique{NNBSP}». "
        ),
        "note": "Les chiffres sont arrondis au million le plus proche.",
        "fn": "Communiqué du ministère de la Défense, 12 décembre 2024.",
        "caption_t": "Principaux contrats signés en 2024",
        "caption_f": "Dépenses de défense, 2020–2024",
        "alt": "Histogramme des dépenses de défense de 2020 à 2024",
        "source_line": "Source : SIPRI, base de données sur les dépenses militaires.",
        "cols": ["Partenaire", "Système", "Montant (M$)"],
    },
    "en": {
        "lang": "en-GB",
        "title": "Kazakhstan Defence Partnerships",
        "period": "December 2024",
        "issue": "Issue 4",
        "language": "English edition",
        "issued": "Issued 20 December 2024",
        "marking": "Unrestricted",
        "draft": "Draft",
        "summary": (
            "Astana is diversifying its partners: closer cooperation with Türkiye, European "
            "helicopter purchases and continued ties with the CSTO."
        ),
        "labels": Labels("Contents", "Page {page} of {pages}", "Defence briefing", "Figure",
                         "Table"),
        "h": ["Summary", "Partners", "Türkiye", "Industry", "Annexes", "Glossary", "Sources"],
        "body": (
            "The Ministry of Defence confirmed the delivery of new equipment worth "
            "1,250 million dollars; the press speaks of a ‘strategic’ turning point. "
        ),
        "note": "Figures are rounded to the nearest million.",
        "fn": "Ministry of Defence press release, 12 December 2024.",
        "caption_t": "Main contracts signed in 2024",
        "caption_f": "Defence spending, 2020–2024",
        "alt": "Bar chart of defence spending from 2020 to 2024",
        "source_line": "Source: SIPRI Military Expenditure Database.",
        "cols": ["Partner", "System", "Amount ($m)"],
    },
}


class Numbering:
    """Footnote numbers in reading order, as the assembler would give them."""

    def __init__(self) -> None:
        self.n = 0

    def note(self, text: str, source: str) -> Footnote:
        self.n += 1
        return Footnote(self.n, [Text(text + " "), Link(f"source-{source}", [Text(source)])],
                        source)


def body_paragraph(s: dict, notes: Numbering, i: int) -> Paragraph:
    return Paragraph([
        Text(s["body"]),
        Emphasis([Text("Astana")]),
        Text(" — "),
        Strong([Text(f"{2020 + i}")]),
        notes.note(s["fn"], "mod-kz"),
        Text(" " + s["body"] * 2),
        Link("t-contracts", [Text(s["caption_t"])]),
        Text("."),
    ])


def contracts_table(s: dict, notes: Numbering) -> Table:
    rows = [
        ["Türkiye", "ANKA UAV", "123"], ["France", "H145M", "450"],
        ["Russia", "Su-30SM", "380"], ["China", "Wing Loong", "95"],
        ["Israel", "Elbit Hermes", "72"], ["Italy", "C-27J", "130"],
    ]
    body = [[Cell([Text(a)]), Cell([Text(b)]), Cell([Text(c)], "right")] for a, b, c in rows]
    body[1][1].children.append(notes.note(s["fn"], "airbus"))
    header = [Cell([Text(c)]) for c in s["cols"][:2]] + [Cell([Text(s["cols"][2])], "right")]
    return Table("t-contracts", 1, s["caption_t"], header, body, [0.35, 0.4, 0.25],
                 s["source_line"])


def spending_figure(s: dict, svg_path: Path) -> Figure:
    return Figure("f-spending", 1, s["caption_f"], s["alt"], s["source_line"], str(svg_path),
                  str(svg_path.with_suffix(".png")), 15.0, 6.0)


def make_document(lang: str, svg_path: Path, draft: bool = False) -> Document:
    s = STRINGS[lang]
    h = s["h"]
    notes = Numbering()
    meta = Metadata(s["title"], s["summary"], "kzbrief test desk", ["Kazakhstan", "defence"],
                    s["lang"], lang, "2024-12", "2024-12-20", draft)
    cover = Cover("Observatoire Eurasie", "Notes Kazakhstan", s["title"], s["period"],
                  s["issue"], s["language"], s["issued"], s["marking"], s["summary"],
                  s["draft"] if draft else "")
    body = [
        Section("summary", h[0], 1, [
            Paragraph([Text(s["summary"])], "lead"),
            body_paragraph(s, notes, 0),
            BulletList([[Text(s["body"])], [Text(s["note"]), notes.note(s["fn"], "sipri")]]),
            Paragraph([Text(s["note"])], "note"),
        ]),
        Section("partners", h[1], 1, [
            body_paragraph(s, notes, 1),
            Section("partners-tr", h[2], 2, [
                body_paragraph(s, notes, 2),
                contracts_table(s, notes),
                Section("partners-tr-industry", h[3], 3, [body_paragraph(s, notes, 3)]),
            ]),
            spending_figure(s, svg_path),
            body_paragraph(s, notes, 4),
            Paragraph([Text(s["note"])], "meta"),
        ]),
        Section("annexes", h[4], 1, [
            Section("glossary", h[5], 2, [DefinitionList([
                Definition([Text("OTSC / CSTO")], [Text(s["body"])]),
                Definition([Text("UAV")], [Text(s["note"])]),
            ])]),
            Section("sources", h[6], 2, [DefinitionList([
                Definition([Text("mod-kz")], [Text(s["fn"])], "source-mod-kz"),
                Definition([Text("airbus")], [Text(s["fn"])], "source-airbus"),
                Definition([Text("sipri")], [Text(s["source_line"])], "source-sipri"),
            ]), Paragraph([Text(s["note"])], "small")]),
        ]),
    ]
    return Document(meta, cover, s["labels"], body)


# ---------------------------------------------------------------- fixtures
class LogCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def no_weasyprint_logs():
    """Fail on any warning WeasyPrint logs, like its own ``assert_no_logs``."""
    logger = logging.getLogger("weasyprint")
    handler = LogCapture()
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    messages = [r.getMessage() for r in handler.records if r.levelno >= logging.WARNING]
    assert not messages, f"WeasyPrint logged: {messages}"


@pytest.fixture(scope="module")
def assets(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("assets")
    (root / "spending.svg").write_text(SVG, encoding="utf-8")
    return root


ATTACHMENT = ("sources.json", b'{"mod-kz": "https://example.org/\\u00e9"}\n', "Sources")


@pytest.fixture(scope="module")
def rendered(assets) -> dict[str, bytes]:
    """One render per language, shared by the read-back tests (rendering is the slow part)."""
    out = {}
    for lang in ("fr", "en"):
        doc = make_document(lang, assets / "spending.svg", draft=(lang == "fr"))
        out[lang] = render_pdf(doc, TEMPLATES, [assets], [ATTACHMENT])
    return out


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def all_text(pdf: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


def outline_titles(items) -> list[str]:
    titles = []
    for item in items:
        if isinstance(item, list):
            titles.extend(outline_titles(item))
        else:
            titles.append(item.title)
    return titles


def squash(text: str) -> str:
    """Extracted text breaks lines and hyphenates; compare on letters only."""
    return "".join(ch for ch in text if ch.isalnum()).lower()


# ---------------------------------------------------------------- tests
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_text_has_headings_and_footnotes(rendered, assets, lang):
    pdf = reader(rendered[lang])
    text = squash(all_text(pdf))
    for heading in STRINGS[lang]["h"]:
        assert squash(heading) in text
    assert squash(STRINGS[lang]["fn"]) in text
    assert squash(STRINGS[lang]["caption_t"]) in text
    assert squash(STRINGS[lang]["labels"].table + " 1") in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_outline_is_the_headings(rendered, assets, lang):
    """Bookmarks are exactly the document's headings, in order (no cover or TOC entries)."""
    pdf = reader(rendered[lang])
    doc = make_document(lang, assets / "spending.svg")
    assert outline_titles(pdf.outline) == [title for _, title in doc.headings()]
    top = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert top == [section.title for section in doc.body]  # sub-levels are nested


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_metadata(rendered, lang):
    pdf = reader(rendered[lang])
    info = pdf.metadata
    assert info.title == STRINGS[lang]["title"]
    assert info.author == "kzbrief test desk"
    assert info.subject == STRINGS[lang]["summary"]
    assert pdf.trailer["/Root"]["/Lang"] == STRINGS[lang]["lang"]
    assert info["/CreationDate"] == info["/ModDate"] == "D:20241220"
    assert "/StructTreeRoot" in pdf.trailer["/Root"]  # tagged (PDF/UA-1)


def test_page_count_and_page_label(rendered):
    pdf = reader(rendered["en"])
    assert 4 <= len(pdf.pages) <= 8
    last = pdf.pages[-1].extract_text()
    assert f"Page {len(pdf.pages)} of {len(pdf.pages)}" in last
    assert "Page 1 of" not in pdf.pages[0].extract_text()  # no footer on the cover


def test_internal_links_resolve(rendered):
    """TOC entries and cross-references are GoTo links to named destinations that exist."""
    pdf = reader(rendered["en"])
    names = set(pdf.named_destinations)
    assert {"summary", "partners-tr", "t-contracts", "source-mod-kz"} <= names
    targets = set()
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A") or {}
            dest = annot.get("/Dest") or (action.get("/S") == "/GoTo" and action.get("/D"))
            if dest:
                targets.add(str(dest))
    assert {"summary", "t-contracts", "source-airbus"} <= targets
    assert targets <= names


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_only_source_fonts_embedded(rendered, lang):
    fonts = embedded_fonts(rendered[lang])
    assert fonts
    for name, program in fonts.items():
        assert re.fullmatch(r"[A-Z]{6}\+Source(Serif|Sans)Pro\w*", name.replace("-", "")), name
        assert program, f"{name} is not embedded"


def test_french_narrow_spaces_survive(rendered):
    """U+202F is shaped as a (narrow) space, never dropped or drawn as a missing glyph.

    HarfBuzz draws it with a space glyph, so text extraction gives U+0020; that no system
    font was needed for it is checked by ``test_only_source_fonts_embedded``.
    """
    text = all_text(reader(rendered["fr"])).replace("\n", " ")
    assert "dollars ;" in text.replace(NNBSP, " ")
    assert "\ufffd" not in text


def test_attachment_round_trips(rendered):
    pdf = reader(rendered["en"])
    name, data, _ = ATTACHMENT
    assert pdf.attachments[name] == [data]


def test_renders_are_byte_identical(assets, subsetter, clock):
    first = render_pdf(make_document("en", assets / "spending.svg"), TEMPLATES, [assets], [ATTACHMENT])
    clock.advance(400 * 86400)  # a year later, the same Document gives the same bytes
    second = render_pdf(make_document("en", assets / "spending.svg"), TEMPLATES, [assets], [ATTACHMENT])
    assert first == second


def test_workarounds_change_no_byte(assets, subsetter, monkeypatch):
    """The workarounds for library costs (writers.workarounds) leave the PDF as it was."""
    doc = make_document("fr", assets / "spending.svg")
    with_them = render_pdf(doc, TEMPLATES, [assets], [ATTACHMENT])
    monkeypatch.setattr(workarounds, "active", contextlib.nullcontext)
    assert render_pdf(doc, TEMPLATES, [assets], [ATTACHMENT]) == with_them


def test_embedded_fonts_carry_no_build_time(assets, subsetter):
    """fontTools stamps its fonts with the issue date; HarfBuzz keeps the font's own date."""
    doc = make_document("en", assets / "spending.svg")
    originals = {TTFont(face.path)["head"].modified for face in font_faces()}
    issued = timestampSinceEpoch(issued_datetime(doc).timestamp())
    fonts = embedded_fonts(render_pdf(doc, TEMPLATES, [assets]))
    assert fonts
    for name, program in fonts.items():
        modified = TTFont(io.BytesIO(program))["head"].modified
        assert modified in ({issued} if subsetter == "fonttools" else originals), name


def test_render_logs_nothing(assets, no_weasyprint_logs, subsetter):
    doc = make_document("fr", assets / "spending.svg", draft=True)
    assert render_pdf(doc, TEMPLATES, [assets]).startswith(b"%PDF-1.7")


def test_only_the_subsetter_notice_is_silenced(monkeypatch):
    """The fontTools fallback notice is dropped while rendering; any other warning is kept,
    and the clock variable is restored afterwards."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12345")
    logger = logging.getLogger("weasyprint")
    handler = LogCapture()
    logger.addHandler(handler)
    try:
        with rendering(dt.datetime(2024, 12, 20, tzinfo=dt.UTC)):
            assert os.environ["SOURCE_DATE_EPOCH"] == "1734652800"
            logger.warning(FONTTOOLS_NOTICE + ' for font "%s". This will be unsupported.', "Source Sans Pro")
            logger.warning("Ignored `colour: red` at 1:1, unknown property.")
    finally:
        logger.removeHandler(handler)
    assert [r.getMessage() for r in handler.records] == ["Ignored `colour: red` at 1:1, unknown property."]
    assert os.environ["SOURCE_DATE_EPOCH"] == "12345"


def test_figure_outside_roots_is_an_error(tmp_path, assets):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "chart.svg").write_text(SVG, encoding="utf-8")
    doc = make_document("en", outside / "chart.svg")
    with pytest.raises(ForbiddenURLError, match="outside the allowed roots"):
        render_pdf(doc, TEMPLATES, [assets])


def test_missing_figure_is_an_error(assets):
    doc = make_document("en", assets / "missing.svg")
    with pytest.raises(MissingResourceError, match="missing.svg"):
        render_pdf(doc, TEMPLATES, [assets])


# ---------------------------------------------------------------- fetcher and HTML units
@pytest.mark.parametrize("url", [
    "http://example.org/chart.svg",
    "https://example.org/font.ttf",
    "ftp://example.org/x",
    "file://remote-host/etc/passwd",
])
def test_fetcher_refuses_non_local_urls(tmp_path, url):
    with pytest.raises(ForbiddenURLError, match="refused"):
        RestrictedFetcher([tmp_path]).fetch(url)


def test_fetcher_decodes_data_urls_without_reading_anything(tmp_path):
    """The page's embedded fonts arrive as data: URLs; they name no file and no host."""
    response = RestrictedFetcher([tmp_path]).fetch("data:font/woff;base64,d09GRg==")
    assert response.read() == b"wOFF" and response.content_type == "font/woff"
    assert RestrictedFetcher([tmp_path]).fetch("data:,a%20b").read() == b"a b"
    with pytest.raises(MissingResourceError, match="malformed"):
        RestrictedFetcher([tmp_path]).fetch("data:font/woff;base64,not base64!")


def test_fetcher_refuses_escapes_from_roots(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("no")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = RestrictedFetcher([root])
    for url in [(tmp_path / "secret.txt").as_uri(), root.as_uri() + "/../secret.txt",
                (root / "link.txt").as_uri()]:
        with pytest.raises(ForbiddenURLError, match="outside the allowed roots"):
            fetcher.fetch(url)


def test_fetcher_serves_files_inside_roots(tmp_path):
    (tmp_path / "a b.svg").write_text(SVG, encoding="utf-8")
    response = RestrictedFetcher([tmp_path]).fetch((tmp_path / "a b.svg").as_uri())
    assert response.read() == SVG.encode()
    assert response.content_type == "image/svg+xml"


def test_errors_are_build_errors():
    assert issubclass(ForbiddenURLError, BuildError)
    assert issubclass(MissingResourceError, BuildError)


def test_content_is_escaped_not_evaluated(assets):
    doc = make_document("en", assets / "spending.svg")
    doc.body[0].children.insert(0, Paragraph([Text("{{ 7 * 7 }} <script>x</script> {% if %}")]))
    doc.cover.title = 'A "quoted" & <b>bold</b> title'
    html = render_html(doc, TEMPLATES, [assets])
    assert "{{ 7 * 7 }} &lt;script&gt;x&lt;/script&gt; {% if %}" in html
    assert "49" not in re.sub(r"<(style|svg)\b.*?</\1>", "", html, flags=re.S)
    assert "A &#34;quoted&#34; &amp; &lt;b&gt;bold&lt;/b&gt;\u00a0title" in html  # no runt: the last words kept together


def test_page_label_placeholders_in_any_order():
    assert page_label_content("Page {page} of {pages}") == (
        '"Page " counter(page) " of " counter(pages)')
    assert page_label_content("{page}/{pages}") == 'counter(page) "/" counter(pages)'
    assert css_string('a"b\\c\nd') == '"a\\"b\\\\c\\A d"'


def test_footnote_call_is_kept_with_the_word_before_it(assets):
    from kzbrief.writers.html import split_last_word

    assert split_last_word("Soviet-era system; 12 in service.") == ("Soviet-era system; 12 in ", "service.")
    assert split_last_word("alone") == ("", "alone")
    html = render_html(make_document("en", assets / "spending.svg"), TEMPLATES, [assets])
    kept = re.findall(r'<span class="keep">(?:[^<\s]+|<(em|strong)>.*?</\1>)<span class="footnote"', html)
    assert kept and len(kept) == html.count('<span class="footnote"')


def test_names_are_never_hyphenated_but_other_words_are(tmp_path, assets):
    """A proper name broken across lines ("Kazakhs-tan") reads as a typo; common words still
    hyphenate, so the test would see a name break if names were not protected."""
    names = ["Kazakhstan", "Zhaksylykov", "Mohamed", "Petropavlovsk", "Bayraktar"]
    words = ["développement", "interministérielle", "coopération", "industrialisation"]
    text = " ".join(f"{names[i % 5]} {words[i % 4]} et" for i in range(160))
    doc = make_document("fr", assets / "spending.svg")
    doc.body[0].children.insert(1, Paragraph([Text(text)]))
    pdf = pypdf.PdfReader(io.BytesIO(render_pdf(doc, TEMPLATES, [assets])))
    lines = [line for page in pdf.pages for line in page.extract_text().splitlines()]
    broken = [line.split()[-1] for line in lines if line.endswith("-") and line.split()]
    assert any(word[:-1].islower() for word in broken), "no common word was hyphenated"
    assert not [w for w in broken if w[:1].isupper() and any(n.startswith(w[:-1]) for n in names)]


def test_a_three_digit_footnote_number_is_followed_by_a_space(assets):
    """'100. La Gazette', never '100.La Gazette': the marker keeps a space after its number."""
    doc = make_document("en", assets / "spending.svg")
    notes = [[Text(f"Item {i}"), Footnote(i, [Link("source-mod-kz", [Text("La Gazette")]), Text(".")], "mod-kz")]
             for i in range(1, 101)]
    doc.body.append(Section("many", "Many", 1, [BulletList(notes)]))
    text = all_text(reader(render_pdf(doc, TEMPLATES, [assets])))
    assert re.search(r"100\.\s+La Gazette", text) and not re.search(r"\d\.La Gazette", text)


def test_the_page_laid_out_for_print_carries_truetype_faces_the_web_page_woff2(assets, monkeypatch):
    """WeasyPrint decodes WOFF2 in pure Python on every render (~0.4 s for twelve faces); the
    page it lays out carries the same cut faces as TrueType, and nothing else differs."""
    import base64

    from kzbrief.writers import weasy

    doc = make_document("en", assets / "spending.svg")
    web = render_html(doc, TEMPLATES, [assets])
    printed = render_html(doc, TEMPLATES, [assets], for_print=True)
    face = r'src: url\("data:font/(\w+);base64,([^"]+)"\)'
    assert {kind for kind, _ in re.findall(face, web)} == {"woff2"}
    found = re.findall(face, printed)
    assert len(found) == 12 and {kind for kind, _ in found} == {"ttf"}
    for _, data in found:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert font.flavor is None and len(font.getBestCmap()) < 600
    # the print page leaves out only what print's stylesheet hides: the screen's list of notes
    # and its links to it (each element costs WeasyPrint a style and a layout)
    screen_only = (r'<a class="note-call"[^>]*>[^<]*</a>|<a class="note-ref note-ref-screen"[^>]*>[^<]*</a>'
                   r'|<aside class="notes".*?</aside>\n?')
    assert re.search(screen_only, web) and not re.search(screen_only, printed, flags=re.S)
    assert re.sub(screen_only, "", re.sub(face, "", web), flags=re.S) == re.sub(face, "", printed)
    from fontTools.ttLib import woff2  # what WeasyPrint decodes WOFF2 faces with

    decoded = []
    real = woff2.decompress
    monkeypatch.setattr(woff2, "decompress", lambda *args, **kw: decoded.append(1) or real(*args, **kw))
    assert embedded_fonts(render_pdf(doc, TEMPLATES, [assets]))
    assert decoded == []  # WeasyPrint had no WOFF2 to decode
    render_pdf_from_web = weasy.HTML(string=web, base_url=TEMPLATES.resolve().as_uri() + "/").write_pdf()
    assert render_pdf_from_web and decoded  # the check above can see a decode
