"""The one door to WeasyPrint: imported without compiler probes, run with a pinned clock.

Three things about WeasyPrint depend on the machine rather than on the Document, and this
module neutralises each so that a render is the same everywhere:

- **Library probing.** WeasyPrint loads Pango and HarfBuzz through cffi, trying several names
  per library; every name that is not a file name goes through ``ctypes.util.find_library``,
  which on Linux runs ``ldconfig``, ``gcc`` and ``ld`` (about 200 processes per build were
  seen with ``strace -f -e trace=execve``). Each list also holds the exact Linux soname
  (``libpango-1.0.so.0``…), which the dynamic loader finds by itself, so during the import
  ``find_library`` answers "not found" at once and cffi moves on to the soname.
- **The font subsetter's clock.** Without Debian's ``libharfbuzz-subset0`` WeasyPrint subsets
  fonts with fontTools, which stamps the current time into each embedded font's
  ``head.modified``. fontTools honours ``SOURCE_DATE_EPOCH`` (the reproducible-builds
  convention), so it is set to the edition's issue date while rendering. That one variable
  covers every place fontTools saves a font (subsetting, emoji and variable-font cleaning) in
  every fontTools release, where post-processing would have to re-parse the PDF's font streams
  and patching fontTools would depend on its private names. HarfBuzz keeps the font's own date.
- **The subsetter notice.** On that fallback WeasyPrint logs, for every font, that fontTools
  will be unsupported one day. It says nothing about the document; ``kzbrief doctor`` reports
  which subsetter is in use instead. Only that message is dropped: every other warning still
  reaches the log (and fails the tests that forbid warnings).

And four costs of WeasyPrint and the libraries below it are worked around while rendering
(``writers.workarounds``: fontTools' slow subsetting, two costs that grow with pages squared,
six pseudo-element styles kept for every element).
"""

from __future__ import annotations

import contextlib
import ctypes.util
import datetime as dt
import logging
import os
import sys
from collections.abc import Iterator

#: The start of WeasyPrint's per-font notice when it falls back to fontTools.
FONTTOOLS_NOTICE = "Using fontTools instead of HarfBuzz-Subset"


@contextlib.contextmanager
def no_library_probes() -> Iterator[None]:
    """Make ``ctypes.util.find_library`` answer without launching processes (Linux only: on
    other systems it asks the loader and launches nothing)."""
    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


with no_library_probes():
    import weasyprint  # noqa: E402 - the import is what loads the native libraries
    from weasyprint import CSS, HTML, Attachment  # noqa: E402
    from weasyprint.pdf import fonts as _pdf_fonts  # noqa: E402
    from weasyprint.text.fonts import FontConfiguration  # noqa: E402
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

    from . import workarounds  # noqa: E402 - imports WeasyPrint's layout and pydyf

__all__ = ["CSS", "HTML", "Attachment", "FontConfiguration", "FatalURLFetchingError", "URLFetcher",
           "URLFetcherResponse", "rendering", "subsetter", "version"]

version = weasyprint.__version__


def subsetter() -> str:
    """Which font subsetter WeasyPrint will use in this process: ``harfbuzz`` or ``fonttools``."""
    return "harfbuzz" if _pdf_fonts.harfbuzz_subset else "fonttools"


class _DropSubsetterNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(FONTTOOLS_NOTICE)


@contextlib.contextmanager
def rendering(when: dt.datetime) -> Iterator[None]:
    """For one render: pin the clock fontTools reads to ``when``, drop the subsetter notice and
    apply the workarounds.

    All are process-wide: renders run one at a time in each process (the build's workers are
    processes), and everything is restored afterwards.
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    notice = _DropSubsetterNotice()
    logger = logging.getLogger("weasyprint")
    logger.addFilter(notice)
    try:
        with workarounds.active():
            yield
    finally:
        logger.removeFilter(notice)
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
