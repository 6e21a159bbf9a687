"""One voice of a letter: a text area that never takes in control characters."""

from __future__ import annotations

from textual import events

from innerchild_tui.app.widgets.safe_text_area import SafeTextArea
from innerchild_tui.domain.letters import clean_letter_text


class VoiceArea(SafeTextArea):
    """A soft-wrapping text area for one voice of a letter.

    A paste is cleaned before it reaches the document: a terminal escape sequence or a
    NUL byte in pasted text is dropped, tabs, emoji and right-to-left text stay.
    """

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            placeholder=placeholder,
            id=id,
            show_line_numbers=False,
        )

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        if result := self._replace_via_keyboard(clean_letter_text(event.text), *self.selection):
            self.move_cursor(result.end_location)
            self.focus()
