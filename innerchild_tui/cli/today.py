"""Comfort items, what today holds, and the export."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date, datetime
from typing import Any

from innerchild_tui.cli.checkins import _checkin_summary
from innerchild_tui.cli.common import (
    DONE_MARK,
    OPEN_MARK,
    Outcome,
    _name,
    _quoted,
)
from innerchild_tui.domain.comfort import day_texts_used, helped_scores
from innerchild_tui.domain.habit_days import (
    SYMBOLS,
    WORDS,
)
from innerchild_tui.domain.letters import UNTITLED
from innerchild_tui.domain.schedules import asked_on
from innerchild_tui.domain.shapes import UNSAFE_CHARACTER
from innerchild_tui.domain.text import clean_name
from innerchild_tui.domain.vocabulary import MOOD_WORDS
from innerchild_tui.store import Store
from innerchild_tui.store.storage import Keep


def _comfort_add(store: Store, args: argparse.Namespace) -> Outcome:
    item = store.comfort.add(_name(args.name), args.note)
    return Outcome([f"Added {_quoted(item['name'])} to your comforts."], changed=True)


def _comfort_list(store: Store, args: argparse.Namespace) -> Outcome:
    items = store.comfort.all()
    if not items:
        return Outcome(["No comfort items yet. Add one with: innerchild comfort add NAME"])
    today = store.today().isoformat()
    lines = []
    for item in items:
        line = f"• {clean_name(str(item.get('name', '')))}"
        note = clean_name(item.get("note", ""))
        if note:
            line += f" — {note}"
        if today in day_texts_used(item):
            line += " (used today)"
        lines.append(line)
    return Outcome(lines)


def today_view(day: date) -> Keep:
    """What ``innerchild today`` reads: the habits, the comfort items and the version
    record, and of check-ins, habit days and letters only ``day``'s (at ten years 96 ->
    about 45 MB, the records of ten years read a part at a time and let go)."""
    text = day.isoformat()

    def keep(table: str, key: str, record: dict[str, Any]) -> bool:
        if table in ("checkins", "completions", "letters"):
            return record.get("day") == text
        return table in ("habits", "comfort", "meta")

    return keep


def _today(store: Store, args: argparse.Namespace) -> Outcome:
    today = store.today()
    lines = [f"Today, {today:%A} {today.day} {today:%B %Y}", "", "Check-ins"]
    checkins = store.checkins.all(today)
    if not checkins:
        lines.append("  None yet. Whenever you are ready: innerchild checkin --mood N")
    for record in checkins:
        mood = record.get("mood")
        words = f" ({MOOD_WORDS[mood]})" if mood in MOOD_WORDS else ""
        time = _local_time(record.get("created_at"))
        summary = _checkin_summary(record).replace(f"mood {mood}", f"mood {mood}{words}", 1)
        lines.append(f"  {time}{summary}")
        note = clean_name(record.get("note", ""))
        if note:
            lines.append(f"    {note}")

    habits = store.habits.all()
    # Done, partly done and rest all count: each is the person tending to themselves.
    # Each habit's entry is looked up by its id: no index of every day of every habit.
    tended = store.habit_days.tended_on(today)
    statuses = {h["id"]: tended[h["id"]] for h in habits if h["id"] in tended}
    asked = asked_on(habits, tended, today)  # Mon Wed Fri asks nothing of a Saturday
    lines += ["", f"Habits ({len(statuses)} of {len(asked)} tended)" if habits else "Habits"]
    if not habits:
        lines.append("  None yet. Add one with: innerchild habit add NAME")
    for habit in habits:
        status = statuses.get(habit["id"])
        mark = DONE_MARK if status == "done" else SYMBOLS.get(status or "", OPEN_MARK)
        words = f" ({WORDS[status]})" if status in ("partial", "rest") else ""
        if status is None and habit not in asked:
            words = " (not today)"
        lines.append(f"  {mark} {clean_name(str(habit.get('name', '')))}{words}")

    lines += ["", "Comfort"]
    items = store.comfort.all()
    used = [item for item in items if today.isoformat() in day_texts_used(item)]
    if not items:
        lines.append("  No comfort items yet. Add one with: innerchild comfort add NAME")
    elif not used:
        lines.append("  Nothing used yet today; they are there when you need them.")
    for item in used:
        helped = helped_scores(item, today)
        said = f" (it helped {helped[-1]} of 10)" if helped else ""
        lines.append(f"  • {clean_name(str(item.get('name', '')))}{said}")

    lines += ["", "Letters"]
    written = [
        letter
        for letter in store.letters.all(since=today)
        if letter.get("day") == str(today)
        and any(letter.get(field) for field in ("title", "to_child", "from_child"))
    ]
    if not written:
        lines.append("  None today; the Letters pane is there whenever you like.")
    for letter in written:
        lines.append(f"  • {clean_name(str(letter.get('title', ''))) or UNTITLED}")
    return Outcome(lines)


def _local_time(stamp: Any) -> str:
    """``HH:MM `` in local time for a record's UTC stamp, or nothing if it will not parse."""
    try:
        moment = datetime.fromisoformat(str(stamp))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        return ""
    return f"{moment.astimezone():%H:%M}  "


def _export(store: Store, args: argparse.Namespace) -> Outcome:
    text = json.dumps(store.export(), indent=2, ensure_ascii=False)
    # JSON escapes C0 controls but not DEL, C1 (a lone 0x9b is a terminal CSI) or the bidi
    # controls: escape those too, so an export shown on a terminal can never drive it.
    # An escape reads back as the very character, so the data is the same, in a file too.
    return Outcome([UNSAFE_CHARACTER.sub(_json_escape, text)], export=True)


def _json_escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"
