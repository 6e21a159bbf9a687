"""Keep the developer's own settings and data out of every test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmodules import load_bench
from hypothesis import HealthCheck, settings
from keyring.backend import KeyringBackend

# The test modules' compiled, assert-rewritten bytecode is kept between runs even where
# PYTHONDONTWRITEBYTECODE is set (as in many containers): otherwise every worker of every
# run rewrites and compiles all of them again, about two seconds of each worker's start.
sys.dont_write_bytecode = False

# No time limit on an example anywhere, as Hypothesis's own CI profile has none: on a busy
# machine (the README's test command run beside other work) a saved example took 250-280
# ms against the default 200 and failed a run whose code was right.
settings.register_profile(
    "busy-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
if not os.environ.get("CI"):
    settings.load_profile("busy-machine")


def _share_parsed_css() -> None:
    """Each app parses the same CSS again (about 40 ms of every start, some 600 starts in a
    run): Textual keeps parsed rules per stylesheet, and every app makes a new one. Here
    they are kept for the process, by everything parsing depends on (the CSS, where it
    came from, its place in the cascade and the theme's variables). Parsing is a pure
    function of those and the rules are only read afterwards, so every app still gets
    what it would have parsed; a stylesheet with errors still fails as before (the rules
    keep their errors, and ``Stylesheet.parse`` raises on them)."""
    from textual.css.model import RuleSet
    from textual.css.stylesheet import CSSLocation, Stylesheet

    parse_rules = Stylesheet._parse_rules
    parsed: dict[tuple[object, ...], list[RuleSet]] = {}

    def shared(
        self: Stylesheet,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        variables = tuple(self._variables.items())
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        rules = parsed.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            parsed[key] = rules
        return rules

    Stylesheet._parse_rules = shared  # type: ignore[method-assign]


_share_parsed_css()


def _start_from_the_whole_dashboard() -> None:
    """``run_test`` hands over the pilot once the app is mounted, before its first frame;
    the Comfort and Letters panes fill in just after that frame (``Pane.fill``). Every
    test starts from the dashboard as a person sees it a moment after opening: the pilot
    is handed over once they are filled (or the app has ended). The moment before is
    tested with ``App.run_test`` itself (``test_letters_app``)."""
    import contextlib
    from collections.abc import AsyncIterator
    from typing import Any

    from textual.app import App
    from textual.pilot import Pilot

    from innerchild_tui.app.app import InnerChildApp
    from innerchild_tui.app.panes import Pane

    @contextlib.asynccontextmanager
    async def run_test(self: InnerChildApp, *args: Any, **kwargs: Any) -> AsyncIterator[Pilot[Any]]:
        async with App.run_test(self, *args, **kwargs) as pilot:
            panes = list(self.screen_stack[0].query(Pane).results()) if self.screen_stack else []
            waited = 0
            while any(not pane.filled and pane.is_attached for pane in panes) and not self._exit:
                assert waited < 6000, "the panes were never filled"  # a minute
                await pilot.pause(0.01)
                waited += 1
            yield pilot

    InnerChildApp.run_test = run_test  # type: ignore[method-assign,assignment]


_start_from_the_whole_dashboard()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked slow (real processes, terminals, Syncthing, a browser) go first: with
    two workers, one that started last would otherwise run on alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every platformdirs folder and $INNERCHILD_DB at a fresh temp dir."""
    home = tmp_path / "home"
    for variable, folder in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / folder).mkdir(parents=True)
        monkeypatch.setenv(variable, str(home / folder))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("INNERCHILD_DB", raising=False)
    yield home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's data file lives (not created yet)."""
    folder = tmp_path / "sync"
    folder.mkdir()
    return folder / "innerchild.json"


@pytest.fixture(scope="session")
def ten_year_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ten-year data file (bench/generate.py), made once per test session, however
    many xdist workers ask for it (the first makes it, under a lock, the others wait).

    Read-only for tests: copy it (:func:`ten_year_copy`) before writing to it.
    """
    import fcntl

    shared = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        shared = shared.parent  # the session's folder, above each worker's own
    folder = shared / "ten-years"
    path = folder / "innerchild.json"
    folder.mkdir(exist_ok=True)
    with (shared / "ten-years.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            made = folder / "making.json"
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("XDG_STATE_HOME", str(folder / "state"))
                patch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
                load_bench("generate").generate(made, years=10, seed=0)
            made.chmod(0o400)
            made.rename(path)
    return path


@pytest.fixture
def ten_year_copy(ten_year_file: Path, db_path: Path) -> Path:
    """A writable copy of the ten-year file at ``db_path``."""
    db_path.write_bytes(ten_year_file.read_bytes())
    db_path.chmod(0o600)
    return db_path


@pytest.fixture
def no_timed_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the test looks for outside changes and conflict copies, when it chooses.

    The open app does both every few seconds, and both save what is being typed first; on a
    slow machine such a check can land in the middle of what a test sets up.
    """
    from innerchild_tui.app import app as app_module

    monkeypatch.setattr(app_module, "EXTERNAL_CHECK_SECONDS", 3600.0)
    monkeypatch.setattr(app_module, "CONFLICT_CHECK_SECONDS", 3600.0)


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this test's memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("not there")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The OS keyring replaced by one in this test's memory (``keyring.set_keyring``)."""
    import keyring

    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """The process ends next: no last walk of the cycle collector over what is left.

    After the last test pytest runs five full collections; in a worker that has run
    hundreds of apps they walked millions of dead widgets (about ten seconds on a busy
    machine) only for the operating system to take the memory back a moment later. The
    apps hide from the collector's counts (``gc.freeze``, see
    ``history_back_in_gc_after_the_test``), so it seldom ran during the session and
    everything was left for that last walk.
    """
    import gc

    gc.freeze()


@pytest.fixture(autouse=True)
def keys_wait_for_the_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """``pilot.press(a, b, c)`` lets the screen take in each key before the next one.

    Pilot waits for an idle process between keys, and a process waiting for a CPU on a busy
    machine looks idle: the key after one that opens a screen could then reach the screen
    still mounting and be lost ("he window" for "the window"). Each key is pressed as its
    own ``press``, which waits for the widgets of the screen to handle their messages, and
    then waits so again for the screen that key may have opened.
    """
    from textual.pilot import Pilot

    press = Pilot.press

    async def press_each(self: Pilot[object], *keys: str) -> None:
        for key in keys:
            await press(self, key)
            await self._wait_for_screen()

    monkeypatch.setattr(Pilot, "press", press_each)


@pytest.fixture(autouse=True)
def toasts_outlast_a_slow_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """A toast stays up for the whole test, however slowly the machine runs it.

    Toasts go after a few seconds of wall-clock time: on a busy machine one could be gone
    before the picture or the assertion a quick machine sees it in.
    """
    from textual.app import App

    notify = App.notify

    def notify_for_the_test(self: App[object], *args: object, **kwargs: object) -> None:
        notify(self, *args, **{**kwargs, "timeout": 3600})  # type: ignore[arg-type]

    monkeypatch.setattr(App, "notify", notify_for_the_test)


@pytest.fixture(autouse=True)
def quicker_idle_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot looks for an idle app in 5 ms steps rather than 20 ms ones.

    Every key and pause sleeps at least one step; the idle test keeps its ratio (the app
    used under 5% of a step). Tests wait on conditions, never on these steps.
    """
    from textual import _wait

    monkeypatch.setattr(_wait, "SLEEP_GRANULARITY", 1 / 200)
    monkeypatch.setattr(_wait, "SLEEP_IDLE", 1 / 200 / 20)


@pytest.fixture(scope="session", autouse=True)
def fewer_cycle_collections() -> Iterator[None]:
    """The cycle collector runs after every 20,000 new objects, not 700.

    A UI test makes millions of short-lived objects, and Textual's caches keep many more
    alive for the whole session; each full collection walked all of those, and they ran
    often enough to take a fifth of a UI test's time. Only how often it runs changes:
    what it frees, and what the app keeps out of its reach, are the same.
    """
    import gc

    before = gc.get_threshold()
    gc.set_threshold(20_000, 10, 10)
    yield
    gc.set_threshold(*before)


@pytest.fixture(autouse=True)
def history_back_in_gc_after_the_test() -> Iterator[None]:
    """The app moves what is alive out of the cycle collector's reach (``gc.freeze``), as
    it should in a process that lives all day; in a test process that would keep every
    earlier test's apps too, so each test gives them back."""
    import gc

    yield
    gc.unfreeze()


@pytest.fixture
def quick_to_call_it_deleted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing data file counts as deleted after 0.1 s, not the 2 s a sync client's
    two-step replace is given (store.storage.REPLACE_GRACE)."""
    from innerchild_tui.store import base

    monkeypatch.setattr(base, "REPLACE_GRACE", 0.1)
