"""Habit groups: a heading the person names ("morning", "for little me") over some habits.

A habit's group is its ``group`` field (no field, None or empty: no group). Groups have no
records of their own: a group is the habits that name it, and its place in the list is
the place of its first habit. Habits without a group come first, without a heading; then
each group in the order of its first habit. Within a group, habits keep their ``order``.

Pure: the store and the app call these with habits already sorted by their ``order``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from innerchild_tui.domain.text import clean_name

H = TypeVar("H", bound=Mapping[str, Any])

NO_GROUP = ""


def group_of(habit: Mapping[str, Any]) -> str:
    """The habit's group name, or :data:`NO_GROUP`."""
    value = habit.get("group")
    return value if isinstance(value, str) else NO_GROUP


def group_name(text: str | None) -> str | None:
    """A group name as it is kept: cleaned, or None for no group."""
    name = clean_name(text or "")
    return name or None


def grouped(habits: Sequence[H]) -> list[tuple[str, list[H]]]:
    """``habits`` (in their order) under their groups: the habits without a group first
    (as group :data:`NO_GROUP`, even when there are none), then each group in the order
    of its first habit. Groups whose names differ only in case are one group, shown with
    the name of its first habit."""
    groups: dict[str, tuple[str, list[H]]] = {NO_GROUP: (NO_GROUP, [])}
    for habit in habits:
        name = group_of(habit)
        key = name.casefold()
        if key not in groups:
            groups[key] = (name, [])
        groups[key][1].append(habit)
    return list(groups.values())


def in_group_order(habits: Sequence[H]) -> list[H]:
    """``habits`` as they are listed: the ungrouped ones, then each group's."""
    return [habit for _, members in grouped(habits) for habit in members]


def group_names(habits: Sequence[Mapping[str, Any]]) -> list[str]:
    """The names of the groups, in the order they are listed."""
    return [name for name, _ in grouped(habits) if name != NO_GROUP]


def same_group(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def moved_in_group(
    habits: Sequence[H], habit_id: str, step: int, *, visible: frozenset[str] | None = None
) -> list[H] | None:
    """The list after moving one habit a place up (``step`` < 0) or down its group,
    past the next habit of its group in ``visible`` (every habit when None). None when it
    is already first or last there."""
    ordered = in_group_order(habits)
    index = next(i for i, h in enumerate(ordered) if h["id"] == habit_id)
    habit = ordered[index]
    group = group_of(habit)
    peers = [
        h
        for h in ordered
        if same_group(group_of(h), group) and (visible is None or h["id"] in visible)
    ]
    if habit not in peers:
        peers.append(habit)
        peers.sort(key=ordered.index)
    position = peers.index(habit) + step
    if not 0 <= position < len(peers):
        return None
    neighbour = peers[position]
    ordered.remove(habit)
    ordered.insert(ordered.index(neighbour) + (1 if step > 0 else 0), habit)
    return ordered


def moved_group(habits: Sequence[H], group: str, step: int) -> list[H] | None:
    """The list after moving a whole group a place up or down among the groups (the
    habits without a group stay first). None when it is already first or last."""
    groups = [(name, members) for name, members in grouped(habits) if name != NO_GROUP]
    index = next((i for i, (name, _) in enumerate(groups) if same_group(name, group)), None)
    if index is None:
        return None
    position = index + step
    if not 0 <= position < len(groups):
        return None
    groups.insert(position, groups.pop(index))
    ungrouped = grouped(habits)[0][1]
    return [*ungrouped, *(habit for _, members in groups for habit in members)]


def placed_in_group(habits: Sequence[H], habit_id: str, group: str | None) -> list[H]:
    """The list after ``habit_id`` joins ``group`` (None: no group): it goes last in
    that group, so the groups keep their places; a new group comes last of all."""
    ordered = in_group_order(habits)
    habit = next(h for h in ordered if h["id"] == habit_id)
    ordered.remove(habit)
    wanted = group or NO_GROUP
    last = None
    for i, other in enumerate(ordered):
        if same_group(group_of(other), wanted):
            last = i
    if last is not None:
        ordered.insert(last + 1, habit)
    elif wanted == NO_GROUP:
        ordered.insert(0, habit)
    else:
        ordered.append(habit)
    return ordered
