"""What the sign-in routes learn from a request before they act on it, the checks a form
must pass, and the headers and cookies every answer carries.

Who the client is. The address is the connection's peer, unless the peer is one of the
trusted proxies (COURSEWARE_TRUSTED_PROXIES): then it is the last address in
X-Forwarded-For that is not itself a trusted proxy, and X-Forwarded-Proto and
X-Forwarded-Host tell how the browser reached the site (an IPv6 client counts as its /64
network, which one subscriber holds whole). Anyone else's forwarding headers
are ignored. uvicorn, the server under the app, reads X-Forwarded-For itself from the
addresses it trusts (FORWARDED_ALLOW_IPS, by default its own machine) and hands over the
forwarded address as the peer. So when no proxy is trusted here but the peer we are given is
one of the request's own X-Forwarded-For addresses, uvicorn believed a client on the
server's machine: all such requests count under one address, FORWARDED, never under the one
the header names.

Forged forms (CSRF). Every form carries a token, the HMAC (with the app's secret key) of a
random value in the browser's pre-session cookie. A POST is refused when the token is
missing or was made for another cookie, when the browser says the request comes from
another site (Sec-Fetch-Site), or when its Origin (or, without one, its Referer) is not the
site's own origin.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from courseware.settings import Settings

FORM_COOKIE = "courseware_form"
TOKEN_FIELD = "form_token"
# Marks of the accounts that signed in with this browser before: their waits after failed
# sign-ins do not apply to it (store/throttle.py).
BROWSER_COOKIE = "courseware_browser"
BROWSER_MARKS_KEPT = 5
BROWSER_COOKIE_DAYS = 365
# The address of every client whose forwarded address cannot be believed (see above).
FORWARDED = "forwarded"
ADDRESS_LIMIT = 100
# The IPv6 network one subscriber is given at the least (RFC 6177): counted as one client.
IPV6_PREFIX = 64

# On every answer of the sign-in routes: never framed (clickjacking), no referrer to other
# sites, no content sniffing, nothing loaded but the page's own style, forms only to this
# site, and no copy kept by the browser or a proxy (the pages hold a form token).
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}

Networks = tuple[IPv4Network | IPv6Network, ...]


@dataclass(frozen=True)
class Client:
    address: str
    # scheme://host[:port] as the browser reached the site.
    origin: str

    @property
    def https(self) -> bool:
        return self.origin.startswith("https://")


def client_of(request: Request, settings: Settings) -> Client:
    trusted = settings.trusted_proxy_networks
    headers = request.headers
    peer = _normal(request.client.host) if request.client else ""
    forwarded_for = _hops(headers.get("x-forwarded-for", ""))
    # uvicorn has applied X-Forwarded-Proto already when it trusted the peer.
    scheme, host = request.url.scheme, headers.get("host", "")
    if _trusted(peer, trusted):
        address = _forwarded_client(forwarded_for, trusted) or peer
        scheme = _first(headers.get("x-forwarded-proto", "")) or scheme
        host = _first(headers.get("x-forwarded-host", "")) or host
    elif not trusted and _normal(peer) in forwarded_for:
        address = FORWARDED
    else:
        address = peer
    scheme = scheme if scheme in ("http", "https") else "http"
    return Client(_counted(address)[:ADDRESS_LIMIT] or "unknown", f"{scheme}://{host}".lower())


def _counted(address: str) -> str:
    """The key a client's failed tries are counted under: an IPv4 address, or the /64 network
    of an IPv6 one. One home or phone gets a whole /64 and may choose any address in it, so
    counting single IPv6 addresses would let it send each try from a new one."""
    try:
        parsed = ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return address
    return str(ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))


def _first(value: str) -> str:
    return value.split(",")[0].strip()


def _normal(hop: str) -> str:
    """An address as ipaddress writes it (ports and IPv6 brackets dropped), or as given. An
    IPv4 address in IPv6 form (::ffff:127.0.0.1, how a dual-stack socket such as Streamlit's
    default "::" sees an IPv4 client) is written as the IPv4 address: the same client, and
    the same trusted proxy."""
    hop = hop.strip()
    if hop.startswith("["):
        hop = hop[1:].partition("]")[0]
    elif hop.count(":") == 1:
        hop = hop.partition(":")[0]
    try:
        parsed = ip_address(hop)
    except ValueError:
        return hop
    return str(getattr(parsed, "ipv4_mapped", None) or parsed)


def _hops(value: str) -> list[str]:
    return [_normal(hop) for hop in value.split(",") if hop.strip()]


def _trusted(address: str, trusted: Networks) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def _forwarded_client(hops: list[str], trusted: Networks) -> str:
    """The first address from the right that is not a trusted proxy: every proxy appends
    the address it got the request from, and only trusted ones can be believed."""
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop
    return hops[0] if hops else ""


# Forms -----------------------------------------------------------------------------------


def form_cookie(request: Request) -> str:
    """The browser's pre-session value, or a new one when it has none (or a malformed one)."""
    value = request.cookies.get(FORM_COOKIE, "")
    return value if 32 <= len(value) <= 64 and value.isascii() else secrets.token_urlsafe(32)


def _mac(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def form_token(key: bytes, cookie: str) -> str:
    return _mac(key, "form", cookie)


def forgery(request: Request, form: Mapping, client: Client, key: bytes) -> str | None:
    """Why this POST cannot be taken as sent from the site's own form, or None."""
    fetched_from = request.headers.get("sec-fetch-site")
    if fetched_from in ("cross-site", "same-site"):
        return f"Sec-Fetch-Site is {fetched_from}"
    origin = request.headers.get("origin")
    if origin is None and request.headers.get("referer"):
        referer = urlsplit(request.headers["referer"])
        origin = f"{referer.scheme}://{referer.netloc}"
    if origin is not None and origin.lower() != client.origin:
        return f"the form came from {origin!r}, not {client.origin!r}"
    cookie, token = request.cookies.get(FORM_COOKIE), form.get(TOKEN_FIELD)
    if not cookie or not isinstance(token, str):
        return "no form token, or no form cookie"
    if not hmac.compare_digest(token, form_token(key, cookie)):
        return "the form token belongs to another browser"
    return None


# Browsers that signed in before ------------------------------------------------------------


def known_marks(request: Request) -> list[str]:
    """The marks of the accounts this browser signed in to (store/auth.browser_mark)."""
    return [mark for mark in request.cookies.get(BROWSER_COOKIE, "").split(".") if mark]


def with_mark(request: Request, mark: str) -> str:
    """The browser cookie with `mark` added (the newest few kept)."""
    seen = [m for m in known_marks(request) if m != mark]
    return ".".join([*seen, mark][-BROWSER_MARKS_KEPT:])


# Answers -----------------------------------------------------------------------------------


def set_cookie(
    response: Response,
    name: str,
    value: str,
    client: Client,
    settings: Settings,
    *,
    path: str = "/",
    max_age: int | None = None,
) -> None:
    """An HttpOnly, SameSite=Lax cookie, Secure when the browser came over HTTPS (or the
    settings say always)."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        httponly=True,
        samesite="lax",
        secure=settings.session_cookie_secure or client.https,
    )


def protect(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response
