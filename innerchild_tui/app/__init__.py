"""The Textual app. Import :func:`make_app` to build it exactly as the CLI does."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pendulum

    from innerchild_tui.app.app import InnerChildApp
    from innerchild_tui.config import Settings
    from innerchild_tui.store.crypto import Secret


def make_app(
    db_path: Path,
    *,
    settings: Settings | None = None,
    clock: Callable[[], pendulum.DateTime] | None = None,
    device: str | None = None,
    show_welcome: bool = False,
    secret: Secret | None = None,
) -> InnerChildApp:
    """Open the store at ``db_path`` and build the dashboard over it.

    An encrypted file opens with ``secret`` or a key remembered in the keyring, else on
    the unlock screen. A data file that cannot be read is never touched: the app then
    opens on a screen that explains what happened instead of the dashboard.
    """
    from innerchild_tui.malloc import serve_large_buffers_apart

    serve_large_buffers_apart()  # before the file is read: the whole file, when it is
    collecting = gc.isenabled()
    gc.disable()  # what is imported and read now lives as long as the app: nothing to free
    try:
        from innerchild_tui.app.app import InnerChildApp
        from innerchild_tui.config import Settings, device_id

        app = InnerChildApp(
            db_path,
            settings=settings or Settings(),
            clock=clock,
            device=device or device_id(),
            show_welcome=show_welcome,
            secret=secret,
        )
    finally:
        # The records just read and the modules live as long as the app: out of the
        # collector's walk for good (see app/collector.py).
        gc.freeze()
        if collecting:
            gc.enable()
    return app
