"""For therapy: the recent check-ins, the ones to bring marked, and the report to take.

Reached from the history screen (``t``) or the palette. ``space`` marks or unmarks a
check-in (the same ``therapy`` flag as the check-in's box), ``r`` writes the report of
the last weeks (``innerchild report`` as one printable HTML page) to a file the person
names, readable only by them.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from innerchild_tui.app.access import dashboard_app
from innerchild_tui.app.keys import key_for
from innerchild_tui.app.messages import DataChanged
from innerchild_tui.app.panes.checkin import time_of
from innerchild_tui.app.screens.prompt import PromptScreen
from innerchild_tui.app.telling import tells_store_errors
from innerchild_tui.app.widgets.quiet import QuietFooter
from innerchild_tui.domain.records import CheckinRecord
from innerchild_tui.domain.report import build_report, report_html
from innerchild_tui.domain.vocabulary import MOOD_WORDS
from innerchild_tui.store import Store, StoreError
from innerchild_tui.store.exports import write_export

WEEKS_SHOWN = 12  # the check-ins listed, and the span of the report
CHECKINS = frozenset({"checkins"})


def checkin_label(record: CheckinRecord, zone: Any) -> Text:
    """One check-in in the list: its mark, day and time (in ``zone``), mood and first
    words."""
    marked = bool(record.get("therapy"))
    text = Text("[✓] " if marked else "[ ] ", style="bold" if marked else "dim")
    try:
        day = date.fromisoformat(record["day"]).strftime("%a %d %b")
    except ValueError:
        day = record["day"]
    text.append(f"{day} {time_of(record, zone)}  ")
    mood = record.get("mood")
    if isinstance(mood, int):
        text.append(f"{mood} {MOOD_WORDS.get(mood, '')}".rstrip(), style="bold")
    words = [*record.get("feelings", [])][:3]
    if words:
        text.append(" · " + ", ".join(str(w) for w in words))
    note = " ".join(record.get("note", "").split())
    if note:
        text.append(f" · {note[:60]}{'…' if len(note) > 60 else ''}", style="italic")
    return text


class TherapyScreen(Screen[None]):
    """The check-ins of the last weeks, to mark for therapy, and the report."""

    CSS_PATH = "care.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="therapy.close"),
        Binding("space", "mark", "Mark for therapy", id="therapy.mark"),
        Binding("r", "write_report", "Write the report", id="therapy.report"),
    ]

    DEFAULT_CLASSES = "care"

    @property
    def store(self) -> Store:
        return dashboard_app(self).store

    def compose(self) -> ComposeResult:
        with Vertical(classes="care-body"):
            yield Static("For therapy · what you want to bring", classes="care-title")
            yield Static(id="therapy-hint", classes="support-reminder")
            yield OptionList(id="therapy-list")
        yield QuietFooter()

    def on_mount(self) -> None:
        toggle = key_for(self.app, "therapy.mark", "space")
        report = key_for(self.app, "therapy.report", "r")
        self.query_one("#therapy-hint", Static).update(
            f"The check-ins of the last {WEEKS_SHOWN} weeks. {toggle} marks one to bring "
            f"(or takes the mark away); {report} writes a page with the marked check-ins, "
            "your moods, the words you named and your habits, to print or to show."
        )
        self._show()
        self.query_one(OptionList).focus()

    def _recent(self) -> list[CheckinRecord]:
        today = self.store.today()
        since = (today - timedelta(weeks=WEEKS_SHOWN)).isoformat()
        shown = [r for r in self.store.checkins.all() if since <= r["day"] <= today.isoformat()]
        return sorted(shown, key=lambda r: (r["day"], r["created_at"]), reverse=True)

    def _show(self) -> None:
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        recent = self._recent()
        if not recent:
            listing.add_option(Option(Text("No check-ins in these weeks yet.", "dim italic")))
            return
        zone = self.store.now().timezone
        listing.add_options(Option(checkin_label(r, zone), id=r["id"]) for r in recent)
        listing.highlighted = min(highlighted or 0, len(recent) - 1)

    def action_close(self) -> None:
        self.dismiss()

    @tells_store_errors
    def action_mark(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return
        checkin_id = listing.get_option_at_index(listing.highlighted).id
        if checkin_id is None:
            return
        record = self.store.checkins.get(checkin_id)
        self.store.checkins.update(
            checkin_id,
            record["mood"],
            record.get("feelings", []),
            record.get("needs", []),
            record.get("note", ""),
            therapy=not record.get("therapy"),
        )
        self.app.post_message(DataChanged(tables=CHECKINS))
        self._show()

    def action_write_report(self) -> None:
        end = self.store.today()

        def write_to(answer: str | None) -> None:
            if answer:
                self._write(Path(answer), end)

        self.app.push_screen(
            PromptScreen(
                "Write the report (a page to print or show) to the file:",
                value=f"~/innerchild-report-{end.isoformat()}.html",
            ),
            write_to,
        )

    @work(thread=True, group="report", exit_on_error=False)
    def _write(self, where: Path, end: date) -> None:
        """Off the event loop: the report reads every check-in and habit history."""
        start = end - timedelta(weeks=WEEKS_SHOWN) + timedelta(days=1)
        habits = self.store.habits.all()
        histories = self.store.habit_days.histories(habits)
        report = build_report(
            self.store.checkins.all(),
            [(habit, histories[habit["id"]]) for habit in habits],
            [],
            start,
            end,
        )
        app = self.app
        try:
            written = write_export(where, report_html(report), data_file=self.store.path)
        except StoreError as error:
            app.call_from_thread(app.notify, str(error), severity="warning", timeout=6)
            return
        app.call_from_thread(
            app.notify, f"The report is in {written}, readable only by you.", timeout=6
        )
