"""``innerchild report``: Markdown and self-contained HTML, and the HTML printed by Chromium."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest

from innerchild_tui.cli import main
from innerchild_tui.domain.report import build_report, mood_svg, report_html

DATA = Path(__file__).parent / "data"
CHROMIUM = Path("/usr/bin/chromium")


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


@pytest.fixture
def filled(db_path: Path) -> Path:
    assert run(db_path, "import", "daylio", str(DATA / "daylio" / "full.csv")) == 0
    assert run(db_path, "import", "jrnl", str(DATA / "jrnl" / "export.json")) == 0
    assert run(db_path, "import", "loop", str(DATA / "loop" / "csv")) == 0
    note = "the call with mum\n<script>alert(1)</script>"
    therapy = ["checkin", "--mood", "3", "--feeling", "sad:3", "--need", "a hug"]
    assert run(db_path, *therapy, "--note", note, "--therapy", "--date", "2024-02-03") == 0
    assert run(db_path, "checkin", "--mood", "8", "--note", "not for therapy", "--date",
               "2024-02-03") == 0  # fmt: skip
    return db_path


def test_markdown(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(filled, "report", "--from", "2024-02-01", "--to", "2024-02-29") == 0
    out = capsys.readouterr().out
    assert out.startswith("# To bring to therapy")
    assert "1 February 2024 – 29 February 2024" in out
    assert "- **Feelings:** very sad" in out and "the call with mum" in out
    assert "not for therapy" not in out  # only what was marked is there in full
    assert "- **Tags:** " in out and "🎨 painting ×1" in out
    spark = out.split("```\n")[1].split("\n")[0]
    assert len(spark) == 29  # a mark a day
    assert "## Letters" not in out


def test_letters_only_when_asked(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(filled, "report", "--from", "2024-03-01", "--to", "2024-03-31", "--letters") == 0
    out = capsys.readouterr().out
    assert "### Dear little one (2024-03-10)" in out and "You were so brave." in out


def test_the_letters_the_person_picks(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--letter ID`` brings that letter, whatever its day; the others stay out."""
    capsys.readouterr()
    assert run(filled, "letters", "list") == 0
    listed = capsys.readouterr().out
    line = next(row for row in listed.splitlines() if "Dear little one" in row)
    letter_id = next(word for word in line.split() if word.startswith("jrnl-"))
    args = ["report", "--from", "2024-02-01", "--to", "2024-02-29", "--letter", letter_id]
    assert run(filled, *args) == 0
    out = capsys.readouterr().out
    assert "### Dear little one (2024-03-10)" in out  # picked, though after the range
    assert out.count("### ") - out.count("### 2024") == 1  # only that one letter
    assert run(filled, "report", "--letter", "no-such-letter") == 2
    assert "no-such-letter" in capsys.readouterr().err


def test_habits_in_gentle_words(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert run(filled, "report", "--from", "2024-06-01", "--to", "2024-06-03") == 0
    out = capsys.readouterr().out
    assert "- Walk outside: tended on 1 of 3 days, with 1 rest day." in out
    assert "missed" not in out.casefold() and "failed" not in out.casefold()


def test_html_is_self_contained_and_escaped(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    args = ["report", "--from", "2024-02-01", "--to", "2024-02-29", "--format", "html"]
    assert run(filled, *args, "--output", str(target)) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<style>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    # Nothing is fetched: no src or href to anywhere, no url(), no @import.
    assert not re.search(r"\b(?:src|href)\s*=|url\(|@import", page)


def test_the_svg_chart() -> None:
    svg = mood_svg([5.0, None, 10.0])
    assert svg.count("<rect") == 2
    report = build_report([], [], [], date(2024, 1, 1), date(2024, 1, 7))
    assert "<svg" not in report_html(report)  # no check-ins: no chart, a kind line
    assert "No check-ins in these days." in report_html(report)


def test_bad_days(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(filled, "report", "--from", "2024-03-01", "--to", "2024-02-01") == 2
    assert run(filled, "report", "--from", "2024-02-30") == 2


@pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None,
    reason="Chromium is not installed at /usr/bin/chromium (apt installs it on CI)",
)
def test_chromium_prints_the_html(filled: Path, tmp_path: Path) -> None:
    page, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    args = ["report", "--from", "2024-02-01", "--to", "2024-02-29", "--format", "html"]
    assert run(filled, *args, "--letters", "--output", str(page)) == 0
    command = [
        str(CHROMIUM), "--headless", "--disable-gpu", "--no-sandbox",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        f"--print-to-pdf={pdf}", page.as_uri(),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, timeout=180, check=False)
    if b"Command 'chromium' requires the chromium snap" in result.stdout + result.stderr:
        pytest.skip("/usr/bin/chromium here is only the snap's stub")
    assert pdf.exists(), result.stderr.decode(errors="replace")[-2000:]
    assert pdf.read_bytes().startswith(b"%PDF")
    png = tmp_path / "report.png"
    shot = [*command[:-2], "--window-size=900,1400", f"--screenshot={png}", page.as_uri()]
    result = subprocess.run(shot, capture_output=True, timeout=180, check=False)
    assert png.exists(), result.stderr.decode(errors="replace")[-2000:]
    assert png.read_bytes().startswith(b"\x89PNG")


def test_a_days_mood_is_said_to_one_place(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A day's mood is the mean of its check-ins; the summary says 4.7, not 4.66667."""
    for mood in ("3", "5", "6"):
        assert run(db_path, "checkin", "--mood", mood, "--date", "2024-02-03") == 0
    assert run(db_path, "checkin", "--mood", "4", "--date", "2024-02-04") == 0
    capsys.readouterr()
    assert run(db_path, "report", "--from", "2024-02-01", "--to", "2024-02-29") == 0
    out = capsys.readouterr().out
    assert "from 4 to 4.7." in out
