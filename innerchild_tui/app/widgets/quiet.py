"""Widgets whose text changes often but whose size never does.

Textual lays out the whole screen after a ``Static.update`` unless told the size stays;
at ten years of data that re-renders every pane (tens of milliseconds) for a word in a
heading or "saved ✓" in the header. These repaint their own line only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterator
from typing import Any

from rich.cells import cell_len
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets._footer import FooterKey
from textual.widgets._header import HeaderTitle

from innerchild_tui.app.widgets.steady import SteadyScrollbars


class Heading(Static):
    """A pane's one-line heading (``height: 1`` in its CSS)."""

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=layout)


class SteadyList(SteadyScrollbars, OptionList):
    """An option list whose scrollbar a layout redraws only when its size changed."""


class QuietList(SteadyList):
    """An option list whose size its CSS sets (``height: 1fr``, say, never ``auto``).

    A new option changes the list's virtual size, which Textual answers with a layout of
    the whole screen (at ten years of data, a merge that adds a line to today's check-ins
    stalled the screen for 20 ms). Here it repaints the list only; the list still lays the
    screen out when its scrollbar comes or goes (that is its own reactive).
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def action_first(self) -> None:
        """The first option, and the top of the list: a heading above it stays in view."""
        super().action_first()
        self.scroll_home(animate=False)


class QuietHeader(Header):
    """Textual's header; a new title or sub-title (the save state) repaints its line."""

    def _on_mount(self, event: Mount) -> None:
        # Header's own watchers update the title with a layout of the whole screen; and
        # its watch on the app kept the header, and the screen it was on, for as long as
        # the app's title stayed the same (each search, history or review opened all day
        # long). It watches its screen; the app tells the headers of its own title.
        event.prevent_default()
        self.watch(self.screen, "title", self.show_title)
        self.watch(self.screen, "sub_title", self.show_title)

    def show_title(self) -> None:
        with contextlib.suppress(NoMatches, NoScreen):
            self.query_one(HeaderTitle).update(self.format_title(), layout=False)


class QuietFooter(Footer):
    """Textual's footer, built again only when the keys it would show have changed, and
    narrow without cutting a key in half.

    Textual rebuilds the footer (a widget per key, each styled twice) on every change of
    focus, although moving between two fields of one pane mostly leaves the keys as they
    were. Below :attr:`NARROW_BELOW` columns it drops its spacing and the palette's key
    (ctrl+p still opens the palette, and help lists it), so the screen's own keys and
    "? Keys" show whole.
    """

    NARROW_BELOW = 100
    PALETTE_ROOM = 14  # "^p palette" and the rule before it, when wide

    _shown: Hashable = None
    _narrow: bool | None = None
    _width: int | None = None

    def compose(self) -> Iterator[Widget]:
        width = self.app.size.width
        narrow = width < self.NARROW_BELOW
        self._narrow, self._width = narrow, width
        self.set_reactive(Footer.compact, narrow)
        self.set_reactive(Footer.show_command_palette, not narrow)
        self.set_class(narrow, "-compact")
        widgets = list(super().compose())
        for widget in widgets:
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # Each key starts compact and is then bound to the footer's setting: two
                # restylings per key unless it starts out as the footer is. (The palette's
                # key is not bound: it stays compact.)
                widget.set_reactive(FooterKey.compact, narrow)
                widget.set_class(narrow, "-compact", update=False)
        yield from self._whole_keys(widgets, width - (0 if narrow else self.PALETTE_ROOM), narrow)

    @staticmethod
    def _whole_keys(widgets: list[Widget], room: int, compact: bool) -> list[Widget]:
        """The keys that fit whole, in their order; the help key always, if it is there.

        A key that does not fit is left out rather than cut in half: it still works, and
        help lists it. The palette's key docks on the right and is kept as it is.
        """

        def cells(key: FooterKey) -> int:
            if compact:  # "^s Save" and one space after it
                return cell_len(key.key_display) + 1 + cell_len(key.description) + 1
            return cell_len(key.key_display) + 3 + cell_len(key.description)  # " ^s Save "

        keys = [
            w for w in widgets if isinstance(w, FooterKey) and not w.has_class("-command-palette")
        ]
        if len(keys) != len(widgets) - sum(w.has_class("-command-palette") for w in widgets):
            return widgets  # binding groups: Textual lays them out its own way
        if sum(cells(key) for key in keys) <= room:
            return widgets
        left = room - sum(cells(key) for key in keys if key.action.endswith("help"))
        kept: set[int] = set()
        for key in keys:
            if key.action.endswith("help"):
                kept.add(id(key))
            elif cells(key) <= left:
                kept.add(id(key))
                left -= cells(key)
            else:
                left = -1  # keep the order: nothing after the first key left out
        return [
            w
            for w in widgets
            if not isinstance(w, FooterKey) or w.has_class("-command-palette") or id(w) in kept
        ]

    def on_resize(self) -> None:
        width = self.app.size.width
        if self._width is not None and width != self._width:
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        await super().recompose()
        # Textual binds each key's ``compact`` to the footer's (``data_bind``), and the
        # footer keeps the watcher of every key it ever showed until its own ``compact``
        # changes, which it hardly does: each rebuild (most focus changes) kept the keys
        # it had removed, all day long. Those watchers go with their keys.
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries if not node._closing]

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = tuple(
                (binding, enabled, tooltip, self.app.get_key_display(binding))
                for (_, binding, enabled, tooltip) in screen.active_bindings.values()
                if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
            )
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)


def set_border_text(
    widget: Widget, *, title: str | None = None, subtitle: str | None = None
) -> None:
    """Set a widget's border title and sub-title, each only if it changed.

    Textual repaints the whole widget on every assignment, changed or not: for a text
    area that is every line it shows, a few times a second while someone types.
    """
    if title is not None and widget.border_title != title:
        widget.border_title = title
    if subtitle is not None and widget.border_subtitle != subtitle:
        widget.border_subtitle = subtitle
