"""A report to bring to therapy: what was marked for it, the mood over the weeks, the
words named most, habits in gentle words, and letters if wanted.

Pure: records in, Markdown or one self-contained HTML page out (inline CSS and an inline
SVG chart; nothing fetched from anywhere).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from innerchild_tui.domain.feelings import with_intensity
from innerchild_tui.domain.habit_days import KEPT, REST, HabitHistory
from innerchild_tui.domain.insights import daily_moods, top_words
from innerchild_tui.domain.moods import sparkline
from innerchild_tui.domain.vocabulary import MOOD_WORDS

Record = Mapping[str, Any]
WEEKLY_BEYOND = 91  # days


@dataclass(frozen=True)
class HabitLine:
    name: str
    kept: int  # days done or partly done
    rest: int
    asked: int  # days in the range since the habit began


@dataclass
class Report:
    start: date
    end: date
    moods: dict[date, float]
    therapy: list[Record] = field(default_factory=list)
    words: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    habits: list[HabitLine] = field(default_factory=list)
    letters: list[Record] = field(default_factory=list)
    checkin_count: int = 0

    def mood_values(self) -> list[float | None]:
        """Each day's mood, oldest first (None for a day without a check-in)."""
        days = (self.end - self.start).days + 1
        return [self.moods.get(self.start + timedelta(days=n)) for n in range(days)]

    def mood_marks(self) -> tuple[list[float | None], str]:
        """The mood for a sparkline: a day each, or beyond 13 weeks a week each."""
        values = self.mood_values()
        if len(values) <= WEEKLY_BEYOND:
            return values, "One mark a day"
        weeks: list[float | None] = []
        for first in range(0, len(values), 7):
            known = [v for v in values[first : first + 7] if v is not None]
            weeks.append(sum(known) / len(known) if known else None)
        return weeks, "One mark a week"


def _day(record: Record) -> date | None:
    try:
        return date.fromisoformat(str(record.get("day", "")))
    except ValueError:
        return None


def build_report(
    checkins: Iterable[Record],
    habits: Sequence[tuple[Record, HabitHistory]],
    letters: Iterable[Record],
    start: date,
    end: date,
) -> Report:
    """Gather the report for ``start`` to ``end`` (both included)."""
    shown = [r for r in checkins if (d := _day(r)) is not None and start <= d <= end]
    report = Report(start, end, daily_moods(shown), checkin_count=len(shown))
    report.therapy = sorted(
        (r for r in shown if r.get("therapy")),
        key=lambda r: (str(r.get("day", "")), str(r.get("created_at", ""))),
    )
    for label, name in (("Feelings", "feelings"), ("Needs", "needs"), ("Tags", "tags")):
        counted = top_words(shown, name, start, end, limit=8)
        if counted:
            report.words[label] = counted
    for habit, history in habits:
        began = _day({"day": str(habit.get("created_at", ""))[:10]}) or start
        first = max(start, min(began, min(history.entries, default=began)))
        days = [first + timedelta(days=n) for n in range((end - first).days + 1)]
        kept = sum(1 for d in days if history.status_on(d) in KEPT)
        rest = sum(1 for d in days if history.status_on(d) == REST)
        report.habits.append(HabitLine(str(habit.get("name", "")), kept, rest, len(days)))
    report.letters = sorted(
        (r for r in letters if (d := _day(r)) is not None and start <= d <= end),
        key=lambda r: (str(r.get("day", "")), str(r.get("created_at", ""))),
    )
    return report


# Words ------------------------------------------------------------------------------
def _span(report: Report) -> str:
    return f"{report.start:%-d %B %Y} – {report.end:%-d %B %Y}"


def _mood_words(mood: object) -> str:
    return f"{mood} ({MOOD_WORDS[mood]})" if mood in MOOD_WORDS else str(mood)


def _checkin_facts(record: Record) -> list[tuple[str, str]]:
    """A check-in in full, as (label, words) pairs."""
    levels = record.get("intensity") or {}
    facts = [("Mood", _mood_words(record.get("mood")))]
    feelings = [with_intensity(str(w), levels.get(w)) for w in record.get("feelings", [])]
    for label, words in (
        ("Feelings", feelings),
        ("Needs", record.get("needs", [])),
        ("Body", record.get("body", [])),
        ("Tags", record.get("tags", [])),
    ):
        if words:
            facts.append((label, ", ".join(str(w) for w in words)))
    if record.get("energy") is not None:
        facts.append(("Energy", f"{record['energy']} of 5"))
    if record.get("age") is not None:
        facts.append(("Little me's age", str(record["age"])))
    if record.get("to_hear"):
        facts.append(("Needed to hear", str(record["to_hear"])))
    if record.get("note"):
        facts.append(("Note", str(record["note"])))
    return facts


def _habit_sentence(line: HabitLine) -> str:
    if line.kept == 0 and line.rest == 0:
        return f"{line.name}: waiting for you, no pressure."
    text = f"{line.name}: tended on {line.kept} of {line.asked} days"
    if line.rest:
        text += f", with {line.rest} rest day{'' if line.rest == 1 else 's'}"
    return text + "."


def _mood(value: float) -> str:
    """A day's mood (the mean of its check-ins) as people say it: 6, or 6.3."""
    return f"{round(value, 1):g}"


def _mood_summary(report: Report) -> str:
    values = list(report.moods.values())
    if not values:
        return "No check-ins in these days."
    mean = sum(values) / len(values)
    return (
        f"On average {mean:.1f} over {len(values)} day{'s' if len(values) != 1 else ''} "
        f"with a check-in ({report.checkin_count} check-in"
        f"{'s' if report.checkin_count != 1 else ''}), from {_mood(min(values))} to "
        f"{_mood(max(values))}."
    )


def report_markdown(report: Report) -> str:
    """The report as Markdown, with a text sparkline for the mood."""
    out = ["# To bring to therapy", "", _span(report), "", "## Mood", ""]
    if report.moods:
        marks, unit = report.mood_marks()
        out += ["```", sparkline(marks), "```", ""]
        out += [f"{unit}, oldest first; a gap is a time without a check-in.", ""]
    out += [_mood_summary(report), "", "## Check-ins marked for therapy", ""]
    if not report.therapy:
        out += ["None marked in these days.", ""]
    for record in report.therapy:
        out += [f"### {record.get('day', '')}", ""]
        for label, words in _checkin_facts(record):
            body = str(words).replace("\n", "  \n  ")
            out.append(f"- **{label}:** {body}")
        out.append("")
    if report.words:
        out += ["## Words named most", ""]
        for label, counted in report.words.items():
            out.append(f"- **{label}:** " + ", ".join(f"{w} ×{n}" for w, n in counted))
        out.append("")
    if report.habits:
        out += ["## Habits", ""]
        out += [f"- {_habit_sentence(line)}" for line in report.habits]
        out.append("")
    if report.letters:
        out += ["## Letters", ""]
        for letter in report.letters:
            title = str(letter.get("title", "")) or "Untitled"
            out += [f"### {title} ({letter.get('day', '')})", ""]
            for label, key in (("Me, now", "to_child"), ("Little me", "from_child")):
                text = str(letter.get(key, "")).strip()
                if text:
                    out += [f"**{label}:**", "", text, ""]
    return "\n".join(out).rstrip("\n") + "\n"


# HTML -------------------------------------------------------------------------------
_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; color: #2b2b2b; background: #fffdf8; line-height: 1.5; }
h1 { font-weight: normal; margin-bottom: 0; }
h2 { font-weight: normal; border-bottom: 1px solid #e4dccb; margin-top: 2rem; }
.span { color: #6b6458; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { color: #6b6458; } dd { margin: 0; white-space: pre-wrap; }
.letter { white-space: pre-wrap; border-left: 3px solid #e4dccb; padding-left: 1rem; }
svg { width: 100%; height: auto; }
@media print { body { background: white; margin: 0; } }
"""


def mood_svg(values: Sequence[float | None], width: int = 600, height: int = 160) -> str:
    """An inline SVG chart: a bar a day (or week) as tall as its mood (1–10), a gap for
    none."""
    count = max(1, len(values))
    step = width / count
    bars = []
    for index, value in enumerate(values):
        if value is None:
            continue
        tall = max(2.0, (value / 10) * (height - 20))
        x, y = index * step, height - tall
        shade = "#7a9e7e" if value >= 6 else "#c9a66b" if value >= 4 else "#b07a7a"
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(1.0, step - 1):.1f}" '
            f'height="{tall:.1f}" fill="{shade}"><title>{value:g}</title></rect>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="Mood over these days">'
        f'<line x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" stroke="#ccc"/>'
        + "".join(bars)
        + "</svg>"
    )


def report_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG; no network)."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>To bring to therapy</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>To bring to therapy</h1>",
        f'<p class="span">{e(_span(report))}</p>',
        "<h2>Mood</h2>",
    ]
    if report.moods:
        out.append(mood_svg(report.mood_marks()[0]))
    out.append(f"<p>{e(_mood_summary(report))}</p>")
    out.append("<h2>Check-ins marked for therapy</h2>")
    if not report.therapy:
        out.append("<p>None marked in these days.</p>")
    for record in report.therapy:
        out.append(f"<h3>{e(str(record.get('day', '')))}</h3><dl>")
        for label, words in _checkin_facts(record):
            out.append(f"<dt>{e(label)}</dt><dd>{e(str(words))}</dd>")
        out.append("</dl>")
    if report.words:
        out.append("<h2>Words named most</h2><dl>")
        for label, counted in report.words.items():
            words = ", ".join(f"{w} ×{n}" for w, n in counted)
            out.append(f"<dt>{e(label)}</dt><dd>{e(words)}</dd>")
        out.append("</dl>")
    if report.habits:
        out.append("<h2>Habits</h2><ul>")
        out += [f"<li>{e(_habit_sentence(line))}</li>" for line in report.habits]
        out.append("</ul>")
    if report.letters:
        out.append("<h2>Letters</h2>")
        for letter in report.letters:
            title = str(letter.get("title", "")) or "Untitled"
            out.append(f"<h3>{e(title)} ({e(str(letter.get('day', '')))})</h3>")
            for label, key in (("Me, now", "to_child"), ("Little me", "from_child")):
                text = str(letter.get(key, "")).strip()
                if text:
                    out.append(f'<p><em>{e(label)}</em></p><div class="letter">{e(text)}</div>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"
