"""Two real Syncthing instances on loopback, sharing one folder, for the sync tests.

Everything is bounded: every wait has a timeout, ports are chosen free on 127.0.0.1,
discovery, relays, NAT, crash and usage reporting and upgrades are all off, so nothing
leaves the machine, and :meth:`Syncthing.stop` ends each process.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

FOLDER_ID = "innerchild"
START_TIMEOUT = 30.0


def syncthing_binary() -> str | None:
    return shutil.which("syncthing")


_handed_out: set[int] = set()


def free_port() -> int:
    """A free port on 127.0.0.1, never one this process was given before: the kernel may
    hand the same one out twice in a row, and two Syncthings (which listen with
    SO_REUSEPORT) on one port each connect to themselves, waiting forever."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port not in _handed_out:
            _handed_out.add(port)
            return port


def wait_for(what: str, check: Callable[[], bool], timeout: float, step: float = 0.05) -> None:
    """Poll ``check`` until it is true, or fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(step)
    raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")


_OPTIONS = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "urAccepted": "-1",
    "autoUpgradeIntervalH": "0",
    "crashReportingEnabled": "false",
    "startBrowser": "false",
    "reconnectionIntervalS": "1",
    "setLowPriority": "false",
}


class Syncthing:
    """One Syncthing device with its own home and its own copy of the shared folder."""

    def __init__(self, name: str, root: Path) -> None:
        binary = syncthing_binary()
        assert binary is not None
        self.binary = binary
        self.name = name
        self.home = root / name / "home"
        self.folder = root / name / "sync"
        self.folder.mkdir(parents=True)
        self.listen_port = free_port()
        self.gui_port = free_port()
        self.api_key = secrets.token_hex(16)
        self.process: subprocess.Popen[bytes] | None = None
        subprocess.run(
            [binary, "generate", f"--home={self.home}", "--no-default-folder"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        self.device_id = subprocess.run(
            [binary, "serve", f"--home={self.home}", "--device-id"],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
        self._write_config()

    def _write_config(self) -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        gui = tree.getroot().find("gui")
        assert gui is not None
        gui.find("address").text = f"127.0.0.1:{self.gui_port}"  # type: ignore[union-attr]
        gui.find("apikey").text = self.api_key  # type: ignore[union-attr]
        options = tree.getroot().find("options")
        assert options is not None
        for key, value in _OPTIONS.items():
            element = options.find(key)
            if element is None:
                element = ET.SubElement(options, key)
            element.text = value
        for element in options.findall("listenAddress"):
            options.remove(element)
        listen = ET.SubElement(options, "listenAddress")
        listen.text = f"tcp://127.0.0.1:{self.listen_port}"
        tree.write(path)

    # Process --------------------------------------------------------------------------
    def start(self) -> None:
        env = {**os.environ, "STNOUPGRADE": "1", "STNORESTART": "1", "STNODEFAULTFOLDER": "1"}
        log = (self.home / "syncthing.log").open("wb")
        self.process = subprocess.Popen(
            [
                self.binary,
                "serve",
                f"--home={self.home}",
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                "--skip-port-probing",
                f"--gui-address=http://127.0.0.1:{self.gui_port}",
                f"--gui-apikey={self.api_key}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        wait_for(f"{self.name}'s REST API", self._answers, START_TIMEOUT)

    def _answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"syncthing {self.name} exited: {self.log_tail()}")
        try:
            return bool(self.get("/rest/system/ping"))
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.post("/rest/system/shutdown")
            self.process.wait(timeout=10)
        except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 20) -> str:
        path = self.home / "syncthing.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    # REST -----------------------------------------------------------------------------
    def _request(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
        return json.loads(raw) if raw.strip() else None

    def get(self, path: str) -> Any:
        return self._request("GET", path)

    def post(self, path: str, body: Any = None) -> Any:
        return self._request("POST", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self._request("PATCH", path, body)

    # Sharing --------------------------------------------------------------------------
    def share_with(self, other: Syncthing) -> None:
        """Through the REST API: know the other device, and share the folder with it."""
        self.post(
            "/rest/config/devices",
            {
                "deviceID": other.device_id,
                "name": other.name,
                "addresses": [f"tcp://127.0.0.1:{other.listen_port}"],
            },
        )
        self.post(
            "/rest/config/folders",
            {
                "id": FOLDER_ID,
                "label": "innerchild",
                "path": str(self.folder),
                "type": "sendreceive",
                "rescanIntervalS": 3600,
                "fsWatcherEnabled": False,  # the tests ask for scans, so timing is theirs
                "devices": [{"deviceID": self.device_id}, {"deviceID": other.device_id}],
            },
        )

    def connected_to(self, other: Syncthing) -> bool:
        connections = self.get("/rest/system/connections")["connections"]
        return bool(connections.get(other.device_id, {}).get("connected"))

    def scan(self) -> None:
        self.post(f"/rest/db/scan?folder={FOLDER_ID}")

    def set_paused(self, paused: bool) -> None:
        self.patch(f"/rest/config/folders/{FOLDER_ID}", {"paused": paused})

    def idle(self) -> bool:
        status = self.get(f"/rest/db/status?folder={FOLDER_ID}")
        return bool(status["state"] == "idle" and status["needTotalItems"] == 0)

    def has_all_of(self, other: Syncthing) -> bool:
        """The other device has everything of this folder that this device has."""
        completion = self.get(f"/rest/db/completion?folder={FOLDER_ID}&device={other.device_id}")
        return bool(completion["completion"] >= 100 and completion["needItems"] == 0)
