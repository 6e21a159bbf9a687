"""Shared test helpers: the app on a settable clock, waiting, the CLI, reading the file.

Every UI test builds the app with :func:`build` (the real app over a real file in a temp
dir, as the CLI builds it) and waits with :func:`settle` or :func:`wait_until`: on a
condition, never for a fixed time, so a busy machine makes a test slower, not red.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pendulum
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from innerchild_tui.app.app import InnerChildApp

ZONE = "Europe/London"
WIDE = (120, 40)
SMALL = (80, 24)
SIZES = {"small": SMALL, "wide": WIDE}
TODAY = date(2026, 11, 24)  # the day the default clock of :func:`build` falls on
INNERCHILD = Path(sys.executable).parent / "innerchild"  # the installed entry point
# Only turns a hung command into a failure; never a claim about speed (a quick command
# that takes a second when idle may take twenty on a loaded machine).
HANG_BOUND = 600.0


class Clock:
    """A clock the test can move; the app and the store read it (real pendulum times in
    a real zone)."""

    def __init__(self, *args: int, tz: str = ZONE) -> None:
        self.now = pendulum.datetime(*args, tz=tz)  # type: ignore[arg-type]

    def __call__(self) -> pendulum.DateTime:
        return self.now

    def advance(self, **amount: int) -> None:
        self.now = self.now.add(**amount)


def build(
    db_path: Path,
    clock: Clock | None = None,
    *,
    settings: Any = None,
    show_welcome: bool = False,
    device: str = "test",
    **options: object,
) -> InnerChildApp:
    """The app as the CLI builds it, over ``db_path``, on a fixed clock (24 Nov 2026, 10:00).

    ``options`` are settings (``theme=``, ``checkin_reminder=``…) on top of a person who has
    already been welcomed; pass ``settings`` whole instead to start from elsewhere.
    """
    from innerchild_tui.app import make_app
    from innerchild_tui.config import Settings

    if settings is None:
        settings = Settings(welcomed=not show_welcome, **options)  # type: ignore[arg-type]
    return make_app(
        db_path,
        settings=settings,
        clock=clock or Clock(2026, 11, 24, 10, 0),
        device=device,
        show_welcome=show_welcome,
    )


async def settle(pilot: Pilot[Any]) -> None:
    """Let the keys pressed so far take effect and every worker (saves, merges) finish,
    and those a finished one or the next frame started (the habits' figures start once
    the rows are on screen)."""
    import contextlib

    from textual.worker import WorkerCancelled, WorkerState

    await pilot.pause()
    for _ in range(20):
        await after_the_next_frame(pilot)
        # An exclusive worker replaced by a newer one (a merge, the tending) ends
        # cancelled: that is how it is meant to end, and the newer one is waited for.
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(
            w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers
        ):
            return


async def after_the_next_frame(pilot: Pilot[Any]) -> None:
    """Let what was asked to run after the screen's next refresh (``call_after_refresh``,
    as the habits' figures are started) run: a callback of our own, asked last, has run.

    On a busy machine the next refresh can come well after the app looks idle.
    """
    ran = asyncio.Event()
    pilot.app.screen.call_after_refresh(ran.set)
    await wait_until(pilot, ran.is_set, "the next frame")


def calls_to(target: object, method: str) -> list[tuple[Any, ...]]:
    """Record each call of ``target.method`` from now on (its arguments, in order); the
    method still runs. Async methods too (Textual calls a widget's ``recompose`` so)."""
    import inspect

    calls: list[tuple[Any, ...]] = []
    original = getattr(target, method)
    if inspect.iscoroutinefunction(original):

        async def recorded_async(*args: Any, **options: Any) -> Any:
            calls.append((*args, options))
            return await original(*args, **options)

        setattr(target, method, recorded_async)
    else:

        def recorded(*args: Any, **options: Any) -> Any:
            calls.append((*args, options))
            return original(*args, **options)

        setattr(target, method, recorded)
    return calls


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` key by key, as a terminal sends a quick typist's keys.

    The same key events ``pilot.press`` sends, without its wait for an idle app after each
    one (most of the time a typing test took). Plain text only: a key that moves the focus
    (tab, enter) goes through ``pilot.press``, which waits for the move.
    """
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    await pilot.pause()  # a screen the last key opened has mounted and taken the focus
    for char in text:
        assert char.isprintable(), f"{char!r} is not plain text: press it with pilot.press"
        key = events.Key(_character_to_key(char), char)
        key.set_sender(app)
        app.post_message(key)
    await pilot.pause()


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, timeout: float = 60
) -> None:
    """Let the app run until ``condition()`` is true; fail saying ``what`` did not happen.

    The timeout only turns a hang into a failure: on a loaded machine it is never reached.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, f"{what} did not happen within {timeout:.0f} s"
        await pilot.pause(0.02)


async def laid_out(pilot: Pilot[Any]) -> None:
    """:func:`settle`, then let frames pass until the screen's layout holds over one: every
    widget where it will stay, tables fitted to their new width, text areas wrapped to
    theirs (a new size sets off a second layout, as widgets answer their resize)."""
    await settle(pilot)
    previous: object = None
    for _ in range(20):
        layout = [
            (widget, widget.region, widget.virtual_size)
            for widget in pilot.app.screen.walk_children(with_self=True)
        ]
        if layout == previous:
            return
        previous = layout
        await after_the_next_frame(pilot)
        await pilot.pause()


async def still(pilot: Pilot[Any]) -> None:
    """Stop every cursor blinking (on every screen) so a snapshot is the same each run."""
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea").results():
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
    # Let saves, timers and layout finish, so what is drawn no longer depends on timing:
    # on a busy machine a text area may still be wrapping to its new width.
    await settle(pilot)
    previous = ""
    for _ in range(20):
        await pilot.pause(0.05)
        drawn = pilot.app.export_screenshot()
        if drawn == previous:
            return
        previous = drawn


def pressed(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A snapshot's ``run_before``: once the dashboard has settled, press ``keys``, then
    hold :func:`still`.

    Not ``snap_compare(press=...)``: it presses after ``run_before``, so a dialog those keys
    open would blink on, and its saves run on, while the picture is taken.
    """

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)  # the dashboard's first frame, figures and all, is behind it
        await pilot.press(*keys)
        await still(pilot)

    return run_before


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``innerchild ARGS`` run in this process, through the entry point's own ``main(argv)``.

    As :func:`run_installed` runs it, without the cost of a new Python: the test's isolated
    environment (plus ``env``), nothing on stdin (end of input, not a terminal), and what it
    writes to stdout and stderr caught apart. Whatever it does to the data file is on disk,
    where the test reads it back.
    """
    from innerchild_tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        patch.setattr(sys, "stdin", io.StringIO(""))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    return subprocess.CompletedProcess(["innerchild", *args], code, out.getvalue(), err.getvalue())


def run_installed(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``innerchild`` in the test's isolated environment (plus ``env``),
    nothing on stdin (not a terminal, as from a script or cron).

    For what only a new process shows: the entry point itself, what it imports, signals,
    other processes at once. Everything else goes through :func:`run_cli`.
    """
    return subprocess.run(
        [str(INNERCHILD), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUTF8": "1", **(env or {})},
        timeout=HANG_BOUND,
        check=False,
    )


def read_file(path: Path) -> dict[str, Any]:
    """The data file as it is on disk, reopened: what a user would find."""
    return json.loads(path.read_text(encoding="utf-8"))


def live(path: Path, table: str) -> list[dict[str, Any]]:
    """The records of ``table`` in the file on disk that are not deleted."""
    return [r for r in read_file(path).get(table, {}).values() if not r.get("deleted")]


def habit_id(path: Path, name: str) -> str:
    """The id of the live habit called ``name`` in the file on disk."""
    return next(str(h["id"]) for h in live(path, "habits") if h["name"] == name)


def visible_text(app: Any) -> str:
    """Every word on the screen now (the screenshot's text, tags and styles dropped)."""
    import re

    svg = app.export_screenshot(title="WINDOW-TITLE")  # the frame's title, not the screen's
    texts = [t for t in re.findall(r">([^<]*)</text>", svg) if t != "WINDOW-TITLE"]
    return re.sub(r"&#160;|\s+", " ", " ".join(texts))


def shown_panes(app: Any) -> list[str]:
    """The ids of the dashboard panes a person can see now."""
    from innerchild_tui.app.panes import Pane

    dashboard = app.screen_stack[0]
    return [
        pane.id
        for pane in dashboard.query(Pane)
        if pane.display
        and all(node.display for node in pane.ancestors_with_self if hasattr(node, "display"))
        and pane.region.area > 0
    ]
