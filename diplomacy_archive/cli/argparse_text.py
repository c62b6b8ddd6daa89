"""argparse's own words (``usage:``, ``options``, its error messages) in the chosen language.

argparse translates them through the ``_`` and ``ngettext`` of its module, which read the
``argparse`` gettext domain; ``translate_argparse`` points them at ours, and the messages an
editor can meet are listed here, marked, so that they are in our catalogue (the others are
mistakes of a program, not of an editor).
"""

from __future__ import annotations

import argparse

from diplomacy_archive.i18n import N_, _, ngettext

MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"), N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
    N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"), N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"), N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)


def translate_argparse() -> None:
    """argparse's words in the language i18n has chosen."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
