"""One way to change the store from a widget: on failure, tell the person, gently.

A pane's or a screen's method that changes the store is decorated with
:func:`tells_store_errors`. Its body calls the store, then refreshes what it shows and
says the data changed; a :class:`StoreError` raised anywhere in it becomes one
notification in the error's own words (a warning, unless the method says otherwise), and
the method returns its ``failed`` value instead (None, or False where a caller asks
whether it worked). A refusal because the file is read-only is the app's to tell
(``InnerChildApp.tell_read_only``: once, then a short reminder at most). Nothing after
the failing call runs: what is shown stays as it was.

Work in a thread (a save, an export) is not for this: it answers through
``call_from_thread``, and :mod:`innerchild_tui.app.saver` keeps its own account.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar, overload

from textual.notifications import SeverityLevel

from innerchild_tui.store import StoreError
from innerchild_tui.store.errors import ReadOnly

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["tells_store_errors"]


class Tells(Protocol):
    """What can tell the person something: a widget, a screen, the app."""

    @property
    def app(self) -> App[Any]: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...


Owner = TypeVar("Owner", bound=Tells)
P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F")


@overload
def tells_store_errors(
    method: Callable[Concatenate[Owner, P], R], /
) -> Callable[Concatenate[Owner, P], R | None]: ...


@overload
def tells_store_errors(
    *, failed: F, severity: SeverityLevel = "warning", timeout: float | None = None
) -> Callable[[Callable[Concatenate[Owner, P], R]], Callable[Concatenate[Owner, P], R | F]]: ...


@overload
def tells_store_errors(
    *, severity: SeverityLevel = "warning", timeout: float | None = None
) -> Callable[[Callable[Concatenate[Owner, P], R]], Callable[Concatenate[Owner, P], R | None]]: ...


def tells_store_errors(
    method: Callable[Concatenate[Owner, P], R] | None = None,
    /,
    *,
    failed: object = None,
    severity: SeverityLevel = "warning",
    timeout: float | None = None,
) -> object:
    """Decorate a method that changes the store: a :class:`StoreError` raised in it is
    told to the person (``notify(str(error), severity=severity, timeout=timeout)``) and
    the method returns ``failed``; otherwise it returns what its body returns.

    ``@tells_store_errors`` alone, or ``@tells_store_errors(failed=False)``,
    ``@tells_store_errors(severity="information", timeout=4)``.
    """

    def decorate(
        body: Callable[Concatenate[Owner, P], R],
    ) -> Callable[Concatenate[Owner, P], object]:
        @functools.wraps(body)  # Textual counts a callback's parameters through this
        def telling(owner: Owner, /, *args: P.args, **kwargs: P.kwargs) -> object:
            try:
                return body(owner, *args, **kwargs)
            except ReadOnly as error:
                # Why the file is read-only is said once by the app; a refusal after that
                # is a short reminder at most (never a stack of the same long words).
                tell_read_only = getattr(owner.app, "tell_read_only", None)
                if tell_read_only is not None:
                    tell_read_only(asked=True)
                else:
                    owner.notify(str(error), severity=severity, timeout=timeout)
                return failed
            except StoreError as error:
                owner.notify(str(error), severity=severity, timeout=timeout)
                return failed

        return telling

    return decorate if method is None else decorate(method)
