"""Languages as data: template labels from gettext catalogues, dates and numbers from Babel.

Message ids are symbolic (``section.key_points``) so that no reader-facing sentence lives in
code, and every language — including the first — is a catalogue. Catalogues are read from the
``.po`` files in ``templates/locale/<lang>/LC_MESSAGES/kzbrief.po`` and compiled in memory, so
a translator only ever edits text files.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal
from babel.lists import format_list

from .content.dates import FuzzyDate, Period
from .errors import BuildError

DOMAIN = "kzbrief"
NNBSP = "\u202f"  # narrow no-break space


def catalogue_dir(templates: Path, lang: str) -> Path:
    return templates / "locale" / lang / "LC_MESSAGES"


def catalogue_files(templates: Path, lang: str) -> list[Path]:
    """Every ``.po`` file of a language; they are merged (kzbrief.po, charts.po …)."""
    return sorted(catalogue_dir(templates, lang).glob("*.po"))


class _Strict(gettext.NullTranslations):
    """Translations that fail loudly on an unknown id instead of echoing the symbolic id."""

    def __init__(self, inner: gettext.GNUTranslations, path: Path):
        super().__init__()
        self.inner = inner
        self.path = path
        self.draft_fallback: tuple[str, gettext.NullTranslations] | None = None

    def gettext(self, message: str) -> str:
        text = self.inner.gettext(message)
        if text == message and "." in message and " " not in message:
            if self.draft_fallback is not None:
                lang, other = self.draft_fallback
                return f"[{lang.upper()}] {other.gettext(message)}"
            raise BuildError(f"{self.path}: no translation for message id {message!r}")
        return text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.inner.ngettext(singular, plural, n)


def read_catalogue_file(path: Path, lang: str):
    """Parse a .po file; a syntax error names the file and line instead of a traceback."""
    from babel.messages.pofile import PoFileError

    try:
        with path.open("rb") as fh:
            return read_po(fh, locale=lang, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        raise BuildError(f"{path}: {exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BuildError(f"{path}: cannot be read as a catalogue ({exc})") from None


def load_translations(templates: Path, lang: str) -> gettext.NullTranslations:
    files = catalogue_files(templates, lang)
    if not files:
        raise BuildError(f"{catalogue_dir(templates, lang)}: no translation catalogue (.po) for language {lang!r}")
    stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return _Strict(_compiled(stamps, lang), catalogue_dir(templates, lang))


@lru_cache(maxsize=16)
def _compiled(stamps: tuple[tuple[str, int, int], ...], lang: str) -> gettext.GNUTranslations:
    """The language's catalogues compiled and merged, once per process while the files are
    unchanged (a build reads them for the edition, the HTML template and the checks)."""
    merged = None
    for path, _mtime, _size in stamps:
        buffer = io.BytesIO()
        write_mo(buffer, read_catalogue_file(Path(path), lang), use_fuzzy=False)
        buffer.seek(0)
        translations = gettext.GNUTranslations(buffer)
        if merged is None:
            merged = translations
        else:
            merged.add_fallback(translations)
    return merged


def french_typography(text: str) -> str:
    """Narrow no-break spaces before ; : ! ? and inside « », as French print requires."""
    text = re.sub(r"[ \u00a0\u202f]*([;:!?])(?=\s|$|[»)\]])", NNBSP + r"\1", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", NNBSP + "»", text)
    # a colon in a time or a URL never gets a space: undo where a digit or slash follows
    text = re.sub(NNBSP + r":(?=\d|//)", ":", text)
    return text


#: Words French shortens before a vowel ("de août" → "d’août"), the forms a sentence may start
#: with included. Composed labels ("l’édition de {period}") meet a vowel only at run time.
_ELIDED = ("de", "De", "le", "Le", "la", "La", "que", "Que", "jusque", "Jusque", "lorsque",
           "Lorsque", "puisque", "Puisque")
#: Vowel-initial words French does not elide before (le onze, de oui, de un à trois). Neither
#: h nor y is elided before: whether a name's h is mute, or its y a vowel, cannot be told
#: from its spelling (de Haluk, de Yermekbayev).
_NO_ELISION = ("onze", "onzième", "oui", "ouate", "ouistiti", "uhlan", "un à", "une à")
_VOWEL = "aeiouàâäéèêëîïôöûüAEIOUÀÂÄÉÈÊËÎÏÔÖÛÜ"
_ELISION = re.compile(r"(?<![\w\-’'])(" + "|".join(_ELIDED) + r") (?=[" + _VOWEL + r"])")
#: A capital letter standing alone is a letter's name ("de A à F", the Admiralty grades): French
#: does not elide before it, as it does before a word or an acronym it starts (l’A400M, l’OTSC).
_LETTER_NAME = re.compile(r"[AEIOUY](?![\w’'])")


def french_elision(text: str) -> str:
    """``de août`` → ``d’août``, ``le OTSC`` → ``l’OTSC``: French never leaves these apart."""
    def elide(match: re.Match) -> str:
        rest = text[match.end():match.end() + 12].lower()
        if rest.startswith(_NO_ELISION) or _LETTER_NAME.match(text, match.end()):
            return match.group(0)
        return match.group(1)[:-1] + "\u2019"
    return _ELISION.sub(elide, text)


#: French ordinals are written with superscript letters: 58ᵉ, 1ᵉʳ, 1ʳᵉ (the Unicode modifier
#: letters, which the embedded fonts carry, so the DOCX and the PDF show them alike).
_FRENCH_ORDINAL = re.compile(r"(?<![\w\-.,/])(\d+)(er|re|ème|eme|e)(?![\w\-])")
_SUPERSCRIPT = {"er": "\u1d49\u02b3", "re": "\u02b3\u1d49", "ème": "\u1d49", "eme": "\u1d49", "e": "\u1d49"}


def french_ordinals(text: str) -> str:
    return _FRENCH_ORDINAL.sub(lambda m: m.group(1) + _SUPERSCRIPT[m.group(2)], text)


#: A range of numbers takes an en dash (22–26 octobre, 2023–2024), not a hyphen. Designations
#: (Su-30, KAZIND-21, Mi-171) have letters on one side and are left alone, and so are
#: dates written ISO-style (a third number follows).
_NUMBER_RANGE = re.compile(r"(?<![\w\-–/.,:])(\d{1,4})-(\d{1,4})(?![\w\-–/])")


def number_ranges(text: str) -> str:
    return _NUMBER_RANGE.sub("\\1\u2013\\2", text)


def apostrophes(text: str) -> str:
    """A straight apostrophe between letters is printed as the typographic one (l’aviation)."""
    return re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)


#: A dash setting off what follows, its space before unbreakable (``dash_spacing``): for the
#: separators the document composes ("**Title** — text").
SPACED_DASH = "\u00a0\u2014 "


def dash_spacing(text: str) -> str:
    """The space before a spaced dash is a no-break space: a line (or a page) never opens with
    the dash that closes an aside or sets off a clause (nineteenth pass: « — voir les faits du
    mois » and "— China and South Korea" began lines), as French and English print both ask."""
    return re.sub(r" (?=\u2014[ \u00a0]|\u2014$)", "\u00a0", text)


_BLANK = "[ \u00a0\u202f]*"


def alternate_quotes(text: str, outer: tuple[str, str], inner: tuple[str, str]) -> str:
    """The text as it reads inside quotation marks of the ``outer`` pair: if its own top-level
    quotations use that pair too, every level is swapped (``outer`` ↔ ``inner``), so quotes
    inside quotes alternate (« … “…” … », ‘… “…” …’). A closing mark followed by a letter is
    an apostrophe (Baykar’s), never the end of a quotation."""
    def spans(pair: tuple[str, str]) -> re.Pattern:
        return re.compile(re.escape(pair[0]) + _BLANK + r"(.*?)" + _BLANK + re.escape(pair[1]) + r"(?!\w)", re.S)
    first = re.search("|".join(re.escape(mark) for mark in (outer[0], inner[0])), text)
    if first is None or first.group(0) != outer[0]:
        return text
    held = spans(outer).sub(lambda m: "\x01" + m.group(1) + "\x02", text)
    held = spans(inner).sub(lambda m: outer[0] + m.group(1) + outer[1], held)
    return held.replace("\x01", inner[0]).replace("\x02", inner[1])


def _french(text: str) -> str:
    return french_typography(french_ordinals(french_elision(text)))


#: Rules beyond those every language gets (apostrophes, number ranges, dash spacing).
TYPOGRAPHY = {"fr": _french}


def typography_for(lang: str):
    """The function that finishes a text for print in a language."""
    rules = TYPOGRAPHY.get(lang)
    common = lambda text: dash_spacing(number_ranges(apostrophes(text)))  # noqa: E731
    return (lambda text: rules(common(text))) if rules else common


@dataclass
class I18n:
    """Everything an edition needs to speak its language."""

    lang: str
    locale_name: str
    translations: gettext.NullTranslations

    @classmethod
    def load(cls, templates: Path, lang: str, locale_name: str, draft_fallback: str | None = None) -> "I18n":
        """``draft_fallback``: in a draft, a label missing in ``lang`` is taken, marked, from that language."""
        translations = load_translations(templates, lang)
        if draft_fallback and draft_fallback != lang:
            translations.draft_fallback = (draft_fallback, load_translations(templates, draft_fallback))
        return cls(lang, locale_name, translations)

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.locale_name)

    @property
    def bcp47(self) -> str:
        return self.locale_name.replace("_", "-")

    # ------------------------------------------------------------ text
    @cached_property
    def typo(self):
        """Finish a text for print in this language (typographic spaces, apostrophes)."""
        return typography_for(self.lang)

    def foreign(self, text: str, lang: str) -> str:
        """Words in another language (a title as published), finished by that language's
        rules, never this one's: an English title keeps its colon unspaced in a French edition."""
        return typography_for(lang or self.lang)(text)

    def text(self, localized: dict[str, str] | None) -> str:
        """A content text in this language, finished for print. Only a draft may lack it: then
        another language's text stands in, tagged so no reader mistakes it for a translation."""
        if not localized:
            return ""
        text = localized.get(self.lang)
        if not text:
            other, text = next((lang, t) for lang, t in localized.items() if t)
            return f"[{other.upper()}] {text}"
        return self.typo(text)

    @cached_property
    def quotation_marks(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """The language's quotation marks, first level then second: the catalogue's
        ``typography.quotes`` ("« » “ ”", "‘ ’ “ ”")."""
        marks = self.translations.gettext("typography.quotes").split()
        return (marks[0], marks[1]), (marks[2], marks[3])

    def nested(self, text: str, opening: str) -> str:
        """A text set right after the quotation mark ``opening``: its own quotation marks
        alternate with it (no « … « … » … », no ‘…‘…’…’), whatever the content wrote."""
        first, second = self.quotation_marks
        for outer, inner in ((first, second), (second, first)):
            if opening.rstrip(" \u00a0\u202f").endswith(outer[0]):
                swapped = alternate_quotes(text, outer, inner)
                return self.typo(swapped) if swapped != text else text
        return text

    def _(self, message_id: str, **values: object) -> str:
        """Translate a symbolic message id; ``{name}`` placeholders are filled from values (a
        value the message sets in quotation marks has its own marks alternated)."""
        text = self.translations.gettext(message_id)
        if values:
            values = {key: self.nested(value, text.partition("{" + key + "}")[0]) if isinstance(value, str) else value
                      for key, value in values.items()}
            text = text.format(**values)
        return self.typo(text)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        text = self.translations.ngettext(singular, plural, n)
        return self.typo(text.format(n=self.number(n), **values))

    # ------------------------------------------------------------ formatting
    def number(self, value: float | int) -> str:
        return format_decimal(value, locale=self.locale)

    def compact(self, value: float | int) -> str:
        return format_compact_decimal(value, format_type="long", locale=self.locale, fraction_digits=1)

    def language_name(self, code: str) -> str:
        """'anglais' / 'English': language names come from CLDR through Babel."""
        return self.locale.languages.get(code, code)

    def join(self, items: list[str], style: str = "standard") -> str:
        return format_list(items, style=style, locale=self.locale) if items else ""

    def day(self, value: dt.date) -> str:
        return self._first_day(format_date(value, format="long", locale=self.locale), value.day)

    def _first_day(self, text: str, day: int) -> str:
        """French writes the first of the month as an ordinal (1er novembre): the catalogue says how."""
        if day == 1:
            text = re.sub(r"^1(?!\d)", self.translations.gettext("date.day_one"), text)
        return text

    def month_year(self, year: int, month: int) -> str:
        return format_skeleton("yMMMM", dt.date(year, month, 1), locale=self.locale)

    def month_name(self, month: int) -> str:
        return format_date(dt.date(2000, month, 1), format="LLLL", locale=self.locale)

    def period(self, period: Period) -> str:
        return self.month_year(period.year, period.month)

    def date(self, value: FuzzyDate, qualifier: str | None = None) -> str:
        """A date at the precision the source gives: '9 décembre 2024', 'May 2022', '2009'."""
        if value.precision == "day":
            text = self.day(value.start())
        elif value.precision == "month":
            text = self.month_year(value.year, value.month)
        else:
            text = str(value.year)
        if qualifier:
            text = self._(f"date.qualifier.{qualifier}", date=text)
        return text

    def date_range(self, start: FuzzyDate, end: FuzzyDate | None, qualifier: str | None = None) -> str:
        """'22–26 octobre 2024', '30 août – 11 septembre 2021': the shared parts said once."""
        if end is None or end == start:
            return self.date(start, qualifier)
        if start.precision == end.precision == "day" and not qualifier and start.year == end.year:
            if start.month == end.month:
                start_day = self._first_day(self.number(start.day), start.day)
                return self._("date.range.same_month", start_day=start_day, end=self.date(end))
            day_month = self._first_day(format_skeleton("MMMMd", start.start(), locale=self.locale), start.day)
            return self._("date.range.same_year", start=day_month, end=self.date(end))
        return self._("date.range", start=self.date(start, qualifier), end=self.date(end))
