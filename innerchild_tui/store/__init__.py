"""The store: the one object the UI and the CLI talk to."""

from innerchild_tui.store.errors import StoreError, UnreadableDatabase
from innerchild_tui.store.store import Store

__all__ = ["Store", "StoreError", "UnreadableDatabase"]
