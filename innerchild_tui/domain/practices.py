"""Soothing practices: what they are, and which have helped this person most."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

PRACTICE_KINDS: dict[str, str] = {
    "breathing": "Breathing pacer",
    "grounding": "5-4-3-2-1 grounding",
    "visualization": "Meeting your inner child",
    "tapping": "Tapping sequence",
}

DISTRESS_MIN = 0
DISTRESS_MAX = 10


def valid_distress(value: object) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and DISTRESS_MIN <= value <= DISTRESS_MAX
    )


@dataclass(frozen=True)
class PracticeSummary:
    kind: str
    sessions: int
    minutes: float
    rated: int  # sessions with distress both before and after
    average_change: float | None  # after − before, averaged over rated sessions (negative: eased)


def summarize_practices(sessions: Iterable[Mapping[str, Any]]) -> list[PracticeSummary]:
    """One row per practice tried: sessions, minutes, and the average change in distress.

    Rows that eased distress most come first; practices never rated come after, by how
    often they were used.
    """
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for session in sessions:
        grouped.setdefault(str(session.get("kind", "")), []).append(session)
    rows = []
    for kind, group in grouped.items():
        changes = [
            s["distress_after"] - s["distress_before"]
            for s in group
            if valid_distress(s.get("distress_before")) and valid_distress(s.get("distress_after"))
        ]
        minutes = sum(
            float(s.get("minutes", 0) or 0)
            for s in group
            if isinstance(s.get("minutes", 0), int | float)
        )
        rows.append(
            PracticeSummary(
                kind,
                len(group),
                round(minutes, 1),
                len(changes),
                sum(changes) / len(changes) if changes else None,
            )
        )
    rows.sort(
        key=lambda row: (
            row.average_change is None,
            row.average_change if row.average_change is not None else 0.0,
            -row.sessions,
            row.kind,
        )
    )
    return rows
