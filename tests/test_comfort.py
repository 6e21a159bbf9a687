"""Comfort items: the richer record, 'pick one for me', filters, and the pane driven by keys."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from apphelpers import (
    SIZES,
    TODAY,
    WIDE,
    Clock,
    build,
    live,
    pressed,
    settle,
    still,
    type_text,
    visible_text,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.coordinate import Coordinate
from textual.widgets import Input, Static

from innerchild_tui.app.panes.comfort import ComfortPane
from innerchild_tui.app.screens.comfort import ComfortFormScreen, HelpedScreen, PickScreen
from innerchild_tui.app.widgets.distress import DistressScale
from innerchild_tui.domain.comfort import COMFORT_KINDS, arrange, last_used
from innerchild_tui.domain.suggest import comfort_weight, pick_comfort
from innerchild_tui.store import Store, StoreError


def seed(db_path: Path) -> None:
    """Four comforts of different kinds and histories, written with a fixed clock."""
    store = Store.open(db_path, device="seed", clock=Clock(2026, 11, 24, 9, 0))
    blanket = store.comfort.add(
        "Weighted blanket", childhood="my blue blanket", age=5, kind="object", favourite=True
    )
    store.comfort.add("Drawing", "crayons on the floor", childhood="colouring", kind="creative")
    rain = store.comfort.add("Rain sounds", kind="sound")
    store.comfort.add("Warm cocoa", kind="taste")
    store.comfort.mark_used(blanket["id"], TODAY - timedelta(days=1), helped=6)
    store.comfort.mark_used(rain["id"], TODAY - timedelta(days=9))
    store.save()


# Pure: pick one for me ---------------------------------------------------------------------
def _oracle_pick(items: list[dict], today: date, point: float) -> dict:
    """The slow, obvious way: each item written out `weight` times in a row, then the
    ticket at `point` (0…1) along the line is the one picked."""
    tickets = []
    for item in items:
        last = None
        for day in item.get("used", []):
            if last is None or day > last:
                last = day
        days_since = 15 if last is None else (today - date.fromisoformat(last)).days
        rested = min(14, max(0, days_since)) if last is not None else 15
        weight = (1 + rested) * (3 if item.get("favourite") else 1)
        tickets += [item] * weight
    return tickets[int(point * len(tickets))]


items_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "favourite": st.booleans(),
            "used": st.lists(
                st.integers(-5, 40).map(lambda n: (TODAY - timedelta(days=n)).isoformat()),
                max_size=3,
            ),
        }
    ),
    min_size=1,
    max_size=8,
).map(lambda items: [dict(item, id=f"i{n}") for n, item in enumerate(items)])


@given(items_strategy, st.integers(0, 2**32 - 1))
@settings(max_examples=300, deadline=None)
def test_pick_matches_the_ticket_oracle(items: list[dict], seed_value: int) -> None:
    point = random.Random(seed_value).random()
    expected = _oracle_pick(items, TODAY, point)
    assert pick_comfort(items, TODAY, random.Random(seed_value)) is expected


@given(items_strategy, st.integers(0, 2**32 - 1), st.data())
@settings(max_examples=200, deadline=None)
def test_pick_skips_what_was_already_offered(items: list[dict], seed_value: int, data) -> None:  # type: ignore[no-untyped-def]
    avoid = data.draw(st.sets(st.sampled_from([i["id"] for i in items])))
    picked = pick_comfort(items, TODAY, random.Random(seed_value), avoid=avoid)
    assert picked is not None
    if len(avoid) < len(items):
        assert picked["id"] not in avoid


def test_pick_favours_favourites_and_rested_items() -> None:
    fresh = {"id": "fresh", "used": [TODAY.isoformat()]}
    rested = {"id": "rested", "used": [(TODAY - timedelta(days=30)).isoformat()]}
    favourite = {"id": "fav", "used": [TODAY.isoformat()], "favourite": True}
    assert comfort_weight(fresh, TODAY) == 1
    assert comfort_weight(rested, TODAY) == 15
    assert comfort_weight(favourite, TODAY) == 3
    assert comfort_weight({"id": "new"}, TODAY) == 16
    rng = random.Random(1)
    picks = [pick_comfort([fresh, rested], TODAY, rng)["id"] for _ in range(2000)]  # type: ignore[index]
    assert 0.9 < picks.count("rested") / len(picks) < 0.97  # 15 of 16
    assert pick_comfort([], TODAY, rng) is None


def test_arrange_filters_by_kind_and_words_and_sorts_by_last_used() -> None:
    items = [
        {"id": "a", "name": "Blanket", "kind": "object", "created_at": "1", "used": []},
        {"id": "b", "name": "Rain", "kind": "sound", "created_at": "2", "used": ["2026-11-20"]},
        {"id": "c", "name": "Cocoa", "note": "warm", "created_at": "3", "used": ["2026-11-23"]},
    ]
    assert [i["id"] for i in arrange(items)] == ["a", "b", "c"]
    assert [i["id"] for i in arrange(items, kind="sound")] == ["b"]
    assert [i["id"] for i in arrange(items, search="WARM")] == ["c"]
    assert [i["id"] for i in arrange(items, by_last_used=True)] == ["c", "b", "a"]
    assert last_used({"id": "old"}) is None  # an item from before the log existed


# Store ------------------------------------------------------------------------------------
def test_an_old_item_without_the_new_fields_still_works(db_path: Path) -> None:
    store = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 10, 0))
    item = store.comfort.add("Cocoa")
    # As an older version wrote it: name, note and used only.
    old = {
        k: v for k, v in item.items() if k not in ("childhood", "age", "kind", "favourite", "uses")
    }
    store._put("comfort", old)
    store.comfort.mark_used(item["id"], TODAY, helped=8)
    store.comfort.rate_use(item["id"], TODAY, 9)
    store.save()
    (saved,) = live(db_path, "comfort")
    assert saved["used"] == ["2026-11-24"]
    assert [u["helped"] for u in saved["uses"]] == [9]
    assert store.comfort.toggle_used(item["id"], TODAY) is False
    assert store.comfort.get(item["id"])["uses"] == []


async def test_a_use_kept_only_in_the_log_counts_everywhere(db_path: Path) -> None:
    """An item keeps its days in two fields (``used``, and the ``uses`` log); one reading
    of both serves every place, so a use that only the log holds (a hand edit, another
    tool) is used today in the pane, the quick command and the week, and taken back."""
    store = Store.open(db_path, device="laptop", clock=Clock(2026, 11, 24, 10, 0))
    item = store.comfort.add("Cocoa")
    logged = {**item, "used": [], "uses": [{"day": TODAY.isoformat(), "at": item["created_at"]}]}
    store._put("comfort", logged)
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        assert "Cocoa ✓ today" in " ".join(visible_text(app).split())
        week = app.store.week_review(TODAY)
        assert [c.name for c in week.comforts] == ["Cocoa"]
        assert app.store.comfort.toggle_used(item["id"], TODAY) is False  # taken back
        assert TODAY.isoformat() not in str(app.store.comfort.get(item["id"])["uses"])


def test_bad_values_are_refused_kindly(db_path: Path) -> None:
    store = Store.open(db_path, device="laptop")
    with pytest.raises(StoreError, match="kind"):
        store.comfort.add("Cocoa", kind="drink")
    with pytest.raises(StoreError, match="age"):
        store.comfort.add("Cocoa", age=400)
    item = store.comfort.add("Cocoa")
    with pytest.raises(StoreError, match="0 to 10"):
        store.comfort.mark_used(item["id"], TODAY, helped=11)


# The pane ---------------------------------------------------------------------------------
async def test_an_item_is_added_with_its_childhood_kind_and_favourite(db_path: Path) -> None:
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o", "a")
        assert isinstance(app.screen, ComfortFormScreen)
        await type_text(pilot, "Weighted blanket")
        await pilot.press("tab")
        await type_text(pilot, "my blue blanket")
        await pilot.press("tab")
        await type_text(pilot, "6")
        await pilot.press("tab")
        await pilot.press("enter")  # opens the kinds
        await pilot.press(
            *["down"] * (COMFORT_KINDS.index("object") + 1), "enter"
        )  # past the prompt
        await pilot.press("tab", "space", "tab")  # favourite; a note
        await type_text(pilot, "the heavy one")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (item,) = live(db_path, "comfort")
        assert item["name"] == "Weighted blanket"
        assert item["childhood"] == "my blue blanket"
        assert item["age"] == 6
        assert item["kind"] == "object"
        assert item["favourite"] is True
        assert item["note"] == "the heavy one"
        await pilot.press("f")  # no longer a favourite
        await settle(pilot)
    assert live(db_path, "comfort")[0]["favourite"] is False


async def test_every_field_of_the_comfort_form_is_labelled(db_path: Path) -> None:
    seed(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o", "e")
        await pilot.pause()
        assert isinstance(app.screen, ComfortFormScreen)
        shown = visible_text(app)
    for label in ("now", "in childhood", "age", "kind", "note"):
        assert f" {label} " in shown, label


async def test_pick_one_for_me_on_a_seeded_list_and_enter_marks_it_used(db_path: Path) -> None:
    seed(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.query_one(ComfortPane)
        pane.rng = random.Random(2026)
        items = app.store.comfort.all()
        expected_rng = random.Random(2026)
        first = pick_comfort(items, TODAY, expected_rng)
        second = pick_comfort(items, TODAY, expected_rng, avoid=[first["id"]])  # type: ignore[index]
        assert first is not None and second is not None
        await pilot.press("o", "p")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        shown = str(app.screen.query_one("#pick-item", Static).render())
        assert first["name"] in shown
        await pilot.press("n")  # something else, never the same one twice in a row
        await pilot.pause()
        assert app.screen.item["id"] == second["id"]  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, PickScreen)
        used = {i["name"]: i for i in live(db_path, "comfort")}[second["name"]]
        assert "2026-11-24" in used["used"]
        assert used["uses"][-1]["day"] == "2026-11-24"
        # How much it helped, for the item just used (the cursor is on it).
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HelpedScreen)
        scale = str(app.screen.query_one(DistressScale).render())
        assert "a great deal" in scale and "very heavy" not in scale  # not distress's ends
        await pilot.press("1", "0", "enter")
        await settle(pilot)
    used = {i["name"]: i for i in live(db_path, "comfort")}[second["name"]]
    assert used["uses"][-1]["helped"] == 10


async def test_something_else_says_when_there_is_nothing_else(db_path: Path) -> None:
    """With one comfort item, n ("something else") showed the same one again, silently."""
    store = Store.open(db_path, device="test")
    store.comfort.add("Warm cocoa")
    store.save()
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o", "p")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.item["name"] == "Warm cocoa"  # type: ignore[attr-defined]
        toasts = " ".join(n.message for n in app._notifications)
        assert "your only comfort item so far" in toasts


async def test_home_and_end_move_to_the_first_and_last_item(db_path: Path) -> None:
    seed(db_path)
    today = TODAY.isoformat()
    before = {item["id"] for item in live(db_path, "comfort") if today in item["used"]}
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o")
        table = app.query_one(ComfortPane).table
        first = table.coordinate_to_cell_key(Coordinate(0, 0)).row_key.value
        last = table.coordinate_to_cell_key(Coordinate(table.row_count - 1, 0)).row_key.value
        await pilot.press("down", "down", "home")
        assert table.highlighted_key == first
        await pilot.press("space")  # acts on the item the cursor shows
        await settle(pilot)
        await pilot.press("end")
        assert table.highlighted_key == last
    after = {item["id"] for item in live(db_path, "comfort") if today in item["used"]}
    assert after - before == {first}


async def test_filter_by_kind_search_and_sort_by_last_used(db_path: Path) -> None:
    seed(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        pane = app.query_one(ComfortPane)

        def names() -> list[str]:
            table = pane.table
            return [str(table.get_row_at(i)[0]).strip(" ★") for i in range(table.row_count)]

        await pilot.press("o")
        assert names() == ["Weighted blanket", "Drawing", "Rain sounds", "Warm cocoa"]
        await pilot.press("s")
        assert names() == ["Weighted blanket", "Rain sounds", "Drawing", "Warm cocoa"]
        await pilot.press("s", "k")  # kinds go in order: object first
        assert names() == ["Weighted blanket"]
        await pilot.press(*["k"] * len(COMFORT_KINDS))  # round to every kind again
        assert len(names()) == 4
        await pilot.press("slash")
        await type_text(pilot, "crayon")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        assert names() == ["Drawing"]  # found by its note
        await pilot.press("enter")
        assert app.focused is pane.table
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(names()) == 4


async def test_a_removed_item_comes_back_with_everything(db_path: Path) -> None:
    seed(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("o", "d")
        await settle(pilot)
        assert "Weighted blanket" not in [i["name"] for i in live(db_path, "comfort")]
        await pilot.press("u")
        await settle(pilot)
        toasts = " ".join(n.message for n in app._notifications)
        assert "Brought back" in toasts and "to bring it back" not in toasts  # one answer
    (blanket,) = [i for i in live(db_path, "comfort") if i["name"] == "Weighted blanket"]
    assert blanket["childhood"] == "my blue blanket"
    assert blanket["uses"][0]["helped"] == 6


async def test_one_undo_for_the_whole_app_takes_back_the_newest_change(db_path: Path) -> None:
    """A habit ticked, then a comfort item removed: u in the Habits pane brings the item
    back first (the newest change), and u again takes the tick back. The pane and the
    app kept an undo each, and u in Habits took back the older tick."""
    seed(db_path)
    app = build(db_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("h", "space")
        await settle(pilot)
        assert len(live(db_path, "completions")) == 1
        await pilot.press("o", "d")
        await settle(pilot)
        assert "Weighted blanket" not in [i["name"] for i in live(db_path, "comfort")]
        await pilot.press("h", "u")
        await settle(pilot)
        assert "Weighted blanket" in [i["name"] for i in live(db_path, "comfort")]
        assert len(live(db_path, "completions")) == 1
        await pilot.press("u")
        await settle(pilot)
        assert live(db_path, "completions") == []
        await pilot.press("u")
        await settle(pilot)
        assert "Weighted blanket" in [i["name"] for i in live(db_path, "comfort")]


# Snapshots --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_comfort_pane(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    seed(db_path)
    assert snap_compare(build(db_path), terminal_size=SIZES[size], run_before=pressed("o", "m"))


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_pick_one_for_me(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    seed(db_path)
    app = build(db_path)

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.query_one(ComfortPane).rng = random.Random(7)
        await pilot.press("o", "p")
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_comfort_form(snap_compare, db_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    seed(db_path)
    assert snap_compare(build(db_path), terminal_size=SIZES[size], run_before=pressed("o", "e"))
