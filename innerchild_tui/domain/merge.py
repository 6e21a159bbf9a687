"""Merging two copies of the database, record by record.

The union of records by (table, id); where both copies hold a record, the later
``updated_at`` wins and a tie goes to the greater ``device`` (then the greater content,
so the result never depends on argument order). Tombstones are records too, so a delete
wins only when it is newer. The function is pure, commutative, associative and
idempotent: the order in which copies arrive never matters.
"""

from __future__ import annotations

from typing import Any

import orjson

Tables = dict[str, dict[str, dict[str, Any]]]


def _rank(record: dict[str, Any]) -> tuple[str, str, bytes]:
    return (
        str(record.get("updated_at", "")),
        str(record.get("device", "")),
        orjson.dumps(record, option=orjson.OPT_SORT_KEYS),
    )


def newer(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The version of one record that a merge keeps."""
    return a if _rank(a) >= _rank(b) else b


def merge(a: Tables, b: Tables) -> Tables:
    """Both databases in one; neither input is changed."""
    result: Tables = {}
    for name in sorted(set(a) | set(b)):
        left, right = a.get(name, {}), b.get(name, {})
        table: dict[str, dict[str, Any]] = {}
        for record_id in set(left) | set(right):
            if record_id not in right:
                table[record_id] = left[record_id]
            elif record_id not in left:
                table[record_id] = right[record_id]
            else:
                table[record_id] = newer(left[record_id], right[record_id])
        result[name] = table
    return result
