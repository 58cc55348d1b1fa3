"""The shipped deploy files read as text (no nginx needed; the tests beside this one run
them): security headers on every page, forwarding headers set by nginx alone, and the
instances trusting exactly that nginx."""

from __future__ import annotations

from tests.e2e.deploy.nginx import SHIPPED
from tests.e2e.deploy.service import shipped_environment

HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def _server_block() -> tuple[str, str]:
    text = SHIPPED.read_text()
    server = text[text.index("server {") :]
    return server[: server.index("location /")], server[server.index("location /") :]


def test_nginx_sends_the_security_headers_on_every_page():
    server, location = _server_block()
    for name, value in HEADERS.items():
        assert f'add_header {name} "{value}" always;' in server
    # An add_header inside the location would silently drop every server-level one.
    assert "add_header" not in location
    # The app's own copies (on the sign-in pages) are replaced, not doubled.
    for name in ("X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options"):
        assert f"proxy_hide_header {name};" in location


def test_nginx_sets_the_forwarded_headers_itself_and_the_instances_trust_only_it():
    _, location = _server_block()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in location
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in location
    environment = shipped_environment()
    assert environment["COURSEWARE_TRUSTED_PROXIES"] == "127.0.0.1"
    assert environment["FORWARDED_ALLOW_IPS"] == environment["COURSEWARE_TRUSTED_PROXIES"]
