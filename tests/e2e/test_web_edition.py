"""The web edition (``--format html``): one self-contained, accessible page, read back as a
browser would — and, where Debian's Chromium is installed, laid out by it on a phone screen."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from fontTools.ttLib import TTFont

from kzbrief.build import BuildRequest, run_build, status
from kzbrief.writers.html import css_string, render_html
from kzbrief.writers.fonts import font_faces
from kzbrief.writers.webfonts import face_bytes
from tests.e2e.parity import html_counts

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> Path:
    from tests.conftest import make_project

    root = make_project(tmp_path_factory.mktemp("web"))
    run_build(BuildRequest(root=root, periods=["2024-12"], formats=["html"], jobs=1))
    return root


def page_path(root: Path, lang: str) -> Path:
    return root / f"build/2024-12/kzbrief-2024-12-{lang}.html"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_page_names_no_external_resource(web, lang):
    text = page_path(web, lang).read_text(encoding="utf-8")
    page = lxml.html.document_fromstring(text)
    assert "://" not in text  # no http(s), no file://, not even a namespace URI
    assert not page.xpath("//script | //link | //img | //iframe | //object | //embed | //base")
    assert all(href.startswith("#") for href in page.xpath("//@href"))
    assert not page.xpath("//@src")
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", text)
    assert urls and all(url.startswith(("data:", "#")) for url in urls)  # embedded, or in the page


@pytest.mark.parametrize("lang,locale", [("fr", "fr-FR"), ("en", "en-GB")])
def test_page_has_language_viewport_and_both_stylesheets(web, lang, locale):
    page = lxml.html.parse(str(page_path(web, lang))).getroot()
    assert page.get("lang") == locale
    assert page.xpath("//meta[@name='viewport']/@content") == ["width=device-width, initial-scale=1"]
    media = [style.get("media") for style in page.head.iter("style")]
    assert media == [None, "print", "screen"]  # fonts for both, the PDF's look, the browsers'
    assert "@page" in page.xpath("//style[@media='print']")[0].text
    assert "@media (min-width" in page.xpath("//style[@media='screen']")[0].text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_note_is_linked_from_its_call_and_back(tmp_path, lang):
    """Footnotes (the bundled editions cite by number; the writers still carry footnotes)."""
    from tests.writers.test_pdf import SVG, TEMPLATES, make_document

    (tmp_path / "chart.svg").write_text(SVG, encoding="utf-8")
    path = tmp_path / "page.html"
    path.write_text(render_html(make_document(lang, tmp_path / "chart.svg"), TEMPLATES, [tmp_path]), encoding="utf-8")
    page = lxml.html.parse(str(path)).getroot()
    calls = page.xpath("//main//a[contains(@class, 'note-call')]")
    notes = page.xpath("//ol[contains(@class, 'notes-list')]/li")
    assert len(calls) == len(notes) == html_counts(path)["footnotes"] >= 2
    # numbered as in the PDF and the DOCX: 1, 2, 3 … in reading order
    assert [c.text for c in calls] == [n.get("value") for n in notes] == [str(i) for i in range(1, len(notes) + 1)]
    # the print-only footnote carries the same text as the screen's note
    for call, note in zip(calls, notes):
        printed = call.getprevious()
        assert "footnote" in printed.classes
        assert printed.text_content().strip() == note.text_content().replace("↑", "").strip()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_charts_are_inline_labelled_and_ids_are_unique(web, lang):
    page = lxml.html.parse(str(page_path(web, lang))).getroot()
    charts = page.xpath("//figure[contains(@class, 'chart')]//svg")
    assert charts
    for svg in charts:
        assert svg.get("role") == "img" and len(svg.get("aria-label")) > 40
        style = svg.xpath(".//style")
        assert all(re.match(rf"\s*#{svg.get('id')} ", s.text) for s in style)  # scoped to the chart
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))
    for ref in page.xpath("//svg//@href"):
        assert ref[1:] in ids  # every glyph or clip path a chart uses is its own


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_fonts_are_embedded_and_cover_every_character(web, lang):
    text = page_path(web, lang).read_text(encoding="utf-8")
    faces = re.findall(r'@font-face \{ font-family: "([^"]+)"; font-weight: (\d+); font-style: (\w+); '
                       r'src: url\("data:font/woff2;base64,([^"]+)"\); \}', text)
    assert len(faces) == 12 and {f[0] for f in faces} == {"Source Serif Pro", "Source Sans Pro"}
    body = lxml.html.document_fromstring(text).body.text_content()
    wanted = {c for c in body if c.isprintable() and not c.isspace()} | {c.upper() for c in body if c.isalpha()}
    originals = {(f.family, str(f.weight), f.style): f.path for f in font_faces()}
    for family, weight, style, data in faces:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert font.flavor == "woff2"
        cmap = font.getBestCmap()
        assert len(cmap) < 600  # cut to what the page can show, not the whole face
        original = TTFont(originals[family, weight, style]).getBestCmap()
        lost = {c for c in wanted if ord(c) in original and ord(c) not in cmap}
        assert not lost, f"{family} {weight} {style} lost {sorted(lost)}"
        if (weight, style) == ("400", "normal"):  # the text faces show every character themselves
            assert not {c for c in wanted if ord(c) not in cmap}, family


def test_web_edition_is_reproducible_and_recorded(web, tmp_path, monkeypatch):
    first = {lang: page_path(web, lang).read_bytes() for lang in ("fr", "en")}
    assert {s.state for s in status(web, None, formats=["html"])} == {"up-to-date"}
    monkeypatch.setenv("KZBRIEF_CACHE_DIR", str(tmp_path / "cold"))  # fonts cut anew, not read back
    face_bytes.cache_clear()
    run_build(BuildRequest(root=web, periods=["2024-12"], formats=["html"], force=True, jobs=1))
    assert {lang: page_path(web, lang).read_bytes() for lang in ("fr", "en")} == first
    assert any((tmp_path / "cold/fonts").glob("SourceSerifPro-Regular-*.woff2"))


def test_css_strings_cannot_close_the_style_element():
    assert "<" not in css_string("</style><script>alert(1)</script>")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium (Debian's chromium package) is not installed")
def test_phone_screenshot_in_headless_chromium(web, tmp_path):
    from PIL import Image

    shot = tmp_path / "phone.png"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=390,844",
               page_path(web, "en").as_uri()]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    image = Image.open(shot).convert("RGB")
    assert image.size == (390, 844)
    colours = image.getcolors(maxcolors=1 << 16) or []
    assert len(colours) > 50  # anti-aliased text in several colours, not a blank or one-colour page
    pixels = image.height * image.width
    white = sum(n for n, rgb in colours if min(rgb) > 245)
    assert 0.2 < white / pixels < 0.9
    # the cover band, in the house navy, fills the top of the screen edge to edge
    assert all(image.getpixel((x, 12)) == (0x1F, 0x3A, 0x5F) for x in (2, 195, 370))
