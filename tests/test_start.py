"""What the dashboard's first frame waits for, in a new process as a person opens it.

The first frame is for today's check-in and habits. The screens the dashboard opens on a
key (dialogs, the calendar, help, search, the review) and what only they use are imported
when first opened, so none of them is read, compiled or built before the dashboard shows.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from innerchild_tui.store import Store

# Run in a new process: the test process has imported everything already.
FIRST_FRAME = """
import sys
from pathlib import Path
from textual import events
from textual._context import message_hook
from innerchild_tui.app import make_app

app = make_app(Path(sys.argv[1]), device="test")
seen = []

def at_first_frame(message):
    if isinstance(message, events.Ready) and not seen:
        seen.extend(sorted(sys.modules))
        app.exit()

message_hook.set(at_first_frame)
app.run(headless=True, size=(120, 40))
print("\\n".join(seen))
"""

NOT_AT_START = (
    "innerchild_tui.app.screens.confirm",
    "innerchild_tui.app.screens.help",
    "innerchild_tui.app.screens.welcome",
    "innerchild_tui.app.screens.unlock",
    "innerchild_tui.app.screens.draft",
    "innerchild_tui.app.screens.habit_calendar",
    "innerchild_tui.app.screens.habit_dialogs",
    "innerchild_tui.app.screens.comfort",
    "innerchild_tui.app.screens.search",
    "innerchild_tui.app.screens.review",
    "innerchild_tui.domain.review",
    "innerchild_tui.domain.search",
    "innerchild_tui.store.doctor",
    "innerchild_tui.cli",
)


def test_the_first_frame_waits_for_no_screen_it_does_not_show(db_path: Path) -> None:
    store = Store.open(db_path, device="test")
    store.checkins.add(mood=6, feelings=["calm"], note="a quiet morning")
    store.save()
    loaded = _modules_after(FIRST_FRAME, str(db_path))
    assert "innerchild_tui.app.panes.habits" in loaded  # the run reached the dashboard
    assert sorted(loaded.intersection(NOT_AT_START)) == []


# `innerchild` as typed, up to the moment the dashboard is launched.
TO_THE_DASHBOARD = """
import sys
import innerchild_tui.app.launch as launch
from innerchild_tui.cli import main

def launched(db_path, settings, **options):
    print("\\n".join(sorted(sys.modules)))
    return 0

launch.launch = launched
sys.exit(main(sys.argv[1:]))
"""


def test_opening_the_dashboard_builds_no_quick_command(db_path: Path) -> None:
    """`innerchild` alone builds none of the quick commands' parsers, nor imports what
    they need (the importers' sqlite3 and zip readers, reminders' plists): about 25 ms
    of every start. A command is still parsed and run as before."""
    loaded = _modules_after(TO_THE_DASHBOARD, "--db", str(db_path))
    assert "innerchild_tui.cli" in loaded
    for_commands = {
        "innerchild_tui.cli.parser",
        "innerchild_tui.cli.imports",
        "sqlite3",
        "plistlib",
    }
    assert sorted(loaded & for_commands) == []


def _modules_after(script: str, *args: str) -> set[str]:
    """The modules loaded when ``script`` (run in a new process) prints them."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stdout.split())
