"""Every key, generated from the live bindings."""

from __future__ import annotations

import textwrap
import weakref
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from innerchild_tui.app.keys import key_actions

Row = tuple[str, str, str]  # (group, keys, what they do)
_ROWS: weakref.WeakKeyDictionary[App[Any], tuple[tuple[tuple[str, str], ...], list[Row]]] = (
    weakref.WeakKeyDictionary()
)

KEYS_WIDTH = 22  # the keys' column at most; longer keys wrap onto their own line
GAP = 2


class KeysList(ScrollView, can_focus=True):
    """The keys in two columns, keys right-aligned beside what they do, by group.

    Laid out into lines for the width it has (again only when that changes), and only
    the lines on screen are drawn: as one Rich table in a Static, the 185 rows were laid
    out again at each of Textual's measures of a new screen, and the help took 180 ms
    to open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", show=False),
        Binding("down", "scroll_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]

    def __init__(
        self, rows: list[Row], *, start_at: str | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._rows = rows
        self._start_at = start_at  # the section shown first (where the person is)
        self._lines: list[list[tuple[str, bool, bool]]] = []  # (text, bold, underline)
        self._width = 0

    DEFAULT_CSS = """
    KeysList { overflow-x: hidden; overflow-y: auto; height: 1fr; }
    """

    def on_resize(self, event: events.Resize) -> None:
        # The width beside the scroll bar (it shows up once the lines are in: laid out
        # for the width without it, the lines' ends were cut off).
        width = self.size.width - self.styles.scrollbar_size_vertical
        if width > 0 and width != self._width:
            self._width = width
            self._lines = keys_lines(self._rows, width)
            self.virtual_size = Size(width, len(self._lines))
            self.refresh()
            if self._start_at is not None:
                heading = (self._start_at, True, True)
                at = next((y for y, line in enumerate(self._lines) if heading in line), 0)
                self._start_at = None  # once: a resize later keeps where the person scrolled
                # (once the new height is laid out: before, there is nowhere to scroll)
                self.call_after_refresh(self.scroll_to, y=at, animate=False)

    @property
    def plain_lines(self) -> list[str]:
        """The lines as laid out now, without styles (what a reader of the screen gets)."""
        return ["".join(text for text, _, _ in line) for line in self._lines]

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        width = self.scrollable_content_region.width
        index = y + scroll_y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        segments = [
            Segment(text, base + Style(bold=bold, underline=underline) if bold else base)
            for text, bold, underline in self._lines[index]
        ]
        strip = Strip(segments, sum(cell_len(text) for text, _, _ in self._lines[index]))
        return strip.crop_extend(scroll_x, scroll_x + width, base)


def keys_lines(rows: list[Row], width: int) -> list[list[tuple[str, bool, bool]]]:
    """``rows`` laid out in ``width`` columns: a group's name (bold, underlined) above its
    rows; each row's keys right-aligned in the keys' column, what they do beside them,
    wrapped under itself; keys too long for the column get a line of their own."""
    column = min(KEYS_WIDTH, max((cell_len(keys) for _, keys, _ in rows), default=0))
    room = max(10, width - column - GAP)
    lines: list[list[tuple[str, bool, bool]]] = []
    group = ""
    for row_group, keys, what in rows:
        if row_group != group:
            group = row_group
            if lines:
                lines.append([])
            lines.append([(" " * (column + GAP), False, False), (group, True, True)])
        wrapped = textwrap.wrap(what, room) or [""]
        if cell_len(keys) > column:
            lines.append([(keys, True, False)])
            keys = ""
        lines.append([(keys.rjust(column) + " " * GAP, True, False), (wrapped[0], False, False)])
        # (the keys' column blank, in the keys' style: a blank of the text's own style
        # runs into the text, and a screenshot's SVG then drops it)
        lines.extend(
            [(" " * (column + GAP), True, False), (more, False, False)] for more in wrapped[1:]
        )
    return lines


class HelpScreen(ModalScreen[None]):
    """Every key; it opens at the section for where the person is (``start_at``: a
    screen's or a pane's title, None: the top)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, start_at: str | None = None) -> None:
        super().__init__()
        self.start_at = start_at

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static("Keys", classes="dialog-title")
            yield KeysList(self.help_rows(), start_at=self.start_at, id="help-table")
            yield Static(
                "Everything is also in the command palette (ctrl+p). "
                "Esc leaves a text field so single keys work again.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(KeysList).focus()

    def help_rows(self) -> list[Row]:
        """(group, keys, what they do), one row per action; rows that do the same thing
        with different keys (the mood digits) are folded into one. Read from the bindings
        once for each keymap (reading every screen's took about 20 ms an opening)."""
        keymap = tuple(sorted(self.app._keymap.items()))
        known = _ROWS.get(self.app)
        if known is not None and known[0] == keymap:
            return list(known[1])
        rows = self._read_rows()
        _ROWS[self.app] = (keymap, rows)
        return list(rows)

    def _read_rows(self) -> list[Row]:
        rows: list[Row] = []
        for action in key_actions(self.app, screens=True):
            keys = " / ".join(
                self.app.get_key_display(Binding(key, action.binding.action)) for key in action.keys
            )
            what = action.binding.tooltip or action.binding.description
            if rows and rows[-1][0] == action.group and rows[-1][2] == what:
                rows[-1] = (action.group, f"{rows[-1][1]} {keys}", what)
            else:
                rows.append((action.group, keys, what))
        return rows
