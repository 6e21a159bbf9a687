"""The week, looked back on kindly: moods by day and part of day, words named, self-care,
comfort, letters, and what was written on this day a month and a year before.

Opened with ``W`` from the dashboard, ``r`` from the history, or the palette. Left and
right (or ``[`` and ``]``) move a week at a time; Esc goes back. The week is gathered in
a thread worker (``Store.week_review`` copies only that week's records), so the screen
never waits on years of history; "Gathering your week…" shows meanwhile.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from innerchild_tui.app.access import dashboard_app
from innerchild_tui.app.keys import key_for
from innerchild_tui.app.widgets.quiet import QuietFooter, QuietHeader
from innerchild_tui.domain.insights import week_start
from innerchild_tui.domain.moods import ENERGY_WORDS, NO_MOOD, mood_glyph, mood_level
from innerchild_tui.domain.review import WeekReview

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp

GATHERING = "Gathering your week…"
MEMORY_CHARS = 70


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".removesuffix(".0")


class ReviewScreen(Screen[None]):
    """One week at a time, newest first, one key from the dashboard and the history."""

    DEFAULT_CSS = """
    ReviewScreen #review-body { padding: 0 1; }
    ReviewScreen #review-week { text-style: bold; height: 1; margin-top: 1; }
    ReviewScreen #review-hint { color: $text-muted; height: auto; }
    ReviewScreen #review-kind {
        height: auto; margin-top: 1; padding: 0 1; border-left: tall $accent;
        text-style: italic;
    }
    ReviewScreen #review-sections { height: auto; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="review.close", tooltip="Back to where you were"),
        Binding("left,left_square_bracket", "move(-1)", "Week before", id="review.earlier",
                priority=True, tooltip="The week before this one"),
        Binding("right,right_square_bracket", "move(1)", "Week after", id="review.later",
                priority=True, tooltip="The week after this one, up to this week"),
        Binding("end", "this_week", "This week", show=False, id="review.this_week",
                priority=True, tooltip="Back to this week"),
    ]  # fmt: skip

    class WeekGathered(Message):
        """A week's review is ready (from the worker thread)."""

        def __init__(self, review: WeekReview) -> None:
            super().__init__()
            self.review = review

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.asked = day  # None: this week, once the app's day is known
        self.review: WeekReview | None = None

    @property
    def ic_app(self) -> InnerChildApp:
        return dashboard_app(self)

    def compose(self) -> ComposeResult:
        yield QuietHeader()
        with VerticalScroll(id="review-body"):
            yield Static(id="review-week")
            yield Static(id="review-hint")
            yield Static(GATHERING, id="review-kind")
            # Every section in one widget: a screen of fourteen widgets took longer to
            # open than a frame (issue 13).
            yield Static(id="review-sections")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.sub_title = "Your week"
        if self.asked is None:
            self.asked = self.ic_app.current_day
        self.query_one("#review-body").focus()
        self._gather_week()

    # Moving --------------------------------------------------------------------------
    @property
    def this_week(self) -> date:
        return week_start(self.ic_app.current_day)

    @property
    def week_after(self) -> bool:
        """Whether there is a week after the one shown (none after this week yet)."""
        return self.asked is not None and week_start(self.asked) < self.this_week

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No "Week after" in the footer on this week: there is none yet."""
        if action == "move" and parameters and parameters[0] == 1:
            return self.week_after
        return True

    def _hint(self) -> str:
        """The keys that do something here: no week after this one is offered yet."""
        keys = [f"{key_for(self.app, 'review.earlier', 'left')} the week before"]
        if self.week_after:
            keys.append(f"{key_for(self.app, 'review.later', 'right')} the week after")
        keys.append(f"{key_for(self.app, 'review.close', 'escape')} back")
        return " · ".join(keys)

    def action_move(self, weeks: int) -> None:
        assert self.asked is not None
        day = self.asked + timedelta(weeks=weeks)
        if week_start(day) > self.this_week:
            return  # no week after this one yet
        self.asked = day
        self._gather_week()

    def action_this_week(self) -> None:
        self.asked = self.ic_app.current_day
        self._gather_week()

    def action_close(self) -> None:
        self.dismiss()

    # Gathering -----------------------------------------------------------------------
    def show_outside_changes(self) -> None:
        """Another computer's change was merged in: the week is gathered again."""
        self.gather_again()

    def gather_again(self) -> None:
        """The same week read again (changes from elsewhere were merged in), shown when
        ready in place of what is there now."""
        if self.asked is not None:
            self._gather(self.asked, self.ic_app.shows_on_this_day(self.asked))

    def _gather_week(self) -> None:
        assert self.asked is not None
        start = week_start(self.asked)
        end = start + timedelta(days=6)
        title = f"The week of {start:%A %-d %B} – {end:%A %-d %B %Y}"
        self.query_one("#review-week", Static).update(title)
        self.query_one("#review-hint", Static).update(self._hint())
        self.refresh_bindings()
        self.query_one("#review-kind", Static).update(GATHERING)
        self.query_one("#review-sections").display = False
        self._gather(self.asked, self.ic_app.shows_on_this_day(self.asked))

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _gather(self, day: date, memories: bool) -> None:
        review = self.ic_app.store.week_review(day, memories=memories)
        if not get_current_worker().is_cancelled:
            self.post_message(self.WeekGathered(review))

    @on(WeekGathered)
    def _gathered(self, message: WeekGathered) -> None:
        if message.review.asked != self.asked:
            return  # a week moved past while it was gathered
        self.review = message.review
        self._show(message.review)

    # Showing -------------------------------------------------------------------------
    def _show(self, review: WeekReview) -> None:
        self.query_one("#review-week", Static).update(f"The week of {review.span()}")
        self.query_one("#review-kind", Static).update(review.kind_words)
        sections = self.query_one("#review-sections", Static)
        sections.update(self._sections(review))
        sections.display = True
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)

    def _sections(self, review: WeekReview) -> Content:
        """Each section that has something to say: its title, then what it says."""
        letters = "\n".join(f"“{title}”" for title in review.letters)
        sections = (
            (
                "Mood and energy, day by day"
                if any(day.energy is not None for day in review.days)
                else "Mood, day by day",
                self._days(review) if review.checkin_days else None,
            ),
            ("By part of the day", self._parts(review)),
            ("Named most", self._words(review)),
            ("Self-care", self._habits(review)),
            ("What you turned to for comfort", self._comfort(review)),
            ("Letters written", Text(letters) if letters else None),
            (f"On {review.asked:%A %-d %B}, earlier", self._memories(review)),
        )
        return Content("\n\n").join(
            Content.assemble((title, "bold $foreground-muted"), "\n", Content.from_rich_text(said))
            for title, said in sections
            if said is not None and said.plain.strip()
        )

    def _mood_style(self, mood: float | None) -> str:
        if mood is None:
            return "dim"
        return self.app.theme_variables.get(f"mood-{mood_level(mood)}", "")

    def _days(self, review: WeekReview) -> Text:
        text = Text()
        for index, day in enumerate(review.days):
            if index:
                text.append("\n")
            text.append(f"{day.day:%a %-d}".ljust(8), style="bold" if day.checkins else "dim")
            if day.to_come:
                text.append("not yet come", style="dim italic")
                continue
            if not day.checkins:
                text.append(f"{NO_MOOD} no check-in", style="dim")
                continue
            text.append(mood_glyph(day.mood), style=self._mood_style(day.mood))
            text.append(f"  mood {_number(day.mood):<4}")
            if day.energy is not None:
                word = ENERGY_WORDS.get(round(day.energy), "")
                text.append(f" energy {_number(day.energy)} {word}".ljust(18))
            else:
                text.append(" " * 18)
            count = f"{day.checkins} check-in{'s' if day.checkins != 1 else ''}"
            text.append(f" {count}", style="dim")
        return text

    def _parts(self, review: WeekReview) -> Text | None:
        parts = [p for p in review.parts if p.checkins]
        if not parts:
            return None
        text = Text()
        for index, part in enumerate(parts):
            if index:
                text.append("\n")
            text.append(f"{part.part:<10}")
            text.append(mood_glyph(part.mood), style=self._mood_style(part.mood))
            text.append(f"  mood {_number(part.mood):<4}")
            if part.energy is not None:
                text.append(f" energy {_number(part.energy):<4}")
            count = f"{part.checkins} check-in{'s' if part.checkins != 1 else ''}"
            text.append(f" {count}", style="dim")
        return text

    def _words(self, review: WeekReview) -> Text | None:
        rows = [
            (label, " · ".join(f"{word} ×{count}" for word, count in words))
            for label, words in (
                ("Feelings", review.feelings),
                ("Needs", review.needs),
                ("Tags", review.tags),
            )
            if words
        ]
        if review.tags_together:
            together = " · ".join(f"{a} + {b} ×{n}" for (a, b), n in review.tags_together)
            rows.append(("Often together", together))
        if not rows:
            return None
        text = Text()
        for index, (label, words) in enumerate(rows):
            if index:
                text.append("\n")
            text.append(f"{label}: ", style="bold")
            text.append(words)
        return text

    def _habits(self, review: WeekReview) -> Text | None:
        lines = [habit.sentence() for habit in review.habits_tended]
        if review.habits_waiting:
            lines.append(f"Here whenever you want them: {', '.join(review.habits_waiting)}.")
        return Text("\n".join(lines)) if lines else None

    def _comfort(self, review: WeekReview) -> Text | None:
        lines = [item.sentence() for item in review.comforts]
        lines += [practice.sentence() for practice in review.practices]
        return Text("\n".join(lines)) if lines else None

    def _memories(self, review: WeekReview) -> Text | None:
        if not review.memories:
            return None
        text = Text()
        for index, memory in enumerate(review.memories):
            if index:
                text.append("\n")
            words = memory.text
            if len(words) > MEMORY_CHARS:
                words = words[:MEMORY_CHARS].rstrip() + "…"
            what = "you wrote a letter" if memory.kind == "letter" else "you wrote"
            text.append(f"{memory.when} ({memory.day:%-d %B %Y}) {what}: ", style="italic")
            text.append(f"“{words}”")
        return text
