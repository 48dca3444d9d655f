"""Shared fixtures: tiny projects copied into tmp_path, so tests may edit them freely."""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import pypdf
import pytest

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(autouse=True, scope="session")
def _user_cache(tmp_path_factory) -> None:
    """kzbrief's user cache (fonts cut for the web edition) lives in the session's temporary
    folder: tests never write in the home folder, and the fonts are cut once per session.
    (Not XDG_CACHE_HOME: matplotlib would rebuild its font list there, launching fc-list.)"""
    os.environ["KZBRIEF_CACHE_DIR"] = str(tmp_path_factory.mktemp("kzbrief-cache"))


def make_project(tmp_path: Path, name: str = "mini") -> Path:
    """Copy the fixture content tree ``tests/roots/<name>`` and the real templates into tmp_path."""
    root = tmp_path / name
    shutil.copytree(ROOTS / name, root)
    shutil.copytree(REPO / "templates", root / "templates", ignore=shutil.ignore_patterns("*.mo"))
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of text in a fixture file (fails loudly if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_source(root: Path, source_id: str, old: str, new: str):
    """Correct a source text the legitimate way: edit it in place, then record the new hash
    as `kzbrief sources update` does."""
    from kzbrief.sourceupdate import update_source

    edit(root / "content" / "sources" / f"{source_id}.txt", old, new)
    return update_source(root, source_id, date="2025-01-02", note="test correction")


def write_source(root: Path, source_id: str, meta: str, text: str) -> None:
    """Add a source (YAML metadata without its hash, and its text), recording the text's hash."""
    from kzbrief.content.model import text_digest

    folder = root / "content" / "sources"
    (folder / f"{source_id}.txt").write_text(text, encoding="utf-8")
    (folder / f"{source_id}.yaml").write_text(f"{meta.rstrip()}\nsha256: {text_digest(text)}\n", encoding="utf-8")


@pytest.fixture(params=["fonttools", "harfbuzz"])
def subsetter(request, monkeypatch) -> str:
    """Render with one font subsetter: fontTools always (forced by hiding HarfBuzz's from
    WeasyPrint), HarfBuzz's only where Debian's libharfbuzz-subset0 is installed. Renders in
    this process only: build with ``jobs=1``."""
    from weasyprint.pdf import fonts as pdf_fonts

    if request.param == "fonttools":
        monkeypatch.setattr(pdf_fonts, "harfbuzz_subset", None)
    elif pdf_fonts.harfbuzz_subset is None:
        pytest.skip("HarfBuzz's subsetter (Debian's libharfbuzz-subset0) is not installed")
    return request.param


class Clock:
    """Moves ``time.time`` forward, so a test sees whether output depends on when it was built."""

    def __init__(self, monkeypatch) -> None:
        self.monkeypatch = monkeypatch

    def advance(self, seconds: float) -> None:
        real = time.time
        self.monkeypatch.setattr(time, "time", lambda: real() + seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def embedded_fonts(data: bytes) -> dict[str, bytes]:
    """Each embedded font program by its PDF name (``ABCDEF+SourceSerifPro-Regular``), from the
    pages and the forms (figures) they draw."""
    fonts: dict[str, bytes] = {}

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            inner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = inner["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3") or descriptor.get("/FontFile")
            fonts[str(font["/BaseFont"]).lstrip("/")] = program.get_object().get_data() if program else b""
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        walk(page.get("/Resources"))
    return fonts
