"""'Pick one for me': a comfort item chosen at random, favourites and rested ones first.

The random source is passed in (a ``random.Random``), so a seeded one gives the same
suggestion every time and a test can check it.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from innerchild_tui.domain.comfort import last_used

Item = TypeVar("Item", bound=Mapping[str, Any])  # a comfort item, however typed

FAVOURITE_WEIGHT = 3
RESTED_DAYS_CAP = 14  # after two weeks unused, waiting longer makes it no likelier
NEVER_USED_DAYS = RESTED_DAYS_CAP + 1


def comfort_weight(item: Mapping[str, Any], today: date) -> int:
    """How much likelier an item is to be picked: more for favourites, more the longer
    since it was last used (capped), and most for one never tried."""
    last = last_used(item)
    rested = NEVER_USED_DAYS if last is None else min(RESTED_DAYS_CAP, max(0, (today - last).days))
    return (1 + rested) * (FAVOURITE_WEIGHT if item.get("favourite") else 1)


def pick_comfort(
    items: Sequence[Item],
    today: date,
    rng: random.Random,
    *,
    avoid: Collection[str] = (),
) -> Item | None:
    """One item, chosen with :func:`comfort_weight`; items whose id is in ``avoid`` are
    skipped while any other is left. None for an empty list. Draws one number from ``rng``."""
    pool = [item for item in items if item["id"] not in avoid] or list(items)
    if not pool:
        return None
    weights = [comfort_weight(item, today) for item in pool]
    point = rng.random() * sum(weights)
    for item, weight in zip(pool, weights, strict=True):
        if point < weight:
            return item
        point -= weight
    return pool[-1]  # only reached through float rounding at the very top
