"""A few words on one day of a habit, from the pane or the habit's calendar.

The note dialog stays open while the person writes, and the day may change meanwhile on
another computer or in a quick command (a tick taken back, say). So the note is put on
the day as it stands once the words are written, after the file has been looked at:
writing a note never brings back a tick that was taken back elsewhere. If the day holds
nothing by then, the person is asked whether to tick it again with the note, and told
the words if not.

A day ticked by a link ("ticked by your check-in") carries that as its note; the dialog
shows it as a hint, not as words to type after.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from innerchild_tui.store.habits import HABIT_LINKS

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp
    from innerchild_tui.app.screens.habit_dialogs import DayWordsScreen

# The screen's own way to set a day (status, note): it tells errors and shows the change.
SetDay = Callable[[str, str], object]


def is_generated(note: str) -> bool:
    """A note the app wrote itself (a tick made by a link), not the person."""
    return note in HABIT_LINKS.values()


def note_dialog(question: str, note: str) -> DayWordsScreen:
    """The dialog for a day's note: the person's own note to edit, or an empty field with
    a generated note as its placeholder."""
    from innerchild_tui.app.screens.habit_dialogs import DayWordsScreen

    if is_generated(note):
        return DayWordsScreen(question, placeholder=note)
    return DayWordsScreen(question, value=note)


def note_to_keep(answer: str | None, note: str) -> str | None:
    """What the dialog's answer changes (None: nothing). Enter on an empty field over a
    generated note leaves that note; over the person's own note, it clears it."""
    if answer is None or (not answer and is_generated(note)):
        return None
    return answer


def note_the_day(
    app: InnerChildApp,
    habit_id: str,
    name: str,
    day: date,
    status_then: str,
    note: str,
    set_day: SetDay,
) -> None:
    """Put ``note`` on the habit's ``day`` as the day stands now: outside changes are
    taken in first; the note goes with the day's status then (``status_then`` was the
    status when the dialog opened). A day that holds nothing by then is not ticked
    again unasked."""

    def as_it_stands() -> None:
        status = app.store.habit_days.tended_on(day).get(habit_id)
        if status is not None:
            set_day(status, note)
            return
        from innerchild_tui.app.screens.confirm import ConfirmScreen

        def answered(again: bool | None) -> None:
            if again:
                set_day(status_then, note)
            else:
                app.notify(
                    f"“{name}” stays as it is now, with nothing marked. Your note was: {note}",
                    title="Your note",
                    timeout=20,
                )

        app.push_screen(
            ConfirmScreen(
                f"“{name}” was taken back elsewhere while you wrote your note, so the day "
                "holds nothing now. Mark it again, with your note?",
                yes="Mark it again",
                no="Leave it",
            ),
            answered,
        )

    app.saver.take_in_outside_changes_then(as_it_stands)
