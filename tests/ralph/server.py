"""A real Learning Record Store for the tests: Ralph, in a virtual environment of its own
under the git-ignored `.cache/ralph` (its FastAPI and pydantic pins are not the app's),
installed from the package index the first time and reused after. One server per test
session, on a free port on 127.0.0.1; tests stop and start it to play an outage, and its
statements survive that (they are in a file).

Ralph 5.1.0's file-system backend needs two small fixes, applied by `launch.py` when it
starts the server (docs/xapi.md says what and why); nothing in Ralph's files is changed."""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
RALPH_DIR = REPO / ".cache" / "ralph"
VENV = RALPH_DIR / "venv"
REQUIREMENTS = HERE / "requirements.txt"
STAMP = VENV / ".installed"
USER, PASSWORD = "courseware-tests", "a test password for ralph"


def ralph_python() -> Path:
    """Ralph's Python, its venv made and the pinned packages installed when needed."""
    python = VENV / "bin" / "python"
    wanted = REQUIREMENTS.read_text()
    if STAMP.is_file() and STAMP.read_text() == wanted and python.exists():
        return python
    shutil.rmtree(VENV, ignore_errors=True)
    RALPH_DIR.mkdir(parents=True, exist_ok=True)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(VENV)], check=True, timeout=300)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)],
        check=True,
        timeout=900,
    )
    STAMP.write_text(wanted)
    return python


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Ralph:
    """One Ralph LRS: `start`, `stop`, and reading back what it holds."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        self.auth_file = folder / "auth.json"
        self.python = ralph_python()
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._write_credentials()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI"

    def _write_credentials(self) -> None:
        # The command loads the API, which needs a backend it can build: the file system.
        env = os.environ | {"RALPH_AUTH_FILE": str(self.auth_file), "RALPH_RUNSERVER_BACKEND": "fs"}
        subprocess.run(
            [
                *(str(VENV / "bin" / "ralph"), "auth", "-u", USER, "-p", PASSWORD),
                *("-s", "all", "-A", USER, "https://lrs.example.org", "-w"),
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        log = (self.folder / "ralph.log").open("ab")
        self.process = subprocess.Popen(
            [
                *(str(self.python), str(HERE / "launch.py")),
                *(str(self.data), str(self.auth_file), "127.0.0.1", str(self.port)),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.folder,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph stopped at start: see {self.folder / 'ralph.log'}")
            try:
                self.get("/statements?limit=1")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise RuntimeError("Ralph did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    def get(self, path: str) -> dict:
        request = urllib.request.Request(
            f"{self.endpoint}{path}",
            headers={
                "Authorization": "Basic "
                + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
                "X-Experience-API-Version": "1.0.3",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def statements(self, **query: str) -> list[dict]:
        """Every statement matching the query (activity, registration, verb...), following
        the `more` links, as the LRS returns them (newest first)."""
        params = "&".join(f"{key}={urllib.request.quote(value)}" for key, value in query.items())
        found, path = [], f"/statements?limit=500&{params}"
        while path:
            page = self.get(path)
            found += page["statements"]
            more = page.get("more")
            path = more.split("/xAPI", 1)[1] if more else None
        return found

    def stored_lines(self) -> list[dict]:
        """Every statement in the backend's file, in the order stored (duplicates would show)."""
        path = self.data / "fs_lrs.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main() -> None:
    """`python -m tests.ralph.server [PORT]`: a Ralph to try the app with, its statements kept
    in .cache/ralph/try, until Ctrl+C; prints the settings that send to it."""
    folder = RALPH_DIR / "try"
    server = Ralph(folder)
    if len(sys.argv) > 1:
        server.port = int(sys.argv[1])
    server.start()
    print(f"COURSEWARE_XAPI_ENDPOINT={server.endpoint}")
    print(f"COURSEWARE_XAPI_USERNAME={USER}")
    print(f"COURSEWARE_XAPI_PASSWORD='{PASSWORD}'")
    print(f"statements are kept in {server.data / 'fs_lrs.jsonl'}; Ctrl+C stops it", flush=True)

    def stop(*_) -> None:
        raise KeyboardInterrupt

    # Stopped by `kill` as by Ctrl+C, so that Ralph never outlives it.
    signal.signal(signal.SIGTERM, stop)
    try:
        server.process.wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
