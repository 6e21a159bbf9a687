"""The dashboard in a browser: textual-serve, reachable only from this computer, with a
secret link.

textual-serve has no access control of its own. Here every route it serves (the page,
the websocket that runs the dashboard, the static files) lives under ``/<secret>/``, a
random 32-byte token made for each run, and a middleware in front of them answers 403 to
any request whose path does not start with it, or whose Host is not this computer (a
DNS-rebinding page names its own host). The server binds 127.0.0.1 only. The page sends
no Referer, so the secret never leaves in one.

Each browser tab runs its own dashboard process on the same data file (the store's lock
and merge keep two dashboards, or a terminal one beside it, from losing anything). On
ctrl+c (SIGINT) or SIGTERM every dashboard is asked to quit (it saves), the websockets
close, and any process still alive after a grace period is ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import secrets
import signal
import sys
import webbrowser
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

HOST = "127.0.0.1"
QUIT_GRACE_SECONDS = 10.0
FORBIDDEN = "This innerchild page needs its full link, as `innerchild serve` printed it."

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class PrivateServer(Server):
    """textual-serve's server behind a secret path, on 127.0.0.1 only."""

    def __init__(self, command: str, *, port: int, secret: str, open_browser: bool = False) -> None:
        super().__init__(command, host=HOST, port=port, title="innerchild")
        self.secret = secret
        self.open_browser = open_browser
        self.hosts = {f"{HOST}:{port}", f"localhost:{port}"}
        self.sessions: dict[web.WebSocketResponse, AppService] = {}
        self._stop: asyncio.Event | None = None

    @property
    def url(self) -> str:
        """The link to open; only someone holding it reaches the dashboard."""
        return f"{self.public_url}/{self.secret}/"

    async def _make_app(self) -> web.Application:
        inner = await super()._make_app()
        root = web.Application(middlewares=[self._guard])
        root.add_subapp(f"/{self.secret}", inner)  # the page, /ws, /static, /download
        return root

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        first = request.path.split("/", 2)[1] if request.path.startswith("/") else ""
        if not hmac.compare_digest(first.encode(), self.secret.encode()):
            raise web.HTTPForbidden(text=FORBIDDEN)
        if request.host not in self.hosts:
            raise web.HTTPForbidden(text=FORBIDDEN)
        response = await handler(request)
        if not response.prepared:
            response.headers["Referrer-Policy"] = "no-referrer"
            response.headers["Cache-Control"] = "no-store"
        return response

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        self.sessions[websocket] = app_service
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            self.sessions.pop(websocket, None)

    async def on_startup(self, app: web.Application) -> None:
        """Nothing here: the link is printed once the port is listening (see ``run``)."""

    def announce(self) -> None:
        print(f"innerchild is open in your browser at {self.url}", flush=True)
        print(
            "Only this computer can reach it, and only with that link. ctrl+c stops it.",
            flush=True,
        )
        if self.open_browser:
            with contextlib.suppress(Exception):  # no browser here: the link is printed
                webbrowser.open(self.url)

    async def on_shutdown(self, app: web.Application) -> None:
        """Ask each dashboard to quit (it saves), then close its websocket."""
        sessions = list(self.sessions.items())
        processes = [
            process
            for _, service in sessions
            if (process := getattr(service, "_process", None)) is not None
        ]
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*(service.stop() for _, service in sessions)),
                QUIT_GRACE_SECONDS,
            )
        for process in processes:
            await _end(process)
        for websocket, _ in sessions:
            with contextlib.suppress(Exception):
                await websocket.close()

    def request_exit(self) -> None:
        if self._stop is not None:
            self._stop.set()

    def run(self) -> int:
        """Serve until ctrl+c or SIGTERM; returns the exit code."""
        self.initialize_logging()
        try:
            asyncio.run(self._serve())
        except OSError as error:
            print(f"innerchild: the port {self.port} could not be used ({error}).", file=sys.stderr)
            return 2
        print("innerchild has stopped serving. Take good care.", flush=True)
        return 0

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        runner = web.AppRunner(
            await self._make_app(),
            access_log=None,  # a log line would hold the secret path
            shutdown_timeout=QUIT_GRACE_SECONDS,
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, HOST, self.port).start()  # 127.0.0.1 only
            self.announce()
            await self._stop.wait()
        finally:
            await runner.cleanup()


async def _end(process: Any) -> None:
    """Wait for a dashboard process to end; end it if it will not."""
    if process.returncode is not None:
        return
    try:
        await asyncio.wait_for(process.wait(), QUIT_GRACE_SECONDS)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
