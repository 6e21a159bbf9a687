"""A week looked back on, kindly: what the seven days held, never a grade.

Pure: :func:`build_review` takes the records of a week (more may be given; only the
week's count) and gives a :class:`WeekReview`: mood and energy by day and by part of day,
the feelings and needs named most, tags that came together, each habit in plain words
("You made time for Drink water on 5 days"), the comfort items and soothing practices
turned to (with how heavy things felt before and after, where that was noted), the
letters written, what was written a month and a year before the day asked about, and one
kind sentence drawn from the week. Weeks run Monday to Sunday over practice days (the
``day`` each record carries, set with the app's day-start hour by ``domain/days.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import combinations
from typing import Any

from innerchild_tui.domain.comfort import day_texts_used, uses_of
from innerchild_tui.domain.habit_days import DONE, PARTIAL, REST
from innerchild_tui.domain.insights import daily_moods, top_words, week_start
from innerchild_tui.domain.letters import UNTITLED
from innerchild_tui.domain.practices import PRACTICE_KINDS, valid_distress
from innerchild_tui.domain.search import Memory, month_ago, on_this_day, year_ago

PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")
WORDS_SHOWN = 5
PAIRS_SHOWN = 3
MEMORY_CHARS = 90
QUIET_WEEK = "A quiet week. Whenever you come back, this is here."


def week_of(day: date) -> list[date]:
    """The seven days (Monday to Sunday) of the week holding ``day``."""
    first = week_start(day)
    return [first + timedelta(days=offset) for offset in range(7)]


def memory_days(day: date) -> list[date]:
    """The days "on this day" looks at for ``day``: a year and a month before."""
    return [year_ago(day), month_ago(day)]


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _day_of(record: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(record.get("day", "")))
    except ValueError:
        return None


def _whole(value: object, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


@dataclass(frozen=True)
class DayOfWeek:
    """One day of the week: its check-ins' mean mood and energy (None: none noted)."""

    day: date
    checkins: int
    mood: float | None
    energy: float | None
    to_come: bool = False  # after today: not counted, shown as not yet come


@dataclass(frozen=True)
class PartOfDay:
    """Mood and energy of the week's check-ins made in one part of the day."""

    part: str
    checkins: int
    mood: float | None
    energy: float | None


@dataclass(frozen=True)
class HabitWeek:
    """What a habit's week held, counted in days."""

    name: str
    done: int
    partly: int
    rest: int

    @property
    def made_time(self) -> int:
        return self.done + self.partly

    def sentence(self) -> str:
        """The week in plain words; days kept are counted, never set against a target."""
        if self.made_time:
            words = f"You made time for {self.name} on {_plural(self.made_time, 'day')}"
            if self.partly:
                words += f" (partly on {self.partly})"
            if self.rest:
                words += f", and gave it {_plural(self.rest, 'rest day')}"
            return words + "."
        if self.rest:
            return f"You gave {self.name} {_plural(self.rest, 'rest day')}."
        return f"{self.name} is here whenever you want it."


@dataclass(frozen=True)
class ComfortWeek:
    """A comfort item turned to this week."""

    name: str
    days: int
    uses: int
    helped: float | None  # the mean of "how much it helped" (0–10), where it was noted

    def sentence(self) -> str:
        words = f"{self.name}, on {_plural(self.days, 'day')}"
        if self.helped is not None:
            words += f"; it helped about {self.helped:.0f} of 10, you said"
        return words + "."


@dataclass(frozen=True)
class PracticeWeek:
    """A soothing practice this week, and how heavy things felt before and after it."""

    kind: str
    name: str
    sessions: int
    minutes: float
    noted: int  # sessions with how heavy it felt both before and after
    before: float | None
    after: float | None

    @property
    def eased(self) -> bool:
        return self.before is not None and self.after is not None and self.after < self.before

    def sentence(self) -> str:
        times = {1: "once", 2: "twice"}.get(self.sessions, f"{self.sessions} times")
        words = f"{self.name}, {times}"
        if self.minutes >= 1:
            words += f" ({self.minutes:.0f} min)"
        if self.before is not None and self.after is not None:
            words += (
                f"; how heavy it felt went from {self.before:.0f} to {self.after:.0f} (0 is calm)"
            )
        return words + "."


@dataclass(frozen=True)
class WeekReview:
    """A week, as the review screen and ``innerchild review`` show it."""

    asked: date  # the day the review was asked for (its week, and "on this day")
    today: date
    days: tuple[DayOfWeek, ...]
    parts: tuple[PartOfDay, ...]
    feelings: tuple[tuple[str, int], ...]
    needs: tuple[tuple[str, int], ...]
    tags: tuple[tuple[str, int], ...]
    tags_together: tuple[tuple[tuple[str, str], int], ...]
    habits: tuple[HabitWeek, ...]
    comforts: tuple[ComfortWeek, ...]
    practices: tuple[PracticeWeek, ...]
    letters: tuple[str, ...]
    memories: tuple[Memory, ...] = field(default=())
    kind_words: str = QUIET_WEEK

    @property
    def start(self) -> date:
        return self.days[0].day

    @property
    def end(self) -> date:
        return self.days[-1].day

    @property
    def checkin_days(self) -> int:
        return sum(1 for d in self.days if d.checkins)

    @property
    def habits_tended(self) -> tuple[HabitWeek, ...]:
        """Habits with a day kept or rested this week."""
        return tuple(h for h in self.habits if h.made_time or h.rest)

    @property
    def habits_waiting(self) -> tuple[str, ...]:
        """The names of habits with nothing this week (said in one line, gently)."""
        return tuple(h.name for h in self.habits if not (h.made_time or h.rest))

    @property
    def quiet(self) -> bool:
        """Nothing at all was noted this week."""
        return not (
            self.checkin_days
            or any(h.made_time or h.rest for h in self.habits)
            or self.comforts
            or self.practices
            or self.letters
        )

    def span(self) -> str:
        """ "Monday 16 – Sunday 22 November 2026" (months and years named where they change)."""
        start, end = self.start, self.end
        if start.year != end.year:
            return f"{start:%A %-d %B %Y} – {end:%A %-d %B %Y}"
        if start.month != end.month:
            return f"{start:%A %-d %B} – {end:%A %-d %B %Y}"
        return f"{start:%A %-d} – {end:%A %-d %B %Y}"


def _checkins_by_part(checkins: Sequence[Mapping[str, Any]]) -> tuple[PartOfDay, ...]:
    parts: list[PartOfDay] = []
    for part in PARTS_OF_DAY:
        # A check-in added afterwards was made in another part of another day.
        records = [r for r in checkins if r.get("part_of_day") == part and not r.get("backfilled")]
        moods = [m for r in records if (m := _whole(r.get("mood"), 1, 10)) is not None]
        energies = [e for r in records if (e := _whole(r.get("energy"), 1, 5)) is not None]
        parts.append(PartOfDay(part, len(records), _mean(moods), _mean(energies)))
    return tuple(parts)


def _tags_together(
    checkins: Iterable[Mapping[str, Any]],
) -> tuple[tuple[tuple[str, str], int], ...]:
    """Pairs of tags named in the same check-in on more than one occasion, most first."""
    pairs: Counter[tuple[str, str]] = Counter()
    for record in checkins:
        tags = record.get("tags", [])
        if isinstance(tags, list):
            words = sorted({str(t) for t in tags if str(t).strip()}, key=str.casefold)
            pairs.update(combinations(words, 2))
    often = [(pair, count) for pair, count in pairs.items() if count >= 2]
    often.sort(key=lambda item: (-item[1], item[0]))
    return tuple(often[:PAIRS_SHOWN])


def _habits(
    habits: Iterable[Mapping[str, Any]],
    days_by_habit: Mapping[str, Mapping[date, Mapping[str, Any]]],
    counted: Sequence[date],
    week_end: date,
) -> tuple[HabitWeek, ...]:
    # created_at is a UTC stamp: a day's slack either side of midnight is kept
    counted_until = (week_end + timedelta(days=1)).isoformat()
    rows: list[HabitWeek] = []
    for habit in habits:
        if habit.get("deleted"):
            continue
        if str(habit.get("created_at", ""))[:10] > counted_until:
            continue  # not made yet that week
        entries = days_by_habit.get(str(habit.get("id", "")), {})
        statuses = [str(entries[day].get("status", DONE)) for day in counted if day in entries]
        row = HabitWeek(
            str(habit.get("name") or ""),
            statuses.count(DONE),
            statuses.count(PARTIAL),
            statuses.count(REST),
        )
        # An archived habit shows only in a week it was tended.
        if habit.get("archived") and not (row.made_time or row.rest):
            continue
        rows.append(row)
    return tuple(rows)


def _comforts(items: Iterable[Mapping[str, Any]], counted: set[str]) -> tuple[ComfortWeek, ...]:
    rows: list[ComfortWeek] = []
    for item in items:
        if item.get("deleted"):
            continue
        this_week = [u for u in uses_of(item) if str(u.get("day", "")) in counted]
        days = day_texts_used(item) & counted
        if not days:
            continue
        helped = [h for u in this_week if (h := _whole(u.get("helped"), 0, 10)) is not None]
        rows.append(
            ComfortWeek(
                str(item.get("name") or ""),
                len(days),
                max(len(this_week), len(days)),
                _mean(helped),
            )
        )
    rows.sort(key=lambda row: (-row.days, row.name.casefold()))
    return tuple(rows)


def _practices(
    sessions: Iterable[Mapping[str, Any]], counted: set[str]
) -> tuple[PracticeWeek, ...]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for session in sessions:
        if not session.get("deleted") and str(session.get("day", "")) in counted:
            grouped.setdefault(str(session.get("kind", "")), []).append(session)
    rows: list[PracticeWeek] = []
    for kind, group in grouped.items():
        noted = [
            (int(s["distress_before"]), int(s["distress_after"]))
            for s in group
            if valid_distress(s.get("distress_before")) and valid_distress(s.get("distress_after"))
        ]
        minutes = sum(
            float(m)
            for s in group
            if isinstance(m := s.get("minutes", 0), int | float) and not isinstance(m, bool)
        )
        rows.append(
            PracticeWeek(
                kind,
                PRACTICE_KINDS.get(kind, kind or "A practice"),
                len(group),
                minutes,
                len(noted),
                _mean([b for b, _ in noted]),
                _mean([a for _, a in noted]),
            )
        )
    rows.sort(key=lambda row: (-row.sessions, row.name))
    return tuple(rows)


def kind_words(review: WeekReview) -> str:
    """One kind sentence drawn from what the week shows; never a score."""
    if review.quiet:
        return QUIET_WEEK
    days = review.checkin_days
    if days:
        words = f"You checked in on {_plural(days, 'day')} this week"
        if review.feelings:
            return words + f", and named “{review.feelings[0][0]}” most."
        return words + "."
    tended = sum(1 for h in review.habits if h.made_time)
    if review.letters:
        return "You wrote to your inner child this week."
    if review.practices or review.comforts:
        return "You made room to soothe yourself this week."
    if tended:
        return f"You made time for {_plural(tended, 'habit')} this week."
    return "You gave yourself rest this week."


def build_review(
    asked: date,
    today: date,
    *,
    checkins: Iterable[Mapping[str, Any]] = (),
    habits: Iterable[Mapping[str, Any]] = (),
    days_by_habit: Mapping[str, Mapping[date, Mapping[str, Any]]] | None = None,
    comfort: Iterable[Mapping[str, Any]] = (),
    practices: Iterable[Mapping[str, Any]] = (),
    letters: Iterable[Mapping[str, Any]] = (),
    memories: bool = True,
) -> WeekReview:
    """The week holding ``asked``, from the records given (any beyond the week are let
    be). Days after ``today`` are shown as to come and count for nothing. With
    ``memories``, what was written a year and a month before ``asked`` (check-ins with a
    note, letters with words) comes too, when those days' records are given."""
    week = week_of(asked)
    counted = [day for day in week if day <= today]
    counted_text = {day.isoformat() for day in counted}
    all_checkins = [r for r in checkins if not r.get("deleted")]
    all_letters = [r for r in letters if not r.get("deleted")]
    week_checkins = sorted(
        (r for r in all_checkins if str(r.get("day", "")) in counted_text),
        key=lambda r: (str(r.get("day", "")), str(r.get("created_at", ""))),
    )
    moods = daily_moods(week_checkins)
    days: list[DayOfWeek] = []
    for day in week:
        records = [r for r in week_checkins if _day_of(r) == day]
        energies = [e for r in records if (e := _whole(r.get("energy"), 1, 5)) is not None]
        days.append(
            DayOfWeek(day, len(records), moods.get(day), _mean(energies), to_come=day > today)
        )
    first, last = week[0], week[-1]
    letters_written = sorted(
        (r for r in all_letters if str(r.get("day", "")) in counted_text),
        key=lambda r: (str(r.get("day", "")), str(r.get("created_at", ""))),
    )
    review = WeekReview(
        asked=asked,
        today=today,
        days=tuple(days),
        parts=_checkins_by_part(week_checkins),
        feelings=tuple(top_words(week_checkins, "feelings", first, last, WORDS_SHOWN)),
        needs=tuple(top_words(week_checkins, "needs", first, last, WORDS_SHOWN)),
        tags=tuple(top_words(week_checkins, "tags", first, last, WORDS_SHOWN)),
        tags_together=_tags_together(week_checkins),
        habits=_habits(habits, days_by_habit or {}, counted, week[-1]),
        comforts=_comforts(comfort, counted_text),
        practices=_practices(practices, counted_text),
        letters=tuple(
            " ".join(str(r.get("title") or "").split()) or UNTITLED for r in letters_written
        ),
        memories=tuple(on_this_day(asked, all_checkins, all_letters)) if memories else (),
    )
    return _with_kind_words(review)


def _with_kind_words(review: WeekReview) -> WeekReview:
    return replace(review, kind_words=kind_words(review))


# As plain text ---------------------------------------------------------------------------
def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".removesuffix(".0")


def _counted_words(words: Sequence[tuple[str, int]]) -> str:
    return " · ".join(f"{word} ×{count}" for word, count in words)


def review_lines(review: WeekReview) -> list[str]:
    """The review as plain lines of text, readable without colour (``innerchild review``)."""
    lines = [f"The week of {review.span()}", "", review.kind_words]
    if review.checkin_days:
        lines += ["", "Mood and energy, day by day (mood 1–10, energy 1–5)"]
        for day in review.days:
            label = f"  {day.day:%a %-d}".ljust(10)
            if day.to_come:
                lines.append(f"{label}not yet come")
            elif not day.checkins:
                lines.append(f"{label}no check-in")
            else:
                energy = f" · energy {_number(day.energy)}" if day.energy is not None else ""
                count = _plural(day.checkins, "check-in")
                lines.append(f"{label}mood {_number(day.mood)}{energy} · {count}")
        parts = [p for p in review.parts if p.checkins]
        if parts:
            lines += ["", "By part of the day"]
            for part in parts:
                energy = f" · energy {_number(part.energy)}" if part.energy is not None else ""
                count = _plural(part.checkins, "check-in")
                lines.append(f"  {part.part:<10}mood {_number(part.mood)}{energy} · {count}")
    named = [
        (label, words)
        for label, words in (
            ("Feelings", review.feelings),
            ("Needs", review.needs),
            ("Tags", review.tags),
        )
        if words
    ]
    if named:
        lines += ["", "Named most"]
        lines += [f"  {label}: {_counted_words(words)}" for label, words in named]
    if review.tags_together:
        together = " · ".join(f"{a} + {b} ×{count}" for (a, b), count in review.tags_together)
        lines.append(f"  Often together: {together}")
    if review.habits:
        lines += ["", "Self-care"]
        lines += [f"  {habit.sentence()}" for habit in review.habits_tended]
        if review.habits_waiting:
            lines.append(f"  Here whenever you want them: {', '.join(review.habits_waiting)}.")
    if review.comforts or review.practices:
        lines += ["", "What you turned to for comfort"]
        lines += [f"  {item.sentence()}" for item in review.comforts]
        lines += [f"  {practice.sentence()}" for practice in review.practices]
    if review.letters:
        lines += ["", "Letters written"]
        lines += [f"  “{title}”" for title in review.letters]
    if review.memories:
        lines += ["", f"On {review.asked:%A %-d %B}, earlier"]
        for memory in review.memories:
            what = "you wrote a letter" if memory.kind == "letter" else "you wrote"
            words = memory.text
            if len(words) > MEMORY_CHARS:
                words = words[:MEMORY_CHARS].rstrip() + "…"
            lines.append(f"  {memory.when} ({memory.day:%-d %B %Y}) {what}: “{words}”")
    return lines
