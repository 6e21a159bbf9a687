"""Soothing: a breathing pacer, 5-4-3-2-1 grounding, meeting the inner child, tapping.

The menu (:class:`SoothingScreen`) is one key away from anywhere. Each practice is its
own screen that can note distress (0–10) before and after and the minutes spent; the
menu's table shows which practices have eased this person most. Time comes from the
store's clock (injected in tests), so a whole session can run on a fast, fake clock.
"""

from __future__ import annotations

from innerchild_tui.app.screens.soothing.breathing import (
    BreathingScreen,
)
from innerchild_tui.app.screens.soothing.grounding import (
    GroundingScreen,
)
from innerchild_tui.app.screens.soothing.menu import (
    SoothingScreen,
)
from innerchild_tui.app.screens.soothing.practice import (
    DIZZY_ADVICE,
    TICK_SECONDS,
    AfterScreen,
    PracticeScreen,
    change_words,
    summary_table,
)
from innerchild_tui.app.screens.soothing.tapping import (
    TappingScreen,
)
from innerchild_tui.app.screens.soothing.visualization import (
    VisualizationScreen,
)

__all__ = [
    "DIZZY_ADVICE",
    "TICK_SECONDS",
    "AfterScreen",
    "BreathingScreen",
    "GroundingScreen",
    "PracticeScreen",
    "SoothingScreen",
    "TappingScreen",
    "VisualizationScreen",
    "change_words",
    "summary_table",
]
