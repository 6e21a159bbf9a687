"""`innerchild serve`: the dashboard in a real headless Chromium, behind its secret link.

The server runs as a real subprocess, Chromium is driven through the DevTools protocol
(its websocket, with aiohttp's client), and the check-in made from the browser's keyboard
is read back from the data file on disk.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from apphelpers import run_cli

from innerchild_tui.cli.serve import dashboard_command
from innerchild_tui.reminder_state import is_dashboard_open
from innerchild_tui.serve import PrivateServer

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ANSI = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children_of(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (read from /proc)."""
    by_parent: dict[int, set[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        by_parent.setdefault(parent, set()).add(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in by_parent.get(todo.pop(), set()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class Lines:
    """A subprocess's stdout, line by line, read in a thread (no blocking reads)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert process.stdout is not None
        stream = process.stdout
        threading.Thread(target=lambda: [self.lines.put(x) for x in stream], daemon=True).start()

    def wait_for(self, pattern: str, seconds: float) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"never printed {pattern!r}; printed: {self.seen}")


class DevTools:
    """Just enough of the Chrome DevTools protocol over one page's websocket."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.next_id = 0
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.frames: list[str] = []  # what the dashboard sent the page, ANSI removed
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                response = data["params"]["response"]
                payload = response["payloadData"]
                if response.get("opcode") == 2:
                    payload = base64.b64decode(payload).decode("utf-8", "replace")
                self.frames.append(ANSI.sub("", payload))

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.socket.send_str(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        answer = await asyncio.wait_for(future, 30)
        assert "error" not in answer, answer
        return dict(answer.get("result", {}))

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def press(
        self, text: str = "", *, key: str = "", code: str = "", ctrl: bool = False
    ) -> None:
        key = key or text
        modifiers = 2 if ctrl else 0
        virtual = ord(key.upper()) if len(key) == 1 else 0
        down: dict[str, Any] = {
            "type": "keyDown" if text and not ctrl else "rawKeyDown",
            "key": key,
            "code": code,
            "modifiers": modifiers,
            "windowsVirtualKeyCode": virtual,
        }
        if text and not ctrl:
            down["text"] = text
        await self.call("Input.dispatchKeyEvent", **down)
        await self.call(
            "Input.dispatchKeyEvent",
            type="keyUp",
            key=key,
            code=code,
            modifiers=modifiers,
            windowsVirtualKeyCode=virtual,
        )
        await asyncio.sleep(0.3)

    def screen_text(self) -> str:
        return "".join(self.frames)


@contextlib.contextmanager
def ended(process: subprocess.Popen[Any]) -> Iterator[subprocess.Popen[Any]]:
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


async def visible_text(tools: DevTools) -> str:
    """The terminal's text: its DOM rows when xterm.js renders into the DOM, else (a
    canvas or WebGL renderer, as in headless Chromium here) what the dashboard sent the
    page over its websocket, as the browser received it."""
    rows = await tools.evaluate("document.querySelector('.xterm-rows')?.innerText || ''")
    return f"{rows or ''}\n{tools.screen_text()}"


async def wait_for_words(tools: DevTools, words: list[str], seconds: float) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = await visible_text(tools)
        if all(word in text for word in words):
            return text
        await asyncio.sleep(0.5)
    raise AssertionError(f"{words} not all seen in the page; last text: {text[-2000:]!r}")


def moods_in(opening: list[str]) -> list[int]:
    """The moods of the live check-ins, read back through `innerchild export` (which opens
    an encrypted file with the same passphrase file)."""
    result = run_cli(*opening, "export")
    if result.returncode != 0:
        return []
    return sorted(int(c["mood"]) for c in json.loads(result.stdout).get("checkins", []))


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed here (shutil.which)")
@pytest.mark.parametrize("encrypted", [False, True], ids=["clear", "encrypted"])
async def test_dashboard_in_a_real_browser_behind_its_secret(
    db_path: Path, tmp_path: Path, encrypted: bool
) -> None:
    opening = ["--db", str(db_path)]
    before: list[int] = []
    if encrypted:  # the browser's dashboard opens it with the same --passphrase-file
        passphrase = tmp_path / "passphrase.txt"
        passphrase.write_text("a quiet garden in the rain\n")
        assert run_cli(*opening, "checkin", "--mood", "6", "--note", "private").returncode == 0
        opening += ["--passphrase-file", str(passphrase)]
        sealing = run_cli(*opening, "encryption", "on", "--no-recovery-key")
        assert sealing.returncode == 0, sealing.stderr
        before = [6]
    port, devtools_port = free_port(), free_port()
    opened = tmp_path / "opened.txt"
    default_browser = tmp_path / "default-browser"
    default_browser.write_text(f'#!/bin/sh\necho "$1" >> "{opened}"\n')
    default_browser.chmod(0o755)
    command = [sys.executable, "-m", "innerchild_tui", *opening]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--open"],
        env={**os.environ, "BROWSER": str(default_browser)},  # what --open opens
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as in a terminal
    )
    with ended(server):
        url = Lines(server).wait_for(r"(http://127\.0\.0\.1:\d+/[\w-]+/)", 60).group(1)
        secret = url.rstrip("/").rsplit("/", 1)[1]
        assert len(secret) >= 40
        base = f"http://127.0.0.1:{port}"
        # Nothing without the secret: not the page, not the websocket, not the assets.
        wrong = ("/", "/ws", "/static/js/textual.js", f"/{secret[:-1]}/", f"/x/{secret}/")
        for path in wrong:
            assert status_of(base + path) == 403, path
        assert status_of(url + "static/js/textual.js") == 200
        deadline = time.monotonic() + 20
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text().split() == [url]  # --open opened the very link

        browser = subprocess.Popen(
            [
                CHROMIUM or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={tmp_path / 'chromium'}",
                f"--remote-debugging-port={devtools_port}",
                "--window-size=1600,1000",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with ended(browser):
            async with aiohttp.ClientSession() as session:
                targets: list[dict[str, Any]] = []
                for _ in range(120):
                    with contextlib.suppress(aiohttp.ClientError):
                        async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as r:
                            targets = [t for t in await r.json() if t.get("type") == "page"]
                    if targets:
                        break
                    await asyncio.sleep(0.5)
                assert targets, "Chromium's DevTools never answered"
                async with session.ws_connect(
                    targets[0]["webSocketDebuggerUrl"], max_msg_size=0
                ) as page_socket:
                    tools = DevTools(page_socket)
                    await tools.call("Network.enable")
                    await tools.call("Page.enable")
                    await tools.call("Page.navigate", url=url)
                    text = await wait_for_words(
                        tools, ["Check-in", "Habits", "Comfort", "Letters"], 90
                    )
                    assert "Check-in" in text
                    print(
                        "DOM rows:",
                        repr(
                            (
                                await tools.evaluate(
                                    "document.querySelector('.xterm-rows')?.innerText || ''"
                                )
                            )[:300]
                        ),
                        "frames:",
                        len(tools.frames),
                    )
                    dashboards = children_of(server.pid)
                    assert dashboards, "no dashboard process under the server"
                    assert is_dashboard_open(db_path)  # so `innerchild remind` stays quiet

                    # Another writer while the browser's dashboard is open: both are kept.
                    quick = run_cli(*opening, "checkin", "--mood", "4")
                    assert quick.returncode == 0, quick.stderr
                    await tools.evaluate(
                        "document.querySelector('.xterm-helper-textarea')?.focus()"
                    )
                    await tools.press("c", code="KeyC")
                    await tools.press("7", code="Digit7")
                    await tools.press(key="s", code="KeyS", ctrl=True)
                    deadline = time.monotonic() + 30
                    expected = sorted([*before, 4, 7])
                    while time.monotonic() < deadline and moods_in(opening) != expected:
                        await asyncio.sleep(0.5)
                    assert moods_in(opening) == expected
                    tools.reader.cancel()

        # ctrl+c in a terminal: SIGINT to the whole process group, dashboards included.
        os.killpg(server.pid, signal.SIGINT)
        assert server.wait(timeout=60) == 0
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(alive(pid) for pid in dashboards):
            time.sleep(0.2)
        assert not [pid for pid in dashboards if alive(pid)], "a dashboard outlived the server"
        assert moods_in(opening) == expected
        if encrypted:
            assert "private" not in db_path.read_text()
        assert not is_dashboard_open(db_path)


def test_the_secret_guards_every_path_and_only_this_computer_is_served() -> None:
    server = PrivateServer("true", port=8765, secret="s3cret", open_browser=False)
    assert server.host == "127.0.0.1"
    assert server.url == "http://127.0.0.1:8765/s3cret/"
    assert server.hosts == {"127.0.0.1:8765", "localhost:8765"}


def test_the_browser_dashboard_opens_the_same_file_with_the_same_secret(tmp_path: Path) -> None:
    import argparse

    db = tmp_path / "my data" / "innerchild.json"
    secret = tmp_path / "pass phrase.txt"
    args = argparse.Namespace(passphrase_file=str(secret), recovery_key_file=None)
    command = dashboard_command(args, db)
    assert command.startswith("trap '' INT; exec ")
    words = __import__("shlex").split(command.split("exec ", 1)[1])
    assert words[1:] == [
        "-m",
        "innerchild_tui",
        "--db",
        str(db),
        "--passphrase-file",
        str(secret),
    ]
    assert os.path.samefile(words[0], sys.executable)
