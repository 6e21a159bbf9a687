"""One voice of a letter: a text area that never takes in control characters."""

from __future__ import annotations

from textual import events
from textual.document._document import Location

from innerchild_tui.app.widgets.safe_text_area import SafeTextArea
from innerchild_tui.domain.text import clean_text


class VoiceArea(SafeTextArea):
    """A soft-wrapping text area for one voice of a letter.

    A paste is cleaned before it reaches the document: a terminal escape sequence or a
    NUL byte in pasted text is dropped, tabs, emoji and right-to-left text stay.

    Brackets are not matched: a letter is no code, and Textual looks for the partner of
    a bracket under the cursor a character at a time through the rest of the text (a
    tenth of a second at 720 KB, at every move onto a bracket without one).
    """

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            placeholder=placeholder,
            id=id,
            show_line_numbers=False,
        )

    def find_matching_bracket(self, bracket: str, search_from: Location) -> Location | None:
        return None

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        if result := self._replace_via_keyboard(clean_text(event.text), *self.selection):
            self.move_cursor(result.end_location)
            self.focus()
