"""Habits from the shell: list, add, edit, done, partly done, rest, show, undo."""

from __future__ import annotations

import argparse

from innerchild_tui.cli.common import (
    DONE_MARK,
    OPEN_MARK,
    CliError,
    Outcome,
    _day,
    _day_words,
    _name,
    _on_day,
    _one_line,
    _quoted,
)
from innerchild_tui.config import load_settings
from innerchild_tui.domain.days import last_days, parse_day
from innerchild_tui.domain.habit_days import (
    DONE,
    PARTIAL,
    REST,
    SYMBOLS,
    WORDS,
    format_amount,
    mark_for,
    target_of,
)
from innerchild_tui.domain.habit_groups import NO_GROUP, group_of, grouped
from innerchild_tui.domain.records import HabitRecord
from innerchild_tui.domain.streaks import streaks_of
from innerchild_tui.domain.strength import strength
from innerchild_tui.domain.text import clean_name, clean_text
from innerchild_tui.store import Store
from innerchild_tui.store.habits import HABIT_LINKS

LINK_WORDS = {
    "checkin": "ticks itself when you check in",
    "letter": "ticks itself when you write a letter",
    "practice": "ticks itself when you finish a soothing practice",
}


def _habit_list(store: Store, args: argparse.Namespace) -> Outcome:
    habits = store.habits.all()
    if not habits:
        return Outcome(["No habits yet. Add one with: innerchild habit add NAME"])
    today = store.today()
    groups = grouped(habits)
    pads = {h["id"]: "" if group == NO_GROUP else "  " for group, m in groups for h in m}
    names = {h["id"]: clean_name(h["name"]) for h in habits}
    width = max(len(pads[h["id"]]) + len(names[h["id"]]) for h in habits)
    histories = store.habit_days.histories(habits)
    hide = load_settings().hide_numbers
    lines: list[str] = []
    for group, members in groups:
        if group != NO_GROUP:
            if lines:
                lines.append("")
            lines.append(clean_name(group))
        for habit in members:
            history = histories[habit["id"]]
            status = history.status_on(today)
            mark = DONE_MARK if status == DONE else SYMBOLS[status] if status else OPEN_MARK
            streak = streaks_of(history, today).current
            note = f"{streak}-day streak" if streak and not hide else ""
            pad = pads[habit["id"]]
            name = f"{names[habit['id']]:<{width - len(pad)}}"
            lines.append(f"{pad}{mark} {name}  {note}".rstrip())
    return Outcome(lines)


def _link(text: str | None) -> str | None:
    """``--link`` as the store keeps it: checkin, letter, practice, or None for none."""
    word = clean_name(text or "").casefold().replace("-", "")
    if word in ("none", "nothing", ""):
        return None
    if word not in HABIT_LINKS:
        raise CliError(
            f"--link is checkin, letter, practice or none (you gave “{clean_name(text or '')}”)."
        )
    return word


def _about_group_and_link(habit: HabitRecord) -> str:
    words = []
    if group_of(habit):
        words.append(f"in {_quoted(group_of(habit))}")
    link = habit.get("linked_to")
    if isinstance(link, str) and link in LINK_WORDS:
        words.append(LINK_WORDS[link])
    return f" ({', '.join(words)})" if words else ""


def _habit_add(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habits.add(_name(args.name), group=args.group, link=_link(args.link))
    about = _about_group_and_link(habit)
    return Outcome(
        [f"Added the habit {_quoted(habit['name'])}{about}. Small steps count."], changed=True
    )


def _habit_edit(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habits.named(_name(args.name))
    if args.group is None and not args.no_group and args.link is None:
        raise CliError("Say what to change: --group NAME, --no-group or --link.")
    fields: dict[str, object] = {}
    if args.no_group:
        fields["group"] = None
    elif args.group is not None:
        fields["group"] = args.group
    if args.link is not None:
        fields["linked_to"] = _link(args.link)
    changed = store.habits.update(habit["id"], **fields)
    if changed == habit:
        return Outcome([f"{_quoted(habit['name'])} already is that way."])
    about = _about_group_and_link(changed) or " (no group, ticked by you)"
    return Outcome([f"{_quoted(changed['name'])}{about}."], changed=True)


def _amount(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        amount = float(text)
    except ValueError:
        amount = -1.0
    if not 0 <= amount < 1e6:
        raise CliError(f"The amount is a number (you gave “{clean_name(text)}”), like 3 or 1.5.")
    return amount


def _note(args: argparse.Namespace) -> str | None:
    note = getattr(args, "note", None)
    return clean_text(note, multiline=False).strip() if note is not None else None


def _streak_tail(store: Store, habit: HabitRecord) -> str:
    streak = streaks_of(store.habit_days.history(habit["id"]), store.today()).current
    if streak > 1 and not load_settings().hide_numbers:
        return f" That makes a {streak}-day streak."
    return " Nicely done."


def _habit_done(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habits.named(_name(args.name))
    day = _day(args.date, store)
    when = _day_words(day, store.today())
    amount = _amount(args.amount)
    target = target_of(habit)
    if target is not None:
        amount = target.amount if amount is None else amount
        before = store.habit_days.of(habit["id"]).get(day)
        store.habit_days.set_amount(habit["id"], day, amount)
        status = store.habit_days.history(habit["id"]).status_on(day)
        if _note(args) is not None and status is not None:
            store.habit_days.set(habit["id"], day, status, note=_note(args))
        if store.habit_days.of(habit["id"]).get(day) == before:
            return Outcome([f"{_quoted(habit['name'])} already holds that for {when}. Well done."])
        counted = f"{format_amount(amount)} {target.unit}".rstrip()
        words = WORDS.get(str(status), "nothing yet")
        tail = _streak_tail(store, habit)
        return Outcome(
            [f"{_quoted(habit['name'])} for {when}: {counted} ({words}).{tail}"], changed=True
        )
    if day in store.habit_days.done(habit["id"]):
        if _note(args) is not None:
            store.habit_days.set(habit["id"], day, DONE, note=_note(args))
            added = f"Added your note to {_quoted(habit['name'])} for {when}."
            return Outcome([added], changed=True)
        return Outcome([f"{_quoted(habit['name'])} is already ticked for {when}. Well done."])
    store.habit_days.set(habit["id"], day, DONE, note=_note(args))
    return Outcome(
        [f"Ticked {_quoted(habit['name'])} for {when}.{_streak_tail(store, habit)}"], changed=True
    )


def _habit_partial(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habits.named(_name(args.name))
    day = _day(args.date, store)
    when = _day_words(day, store.today())
    amount = _amount(args.amount)
    target = target_of(habit)
    if target is not None and amount is not None and amount >= target.amount:
        raise CliError(
            f"{format_amount(amount)} reaches the target of {_quoted(habit['name'])}; "
            "`habit done` records that."
        )
    before = store.habit_days.set(
        habit["id"], day, PARTIAL, amount=amount if target is not None else None, note=_note(args)
    )
    if before == store.habit_days.of(habit["id"]).get(day):
        return Outcome([f"{_quoted(habit['name'])} is already partly done for {when}."])
    return Outcome(
        [f"Partly done: {_quoted(habit['name'])} for {when}. The gentle minimum counts."],
        changed=True,
    )


def _habit_rest(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habits.named(_name(args.name))
    today = store.today()
    if args.date is None:
        day = today
    else:
        try:
            day = parse_day(clean_name(args.date))  # a planned rest may be a day to come
        except ValueError as error:
            raise CliError(f"{error}.") from None
    when = _day_words(day, today)
    reason = clean_name(args.reason) if args.reason is not None else None
    before = store.habit_days.set(habit["id"], day, REST, note=_note(args), reason=reason)
    if before == store.habit_days.of(habit["id"]).get(day):
        return Outcome([f"{_quoted(habit['name'])} is already a rest day for {when}."])
    because = f" ({reason})" if reason else ""
    rested = f"A rest day for {_quoted(habit['name'])} {_on_day(day, today)}{because}."
    return Outcome([f"{rested} Rest keeps your streak safe."], changed=True)


def _habit_show(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habits.named(_name(args.name))
    history = store.habit_days.history(habit["id"])
    today = store.today()
    about = [history.schedule.describe()]
    if history.target is not None:
        about.append(history.target.describe())
    about.append("never miss twice" if history.grace else "no grace days")
    if group_of(habit):
        about.append(f"in {_quoted(group_of(habit))}")
    link = habit.get("linked_to")
    if isinstance(link, str) and link in LINK_WORDS:
        about.append(LINK_WORDS[link])
    if habit.get("archived"):
        about.append("archived")
    lines = [_quoted(habit["name"]).strip("“”"), "  " + " · ".join(about)]
    if load_settings().hide_numbers:
        lines.append("  (numbers are hidden; hide_numbers in the settings shows them)")
    else:
        found = streaks_of(history, today)
        current = f"{found.current} day{'s' if found.current != 1 else ''}"
        if found.current == 0:
            current = "a fresh start" if history.entries else "not started yet"
        score = round(strength(history, today) * 100)
        lines.append(f"  Streak: {current} · best {found.best} · strength {score}%")
        if found.last_comeback is not None:
            since = (today - found.last_comeback).days
            ago = "today" if since == 0 else f"{since} day{'s' if since != 1 else ''} ago"
            lines.append(
                f"  Came back {ago} ({found.last_comeback:%A} "
                f"{found.last_comeback.isoformat()}). Welcome back."
            )
    days = last_days(today, 30)
    strip = "".join(SYMBOLS[mark_for(history, day, today)] for day in days)
    lines += [
        "",
        f"  Last 30 days, {days[0].isoformat()} to {today.isoformat()}:",
        f"  {strip}",
        "  ● done  ◐ partly done  – rest  ‖ paused  ○ today, still open  · nothing yet",
    ]
    noted = [day for day in days if day in history.entries]
    if noted:
        lines.append("")
    for day in noted:
        entry = history.entries[day]
        text = f"  {day.isoformat()} {day:%a}  {SYMBOLS[entry.status]} {WORDS[entry.status]}"
        if entry.amount is not None and history.target is not None:
            text += f", {format_amount(entry.amount)} {history.target.unit}".rstrip()
        if entry.reason:
            text += f" ({clean_name(entry.reason)})"
        if entry.note:
            text += f" — {_one_line(entry.note)}"
        lines.append(text)
    return Outcome(lines)


def _habit_undo(store: Store, args: argparse.Namespace) -> Outcome:
    habit = store.habits.named(_name(args.name))
    day = _day(args.date, store)
    when = _day_words(day, store.today())
    if day not in store.habit_days.done(habit["id"]):
        return Outcome([f"{_quoted(habit['name'])} was not ticked for {when}; nothing to undo."])
    store.habit_days.set_done(habit["id"], day, False)
    took = f"Took back the tick for {_quoted(habit['name'])} {_on_day(day, store.today())}."
    return Outcome([took], changed=True)
