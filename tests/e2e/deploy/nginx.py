"""The shipped deploy/nginx.conf, run as an ordinary child process of the test.

The file is copied with only its machine-specific parts replaced (the instances' ports, the
port it listens on, the log folder and, for HTTPS, the certificate), so what is tested is
what is shipped. It is wrapped in a small top-level file of the test's own (nginx's main
context: pid file, temporary folders, no daemon), as Debian's /etc/nginx/nginx.conf wraps it
on a server.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from courseware.settings import REPO_ROOT

SHIPPED = REPO_ROOT / "deploy" / "nginx.conf"
SHIPPED_UPSTREAMS = ("127.0.0.1:8501", "127.0.0.1:8502")
HTTPS_MARK = "#https# "
START_TIMEOUT_SECONDS = 30


def find_nginx() -> str | None:
    # Debian installs it in /usr/sbin, which is not on every user's PATH.
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def _replace(text: str, old: str, new: str) -> str:
    """Replace every `old`; fail when the shipped file no longer has it, so that a change to
    the file cannot leave the test running something else than what is shipped."""
    if old not in text:
        raise AssertionError(f"deploy/nginx.conf no longer contains {old!r}")
    return text.replace(old, new)


def render(
    shipped: str,
    upstream_ports: tuple[int, int],
    http_port: int,
    logs: Path,
    https: tuple[int, Path, Path] | None = None,
) -> str:
    """The shipped file for loopback ports; with `https` = (port, certificate, key) its HTTPS
    lines are switched on as docs/deploy.md tells an administrator to do."""
    text = shipped
    for shipped_upstream, port in zip(SHIPPED_UPSTREAMS, upstream_ports, strict=True):
        text = _replace(text, f"server {shipped_upstream} ", f"server 127.0.0.1:{port} ")
    text = _replace(text, "listen 80;", f"listen 127.0.0.1:{http_port};")
    text = _replace(text, "/var/log/nginx/", f"{logs}/")
    if https is not None:
        port, certificate, key = https
        text = _replace(text, HTTPS_MARK, "")
        text = _replace(text, "listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
        text = _replace(text, "/etc/ssl/courseware/fullchain.pem", str(certificate))
        text = _replace(text, "/etc/ssl/courseware/privkey.pem", str(key))
    return text


def main_context(site: Path, prefix: Path) -> str:
    """nginx's top level for a process owned by the test, everything under `prefix`."""
    temporary = "\n".join(
        f"    {kind}_temp_path {prefix / 'temp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Only the super-user can switch the workers' user; then they keep the test's own, so
    # that they can use the test's temporary folder.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'logs' / 'error.log'} warn;\n"
        "events { worker_connections 512; }\n"
        f"http {{\n{temporary}\n    include {site};\n}}\n"
    )


@dataclass
class Nginx:
    """nginx running the rendered shipped file in `prefix`, stopped by `stop()`."""

    executable: str
    prefix: Path
    upstream_ports: tuple[int, int]
    http_port: int
    https: tuple[int, Path, Path] | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def https_url(self) -> str:
        assert self.https is not None
        return f"https://127.0.0.1:{self.https[0]}"

    @property
    def access_log(self) -> Path:
        return self.prefix / "logs" / "courseware.access.log"

    def start(self) -> None:
        for folder in ("logs", "temp"):
            (self.prefix / folder).mkdir(parents=True, exist_ok=True)
        site = self.prefix / "courseware.conf"
        site.write_text(
            render(
                SHIPPED.read_text(),
                self.upstream_ports,
                self.http_port,
                self.prefix / "logs",
                self.https,
            )
        )
        main = self.prefix / "nginx.conf"
        main.write_text(main_context(site, self.prefix))
        command = [self.executable, "-p", str(self.prefix), "-c", str(main)]
        # -e: nginx's own log before it has read the configuration (else a system path).
        startup_log = self.prefix / "logs" / "startup.log"
        checked = subprocess.run(
            [*command, "-e", str(startup_log), "-t"], capture_output=True, text=True, timeout=30
        )
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t refused the configuration:\n{checked.stderr}")
        self.process = subprocess.Popen(
            [*command, "-e", str(startup_log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.http_port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not listen after {START_TIMEOUT_SECONDS} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def log(self) -> str:
        logs = self.prefix / "logs"
        return "\n".join(
            path.read_text(errors="replace")[-3000:] for path in sorted(logs.glob("*.log"))
        )
