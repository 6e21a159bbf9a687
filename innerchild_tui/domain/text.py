"""Making typed or pasted text safe to keep and show."""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 200


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Drop control characters (keeping newlines and tabs in multi-line text).

    Terminal escape sequences pasted into a note must never reach the screen as
    commands, and NUL bytes must never reach the data file.
    """
    keep = {"\n", "\t"} if multiline else set()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in keep or unicodedata.category(ch) not in ("Cc", "Cs"))


def whole_number(text: str) -> int | None:
    """A whole number typed as ASCII digits only, or None.

    ``int()`` also takes ``1_0``, ``+7``, `` 7 `` and other scripts' digits (``٧``), and
    ``str.isdigit()`` passes ``²``, which ``int()`` then refuses: neither is what a
    person means by a number in a field.
    """
    if not text or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def clean_name(text: str) -> str:
    """A one-line name: control characters gone, spaces collapsed, kept to a sane length.

    Tabs and line breaks become spaces first, so pasted words are never glued together.
    """
    spaced = "".join(" " if ch.isspace() else ch for ch in text)
    return " ".join(clean_text(spaced, multiline=False).split())[:MAX_NAME_LENGTH]
