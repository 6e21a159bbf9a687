"""Check-ins and their history from the shell."""

from __future__ import annotations

import argparse

from innerchild_tui.cli.common import (
    CliError,
    Outcome,
    _day,
    _day_words,
    _mood,
    _one_line,
)
from innerchild_tui.domain.feelings import with_intensity
from innerchild_tui.domain.insights import daily_moods, history_summary
from innerchild_tui.domain.moods import ENERGY_WORDS
from innerchild_tui.domain.records import CheckinRecord
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.store import Store


def _found(store: Store, search: str) -> Outcome:
    """Every check-in whose words, tags or notes hold each word of ``search``."""
    found = store.checkins.all(search=search)
    if not found:
        return Outcome([f"No check-ins hold “{clean_name(search)}”."])
    count = "1 check-in holds" if len(found) == 1 else f"{len(found)} check-ins hold"
    lines = [f"{count} “{clean_name(search)}”:"]
    for record in found:
        lines.append(f"  {record.get('day', '')}  {_checkin_summary(record)}")
        note = _one_line(record.get("note", ""))
        if note:
            lines.append(f"    {note}")
    return Outcome(lines)


# Commands ---------------------------------------------------------------------------
def _checkin(store: Store, args: argparse.Namespace) -> Outcome:
    mood = _mood(args.mood)
    day = _day(args.date, store)
    for feeling in args.feeling:
        word, colon, level = feeling.rpartition(":")
        if colon and word.strip() and level.strip().isdigit() and level.strip() not in "123":
            raise CliError(
                f"How strong “{clean_name(word)}” is can be 1 (a little), 2 (quite) or "
                f"3 (very); you gave {clean_name(level)}."
            )
    details = {
        "energy": _whole_number(args.energy, "Energy", 1, 5),
        "age": _whole_number(args.age, "Your inner child's age", 0, 120),
        "to_hear": args.hear,
        "body": args.body,
        "therapy": args.therapy,
    }
    record = store.checkins.add(mood, args.feeling, args.need, args.note, day=day, **details)
    when = "" if day == store.today() else f" for {_day_words(day, store.today())}"
    return Outcome(
        [f"Checked in{when}: {_checkin_summary(record)}. Thank you for listening to yourself."],
        changed=True,
    )


def _checkin_summary(record: CheckinRecord) -> str:
    text = f"mood {record.get('mood', '?')}"
    energy = record.get("energy")
    if energy in ENERGY_WORDS:
        text += f", energy {energy} ({ENERGY_WORDS[energy]})"
    levels = record.get("intensity") or {}
    feelings = [
        clean_name(with_intensity(str(word), levels.get(word)))
        for word in record.get("feelings", [])
    ]
    needs = [clean_name(str(word)) for word in record.get("needs", [])]
    if feelings:
        text += " — " + ", ".join(feelings)
    if needs:
        text += "; needing " + ", ".join(needs)
    tags = [clean_name(str(tag)) for tag in record.get("tags", [])]
    if tags:
        text += "; tags " + ", ".join(tags)
    return text


def _whole_number(text: str | None, what: str, low: int, high: int) -> int | None:
    if text is None:
        return None
    cleaned = clean_name(text)
    if not (cleaned.isascii() and cleaned.isdigit() and low <= int(cleaned) <= high):
        raise CliError(f"{what} is a whole number from {low} to {high} (you gave “{cleaned}”).")
    return int(cleaned)


def _history(store: Store, args: argparse.Namespace) -> Outcome:
    days = _whole_number(args.days, "--days", 1, 3660) or 30
    today = store.today()
    if args.search:
        return _found(store, args.search)
    checkins = store.checkins.all()
    moods = daily_moods(checkins)
    lines = history_summary(checkins, today, days)
    found = store.checkins.mood_comparisons(moods, today)
    if found:
        lines += ["", "What the days show (observations, not advice)"]
        lines += [f"  {_one_line(c.sentence())}" for c in found]
    return Outcome([clean_text(line, multiline=False) for line in lines])
