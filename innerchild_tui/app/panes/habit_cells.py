"""What the habits pane shows of a habit, a group and a pause, in words and cells.

Pure: from a habit record, its history, its figures and the theme's colours to rich
``Text`` cells, and from typed words to a pause's days. The pane (``habits.py``) reads
the store, keeps what it showed, and lays the rows out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from rich.text import Text

from innerchild_tui.domain.days import last_days, parse_day
from innerchild_tui.domain.habit_days import (
    DONE,
    PARTIAL,
    REST,
    SYMBOLS,
    HabitHistory,
    format_amount,
    mark_for,
)
from innerchild_tui.domain.habit_groups import group_of
from innerchild_tui.domain.records import HabitRecord
from innerchild_tui.domain.schedules import EVERY_DAY
from innerchild_tui.domain.streaks import Streaks
from innerchild_tui.domain.text import whole_number
from innerchild_tui.store.indexes import HabitFigures

DAYS_SHOWN = 14
OPEN_MARK, FOLDED_MARK = "▾", "▸"
STRENGTH_AFTER_DAYS = 14  # a habit's strength is shown once it has this much history
WAITING = "…"  # a figure still being worked out


def streak_words(streaks: Streaks) -> str:
    """The current streak in words; after a kept run, no streak is a fresh start."""
    if streaks.current == 0:
        return "fresh start" if streaks.best else "—"
    return f"{streaks.current} day" if streaks.current == 1 else f"{streaks.current} days"


def day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def parse_pause(text: str, today: date) -> tuple[date, date]:
    """ "7" (days from today), "2026-12-20 to 2027-01-02", or one date → a pause's days."""
    words = text.replace("–", " to ").replace("..", " to ").split()
    if len(words) == 1 and whole_number(words[0]) is not None:
        days = int(words[0])
        if not 1 <= days <= 366:
            raise ValueError("a pause of 1 to 366 days, please")
        return today, today + timedelta(days=days - 1)
    parts = [w for w in words if w.casefold() not in ("to", "until", "-", "from")]
    if len(parts) == 1:
        day = parse_day(parts[0])
        return day, day
    if len(parts) == 2:
        start, end = parse_day(parts[0]), parse_day(parts[1])
        if end < start:
            raise ValueError("the pause ends before it starts")
        return start, end
    raise ValueError("a number of days (7), or two dates like 2026-12-20 to 2027-01-02")


def row_cells(
    habit: HabitRecord,
    history: HabitHistory,
    today: date,
    colours: Mapping[str, str],
    *,
    numbers: bool,
    figures: HabitFigures | None,
) -> list[Text]:
    """A habit's row: name, today, (streak,) the last two weeks(, strength). With
    ``numbers`` and no ``figures`` yet, the figures' cells wait quietly."""
    heat = colours.get("heat-4", "")
    styles = {DONE: f"bold {heat}", PARTIAL: heat, "paused": "dim", "open": "dim", "none": "dim"}
    days = Text()
    for day in last_days(today, DAYS_SHOWN):
        mark = mark_for(history, day, today)
        days.append(SYMBOLS[mark], style=styles.get(mark, ""))
    cells = [name_cell(habit, history), today_cell(history, today, heat), days]
    if not numbers:
        return cells
    if figures is None:
        cells.insert(2, Text(WAITING, style="dim"))
        cells.append(Text(WAITING, style="dim"))
        return cells
    # From the figures alone: after a tick the last figures stand in until the new ones
    # come, and they must not say "fresh start" beside a first tick.
    cells.insert(2, Text(streak_words(figures.streaks)))
    first = figures.first or today  # (worked out with the figures, off the loop)
    if (today - first).days < STRENGTH_AFTER_DAYS:
        # A percentage of a few days reads as a grade; it means something later.
        cells.append(Text("growing", style="dim italic"))
    else:
        cells.append(Text(f"{round(figures.strength * 100)}%"))
    return cells


def name_cell(habit: HabitRecord, history: HabitHistory) -> Text:
    name = Text(("  " if group_of(habit) else "") + habit["name"])  # under its heading
    if history.schedule != EVERY_DAY:
        name.append(f" · {history.schedule.describe()}", style="dim")
    if habit.get("archived"):
        name.append(" (archived)", style="dim italic")
    return name


TODAY_WIDTH = {"today": len("✓ done")}
"""The today column's least width: a tick, some or a rest (each as wide) is then painted
in its cell; from "○" to "✓ done" the whole table was fitted again, every name a cell
shorter after the first tick of the day."""


def today_cell(history: HabitHistory, today: date, heat: str) -> Text:
    entry = history.entries.get(today)
    done_style = f"bold {heat}"
    if history.paused_on(today) and entry is None:
        return Text(f"{SYMBOLS['paused']} paused", style="dim")
    if entry is None and not history.schedule.asks_on(today):
        return Text("not today", style="dim")  # (Mon Wed Fri, on a Saturday)
    if entry is None:
        return Text(SYMBOLS["open"], style="dim")
    if history.target is not None and entry.amount is not None:
        counted = f"{format_amount(entry.amount)}/{format_amount(history.target.amount)}"
        symbol = "✓" if entry.status == DONE else SYMBOLS[entry.status]
        return Text(f"{symbol} {counted}", style=done_style if entry.status == DONE else "")
    if entry.status == DONE:
        return Text("✓ done", style=done_style)
    if entry.status == PARTIAL:
        return Text(f"{SYMBOLS[PARTIAL]} some")
    return Text(f"{SYMBOLS[REST]} rest")


def heading_cells(
    group: str,
    members: list[HabitRecord],
    tended: Mapping[str, str],
    folded: bool,
    columns: list[tuple[str, str]],
) -> list[Text]:
    """A group's heading row: its name (and, folded, how many habits), and how many of
    its active habits were tended today."""
    name = Text(f"{FOLDED_MARK if folded else OPEN_MARK} {group}", style="bold")
    if folded:
        count = len(members)
        name.append(f" · {count} habit{'s' if count != 1 else ''}", style="dim")
    active = [h for h in members if not h.get("archived")]
    kept = sum(1 for h in active if h["id"] in tended)
    today = Text(f"{kept} of {len(active)}", style="dim") if active else Text()
    cells = {"name": name, "today": today}
    return [cells.get(key, Text()) for key, _ in columns]
