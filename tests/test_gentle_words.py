"""The app never grades or blames (issue 14): every string it can show is read and
checked against words that score a person or find fault with them.

Every string literal in the package is gathered (docstrings aside: they are for
developers), so a new message cannot slip past. The person's own feeling words (for
example "guilty") are theirs to choose and are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from innerchild_tui.domain.feelings import FEELINGS, NEEDS

PACKAGE = Path(__file__).resolve().parent.parent / "innerchild_tui"

GRADING = re.compile(
    r"\b(fail(ed|ure|ures|ing|s)?|missed|miss(es|ing)? (a|the|your)|forgiv\w*|"
    r"grade[ds]?|scor(e|es|ed|ing)|lazy|should have|shouldn't have|"
    r"you (haven't|have not|didn't|did not|forgot)|"
    r"streak (is |was )?(lost|broken|ruined|over)|lost your|broke your|"
    r"shame\w*|disappoint\w*|poor(ly)?|unacceptable|behind on)\b",
    re.IGNORECASE,
)
OWN_WORDS = {word.casefold() for word in (*FEELINGS, *NEEDS)}


def shown_strings() -> list[tuple[str, int, str]]:
    found: list[tuple[str, int, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and node.value.casefold() not in OWN_WORDS
            ):
                found.append((str(path.relative_to(PACKAGE)), node.lineno, node.value))
    return found


def test_the_gathering_reads_the_apps_messages() -> None:
    texts = {text for _, _, text in shown_strings()}
    assert "Streaks and numbers are hidden. Your days still count." in texts
    assert len(texts) > 1_000


def test_no_shown_string_grades_or_blames() -> None:
    found = [
        f"{path}:{line}: {match.group(0)!r} in {text[:80]!r}"
        for path, line, text in shown_strings()
        if (match := GRADING.search(text))
    ]
    assert found == []


def test_the_check_catches_what_it_is_for() -> None:
    for sentence in (
        "You missed 3 days",
        "Streak lost",
        "one missed day is forgiven",
        "Strength score 0%",
        "You didn't check in",
    ):
        assert GRADING.search(sentence), sentence
    assert not GRADING.search("Rest counts too · a day away keeps the streak going")
