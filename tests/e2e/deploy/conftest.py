"""Several app instances on one PostgreSQL database, behind the shipped nginx configuration,
on loopback; the browser (`browser`, `new_context`) and the app server are tests/e2e's.

Besides the browser (each test module imports tests.e2e.needs_browser first), these tests
need nginx, openssl and PostgreSQL (COURSEWARE_TEST_POSTGRES_URL). When one is missing they
are skipped with one reason, except in CI (the variable CI is set), where that fails the
run: CI must never pass without them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.databases import POSTGRES_URL, postgres_schema
from tests.e2e.conftest import AppServer, _free_port, _prepare_database
from tests.e2e.deploy.nginx import Nginx, find_nginx
from tests.e2e.deploy.service import shipped_environment
from tests.e2e.deploy.tcp_proxy import TcpProxy
from tests.tls import self_signed_certificate

# Every instance signs Streamlit's own cookies (XSRF) with the same secret, as docs/deploy.md
# requires, so that a browser moved to another instance is not refused.
SHARED_COOKIE_SECRET = "one secret for every instance of this deployment"


def missing_for_deploy_tests(environ: Mapping[str, str]) -> list[str]:
    missing = []
    if find_nginx() is None:
        missing.append("nginx not found")
    if shutil.which("openssl") is None:
        missing.append("openssl not found")
    if not environ.get("COURSEWARE_TEST_POSTGRES_URL"):
        missing.append("COURSEWARE_TEST_POSTGRES_URL is not set (PostgreSQL)")
    return missing


@pytest.fixture(scope="session")
def deploy_tools() -> None:
    """Skip (or in CI fail) at once, with one reason, when something is missing."""
    missing = missing_for_deploy_tests(os.environ)
    if not missing:
        return
    reason = "deploy tests need nginx, openssl and PostgreSQL: " + "; ".join(missing)
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so the deploy tests must run, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def postgres_url(deploy_tools) -> Iterator[str]:
    """A new, empty PostgreSQL schema for this test, dropped afterwards."""
    assert POSTGRES_URL
    with postgres_schema() as url:
        yield url


@dataclass
class Deployment:
    """Two instances on one database and nginx in front, as docs/deploy.md describes."""

    database_url: str
    invite_code: str
    instances: tuple[AppServer, AppServer]
    proxy: Nginx

    def serving(self) -> AppServer:
        """The instance that holds the one open websocket (a single browser tab is open)."""
        holding = [i for i in self.instances if open_connections(i.port)]
        assert len(holding) == 1, f"expected one instance with a websocket, got {holding}"
        return holding[0]

    def other(self, instance: AppServer) -> AppServer:
        return next(i for i in self.instances if i is not instance)


def open_connections(port: int) -> int:
    """How many established TCP connections this machine has to a local listening `port`
    (read from the kernel's table: nginx closes its plain requests to an instance after
    each reply, so what stays open is a websocket)."""
    established = "01"
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            count += local_port == port and fields[3] == established
    return count


@pytest.fixture
def start_app(deploy_tools, tmp_path, monkeypatch) -> Iterator[Callable]:
    """`start_app(database_url, **env)`: one more app instance (`make run`'s command) on that
    database, with these extra environment variables; all are stopped afterwards."""
    started: list[AppServer] = []
    monkeypatch.setenv("STREAMLIT_SERVER_COOKIE_SECRET", SHARED_COOKIE_SECRET)

    def start(database_url: str, **env: str) -> AppServer:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        log = tmp_path / f"instance-{len(started)}.log"
        instance = AppServer(database_url, _free_port(), log)
        started.append(instance)
        instance.start()
        return instance

    yield start
    for instance in started:
        instance.stop()


@pytest.fixture
def deploy(postgres_url, start_app, tmp_path) -> Iterator[Callable]:
    """`deploy(https=False, **env)`: two instances on a fresh schema prepared with the
    command line (organisation, trainer, cohort), with the shipped unit's environment, and
    nginx in front. (Asks for the schema
    before the instances, so that they are stopped before it is dropped.)"""
    proxies: list[Nginx] = []

    def make(https: bool = False, **env: str) -> Deployment:
        invite_code = _prepare_database(postgres_url)
        # As deploy/courseware.service starts them (trusting this nginx as their proxy).
        env = shipped_environment() | env
        instances = (start_app(postgres_url, **env), start_app(postgres_url, **env))
        tls = (_free_port(), *self_signed_certificate(tmp_path)) if https else None
        proxy = Nginx(
            find_nginx(),
            tmp_path / "nginx",
            (instances[0].port, instances[1].port),
            _free_port(),
            tls,
        )
        proxies.append(proxy)
        proxy.start()
        return Deployment(postgres_url, invite_code, instances, proxy)

    yield make
    for proxy in proxies:
        proxy.stop()


@pytest.fixture
def database_proxy(postgres_url) -> Iterator[tuple[TcpProxy, str]]:
    """A TCP proxy in front of PostgreSQL that the test can cut and restore, and the
    database URL through it."""
    target = make_url(postgres_url)
    proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
    proxy.start()
    yield proxy, target.set(port=proxy.port).render_as_string(hide_password=False)
    proxy.close()
