"""What a history of check-ins shows: moods by day and week, words named most, and gentle
observations about days with and without a habit or a comfort item.

Pure functions over plain records; the store and the screens supply the records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

MIN_DAYS = 5
"""An observation needs at least this many days on each side."""


def _day_of(record: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(record.get("day", "")))
    except ValueError:
        return None


def _mood_of(record: Mapping[str, Any]) -> int | None:
    mood = record.get("mood")
    if isinstance(mood, bool) or not isinstance(mood, int) or not 1 <= mood <= 10:
        return None
    return mood


def daily_moods(checkins: Iterable[Mapping[str, Any]]) -> dict[date, float]:
    """Each day's mood: the mean of that day's live check-ins (ignoring damaged ones)."""
    by_day: dict[date, list[int]] = {}
    for record in checkins:
        if record.get("deleted"):
            continue
        day, mood = _day_of(record), _mood_of(record)
        if day is not None and mood is not None:
            by_day.setdefault(day, []).append(mood)
    return {day: sum(moods) / len(moods) for day, moods in by_day.items()}


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def year_weeks(today: date, weeks: int = 53) -> list[list[date]]:
    """``weeks`` whole weeks (Monday to Sunday) ending with the one holding ``today``.

    One list per week, oldest first: the columns of a year-in-days grid. Days after
    ``today`` in the last week are included; a screen shows them as not yet come.
    """
    first = week_start(today) - timedelta(weeks=weeks - 1)
    return [[first + timedelta(weeks=w, days=d) for d in range(7)] for w in range(weeks)]


def weekly_moods(
    moods: Mapping[date, float], today: date, weeks: int = 12
) -> list[tuple[date, float | None]]:
    """The mean daily mood of each of the last ``weeks`` weeks (Monday first), oldest first.

    A week with no check-ins has ``None``; the days after ``today`` do not count.
    """
    result: list[tuple[date, float | None]] = []
    for week in year_weeks(today, weeks):
        values = [moods[d] for d in week if d <= today and d in moods]
        result.append((week[0], sum(values) / len(values) if values else None))
    return result


SEARCHED_WORDS = ("feelings", "needs", "body", "tags")
SEARCHED_TEXT = ("note", "to_hear")


def checkin_matches(record: Mapping[str, Any], query: str) -> bool:
    """Every word of ``query`` appears (any case) in the check-in's feelings, needs, body
    words, tags, note or what the child needs to hear."""
    words = query.casefold().split()
    if not words:
        return True
    parts = [str(record.get(field, "")) for field in SEARCHED_TEXT]
    for field in SEARCHED_WORDS:
        value = record.get(field, [])
        if isinstance(value, list):
            parts += [str(word) for word in value]
    haystack = "\n".join(parts).casefold()
    return all(word in haystack for word in words)


def top_words(
    checkins: Iterable[Mapping[str, Any]],
    field: str,
    start: date,
    end: date,
    limit: int = 5,
) -> list[tuple[str, int]]:
    """The words of ``field`` ("feelings" or "needs") named most often from ``start`` to
    ``end`` (both included): how many check-ins named each, most first, ties by word."""
    counts: Counter[str] = Counter()
    for record in checkins:
        day = _day_of(record)
        if record.get("deleted") or day is None or not start <= day <= end:
            continue
        words = record.get(field, [])
        if isinstance(words, list):
            counts.update({str(w) for w in words})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


@dataclass(frozen=True)
class Comparison:
    """Mood on days with something (a habit done, a comfort item used) and without."""

    name: str
    kind: str  # "habit" or "comfort"
    days_with: int
    mood_with: float
    days_without: int
    mood_without: float

    def sentence(self) -> str:
        """An observation in plain words; never advice."""
        verb = "did" if self.kind == "habit" else "turned to"
        return (
            f"On the {self.days_with} days you {verb} “{self.name}”, your mood averaged "
            f"{self.mood_with:.1f}; on the other {self.days_without} days, "
            f"{self.mood_without:.1f}."
        )


def compare(
    name: str,
    kind: str,
    moods: Mapping[date, float],
    active_days: Collection[date],
    since: date | None = None,
    until: date | None = None,
) -> Comparison | None:
    """Mood on the checked-in days with and without ``active_days``.

    Only days from ``since`` (when the habit or item was added) to ``until`` count, so
    the days before it existed are not counted as days without it. ``None`` when either
    side has fewer than :data:`MIN_DAYS` days: too little to notice anything.
    """
    with_days: list[float] = []
    without_days: list[float] = []
    for day, mood in moods.items():
        if (since is not None and day < since) or (until is not None and day > until):
            continue
        (with_days if day in active_days else without_days).append(mood)
    if len(with_days) < MIN_DAYS or len(without_days) < MIN_DAYS:
        return None
    return Comparison(
        name,
        kind,
        len(with_days),
        sum(with_days) / len(with_days),
        len(without_days),
        sum(without_days) / len(without_days),
    )


def _fmt(mean: float) -> str:
    return f"{mean:.1f}"


def history_summary(checkins: Iterable[Mapping[str, Any]], today: date, days: int) -> list[str]:
    """A readable summary of the last ``days`` days (``innerchild history``), with a text
    sparkline: one mark a day (one a week beyond ten weeks), a gap where there was none."""
    from innerchild_tui.domain.moods import ENERGY_WORDS, sparkline

    start = today - timedelta(days=days - 1)
    records = [r for r in checkins if not r.get("deleted") and (d := _day_of(r)) is not None]
    shown = [r for r in records if start <= (_day_of(r) or start) <= today]
    span = f"{start:%-d %B %Y} – {today:%-d %B %Y}" if days > 1 else f"{today:%-d %B %Y}"
    lines = [f"The last {days} day{'s' if days != 1 else ''}: {span}"]
    if not shown:
        lines += ["", "No check-ins in these days yet. Whenever you are ready:"]
        lines.append("  innerchild checkin --mood N")
        return lines
    moods = daily_moods(shown)
    if days <= 70:
        marks = [moods.get(start + timedelta(days=n)) for n in range(days)]
        unit = "one mark a day"
    else:
        marks = [mood for _, mood in weekly_moods(moods, today, (days + 6) // 7)]
        unit = "one mark a week"
    lines += ["", f"Mood  {sparkline(marks)}", f"      {unit}, oldest first; a gap is no check-in"]
    values = [int(r["mood"]) for r in shown if _mood_of(r) is not None]
    lines.append(
        f"      on average {_fmt(sum(values) / len(values))} over {len(moods)} "
        f"day{'s' if len(moods) != 1 else ''} ({len(values)} check-in"
        f"{'s' if len(values) != 1 else ''}), from {min(values)} to {max(values)}"
    )
    energies = [r["energy"] for r in shown if r.get("energy") in ENERGY_WORDS]
    if energies:
        lines.append(f"Energy on average {_fmt(sum(energies) / len(energies))} of 5")
    for label, field in (("Feelings", "feelings"), ("Needs", "needs"), ("Tags", "tags")):
        counted = top_words(shown, field, start, today)
        if counted:
            named = ", ".join(f"{word} ×{count}" for word, count in counted)
            lines.append(f"{label} named most: {named}")
    therapy = sorted({d for r in shown if r.get("therapy") and (d := _day_of(r)) is not None})
    if therapy:
        lines.append("To bring to therapy: " + ", ".join(f"{d:%a %-d %b}" for d in therapy))
    return lines
