"""Colour themes: the bundled TOML themes, the user's own, and the app's theme variables.

A theme file is TOML::

    name = "innerchild-calm-dark"
    dark = true
    primary = "#A99BD8"
    background = "#1E2430"
    # ... secondary, accent, foreground, surface, panel, boost, warning, error, success

    [variables]
    mood-1 = "#7D8FB3"
    # ...

Only ``name`` and ``primary`` are required; anything left out falls back to Textual's
defaults (colour fields) or :data:`THEME_VARIABLE_DEFAULTS` (app variables).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import Theme

from innerchild_tui import paths

__all__ = [
    "COLOR_FIELDS",
    "THEME_VARIABLE_DEFAULTS",
    "ThemeError",
    "bundled_themes_dir",
    "load_available_themes",
    "load_theme_file",
    "load_themes",
]

THEME_VARIABLE_DEFAULTS: dict[str, str] = {
    # A five-step mood scale, low → high. Low moods are a quiet dusk blue, never alarm red;
    # the top is a calm green, never a warning's amber.
    "mood-1": "#7D8FB3",
    "mood-2": "#9A8CC2",
    "mood-3": "#B9A77E",
    "mood-4": "#5FA8A0",
    "mood-5": "#7CC486",
    # The two voices of a dialogue letter.
    "voice-adult": "#5B93B8",
    "voice-child": "#D47F9B",
    # Habit calendar intensity, empty → full. Translucent so they sit on light or dark.
    "heat-0": "#8080802E",
    "heat-1": "#3FA7A04D",
    "heat-2": "#3FA7A080",
    "heat-3": "#3FA7A0B3",
    "heat-4": "#3FA7A0",
}
"""Defaults for the app's own CSS variables (``$mood-1`` …), so every theme works."""

COLOR_FIELDS: tuple[str, ...] = (
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
)
"""The colour fields of :class:`textual.theme.Theme` a theme file may set."""

_FLOAT_FIELDS = ("luminosity_spread", "text_alpha")
_KNOWN_KEYS = frozenset({"name", "dark", "ansi", "variables", *COLOR_FIELDS, *_FLOAT_FIELDS})
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_VARIABLE_NAME_RE = re.compile(r"^[a-z][a-z0-9-]*$")
# A Textual colour value may carry an alpha percentage: "#81a1c1 35%", "auto 87%".
_COLOR_WITH_ALPHA_RE = re.compile(r"^(?P<color>.+?)(?:\s+(?P<alpha>\d+(?:\.\d+)?%))?$")
_KEYWORD_VALUES = frozenset({"auto", "initial", "transparent"})


class ThemeError(Exception):
    """A theme file that could not be used; ``str()`` is a one-line message for the user."""


def bundled_themes_dir() -> Path:
    """The themes shipped with the app.

    An installed wheel has them at ``innerchild_tui/themes``; a source or editable
    checkout has them in the repository's top-level ``themes/`` folder.
    """
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "themes"
    if installed.is_dir():
        return installed
    return package_dir.parent / "themes"


def _check_color(file: Path, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ThemeError(f'Theme {file.name}: {key} should be a colour, like "#1E2430".')
    try:
        Color.parse(value.strip())
    except ColorParseError:
        raise ThemeError(
            f"Theme {file.name}: {key} = {value!r} isn't a colour I recognise "
            f'(try a hex value like "#1E2430").'
        ) from None
    return value.strip()


def _check_textual_variable(file: Path, key: str, value: str) -> None:
    """Check one of Textual's own variables: a colour (maybe with alpha %) or a text style."""
    if key.endswith("-style"):
        words = value.split()
        if words and all(word in VALID_STYLE_FLAGS for word in words):
            return
        raise ThemeError(
            f"Theme {file.name}: {key} = {value!r} isn't a text style "
            f'(try "bold", "underline", "reverse" or "none").'
        )
    match = _COLOR_WITH_ALPHA_RE.match(value)
    if match is not None:
        color = match["color"]
        if color in _KEYWORD_VALUES:
            return
        try:
            Color.parse(color)
        except ColorParseError:
            pass
        else:
            return
    raise ThemeError(
        f"Theme {file.name}: {key} = {value!r} isn't a colour I recognise "
        f'(try a hex value like "#1E2430", optionally followed by an opacity like "50%").'
    )


def _check_variables(file: Path, raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise ThemeError(f"Theme {file.name}: [variables] should be a table of names and colours.")
    variables: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not _VARIABLE_NAME_RE.match(key):
            raise ThemeError(
                f"Theme {file.name}: variable name {key!r} should be lower-case words "
                "joined by dashes, like mood-1."
            )
        if not isinstance(value, str) or not value.strip():
            raise ThemeError(f"Theme {file.name}: variable {key} should be a quoted value.")
        value = value.strip()
        if key in THEME_VARIABLE_DEFAULTS:
            _check_color(file, f"variable {key}", value)
        else:
            _check_textual_variable(file, key, value)
        variables[key] = value
    return variables


def _theme_from_data(file: Path, data: Mapping[str, Any]) -> Theme:
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ThemeError(
            f"Theme {file.name}: I don't know the setting {unknown[0]!r} "
            "(is it misspelt, or meant to go under [variables]?)."
        )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeError(f'Theme {file.name} needs a name, like name = "my-theme".')
    name = name.strip()
    if not _NAME_RE.match(name):
        raise ThemeError(
            f"Theme {file.name}: the name {name!r} should be letters, digits and dashes only."
        )
    if "primary" not in data:
        raise ThemeError(f'Theme {file.name} needs a primary colour, like primary = "#A99BD8".')
    colors = {key: _check_color(file, key, data[key]) for key in COLOR_FIELDS if key in data}

    flags: dict[str, bool] = {"dark": True, "ansi": False}
    for key in flags:
        if key in data:
            if not isinstance(data[key], bool):
                raise ThemeError(f"Theme {file.name}: {key} should be true or false.")
            flags[key] = data[key]

    floats: dict[str, float] = {}
    for key in _FLOAT_FIELDS:
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ThemeError(f"Theme {file.name}: {key} should be a number like 0.15.")
            floats[key] = float(value)

    variables = _check_variables(file, data.get("variables", {}))
    theme = Theme(
        name=name,
        primary=colors["primary"],
        secondary=colors.get("secondary"),
        warning=colors.get("warning"),
        error=colors.get("error"),
        success=colors.get("success"),
        accent=colors.get("accent"),
        foreground=colors.get("foreground"),
        background=colors.get("background"),
        surface=colors.get("surface"),
        panel=colors.get("panel"),
        boost=colors.get("boost"),
        dark=flags["dark"],
        ansi=flags["ansi"],
        variables=variables,
    )
    if "luminosity_spread" in floats:
        theme.luminosity_spread = floats["luminosity_spread"]
    if "text_alpha" in floats:
        theme.text_alpha = floats["text_alpha"]
    try:
        theme.to_color_system().generate()
    except Exception as error:  # Textual rejected the combination; say so kindly.
        raise ThemeError(f"Theme {file.name} couldn't be used: {error}.") from None
    return theme


def load_theme_file(path: str | Path) -> Theme:
    """Read one TOML theme file, raising :class:`ThemeError` if it can't be used."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ThemeError(f"Theme {file.name} couldn't be read ({reason}).") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ThemeError(f"Theme {file.name} isn't valid TOML ({error}).") from None
    return _theme_from_data(file, data)


def load_themes(*folders: str | Path) -> tuple[list[Theme], list[str]]:
    """Every ``*.toml`` theme in ``folders`` (each folder sorted by file name).

    Returns ``(themes, messages)``: files that can't be used are skipped and described
    in ``messages``. Missing folders are quietly ignored. Never raises.
    """
    themes: list[Theme] = []
    messages: list[str] = []
    for folder in folders:
        directory = Path(folder)
        try:
            files = sorted(p for p in directory.glob("*.toml") if p.is_file())
        except OSError as error:
            messages.append(f"Themes folder {directory} couldn't be read ({error}).")
            continue
        for file in files:
            try:
                themes.append(load_theme_file(file))
            except ThemeError as error:
                messages.append(str(error))
            except Exception as error:  # never let one odd file stop the app
                messages.append(f"Theme {file.name} couldn't be loaded ({error}).")
    return themes, messages


def load_available_themes(extra: Iterable[str | Path] = ()) -> tuple[list[Theme], list[str]]:
    """The bundled themes, then the user's own (so a user theme can replace a bundled one)."""
    return load_themes(bundled_themes_dir(), paths.user_themes_dir(), *extra)
