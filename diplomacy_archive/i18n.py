"""The language of everything an editor reads: Vietnamese by default, English on request.

Messages are written in English in the code, marked for extraction with ``N_`` (kept as they
are, translated when shown) or ``_`` (translated now), with ``{name}`` placeholders filled after
translation. Babel extracts them into ``locale/diplomacy_archive.pot``; the Vietnamese catalogue
``locale/vi/LC_MESSAGES/diplomacy_archive.po`` is compiled (by Babel) into the ``.mo`` file the
package ships, read here with the standard library's gettext (docs/translating.md).

The language is chosen once per process: ``--lang``, else the locale of the environment
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as gettext reads them; ``LANGUAGE`` first): English
for an English locale, Vietnamese for every other one, and when none is set.
"""

from __future__ import annotations

import gettext
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "diplomacy_archive"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT = "vi"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = ""


def language_of_environment(environ: Mapping[str, str] | None = None) -> str:
    """``en`` when the environment's locale is English, else ``vi``."""
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if not value:
            continue
        first = value.split(":")[0].split(".")[0].split("@")[0].lower()
        if first in ("c", "posix", ""):
            continue  # no language named: the next variable, or the default
        return "en" if first == "en" or first.startswith("en_") else DEFAULT
    return DEFAULT


def set_language(language: str | None = None) -> str:
    """Use ``language`` (``vi``, ``en``), or the environment's when None; returns it."""
    global _translations, _language
    chosen = language or language_of_environment()
    if chosen not in LANGUAGES:
        raise ValueError(f"unknown language {chosen!r}: one of {', '.join(LANGUAGES)}")
    if chosen == "en":  # the messages are written in English
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, LOCALE_DIR, [chosen])
    _language = chosen
    return chosen


def language() -> str:
    """The language in use (the environment's until set_language is called)."""
    if not _language:
        set_language()
    return _language


def _(message: str) -> str:
    """``message`` in the chosen language."""
    language()
    return _translations.gettext(message)


_SITE_TRANSLATIONS: dict[str, gettext.NullTranslations] = {}


def translated(message: str, language_code: str) -> str:
    """``message`` in ``language_code`` whatever the process's language: for what a built site
    shows, which must not change with the language of the command that built it. English for
    ``en``, Vietnamese for any other code."""
    chosen = "en" if language_code == "en" or language_code.startswith("en-") else DEFAULT
    if chosen not in _SITE_TRANSLATIONS:
        _SITE_TRANSLATIONS[chosen] = gettext.NullTranslations() if chosen == "en" else \
            gettext.translation(DOMAIN, LOCALE_DIR, [chosen])
    return _SITE_TRANSLATIONS[chosen].gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    language()
    return _translations.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it (translated when shown)."""
    return message


_KEPT = "\x1e"  # starts a message kept as text (kept_message), rendered where it is shown


def kept_message(template: str, **args: object) -> str:
    """A message (marked N_) with its values, kept as one string, to be rendered, in the
    language chosen then, where it is shown: alone (``shown``) or as the value of another
    message's placeholder (``render`` does it). What names a page in problems ("the page of
    article content/x.md") is one: it is made once and shown in either language."""
    return _KEPT + json.dumps([template, {k: str(v) for k, v in args.items()}],
                              ensure_ascii=False)


def shown(text: str) -> str:
    """``text``, or, when it is a kept message, that message rendered now."""
    if not text.startswith(_KEPT):
        return text
    try:
        template, args = json.loads(text[1:])
    except (ValueError, TypeError):
        return text[1:]
    return render(str(template), {str(k): v for k, v in dict(args).items()})


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\w+)\}")


_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")


def _number(value: str) -> str:
    """A count written with thousands separators (``10,000``) as the language writes it:
    Vietnamese groups digits with dots (``10.000``), and reads ``3,000`` as three."""
    if language() == "vi" and _GROUPED.fullmatch(value):
        return value.replace(",", ".")
    return value


def render(message: str, args: Mapping[str, object] | tuple[tuple[str, object], ...] = ()
           ) -> str:
    """``message`` translated, its ``{name}`` placeholders filled from ``args`` (and ``{{``,
    ``}}`` made single braces). Braces that name no argument are left as they are, so that a
    message quoting YAML ('{src: /images/anh.jpg}') cannot break the one it is shown in."""
    text = _(message) if message else message
    values = {name: _number(shown(str(value))) for name, value in dict(args).items()}
    if not values:
        return text

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return match.group()[0]  # {{ or }}
        return values.get(name, match.group())
    return _PLACEHOLDER.sub(fill, text)
