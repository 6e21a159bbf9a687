"""A text area whose work on a long line is the rows on screen, not the whole line.

Textual 8.2's ``TextArea`` takes a document line whole: to draw one screen row of a
wrapped line it divides the whole line into its rows (a letter pasted as one line of
720 KB: about 0.2 s a row, ten seconds to show the editor), a key typed into the line
wraps all of it again in Python (about 0.2 s a key), and moving the cursor divides it
again. Here a line is wrapped a row at a time (at C speed where every character is one
cell wide), an edit is wrapped again from the row before it until the breaks meet the
old ones, a row is found from its breaks and drawn from its own characters.

The breaks are the ones ``textual._wrap.compute_wrap_offsets`` gives and a row is drawn
as ``TextArea._render_line`` draws it: ``tests/test_letters_app.py`` holds both, and the
cursor's mapping, to Textual's own code (``textual`` is pinned to 8.2.x). A line holding
a tab is wrapped by Textual's own code, whole (its tab stops count from the line's start).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import cache
from importlib import import_module
from itertools import accumulate
from typing import NamedTuple

from rich.cells import get_character_cell_size
from rich.style import Style
from rich.text import Text
from textual._cells import cell_len, cell_width_to_column_index
from textual._wrap import compute_wrap_offsets, re_chunk
from textual.document._document import Document, Location
from textual.document._document_navigator import DocumentNavigator
from textual.document._wrapped_document import WrappedDocument
from textual.expand_tabs import (
    expand_tabs_inline,
    expand_text_tabs_from_widths,
    get_tab_widths,
)
from textual.geometry import Offset, clamp
from textual.strip import Strip
from textual.widgets import TextArea

from innerchild_tui.app.widgets.steady import SteadyScrollbars

# Lines up to this long are drawn by Textual's own code, as before.
LONG_LINE = 1024
# A line with more rows than this is wrapped again after an edit from the edit on only.
MANY_ROWS = 8

# The end of the last word start (a character after a space) in the span searched.
_LAST_WORD_START = re.compile(r"[\s\S]*\s(?=\S)")
# A word start: where a row may begin (besides a word too wide for a row, folded).
_WORD_START = re.compile(r"(?<=\s)\S")


class _Classes(NamedTuple):
    """Character classes of the Basic Multilingual Plane, from rich's table. Each stays
    one quick lookup table (a range beyond the plane is tried for every character)."""

    odd: re.Pattern[str]
    """No width of its own or changes another's: controls and tabs, marks, the joiner
    and the variation selector."""
    wide: re.Pattern[str]
    """Two cells wide, or beyond the plane (measured one by one)."""
    wide_run: re.Pattern[str]
    """A run of characters two cells wide."""
    not_one: re.Pattern[str]
    """Any character that may not be one cell wide."""


def _cell_widths() -> list[tuple[int, int, int]]:
    """rich's ranges of characters and their widths (its table moved in rich 15; where
    it cannot be found, every character past ASCII is measured one by one)."""
    try:
        return list(import_module("rich._unicode_data").load("auto").widths)
    except (ImportError, AttributeError):
        pass
    try:
        return list(import_module("rich._cell_widths").CELL_WIDTHS)
    except (ImportError, AttributeError):
        return [(0x80, 0xFFFF, 0)]


@cache
def _classes() -> _Classes:
    odd = [r"\x00-\x1f\x7f-\x9f\u200d\ufe0f\ud800-\udfff"]
    wide: list[str] = []
    for first, last, width in _cell_widths():
        if first <= 0xFFFF and width != 1:
            span = f"\\u{first:04x}-\\u{min(last, 0xFFFF):04x}"
            (wide if width == 2 else odd).append(span)
    beyond = r"\U00010000-\U0010ffff"
    return _Classes(
        odd=re.compile(f"[{''.join(odd)}]"),
        wide=re.compile(f"[{''.join(wide)}{beyond}]"),
        wide_run=re.compile(f"[{''.join(wide)}]+" if wide else r"[^\s\S]"),
        not_one=re.compile(f"[{''.join(odd + wide)}{beyond}]"),
    )


def wrap_breaks(line: str, width: int, tab_width: int) -> list[int]:
    """Where ``line`` breaks into rows of ``width`` cells (each row's start but the
    first): what ``compute_wrap_offsets`` gives, worked out a row at a time."""
    if not width:
        return []
    if width < 2 or "\t" in line:
        return compute_wrap_offsets(line, width, tab_width)
    if 2 * len(line) <= width:
        return []  # it fits: no character is wider than two cells
    return list(_row_starts(line, 0, width))


def _row_starts(line: str, start: int, width: int) -> Iterator[int]:
    """The starts of the rows after the one that begins at ``start``. A row's start is
    all its end depends on, as in Textual's wrapping: a row holds whole words while they
    fit, trailing spaces counted, and a word too wide for a row is folded where a
    character no longer fits."""
    not_one = _classes().not_one.search
    last_word_start = _LAST_WORD_START.match
    length = len(line)
    row: int | None = start
    while row is not None:
        stop = row + width + 1  # a row's characters, and the one after (a word start?)
        if not_one(line, row, stop) is None:
            # Every character here is one cell: the row ends at the last word start
            # within ``width`` characters, or folds a word too wide there.
            if length < stop:
                return
            word = last_word_start(line, row, stop)
            row = word.end() if word else stop - 1
        else:
            row = _next_break(line, row, width)
            if row is None:
                return
        yield row


def _next_break(line: str, start: int, width: int) -> int | None:
    """Where the row that begins at ``start`` ends (the next row's start), or None when
    it is the line's last row."""
    stop = start + width + 1
    classes = _classes()
    if classes.odd.search(line, start, stop) is None:
        run = classes.wide_run.match(line, start, stop)
        if run and run.end() - start > width // 2:
            reach: int | None = start + width // 2  # a run of wide characters (CJK)
        else:
            reach = _reach(line, start, width, stop)
        if reach is not None:
            # Each character here is one cell or two: the row reaches as far as the
            # cells allow, and ends at the last word start within that reach (else the
            # word it is in is folded there).
            if reach >= len(line):
                return None
            word = _LAST_WORD_START.match(line, start, reach + 1)
            return word.end() if word else reach
    return _next_break_measured(line, start, width)


def _reach(line: str, start: int, width: int, stop: int) -> int | None:
    """The furthest end of a row from ``start`` whose characters fit in ``width``,
    where each character up to ``stop`` is one cell or two; None when one has no width
    (measured the slow way)."""
    limit = start + width
    reach = min(len(line), limit)
    for found in _classes().wide.finditer(line, start, stop):  # in order
        character = found.group()
        cells = 2 if character <= "\uffff" else get_character_cell_size(character)
        if not cells:
            return None
        if cells == 2 and found.start() < reach:
            limit -= 1  # a wide character in the row takes the room of one more
            reach = min(len(line), limit)
    return reach


class _ReadOn(Exception):
    """A row could not be decided from the characters read so far."""


def _next_break_measured(line: str, start: int, width: int) -> int | None:
    """:func:`_next_break` where characters of no width are about: chunk by chunk, as
    Textual does, reading a few rows' worth of characters (more only when they do not
    decide the row), so a row inside a word of a megabyte costs a row."""
    read = 8 * width + 8
    while True:
        try:
            return _measured_row(line, start, width, min(len(line), start + read))
        except _ReadOn:
            read *= 4


def _measured_row(line: str, start: int, width: int, stop: int) -> int | None:
    used = 0
    # A row that begins inside a word goes on folding it, a character at a time.
    folding = start > 0 and _WORD_START.match(line, start) is None
    for chunk in re_chunk.finditer(line, start, stop):
        chunk_start, chunk_end = chunk.span()
        cut = chunk_end == stop < len(line)  # the chunk may go on past what was read
        if not folding:
            # Its measure only grows as it goes on: past the row, it is past it.
            chunk_width = cell_len(chunk.group())
            if used + chunk_width <= width:
                if cut:
                    raise _ReadOn
                used += chunk_width
                continue
            if chunk_start > start:
                return chunk_start  # it starts the next row (folded there if too wide)
        folded = 0
        for index in range(chunk_start, chunk_end):
            cell = get_character_cell_size(line[index])
            if folded + cell > width:
                return index
            folded += cell
        if cut:
            raise _ReadOn
        # The rest of a folded word, or one whose characters fit though its measure
        # (a joined emoji) does not: the row goes on from its measure, as Textual's.
        used = cell_len(chunk.group())
        folding = False
    return None


def _rewrapped(
    old_breaks: list[int], line: str, first: int, old_end: int, new_end: int, width: int
) -> list[int]:
    """The breaks of ``line`` after ``[first, old_end)`` of the line the breaks were
    worked out for became ``[first, new_end)``: the rows before the word the edit
    touches are kept, rows are wrapped again from there until one starts where a row
    started before (past the edit), and the rows after it are the old ones, moved."""
    shift = new_end - old_end
    touched = _word_start_at_or_before(line, first - 1) if first else 0
    kept = bisect_left(old_breaks, touched)
    if first - touched > 2 * width + 2:
        # Deep in a word wider than a row (a text without spaces): it is folded whatever
        # the edit, and its rows before the edit stay (each is its characters that fit).
        tail = line[first - 2 * width - 2 : first]
        if cell_len(tail) > width and line[first - 2 * width - 3] != "\u200d":
            kept = max(kept, bisect_left(old_breaks, first))
    breaks = old_breaks[:kept]
    for row in _row_starts(line, breaks[-1] if breaks else 0, width):
        breaks.append(row)
        if row > new_end:  # (the character before it, unchanged too, says if in a word)
            at = bisect_left(old_breaks, row - shift)
            if at < len(old_breaks) and old_breaks[at] == row - shift:
                breaks.extend(map(shift.__add__, old_breaks[at + 1 :]))
                break
    return breaks


def _word_start_at_or_before(line: str, index: int) -> int:
    """The start of the word (or space run) that holds ``line[index]``."""
    span = 256
    while True:
        low = max(0, index - span)
        found = _LAST_WORD_START.match(line, low, index + 1)
        if found:
            return found.end()
        if not low:
            return 0
        span *= 4


def _tab_widths(line: str, tab_width: int) -> list[int]:
    if "\t" not in line:
        return [0] if line else []  # what get_tab_widths gives, without measuring
    return [width for _part, width in get_tab_widths(line, tab_width)]


class _RowLines:
    """Each row's line and place in the line, from the top (Textual's list of pairs),
    worked out from where each line's rows begin."""

    def __init__(self, wrapped: SectionWrap) -> None:
        self._wrapped = wrapped

    def __len__(self) -> int:
        return self._wrapped._firsts[-1]

    def __getitem__(self, y: int) -> tuple[int, int]:
        firsts = self._wrapped._firsts
        if y < 0:
            y += firsts[-1]
        if not 0 <= y < firsts[-1]:
            raise IndexError(y)
        line = bisect_right(firsts, y) - 1
        return line, y - firsts[line]


class _LineRows:
    """Each line's rows, as places from the top (Textual's list of lists)."""

    def __init__(self, wrapped: SectionWrap) -> None:
        self._wrapped = wrapped

    def __len__(self) -> int:
        return len(self._wrapped._firsts) - 1

    def __getitem__(self, line: int) -> range:
        firsts = self._wrapped._firsts
        if line < 0:
            line += len(firsts) - 1
        if not 0 <= line < len(firsts) - 1:
            raise IndexError(line)
        return range(firsts[line], firsts[line + 1])


class SectionWrap(WrappedDocument):
    """Textual's wrapped view of a document, doing a row's work per row: wrapping with
    :func:`wrap_breaks`, again after an edit with :func:`_rewrapped` (for a long line
    without a tab), and finding a row from its breaks instead of dividing its line.

    Where each line's rows begin is kept instead of a pair for every row and a list for
    every line (built anew at every wrap, and for the line typed into at every key);
    Textual's ``_offset_to_line_info`` and ``_line_index_to_offsets`` are views of it,
    and a line's tab widths are measured when the line is drawn."""

    def __init__(self, document: Document, width: int = 0, tab_width: int = 4) -> None:
        self._texts: list[str] = []  # each line as it was wrapped (to see what an edit did)
        self._firsts: list[int] = [0]  # the first row of each line, then the row count
        self._tabs: dict[int, tuple[str, list[int]]] = {}  # a line's tab widths, by line
        super().__init__(document, width, tab_width)
        self._offset_to_line_info = _RowLines(self)  # type: ignore[assignment]
        self._line_index_to_offsets = _LineRows(self)  # type: ignore[assignment]

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        lines = list(self.document.lines)
        self._texts = lines
        if width:
            self._wrap_offsets = [wrap_breaks(line, width, self._tab_width) for line in lines]
        else:  # not laid out yet
            self._wrap_offsets = [[] for _line in lines]
        self._firsts = list(accumulate((len(b) + 1 for b in self._wrap_offsets), initial=0))
        self._tabs.clear()

    @property
    def height(self) -> int:
        return self._firsts[-1]

    def get_tab_widths(self, line_index: int) -> list[int]:
        line = self.document[line_index]
        known = self._tabs.get(line_index)
        if known is None or known[0] is not line:
            known = line, _tab_widths(line, self._tab_width)
            self._tabs[line_index] = known
        return known[1]

    def wrap_range(self, start: Location, old_end: Location, new_end: Location) -> None:
        # The lines as TextArea.wrap_range finds them (an edit API call may name any range).
        old_last = len(self._firsts) - 2
        new_last = self.document.line_count - 1
        first_line = clamp(start[0], 0, min(old_last, new_last))
        old_end_line = clamp(old_end[0], 0, old_last)
        new_end_line = clamp(new_end[0], 0, new_last)
        top, old_bottom = sorted((first_line, old_end_line))
        new_bottom = max(first_line, new_end_line)
        lines = self.document.lines[top : new_bottom + 1]
        breaks = [
            self._line_breaks(line, index, start, old_end, new_end)
            for index, line in enumerate(lines, top)
        ]
        same_rows = top == old_bottom == new_bottom and len(breaks[0]) == len(
            self._wrap_offsets[top]
        )
        self._wrap_offsets[top : old_bottom + 1] = breaks
        self._texts[top : old_bottom + 1] = lines
        if not same_rows:  # (a key typed into a line keeps its rows, mostly)
            self._firsts[top:] = accumulate(
                (len(b) + 1 for b in self._wrap_offsets[top:]), initial=self._firsts[top]
            )
        self._tabs.clear()

    def _line_breaks(
        self, line: str, index: int, start: Location, old_end: Location, new_end: Location
    ) -> list[int]:
        """A line's breaks after an edit: from the edit on only, when the edit stayed
        within a long line without a tab and the line is what the edit says it did."""
        width = self._width
        if start[0] == old_end[0] == new_end[0] == index and index < len(self._texts):
            old_breaks = self._wrap_offsets[index]
            old = self._texts[index]
            first, old_stop, new_stop = start[1], old_end[1], new_end[1]
            if (
                width >= 2
                and len(old_breaks) > MANY_ROWS
                and len(line) > LONG_LINE
                and "\t" not in line
                and "\t" not in old
                and 0 <= first <= min(old_stop, new_stop)
                and old_stop <= len(old)
                and len(line) - len(old) == new_stop - old_stop
                and line[:first] == old[:first]
                and line[new_stop:] == old[old_stop:]
            ):
                return _rewrapped(old_breaks, line, first, old_stop, new_stop, width)
        return wrap_breaks(line, width, self._tab_width)

    def _row_span(self, line_index: int, row: int) -> tuple[int, int]:
        """Where a row of a line starts and ends in the line (Python's negative rows)."""
        breaks = self._wrap_offsets[line_index]
        rows = len(breaks) + 1
        if not -rows <= row < rows:
            raise IndexError(f"line {line_index} has no row {row}")
        row %= rows
        start = breaks[row - 1] if row else 0
        end = breaks[row] if row < len(breaks) else len(self.document[line_index])
        return start, end

    def get_sections(self, line_index: int) -> list[str]:
        line = self.document[line_index]
        starts = [0, *self._wrap_offsets[line_index]]
        return [line[a:b] for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]

    def location_to_offset(self, location: Location) -> Offset:
        line_index, column = location
        line_index = clamp(line_index, 0, len(self._line_index_to_offsets))
        row = bisect_right(self.get_offsets(line_index), column)
        start, _end = self._row_span(line_index, row)
        before = self.document[line_index][start:column]
        x = cell_len(expand_tabs_inline(before, self._tab_width))
        return Offset(x, self._line_index_to_offsets[line_index][row])

    def get_target_document_column(self, line_index: int, x_offset: int, y_offset: int) -> int:
        start, end = self._row_span(line_index, y_offset)
        row = self.document[line_index][start:end]
        column = start + cell_width_to_column_index(row, x_offset, self._tab_width)
        if y_offset not in (len(self._wrap_offsets[line_index]), -1):
            column = min(column, end - 1)  # a row's end is the next row's start
        return column


def _visible_end(line: str, width: int) -> int:
    """Where a prefix of ``line`` at least ``width`` cells wide ends (or the line does)."""
    end = width + 8
    while end < len(line) and cell_len(line[:end]) <= width:
        end *= 2
    return min(end, len(line))


class LongLineTextArea(SteadyScrollbars, TextArea):
    """A TextArea over a :class:`SectionWrap` that draws a long wrapped line's rows
    from their own characters."""

    def _set_document(self, text: str, language: str | None) -> None:
        if language:
            super()._set_document(text, language)
            return
        # TextArea's own plain-text document, wrapped here (its own wrapping would take
        # a long line whole first).
        self._highlight_query = None
        self.document = Document(text)
        self.wrapped_document = SectionWrap(self.document, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._build_highlight_map()
        self.move_cursor((0, 0))
        self._rewrap_and_refresh_virtual_size()

    def _render_line(self, y: int) -> Strip:
        wrapped = self.wrapped_document
        y_offset = y + self.scroll_offset[1]
        if (
            not isinstance(wrapped, SectionWrap)
            or not 0 <= y_offset < len(wrapped._offset_to_line_info)
            or self.show_line_numbers
            or self.suggestion
            or not self.soft_wrap
        ):
            return super()._render_line(y)
        line_index, row = wrapped._offset_to_line_info[y_offset]
        if len(self.document[line_index]) <= LONG_LINE or self._highlights.get(line_index):
            return super()._render_line(y)
        return self._render_row(wrapped, line_index, row)

    def _render_row(self, wrapped: SectionWrap, line_index: int, row: int) -> Strip:
        """One row of a long wrapped line, as ``TextArea._render_line`` draws it from the
        whole line divided into rows, made from the row's characters alone."""
        theme = self._theme
        base_style = theme.base_style if theme and theme.base_style is not None else self.rich_style
        line_text = self.document[line_index]
        width = self.scrollable_content_region.size.width - self.gutter_width
        breaks = wrapped.get_offsets(line_index)
        start, end = wrapped._row_span(line_index, row)
        if not breaks:
            # Not wrapped yet (laid out, not yet told its new size): the line is drawn
            # unwrapped and cut to the widget, so only the start can show.
            end = _visible_end(line_text, width)
        last_row = end == len(line_text)
        text = Text(line_text[start:end], end="", no_wrap=True)
        text.tab_size = self.indent_width
        if last_row:
            text.set_length(end - start + 1)  # a space after the line for the cursor
        shown = len(text)

        def style(what: Style | None, first: int = 0, stop: int | None = None) -> None:
            """Style the line's columns ``[first, stop)``, where they fall in this row."""
            stop = len(line_text) + 1 if stop is None else stop
            first, stop = max(first - start, 0), min(stop - start, shown)
            if what and first < stop:
                text.stylize(what, first, stop)

        selection = self.selection
        cursor_row, cursor_column = selection.end
        (top_row, top_column), (bottom_row, bottom_column) = sorted(selection)
        cursor_line_style = (
            theme.cursor_line_style
            if theme and self.highlight_cursor_line and self._has_cursor
            else None
        )
        if self._has_cursor and cursor_row == line_index:
            style(cursor_line_style)
        if selection.start != selection.end and top_row <= line_index <= bottom_row:
            selected = theme.selection_style if theme else None
            if line_index == top_row == bottom_row:
                style(selected, top_column, bottom_column)
            elif line_index == top_row:
                style(selected, top_column, len(line_text))
            elif line_index == bottom_row:
                style(selected, 0, bottom_column)
            else:
                style(selected, 0, len(line_text))
        bracket = self._matching_bracket_location
        brackets = (
            self._has_cursor
            and self.match_cursor_bracket
            and bracket is not None
            and selection.start == selection.end
        )
        if cursor_row == line_index:
            if brackets:
                style(
                    theme.bracket_matching_style if theme else None,
                    cursor_column,
                    cursor_column + 1,
                )
            if self._draw_cursor:
                style(theme.cursor_style if theme else None, cursor_column, cursor_column + 1)
        if brackets and theme and bracket is not None and bracket[0] == line_index:
            style(theme.bracket_matching_style, bracket[1], bracket[1] + 1)

        tabs = text.plain.count("\t")
        if tabs and not breaks:
            text.expand_tabs(self.indent_width)
        elif tabs:  # (counting those before in a tab-free megabyte is a pause of its own)
            before = line_text.count("\t", 0, start)
            widths = wrapped.get_tab_widths(line_index)[before : before + tabs]
            text = expand_text_tabs_from_widths(text, widths)
        strip = Strip(text.render(self.app.console), cell_length=text.cell_len)
        if cursor_row == line_index and self.highlight_cursor_line:
            line_style = cursor_line_style
        else:
            line_style = theme.base_style if theme else None
        return strip.extend_cell_length(width, line_style).apply_style(base_style)
