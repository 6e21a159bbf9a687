"""The bundled colour themes, the theme loader, and the themes shipped in the wheel."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme
from textual.widgets import Static

from innerchild_tui import paths
from innerchild_tui.app.themes import (
    THEME_VARIABLE_DEFAULTS,
    ThemeError,
    bundled_themes_dir,
    load_available_themes,
    load_theme_file,
    load_themes,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_FILES = {
    "gentle-light.toml": "innerchild-gentle-light",
    "calm-dark.toml": "innerchild-calm-dark",
    "high-contrast.toml": "innerchild-high-contrast",
}

GOOD_THEME = """\
name = "my-theme"
dark = true
primary = "#336699"
background = "#101010"

[variables]
mood-1 = "#445566"
"""


def _relative_luminance(color: Color) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def _contrast_ratio(a: str, b: str) -> float:
    high, low = sorted(
        (_relative_luminance(Color.parse(a)), _relative_luminance(Color.parse(b))), reverse=True
    )
    return (high + 0.05) / (low + 0.05)


def _bundled() -> dict[str, Theme]:
    themes, messages = load_themes(bundled_themes_dir())
    assert messages == []
    return {theme.name: theme for theme in themes}


def test_contrast_ratio_helper_matches_known_values() -> None:
    assert _contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert _contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_bundled_dir_is_the_repo_themes_folder_in_a_checkout() -> None:
    assert bundled_themes_dir() == REPO_ROOT / "themes"


def test_the_three_bundled_themes_load() -> None:
    folder = bundled_themes_dir()
    for file_name, theme_name in BUNDLED_FILES.items():
        theme = load_theme_file(folder / file_name)
        assert theme.name == theme_name
    assert set(BUNDLED_FILES.values()) <= set(_bundled())


def test_bundled_themes_are_light_or_dark_as_named() -> None:
    themes = _bundled()
    assert themes["innerchild-gentle-light"].dark is False
    assert themes["innerchild-calm-dark"].dark is True
    assert themes["innerchild-high-contrast"].dark is True


@pytest.mark.parametrize("theme_name", sorted(BUNDLED_FILES.values()))
def test_bundled_theme_sets_every_colour_field(theme_name: str) -> None:
    theme = _bundled()[theme_name]
    for field in (
        "primary",
        "secondary",
        "accent",
        "foreground",
        "background",
        "surface",
        "panel",
        "boost",
        "warning",
        "error",
        "success",
    ):
        value = getattr(theme, field)
        assert value, f"{theme_name} leaves {field} unset"
        Color.parse(value)


@pytest.mark.parametrize("theme_name", sorted(BUNDLED_FILES.values()))
def test_bundled_theme_defines_every_app_variable(theme_name: str) -> None:
    theme = _bundled()[theme_name]
    missing = sorted(set(THEME_VARIABLE_DEFAULTS) - set(theme.variables))
    assert missing == []
    for name in THEME_VARIABLE_DEFAULTS:
        Color.parse(theme.variables[name])


def test_app_variable_names() -> None:
    assert set(THEME_VARIABLE_DEFAULTS) == {
        *(f"mood-{n}" for n in range(1, 6)),
        "voice-adult",
        "voice-child",
        *(f"heat-{n}" for n in range(5)),
    }
    for value in THEME_VARIABLE_DEFAULTS.values():
        Color.parse(value)


@pytest.mark.parametrize("theme_name", sorted(BUNDLED_FILES.values()))
def test_low_moods_are_never_alarm_red(theme_name: str) -> None:
    theme = _bundled()[theme_name]
    for name in ("mood-1", "mood-2"):
        hue, saturation, _ = Color.parse(theme.variables[name]).hsl
        is_red = (hue < 20 / 360 or hue > 340 / 360) and saturation > 0.5
        assert not is_red, f"{theme_name} {name} looks alarm red"


def _hue_apart(a: str, b: str) -> float:
    """Degrees between two colours' hues round the colour wheel."""
    apart = abs(Color.parse(a).hsl[0] - Color.parse(b).hsl[0]) * 360
    return min(apart, 360 - apart)


@pytest.mark.parametrize("theme_name", sorted(BUNDLED_FILES.values()))
def test_the_best_moods_wear_the_calmest_colour_and_stand_out_most(theme_name: str) -> None:
    # Days of 9–10 are not dressed as a warning: their colour is the theme's calm "well"
    # colour (success's family), far from warning and error, and the clearest of the five.
    theme = _bundled()[theme_name]
    assert theme.warning and theme.error and theme.success and theme.background
    top = theme.variables["mood-5"]
    assert _hue_apart(top, theme.warning) >= 45, f"{theme_name} mood-5 looks like a warning"
    assert _hue_apart(top, theme.error) >= 45, f"{theme_name} mood-5 looks like an error"
    assert _hue_apart(top, theme.success) <= 30, f"{theme_name} mood-5 is not the calm colour"
    below = [_contrast_ratio(theme.variables[f"mood-{n}"], theme.background) for n in range(1, 5)]
    assert _contrast_ratio(top, theme.background) > max(below)


def test_the_default_mood_scale_ends_calm_too() -> None:
    top = THEME_VARIABLE_DEFAULTS["mood-5"]
    for warning in ("#FFA62B", "#E3C07A"):  # Textual's warning, and an amber one
        assert _hue_apart(top, warning) >= 45


def test_high_contrast_theme_meets_wcag_aaa() -> None:
    theme = _bundled()["innerchild-high-contrast"]
    assert theme.foreground is not None
    assert theme.background is not None
    assert _contrast_ratio(theme.foreground, theme.background) >= 7
    # Every colour meant to be read as text on the background is AAA too.
    text_colours = [
        theme.primary,
        theme.secondary,
        theme.accent,
        theme.warning,
        theme.error,
        theme.success,
        *(theme.variables[f"mood-{n}"] for n in range(1, 6)),
        theme.variables["voice-adult"],
        theme.variables["voice-child"],
        theme.variables["text-muted"],
        theme.variables["text-disabled"],
    ]
    for colour in text_colours:
        assert colour is not None
        assert _contrast_ratio(colour, theme.background) >= 7, colour


def test_other_bundled_themes_have_readable_text() -> None:
    themes = _bundled()
    for name in ("innerchild-gentle-light", "innerchild-calm-dark"):
        theme = themes[name]
        assert theme.foreground is not None and theme.background is not None
        assert _contrast_ratio(theme.foreground, theme.background) >= 7
        for voice in ("voice-adult", "voice-child"):
            assert _contrast_ratio(theme.variables[voice], theme.background) >= 4.5


def test_bad_files_are_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "a-good.toml").write_text(GOOD_THEME, encoding="utf-8")
    (tmp_path / "bad-toml.toml").write_text('name = "oops\nprimary = ', encoding="utf-8")
    (tmp_path / "bad-colour.toml").write_text(
        'name = "bad-colour"\nprimary = "#12345"\n', encoding="utf-8"
    )
    (tmp_path / "bad-variable.toml").write_text(
        'name = "bad-variable"\nprimary = "#123456"\n[variables]\nmood-1 = "sunshine"\n',
        encoding="utf-8",
    )
    (tmp_path / "no-name.toml").write_text('primary = "#123456"\n', encoding="utf-8")
    (tmp_path / "not-a-theme.txt").write_text("ignored", encoding="utf-8")

    themes, messages = load_themes(tmp_path)

    assert [theme.name for theme in themes] == ["my-theme"]
    assert len(messages) == 4
    joined = "\n".join(messages)
    for file_name in ("bad-toml.toml", "bad-colour.toml", "bad-variable.toml", "no-name.toml"):
        assert file_name in joined
    for message in messages:
        assert "\n" not in message


def test_good_theme_file_fields(tmp_path: Path) -> None:
    file = tmp_path / "mine.toml"
    file.write_text(GOOD_THEME, encoding="utf-8")
    theme = load_theme_file(file)
    assert theme.name == "my-theme"
    assert theme.primary == "#336699"
    assert theme.background == "#101010"
    assert theme.secondary is None
    assert theme.variables == {"mood-1": "#445566"}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('name = "x"\nprimary = [1, 2]\n', "primary"),
        ('name = "x"\n', "primary"),
        ('name = ""\nprimary = "#123456"\n', "name"),
        ('name = "x"\nprimay = "#123456"\nprimary = "#123456"\n', "primay"),
        ('name = "x"\nprimary = "#123456"\ndark = "yes"\n', "dark"),
        ('name = "x"\nprimary = "#123456"\nvariables = 3\n', "variables"),
        ('name = "x"\nprimary = "#123456"\n[variables]\nborder = "nope 50%"\n', "border"),
        (
            'name = "x"\nprimary = "#123456"\n[variables]\nlink-style = "shouty"\n',
            "link-style",
        ),
    ],
)
def test_invalid_theme_files_raise_a_kind_message(tmp_path: Path, text: str, fragment: str) -> None:
    file = tmp_path / "broken.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme_file(file)
    message = str(caught.value)
    assert "broken.toml" in message
    assert fragment in message
    assert "\n" not in message


def test_textual_variable_values_accept_alpha_and_keywords(tmp_path: Path) -> None:
    file = tmp_path / "ok.toml"
    file.write_text(
        'name = "ok"\nprimary = "#123456"\n[variables]\n'
        'input-selection-background = "#81a1c1 35%"\n'
        'text = "auto 87%"\n'
        'link-background = "initial"\n'
        'footer-key-background = "transparent"\n'
        'block-cursor-text-style = "b reverse"\n',
        encoding="utf-8",
    )
    assert load_theme_file(file).variables["text"] == "auto 87%"


def test_missing_file_and_folders_never_raise(tmp_path: Path) -> None:
    with pytest.raises(ThemeError, match=r"nowhere\.toml"):
        load_theme_file(tmp_path / "nowhere.toml")
    assert load_themes(tmp_path / "no-such-folder") == ([], [])


def test_user_themes_come_after_bundled_ones() -> None:
    user_dir = paths.user_themes_dir()
    user_dir.mkdir(parents=True)
    (user_dir / "mine.toml").write_text(GOOD_THEME, encoding="utf-8")
    (user_dir / "broken.toml").write_text("not toml at all [", encoding="utf-8")
    themes, messages = load_available_themes()
    names = [theme.name for theme in themes]
    assert names[-1] == "my-theme"
    assert set(BUNDLED_FILES.values()) <= set(names[:-1])
    assert len(messages) == 1 and "broken.toml" in messages[0]


class _ThemedApp(App[None]):
    CSS = "\n".join(
        f"#{name} {{ color: ${name}; background: $surface; }}" for name in THEME_VARIABLE_DEFAULTS
    )

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(THEME_VARIABLE_DEFAULTS)

    def compose(self) -> ComposeResult:
        for name in THEME_VARIABLE_DEFAULTS:
            yield Static(name, id=name)


async def test_every_theme_works_in_a_textual_app() -> None:
    """App CSS using $mood-1 etc. works with bundled themes and Textual's built-ins."""
    app = _ThemedApp()
    bundled = _bundled()
    async with app.run_test() as pilot:
        for theme in bundled.values():
            app.register_theme(theme)
        for name in [*bundled, *BUILTIN_THEMES]:
            app.theme = name
            await pilot.pause()
            mood = app.query_one("#mood-1", Static)
            expected = bundled[name].variables["mood-1"] if name in bundled else None
            if expected is not None:
                assert mood.styles.color == Color.parse(expected)


@pytest.mark.slow
def test_wheel_ships_the_themes(tmp_path: Path) -> None:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling isn't installed, so the wheel can't be built offline")
    source = tmp_path / "src"
    # Build from a copy of just what the wheel needs, so work in progress elsewhere
    # (and build artefacts) can't interfere.
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, source / name)
    shutil.copytree(REPO_ROOT / "themes", source / "themes")
    shutil.copytree(
        REPO_ROOT / "innerchild_tui",
        source / "innerchild_tui",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    out = tmp_path / "dist"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("innerchild_tui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for file_name in BUNDLED_FILES:
            assert f"innerchild_tui/themes/{file_name}" in names
        assert "innerchild_tui/app/themes.py" in names
        shipped = archive.read("innerchild_tui/themes/calm-dark.toml")
    assert shipped == (REPO_ROOT / "themes" / "calm-dark.toml").read_bytes()
    # Installed from the wheel, the loader finds the themes inside the package.
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from innerchild_tui.app.themes import bundled_themes_dir, load_themes;"
        "themes, messages = load_themes(bundled_themes_dir());"
        "print(bundled_themes_dir()); print(len(themes), len(messages))"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe, str(site)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert found.returncode == 0, found.stderr
    folder, counts = found.stdout.splitlines()
    assert Path(folder) == site / "innerchild_tui" / "themes"
    assert counts == f"{len(BUNDLED_FILES)} 0"


# WCAG contrast of what the app draws ----------------------------------------------------

APP_DIR = REPO_ROOT / "innerchild_tui" / "app"
TEXT_MINIMUM = 4.5
BORDER_MINIMUM = 3.0
# What text and borders sit on: the screen, inputs and tables, the footer and tab strip.
GROUNDS = ("background", "surface", "panel")
# CSS properties that draw text, and ones that draw borders or focus marks.
TEXT_PROPERTIES = frozenset({"color", "border-title-color", "border-subtitle-color"})
BORDER_PROPERTIES = frozenset(
    {"border", "border-top", "border-right", "border-bottom", "border-left", "outline"}
)
# Pairs Textual's own widgets draw with theme variables: (what, colour, ground, minimum).
TEXTUAL_PAIRS = (
    ("text", "text", "background", TEXT_MINIMUM),
    ("text on an input", "text", "surface", TEXT_MINIMUM),
    ("muted text", "text-muted", "background", TEXT_MINIMUM),
    ("an input's placeholder", "text-disabled", "surface", TEXT_MINIMUM),
    ("a footer key", "footer-key-foreground", "footer-background", TEXT_MINIMUM),
    ("a footer word", "footer-description-foreground", "footer-background", TEXT_MINIMUM),
    ("the cursor row", "block-cursor-foreground", "block-cursor-background", TEXT_MINIMUM),
    ("a focused input's border", "border", "background", BORDER_MINIMUM),
    ("an input's border", "border-blurred", "background", BORDER_MINIMUM),
)
# App colours the panes draw text in from Python (a mood's number, a habit's "✓ done"),
# on the screen or in a table.
APP_TEXT_VARIABLES = (*(f"mood-{n}" for n in range(1, 6)), "heat-4", "voice-adult", "voice-child")
_DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;{}]+);")
_VARIABLE = re.compile(r"\$([a-z][a-z0-9-]*)(?:\s+(\d+(?:\.\d+)?)%)?")


def _app_css() -> dict[str, str]:
    """Every stylesheet of the app: the .tcss files and each widget's DEFAULT_CSS."""
    sheets = {
        str(path.relative_to(REPO_ROOT)): path.read_text() for path in APP_DIR.rglob("*.tcss")
    }
    for path in APP_DIR.rglob("*.py"):
        for index, block in enumerate(
            re.findall(r'DEFAULT_CSS = """(.*?)"""', path.read_text(), re.S)
        ):
            sheets[f"{path.relative_to(REPO_ROOT)}#{index}"] = block
    return sheets


def _css_colours(minimums: dict[frozenset[str], float]) -> list[tuple[str, str, float, float]]:
    """(where, variable, alpha, minimum): each theme colour the CSS draws text or borders in."""
    found = []
    for sheet, css in _app_css().items():
        for prop, value in _DECLARATION.findall(css):
            for properties, minimum in minimums.items():
                if prop not in properties:
                    continue
                for name, percent in _VARIABLE.findall(value):
                    alpha = float(percent) / 100 if percent else 1.0
                    found.append((f"{sheet}: {prop}: {value.strip()}", name, alpha, minimum))
    return found


def _resolved(variables: dict[str, str], name: str, ground: Color, alpha: float = 1.0) -> Color:
    """A theme variable as it shows on ``ground``: "auto" picks black or white, alpha blends."""
    value = variables[name]
    word, _, percent = value.partition(" ")
    colour = ground.get_contrast_text(1.0) if word == "auto" else Color.parse(word)
    if percent:
        colour = colour.multiply_alpha(float(percent.rstrip("%")) / 100)
    return ground + colour.multiply_alpha(alpha)


def _ratio(a: Color, b: Color) -> float:
    return _contrast_ratio(a.hex, b.hex)


def test_the_css_scan_finds_text_and_borders() -> None:
    found = _css_colours({TEXT_PROPERTIES: TEXT_MINIMUM, BORDER_PROPERTIES: BORDER_MINIMUM})
    names = {name for _, name, _, _ in found}
    assert {"text-muted", "primary", "voice-adult", "voice-child"} <= names
    assert any("Pane" not in where and name == "primary" for where, name, _, _ in found)


@pytest.mark.parametrize("theme_name", sorted(BUNDLED_FILES.values()))
def test_every_text_and_border_meets_wcag_contrast(theme_name: str) -> None:
    """Text 4.5:1 and borders and focus marks 3:1 on every ground they are drawn on."""
    theme = _bundled()[theme_name]
    variables = {
        **THEME_VARIABLE_DEFAULTS,
        **theme.to_color_system().generate(),
        **theme.variables,
    }
    too_faint = []
    for where, name, alpha, minimum in _css_colours(
        {TEXT_PROPERTIES: TEXT_MINIMUM, BORDER_PROPERTIES: BORDER_MINIMUM}
    ):
        for ground_name in GROUNDS:
            ground = Color.parse(variables[ground_name])
            ratio = _ratio(_resolved(variables, name, ground, alpha), ground)
            if ratio < minimum:
                too_faint.append(f"{where} on ${ground_name}: {ratio:.2f}:1")
    for name in APP_TEXT_VARIABLES:
        for ground_name in ("background", "surface"):
            ground = Color.parse(variables[ground_name])
            ratio = _ratio(_resolved(variables, name, ground), ground)
            if ratio < TEXT_MINIMUM:
                too_faint.append(f"text in ${name} on ${ground_name}: {ratio:.2f}:1")
    for what, name, ground_name, minimum in TEXTUAL_PAIRS:
        ground = _resolved(variables, ground_name, Color.parse(variables["background"]))
        ratio = _ratio(_resolved(variables, name, ground), ground)
        if ratio < minimum:
            too_faint.append(f"{what} (${name} on ${ground_name}): {ratio:.2f}:1")
    assert not too_faint, "Too faint:\n" + "\n".join(too_faint)
