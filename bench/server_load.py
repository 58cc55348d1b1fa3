"""The server under load: N simulated learners, each a websocket session of its own (see
streamlit_client.py) against one real server process (`make run`'s command), each answering
the questions of a final quiz in a loop, thinking 1 to 5 seconds before each click (a brisk
learner: reading a case takes longer). Measured: the time from an answer click to the end
of the rerun it causes, the reruns per second, errors, and the server's memory. Then the
capacity: 20 learners clicking without a pause, as fast as the server answers. Once with
the settings the app ships (.streamlit/config.toml) and once with Streamlit's defaults for
those settings."""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from streamlit import config as streamlit_config

from bench.measure import Figure, median, percentile
from bench.people import Learner, cohort_of_learners
from bench.streamlit_client import StreamlitSession
from courseware.i18n import Translator
from courseware.settings import REPO_ROOT, load_settings
from courseware.store import open_database
from tests.e2e.conftest import AppServer, _free_port

SECTION = "server load"
LEARNER_COUNTS = (1, 20, 50, 100)
SECONDS_OF_CLICKING = 20
THINKING_SECONDS = (1.0, 5.0)
CAPACITY_LEARNERS = 20
SECONDS_AT_CAPACITY = 10
QUIZ = "legal-framework-final"
# Sessions opening at once: a browser tab opens one page load at a time too.
OPENING_AT_ONCE = 10
SHIPPED_CONFIG = REPO_ROOT / ".streamlit" / "config.toml"
# The tests' server fixture turns the file watcher off whatever the settings say (files in
# this tree change while it runs); the look of the page does not change the server's work.
NOT_COMPARED = {"server.fileWatcherType", "server.headless"}


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    rss_bytes: int = 0


def shipped_options() -> dict[str, object]:
    document = tomllib.loads(SHIPPED_CONFIG.read_text())
    return {
        f"{section}.{name}": value
        for section, options in document.items()
        if section != "theme"
        for name, value in options.items()
    }


def _environment_name(option: str) -> str:
    """Streamlit's command line reads STREAMLIT_SECTION_OPTION_NAME for `section.optionName`."""
    return "STREAMLIT_" + re.sub(r"(?<!^)(?=[A-Z])", "_", option.replace(".", "_")).upper()


@contextmanager
def streamlit_defaults(enabled: bool) -> Iterator[str]:
    """With `enabled`, each setting the app ships, set back to Streamlit's default (through
    the environment, which wins over config.toml). Yields a description."""
    if not enabled:
        yield "shipped settings"
        return
    streamlit_config.get_config_options()
    overrides = {
        _environment_name(option): str(streamlit_config._config_options[option].default_val)
        for option in shipped_options()
        if option not in NOT_COMPARED
    }
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    try:
        yield "Streamlit defaults"
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


async def _open(server: AppServer, learner: Learner, gate: asyncio.Semaphore, start_label: str):
    session = StreamlitSession(server.url, {"courseware_session": learner.token})
    async with gate:
        await session.open("quiz", f"quiz={QUIZ}")
        if any(w.kind == "button" and w.label == start_label for w in session.widgets.values()):
            await session.click(start_label)
    return session


async def _answer_in_a_loop(
    session: StreamlitSession, until: float, outcome: Outcome, thinking: random.Random | None
) -> None:
    """Click answers until `until`: each click changes one question's answer, in turn."""
    radios = [w for w in session.radios() if ":" in w.id and "attempt-" in w.id]
    chosen = {radio.id: None for radio in radios}
    turn = 0
    try:
        while time.perf_counter() < until:
            if thinking is not None:
                await asyncio.sleep(thinking.uniform(*THINKING_SECONDS))
            radio = radios[turn % len(radios)]
            option = next(o for o in radio.options if o != chosen[radio.id])
            outcome.latencies.append(await session.choose(radio.id, option))
            chosen[radio.id] = option
            turn += 1
    except Exception as error:
        outcome.errors.append(repr(error))


async def _scenario(server: AppServer, learners: list[Learner], paced: bool) -> Outcome:
    outcome = Outcome()
    gate = asyncio.Semaphore(OPENING_AT_ONCE)
    start_label = Translator("en")("quiz.start")
    opened = await asyncio.gather(
        *(_open(server, learner, gate, start_label) for learner in learners),
        return_exceptions=True,
    )
    sessions = [s for s in opened if isinstance(s, StreamlitSession)]
    outcome.errors += [repr(s) for s in opened if not isinstance(s, StreamlitSession)]
    started = time.perf_counter()
    until = started + (SECONDS_OF_CLICKING if paced else SECONDS_AT_CAPACITY)
    await asyncio.gather(
        *(
            _answer_in_a_loop(s, until, outcome, random.Random(number) if paced else None)
            for number, s in enumerate(sessions)
        )
    )
    outcome.seconds = time.perf_counter() - started
    outcome.rss_bytes = rss_bytes(server.process.pid)
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    return outcome


def _on_new_server(url: str, folder: Path, learners: list[Learner], paced: bool) -> Outcome:
    """A fresh server process for each scenario, so that none inherits another's sessions."""
    log = folder / f"server-{len(learners)}-{'paced' if paced else 'capacity'}.log"
    server = AppServer(url, _free_port(), log)
    server.start()
    try:
        return asyncio.run(_scenario(server, learners, paced))
    finally:
        server.stop()


def measure(database_url: str, folder: Path) -> list[Figure]:
    """On a copy of the database at `database_url` (SQLite), with learners of its own."""
    source = Path(database_url.removeprefix("sqlite:///"))
    copy = folder / "server-load.db"
    shutil.copy(source, copy)
    url = f"sqlite:///{copy}"
    db = open_database(
        load_settings(database_url=url, password_hash_time_cost=1, password_hash_memory_kib=64)
    )
    learners = cohort_of_learners(db, "Server load", max(LEARNER_COUNTS))
    db.dispose()

    results: dict[tuple[str, int], Outcome] = {}
    capacity: dict[str, Outcome] = {}
    for defaults in (False, True):
        with streamlit_defaults(defaults) as settings:
            for count in LEARNER_COUNTS:
                results[settings, count] = _on_new_server(url, folder, learners[:count], True)
            capacity[settings] = _on_new_server(url, folder, learners[:CAPACITY_LEARNERS], False)
    figures = _figures(results)
    for settings, outcome in capacity.items():
        figures.append(
            Figure(
                SECTION,
                f"capacity, {settings}: reruns per second",
                len(outcome.latencies) / outcome.seconds,
                "reruns/s",
                [],
                f"{CAPACITY_LEARNERS} learners clicking without a pause; median click "
                f"{median(outcome.latencies) * 1000:.0f} ms; {len(outcome.errors)} errors",
            )
        )
    most = max(LEARNER_COUNTS)
    for settings in ("shipped settings", "Streamlit defaults"):
        outcome = results[settings, most]
        figures.append(
            Figure(
                SECTION,
                f"server memory with {most} sessions, {settings}",
                outcome.rss_bytes / 2**20,
                "MiB",
                [],
                f"{len(outcome.errors)} errors",
            )
        )
    return figures


def _figures(results: dict[tuple[str, int], Outcome]) -> list[Figure]:
    figures = []
    for count in LEARNER_COUNTS:
        shipped, defaults = results["shipped settings", count], results["Streamlit defaults", count]
        for name, outcome in (("shipped", shipped), ("defaults", defaults)):
            clicks = len(outcome.latencies)
            if not clicks:
                figures.append(
                    Figure(
                        SECTION,
                        f"{count} learners, {name}: answer click",
                        None,
                        "ms",
                        [],
                        f"no click finished; errors: {outcome.errors[:1]}",
                    )
                )
                continue
            note = (
                f"p95 {percentile(outcome.latencies, 0.95) * 1000:.0f} ms; "
                f"{clicks / outcome.seconds:.1f} reruns/s; {clicks} clicks; "
                f"{len(outcome.errors)} errors; server {outcome.rss_bytes / 2**20:.0f} MiB"
            )
            if name == "defaults" and shipped.latencies:
                note += (
                    f"; median {median(outcome.latencies) / median(shipped.latencies):.1f}"
                    " × shipped"
                )
            figures.append(
                Figure(
                    SECTION,
                    f"{count} learners, {name}: answer click median",
                    median(outcome.latencies) * 1000,
                    "ms",
                    [],
                    note,
                )
            )
    return figures
