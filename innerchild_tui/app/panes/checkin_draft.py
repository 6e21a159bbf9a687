"""Keeping a check-in in progress: it is never lost (quit, a closed terminal, a crash).

:class:`DraftKeeping` is the part of the check-in pane that keeps its form as a draft on
this computer (``drafts.DraftFile``, sealed with the file's key): written off the event
loop when it changed (twice a second at most), at once on the way out, and offered back
the next time the app opens. The pane supplies the form (:meth:`form`) and puts a draft
back into it (:meth:`restore_draft`).
"""

from __future__ import annotations

import contextlib
from typing import Any

import pendulum
from textual import work

from innerchild_tui.app.keys import key_for
from innerchild_tui.app.panes import Pane
from innerchild_tui.domain.days import DEFAULT_DAY_START_HOUR, day_for
from innerchild_tui.domain.moods import MOOD_WORDS
from innerchild_tui.drafts import Draft, DraftFile
from innerchild_tui.store import StoreError


class DraftKeeping(Pane):
    """A pane whose form is kept as a draft until it is saved or let go."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Nothing is written until a kept draft has been offered (or there is none).
        self._draft_file: DraftFile | None = None
        self._draft_ready = False
        self._draft_generation = 0
        self._kept: Draft | None = None  # what the draft file holds (or is about to)
        self._loaded: Draft | None = None  # an earlier record as opened, unchanged
        self._draft_problem_told = False

    def form(self) -> Draft:
        """Everything in the form, as plain data."""
        raise NotImplementedError

    def restore_draft(self, kept: Draft) -> None:
        """Put a kept draft back into the form, as it was."""
        raise NotImplementedError

    @property
    def draft_ready(self) -> bool:
        """A kept draft has been offered and answered (or there was none): drafts flow."""
        return self._draft_ready

    @property
    def drafts(self) -> DraftFile:
        """The draft file of the data file in use (the welcome may switch files)."""
        path, keys = self.store.path, self.store.keys
        draft_file = self._draft_file
        if draft_file is None or draft_file.db_path != path or draft_file.keys is not keys:
            draft_file = self._draft_file = DraftFile(path, keys)
        return draft_file

    def draft(self) -> Draft | None:
        """The check-in in progress, or None when there is nothing to keep."""
        form = self.form()
        if not any(value for key, value in form.items() if key not in ("editing", "day")):
            return None
        if self._loaded is not None and form == self._loaded:
            return None  # an earlier check-in opened and not changed: nothing new to keep
        return form

    def keep_draft_if_changed(self) -> None:
        """Called twice a second: write the draft (off the event loop) when it changed."""
        if not self._draft_ready:
            return
        draft = self.draft()
        if draft == self._kept:
            return
        self._kept = draft
        self._draft_generation += 1
        self._write_draft(self._stamped(draft), self._draft_generation)

    def keep_draft_now(self) -> None:
        """Write the draft at once, on the calling thread (quit, a closing terminal)."""
        if not self._draft_ready or not self.is_mounted:
            return
        with contextlib.suppress(Exception):  # half-unmounted while the app ends
            self._kept = self.draft()
        self._draft_generation += 1
        with contextlib.suppress(OSError):
            self.drafts.write(self._stamped(self._kept), self._draft_generation)

    def _stamped(self, draft: Draft | None) -> Draft | None:
        return None if draft is None else {**draft, "kept_at": self.store.now().isoformat()}

    @work(thread=True, group="checkin-draft")
    def _write_draft(self, draft: Draft | None, generation: int) -> None:
        try:
            self.drafts.write(draft, generation)
        except OSError as error:
            self.app.call_from_thread(self._draft_not_kept, error)

    def _draft_not_kept(self, error: OSError) -> None:
        if self._draft_problem_told:
            return
        self._draft_problem_told = True
        self.notify(
            "A check-in in progress cannot be kept on this computer "
            f"({error.strerror or error}); saving it with ctrl+s keeps it safe.",
            severity="warning",
            timeout=10,
        )

    def offer_draft(self) -> None:
        """When the app opens: a check-in begun earlier is offered back."""
        if self.ic_app.problem or self.ic_app.locked:
            return  # the data file cannot be used (yet): the draft waits
        kept = self.drafts.read()
        if kept is None:
            self._draft_ready = True
            return

        def answered(pick_up: bool | None) -> None:
            self._answer_draft(kept, pick_up is not False)

        from innerchild_tui.app.screens.draft import DraftScreen

        summary = draft_summary(kept, self.store.day_start_hour)
        self.app.push_screen(DraftScreen(summary), answered)

    def _answer_draft(self, kept: Draft, pick_up: bool) -> None:
        self._draft_ready = True
        if pick_up:
            self.restore_draft(kept)
            self._kept = self.draft()
            self.notify("Your check-in is back where you left it.", timeout=4)
            return
        self._kept = None
        self._draft_generation += 1
        self._write_draft(None, self._draft_generation)
        # Let go with one key (Enter after an arrow): u brings it back, as a removal.
        self.ic_app.undo_log.push(
            "Your check-in is back where you left it.",
            lambda: self._pick_up_again(kept),
            frozenset(),
        )
        undo = key_for(self.app, "edit.undo", "u")
        self.notify(
            f"Let go. A fresh check-in whenever you are ready ({undo} brings it back).",
            timeout=6,
        )

    def _pick_up_again(self, kept: Draft) -> None:
        """The draft let go, back in the form: unless a new check-in is begun there."""
        if self.draft() is not None:
            raise StoreError(
                "A new check-in is in the form: save it (ctrl+s) or clear it, and then u "
                "brings the earlier one back."
            )
        self.restore_draft(kept)
        self._kept = self.draft()
        self.keep_draft_now()


def int_in(value: Any, low: int, high: int) -> int | None:
    return value if isinstance(value, int) and low <= value <= high else None


def draft_summary(draft: Draft, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> str:
    """A few gentle words about a kept draft, so it can be recognised (not all of it).
    Its day is the practice day (before ``day_start_hour`` it is still the day before),
    as the dashboard's header names it."""
    parts = []
    try:
        when = pendulum.parse(str(draft.get("kept_at")))
        assert isinstance(when, pendulum.DateTime)
        day = day_for(when, day_start_hour)
        named = pendulum.date(day.year, day.month, day.day).format("dddd D MMMM")
        parts.append(f"Begun {named}, last touched at {when.format('HH:mm')}.")
    except (ValueError, TypeError, AssertionError):
        parts.append("Begun earlier and not saved yet.")
    mood = int_in(draft.get("mood"), 1, 10)
    if mood is not None:
        parts.append(f"Mood {mood}, {MOOD_WORDS.get(mood, '')}.")
    for name, label in (("feelings", "Feeling"), ("needs", "Needing")):
        words = [str(w) for w in draft.get(name) or []]
        if words:
            parts.append(f"{label} {', '.join(words)}.")
    note = str(draft.get("note") or "")
    if note.strip():
        count = len(note.split())
        parts.append(f"A note of {count} word{'s' if count != 1 else ''}.")
    return " ".join(parts)
