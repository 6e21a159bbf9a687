"""Letters as Markdown: the two voices as two sections, or side by side in a table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from innerchild_tui.domain.letters import (
    ADULT_LABEL,
    UNTITLED,
    age_of,
    child_label,
)
from innerchild_tui.domain.text import clean_text

NO_WORDS = "*(nothing written yet)*"


def _heading_text(text: str) -> str:
    """One line, safe inside a Markdown heading."""
    return " ".join(clean_text(text).split())


def _title(letter: Mapping[str, Any]) -> str:
    title = _heading_text(str(letter.get("title", "")))
    return title or UNTITLED


def _date_words(letter: Mapping[str, Any]) -> str:
    raw = str(letter.get("day", ""))
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return raw
    return f"{day:%A} {day.day} {day:%B %Y}"


def _body(text: str) -> str:
    """A voice's words as Markdown paragraphs, line breaks kept.

    A line that would become a heading or a rule (``# …``, ``---``, ``===``) and so break
    the document's own sections is escaped; everything else is left as written.
    """
    lines = clean_text(text).strip("\n").split("\n")
    if not any(line.strip() for line in lines):
        return NO_WORDS
    kept = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#") or (len(set(stripped)) == 1 and stripped[0] in "-=*_"):
            line = line.replace(stripped[0], "\\" + stripped[0], 1)
        kept.append(line.rstrip() + ("  " if stripped else ""))
    # Two trailing spaces keep a single line break; blank lines end paragraphs.
    return "\n".join(kept).rstrip()


def _cell(text: str) -> str:
    """Text inside one table cell: pipes escaped, line breaks as ``<br>``."""
    safe = clean_text(text).replace("\\", "\\\\").replace("|", "\\|")
    safe = safe.replace("<", "&lt;").replace("\t", " ")
    return "<br>".join(line.strip() for line in safe.strip("\n").split("\n"))


def _paragraphs(text: str) -> list[str]:
    blocks, current = [], []
    for line in clean_text(text).split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def letter_markdown(letter: Mapping[str, Any], *, table: bool = False) -> str:
    """One letter: a heading with its title, the date and the age, then the two voices.

    ``table=True`` puts the voices side by side, one row per paragraph.
    """
    age = age_of(letter)
    child = child_label(age)
    to_whom = "to little me" + ("" if age is None else f", aged {age}")
    lines = [f"## {_title(letter)}", "", f"*{_date_words(letter)} · {to_whom}*", ""]
    to_child = str(letter.get("to_child", ""))
    from_child = str(letter.get("from_child", ""))
    if table:
        left, right = _paragraphs(to_child), _paragraphs(from_child)
        lines += [f"| {ADULT_LABEL} | {child} |", "| --- | --- |"]
        for row in range(max(len(left), len(right), 1)):
            mine = _cell(left[row]) if row < len(left) else ""
            theirs = _cell(right[row]) if row < len(right) else ""
            lines.append(f"| {mine} | {theirs} |")
    else:
        lines += [f"### {ADULT_LABEL}", "", _body(to_child), ""]
        lines += [f"### {child}", "", _body(from_child)]
    return "\n".join(lines).rstrip() + "\n"


def letters_markdown(letters: Iterable[Mapping[str, Any]], *, table: bool = False) -> str:
    """Many letters in one document, in the order given, with a short heading."""
    parts = [letter_markdown(letter, table=table) for letter in letters]
    head = "# Letters between me and my inner child\n"
    if not parts:
        return head + "\nNo letters yet.\n"
    return head + "\n" + "\n---\n\n".join(parts)
