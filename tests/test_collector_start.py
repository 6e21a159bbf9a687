"""The cycle collector held off from building the app to its first frame
(`app/__init__.make_app`, `app/collector.QuietCollector`)."""

from __future__ import annotations

import gc
from pathlib import Path

from apphelpers import build, settle

from innerchild_tui.app.collector import QuietCollector


async def test_the_collector_is_off_only_until_the_first_frame(db_path: Path) -> None:
    app = build(db_path)
    seen: list[bool] = []
    pause = QuietCollector.pause_until_first_frame

    def paused(collector: QuietCollector) -> None:
        pause(collector)
        seen.append(gc.isenabled())

    app.collector.pause_until_first_frame = lambda: paused(app.collector)  # type: ignore[method-assign]
    assert gc.isenabled()  # building the app turned it off for a moment only
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert seen == [False]
        assert gc.isenabled()
    assert gc.isenabled()


def test_building_the_app_freezes_what_it_read(db_path: Path) -> None:
    """What make_app imports and reads lives as long as the app: out of the collector's
    walk from the start, whoever builds the app (the bench's start child too)."""
    gc.unfreeze()
    build(db_path)
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()
