"""Browser tests: the real app served by `streamlit run app.py` in a subprocess, on a fresh
SQLite database prepared with the command line, driven by Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.browser import CHROMIUM_ARGS, find_chromium

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
TRAINER_EMAIL = "trainer@example.org"
TRAINER_PASSWORD = "a trainer's long password"
ORGANISATION = "Atina"
COHORT = "Spring cohort"
# Generous: both cores of the machine may be busy with other test runs.
START_TIMEOUT_SECONDS = 90
WAIT_MS = 30_000


@pytest.fixture(scope="session")
def browser():
    """Chromium, for the test modules that import tests.e2e.needs_browser (so it is there)."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def new_context(browser):
    """`new_context(**options)`: a fresh browser profile (no cookies unless given), closed
    after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(**({"viewport": {"width": 1280, "height": 900}} | options))
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _server_environment(database_url: str, **extra: str) -> dict[str, str]:
    # Cheap password hashing, as in the other tests: sign-up is not what is measured here.
    return (
        os.environ
        | extra
        | {
            "COURSEWARE_DATABASE_URL": database_url,
            "COURSEWARE_PASSWORD_HASH_TIME_COST": "1",
            "COURSEWARE_PASSWORD_HASH_MEMORY_KIB": "64",
            "PYTHONUNBUFFERED": "1",
        }
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class AppServer:
    """The app as `make run` serves it, in its own process, restartable on the same port."""

    database_url: str
    port: int
    log_path: Path
    invite_code: str = ""
    # More COURSEWARE_* settings, e.g. COURSEWARE_CONTENT_DIR for a test course.
    settings: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            # Everything else comes from .streamlit/config.toml, as with `make run`.
            f"--server.port={self.port}",
            "--server.address=127.0.0.1",
        ]
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO,
                env=_server_environment(self.database_url, **self.settings),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_healthy()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.read() == b"ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(
            f"the app was not healthy after {START_TIMEOUT_SECONDS} s:\n{self.log()}"
        )

    def kill(self) -> None:
        """Stop the process at once, as a crash or a pulled plug would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


def _cli(database_url: str, *args: str, stdin: str | None = None) -> str:
    """`python -m courseware ARGS` as an administrator would type it."""
    done = subprocess.run(
        [sys.executable, "-m", "courseware", *args],
        cwd=REPO,
        env=_server_environment(database_url),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"courseware {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def _prepare_database(database_url: str) -> str:
    """An organisation, a trainer and a cohort, as the README tells an administrator to
    make them. Returns the cohort's invite code."""
    _cli(database_url, "org", "add", ORGANISATION)
    _cli(
        database_url,
        "user",
        "add",
        TRAINER_EMAIL,
        "--role",
        "trainer",
        "--org",
        ORGANISATION,
        "--password-stdin",
        stdin=f"{TRAINER_PASSWORD}\n",
    )
    printed = _cli(
        database_url, "cohort", "add", COHORT, "--org", ORGANISATION, "--trainer", TRAINER_EMAIL
    )
    codes = [
        line.split(":", 1)[1].strip() for line in printed.splitlines() if "invite code" in line
    ]
    assert codes, f"no invite code in: {printed}"
    return codes[0]


def open_server_database(server: AppServer):
    """The server's database, opened by a test too (it reads what the pages wrote), with the
    server's cheap password hashing."""
    from courseware.settings import load_settings
    from courseware.store import open_database

    return open_database(
        load_settings(
            database_url=server.database_url,
            password_hash_time_cost=1,
            password_hash_memory_kib=64,
        )
    )


def sign_up_learner(db, server: AppServer, email: str, name: str, password: str) -> str:
    """A learner signed up with the server's invite code, then signed in; their session token."""
    from courseware.store.auth import sign_in
    from courseware.store.signup import sign_up_with_invite

    sign_up_with_invite(
        db,
        invite_code=server.invite_code,
        email=email,
        display_name=name,
        password=password,
        language="en",
        address="127.0.0.1",
    )
    return sign_in(db, email, password, "127.0.0.1").token


def with_session(context, db, url: str, token: str):
    """`context` holding the session cookie for the app at `url`, as the sign-in route sets
    it (HttpOnly: the page's scripts cannot read it); returns a new page of it."""
    context.add_cookies(
        [
            {
                "name": db.settings.session_cookie_name,
                "value": token,
                "url": url,
                "httpOnly": True,
            }
        ]
    )
    return context.new_page()


def launch_app(folder: Path, **settings: str) -> AppServer:
    """The app running on a new database in `folder`, with these COURSEWARE_* settings."""
    database_url = f"sqlite:///{folder / 'courseware.db'}"
    server = AppServer(database_url, _free_port(), folder / "server.log", settings=settings)
    server.invite_code = _prepare_database(database_url)
    server.start()
    return server


@pytest.fixture
def app_server(tmp_path) -> Iterator[AppServer]:
    """The running app on a new database; `app_server.restart()` kills and starts it again
    on the same database and port."""
    server = launch_app(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def screenshot() -> Callable:
    """`screenshot(page, name)` saves the whole page to test-artifacts/screenshots/NAME.png."""
    from tests.e2e.streamlit_page import save_screenshot

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        return save_screenshot(page, SCREENSHOTS / f"{name}.png")

    return take
