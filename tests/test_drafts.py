"""A check-in in progress is never lost: kept as a draft through quit, a closing terminal
and a restart, and offered back. Driven with Pilot; the data file and the draft file are
read back from disk."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from apphelpers import WIDE, build, live, wait_until
from textual.pilot import Pilot

from innerchild_tui.app.app import InnerChildApp
from innerchild_tui.app.panes.checkin import CheckinPane
from innerchild_tui.app.screens.draft import DraftScreen
from innerchild_tui.app.widgets.mood_picker import MoodPicker
from innerchild_tui.app.widgets.voice_area import VoiceArea
from innerchild_tui.app.widgets.word_picker import WordPicker
from innerchild_tui.drafts import DraftFile, draft_path


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 60) -> None:
    await wait_until(pilot, condition, "what the test waited for", timeout)


def kept(db_path: Path) -> dict[str, Any] | None:
    path = draft_path(db_path)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def offered(app: InnerChildApp) -> bool:
    """The draft offer is up and ready for keys."""
    screen = app.screen
    return isinstance(screen, DraftScreen) and any(b.has_focus for b in screen.query("#pick-up"))


def note_of(app: InnerChildApp) -> str:
    return app.query_one("#checkin-note", VoiceArea).text


async def test_a_half_typed_checkin_is_kept_through_quit_and_offered_back(
    db_path: Path, isolated_home: Path
) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.query_one(CheckinPane)
        await until(pilot, lambda: pane.draft_ready)
        await pilot.press("6", "tab", *"sad", "enter", "enter", "enter")  # on to the note
        await until(pilot, lambda: app.focused is app.query_one("#checkin-note"))
        await pilot.press(*"first line", "enter", *"second line")
        # Kept while typing (off the event loop), before any quit.
        await until(pilot, lambda: (kept(db_path) or {}).get("note") == "first line\nsecond line")
        await pilot.press("ctrl+q")
        await pilot.pause()
    draft = kept(db_path)
    assert draft is not None
    assert (draft["mood"], draft["feelings"], draft["note"]) == (
        6,
        ["sad"],
        "first line\nsecond line",
    )
    path = draft_path(db_path)
    assert path.is_relative_to(isolated_home / "state")  # local, never beside the data file
    assert path.stat().st_mode & 0o777 == 0o600
    assert "second line" not in db_path.read_text(encoding="utf-8")
    assert live(db_path, "checkins") == []

    again = build(db_path)
    async with again.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: offered(again))
        assert isinstance(again.screen, DraftScreen)
        assert "Mood 6" in again.screen.summary and "A note of 4 words." in again.screen.summary
        await pilot.press("enter")  # "Pick it up" has the focus
        await until(pilot, lambda: not isinstance(again.screen, DraftScreen))
        assert again.query_one(MoodPicker).mood == 6
        assert again.query_one("#feelings", WordPicker).words == ("sad",)
        assert note_of(again) == "first line\nsecond line"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: kept(db_path) is None)
        await again.workers.wait_for_complete()
    (checkin,) = live(db_path, "checkins")
    assert checkin["note"] == "first line\nsecond line"
    assert checkin["feelings"] == ["sad"]


async def test_a_kept_draft_can_be_let_go(db_path: Path) -> None:
    DraftFile(db_path).write({"mood": 3, "note": "not today", "day": "2026-11-24"}, 0)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: offered(app))
        await pilot.click("#let-go")
        await until(pilot, lambda: kept(db_path) is None)
        assert app.query_one(MoodPicker).mood is None
        assert note_of(app) == ""
    assert kept(db_path) is None


async def test_the_arrow_keys_move_between_the_offers_buttons(db_path: Path) -> None:
    """And stop at the ends: → then Enter on "Pick it up" let the draft go, the arrow
    having wrapped round."""
    DraftFile(db_path).write({"mood": 3, "note": "not today", "day": "2026-11-24"}, 0)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: offered(app))
        await pilot.press("right")
        assert app.focused is not None and app.focused.id == "pick-up"
        await pilot.press("left", "left")
        assert app.focused is not None and app.focused.id == "let-go"
        await pilot.press("right")
        assert app.focused is not None and app.focused.id == "pick-up"
        await pilot.press("left", "enter")  # let it go
        await until(pilot, lambda: kept(db_path) is None)
        assert note_of(app) == ""


async def test_a_draft_let_go_comes_back_with_u(db_path: Path) -> None:
    """Letting go is one key away from picking up, so it is taken back as a removal is;
    not over a new check-in begun in the form meanwhile."""
    DraftFile(db_path).write({"mood": 3, "note": "not today", "day": "2026-11-24"}, 0)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: offered(app))
        await pilot.press("left", "enter")
        await until(pilot, lambda: kept(db_path) is None)
        assert note_of(app) == ""
        await pilot.press("8")  # a new check-in begun: the mood
        await pilot.press("u")
        assert app.query_one(MoodPicker).mood == 8 and note_of(app) == ""
        await pilot.press("ctrl+n")  # a fresh form: empty again
        assert app.query_one(CheckinPane).draft() is None
        await pilot.press("u")
        assert app.query_one(MoodPicker).mood == 3 and note_of(app) == "not today"
        await until(pilot, lambda: (kept(db_path) or {}).get("note") == "not today")


async def test_escape_on_the_offer_keeps_the_draft(db_path: Path) -> None:
    DraftFile(db_path).write({"mood": 3, "note": "still here", "day": "2026-11-24"}, 0)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: offered(app))
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DraftScreen))
        assert note_of(app) == "still here"
        assert app.query_one(MoodPicker).mood == 3
    assert (kept(db_path) or {}).get("note") == "still here"


async def test_a_draft_from_an_earlier_day_is_filled_in_for_that_day(db_path: Path) -> None:
    DraftFile(db_path).write({"mood": 5, "note": "late night", "day": "2026-11-23"}, 0)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: offered(app))
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, DraftScreen))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: kept(db_path) is None)
        await app.workers.wait_for_complete()
    (checkin,) = live(db_path, "checkins")
    assert (checkin["day"], checkin["note"]) == ("2026-11-23", "late night")


async def test_an_earlier_checkin_opened_but_not_changed_is_no_draft(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.query_one(CheckinPane)
        await until(pilot, lambda: pane.draft_ready)
        await pilot.press("4", "ctrl+s")
        await until(pilot, lambda: len(app.store.checkins.all(app.current_day)) == 1)
        app.query_one("#checkin-history").focus()
        await pilot.press("e")  # the form now holds it, unchanged
        await pilot.pause()
        assert pane.draft() is None
        await pilot.press("ctrl+q")
    assert kept(db_path) is None


async def test_sigterm_keeps_the_draft_and_saves_the_last_words_of_a_letter(
    db_path: Path,
) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.query_one(CheckinPane)
        await until(pilot, lambda: pane.draft_ready)
        await pilot.press("8")
        await pilot.press("l", "ctrl+n", *"Dear little one")
        # The handler Textual leaves out; here called as the event loop would call it.
        app.stop_for_signal(signal.SIGTERM)
        # Saved synchronously, before the app has even finished exiting.
        (letter,) = live(db_path, "letters")
        assert letter["to_child"] == "Dear little one"
        assert (kept(db_path) or {}).get("mood") == 8
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM


def test_a_kept_draft_is_named_by_the_practice_day_the_header_shows() -> None:
    """Begun at 01:58 on a Saturday is still Friday's practice day (the day starts at 4),
    as the header says; at 09:58 it is Saturday's. The time is the local one kept."""
    from innerchild_tui.app.panes.checkin_draft import draft_summary

    late = draft_summary({"kept_at": "2026-12-05T01:58:00+01:00", "mood": 6}, 4)
    assert late.startswith("Begun Friday 4 December, last touched at 01:58.")
    morning = draft_summary({"kept_at": "2026-12-05T09:58:00+01:00"}, 4)
    assert morning.startswith("Begun Saturday 5 December, last touched at 09:58.")
    assert draft_summary({"kept_at": "2026-12-05T01:58:00+01:00"}, 0).startswith(
        "Begun Saturday 5 December"
    )
