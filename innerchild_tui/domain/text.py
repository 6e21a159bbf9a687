"""Making typed or pasted text safe to keep and show."""

from __future__ import annotations

from innerchild_tui.domain.shapes import safe_text

MAX_NAME_LENGTH = 200


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Drop control characters and bidi controls (keeping newlines and tabs in
    multi-line text).

    Terminal escape sequences pasted into a note must never reach the screen as
    commands, a bidi override must never turn a line around, and NUL bytes must never
    reach the data file. The rule is the one records are checked by when a file is read
    (:func:`~innerchild_tui.domain.shapes.safe_text`), so what is typed is kept as it
    will read back.
    """
    text = safe_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    return text if multiline else text.replace("\n", "").replace("\t", "")


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
