"""The sign-in routes as a browser (or a forger) meets them: forged forms refused, client
addresses that cannot be faked, the same answer for every sign-up, and the security headers
and cookie flags on every answer."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from courseware.i18n import Translator
from courseware.store.auth import authenticate
from courseware.store.models import FailedSignin, User
from courseware.ui import resources
from courseware.ui.request_checks import FORWARDED, SECURITY_HEADERS
from tests.databases import PASSWORD
from tests.ui.asgi_browser import Browser

ENGLISH = Translator("en")
LEARNER = "learner.a@example.org"
ROUTES = ["/auth/sign-in", "/auth/sign-up", "/auth/setup", "/auth/sign-out"]


@pytest.fixture
def cheap_settings(monkeypatch):
    for name, value in {
        "COURSEWARE_PASSWORD_HASH_TIME_COST": "1",
        "COURSEWARE_PASSWORD_HASH_MEMORY_KIB": "64",
        "COURSEWARE_SECRET_KEY": "the key of the tests, long enough to sign with",
    }.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def site(cheap_settings, app_db, monkeypatch):
    """The cast's database behind the routes; `site.configure(NAME=value)` restarts the app
    with more COURSEWARE_ settings."""
    db, cast = app_db

    class Site:
        def __init__(self):
            self.db, self.cast = db, cast

        def configure(self, **settings: str) -> None:
            for name, value in settings.items():
                monkeypatch.setenv(f"COURSEWARE_{name.upper()}", value)
            resources.reset()
            self.db = resources.database()

        def count(self, table) -> int:
            return self.db.read(
                lambda tx: tx.session.scalar(select(func.count()).select_from(table))
            )

        def failed_addresses(self) -> set[str]:
            return set(
                self.db.read(lambda tx: tx.session.scalars(select(FailedSignin.address)).all())
            )

    return Site()


def _sign_in(browser: Browser, password: str = PASSWORD, email: str = LEARNER, **options):
    token = browser.token("/auth/sign-in")
    fields = {"form_token": token, "email": email, "password": password}
    return browser.post("/auth/sign-in", fields, **options)


def _signed_in_user(site, browser: Browser) -> str | None:
    identity = authenticate(site.db, browser.cookies.get("courseware_session"))
    return None if identity is None else identity.profile.email


# Forged forms (finding 3) ------------------------------------------------------------------


def test_the_sign_in_form_still_works_from_the_sites_own_page(site):
    browser = Browser()
    reply = _sign_in(browser)
    assert (reply.status, reply.location) == (303, "/")
    assert _signed_in_user(site, browser) == LEARNER


def test_cross_site_sign_in_post_is_refused(site):
    """The attack: a page elsewhere posts the attacker's own credentials, signing the victim
    into the attacker's account."""
    victim = Browser()
    token = victim.token("/auth/sign-in")
    fields = {"form_token": token, "email": LEARNER, "password": PASSWORD}
    for headers in (
        {"origin": "https://attacker.example"},
        {"origin": "null"},
        {"referer": "https://attacker.example/page.html"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site", "origin": "https://course.example.org"},
    ):
        reply = victim.post("/auth/sign-in", fields, headers, same_origin=False)
        assert reply.status == 403, headers
        assert ENGLISH("auth.forged") in reply.text.replace("&#x27;", "'")
        assert "courseware_session" not in reply.set_cookies
    assert _signed_in_user(site, victim) is None
    assert site.count(FailedSignin) == 0  # nothing was even tried


def test_a_post_without_a_token_is_refused(site):
    browser = Browser()
    browser.get("/auth/sign-in")
    reply = browser.post("/auth/sign-in", {"email": LEARNER, "password": PASSWORD})
    assert reply.status == 403
    assert _signed_in_user(site, browser) is None


def test_a_post_without_the_form_cookie_is_refused(site):
    token = Browser().token("/auth/sign-in")
    reply = Browser().post(
        "/auth/sign-in", {"form_token": token, "email": LEARNER, "password": PASSWORD}
    )
    assert reply.status == 403


def test_a_token_from_another_browser_is_refused(site):
    attacker, victim = Browser(), Browser()
    attackers_token = attacker.token("/auth/sign-in")
    victim.get("/auth/sign-in")
    fields = {"form_token": attackers_token, "email": LEARNER, "password": PASSWORD}
    assert victim.post("/auth/sign-in", fields).status == 403
    assert _signed_in_user(site, victim) is None
    fields["form_token"] = victim.token("/auth/sign-in")
    assert victim.post("/auth/sign-in", fields).status == 303


@pytest.mark.parametrize("path", ROUTES)
def test_every_state_changing_route_refuses_a_cross_site_post_and_changes_nothing(site, path):
    browser = Browser()
    _sign_in(browser)
    session = browser.cookies["courseware_session"]
    users, failures = site.count(User), site.count(FailedSignin)
    fields = {
        "form_token": browser.token("/auth/sign-in"),  # one token for all forms
        "email": "new@example.org",
        "name": "New",
        "organisation": "Elsewhere",
        "invite_code": site.cast.cohort_a.invite_code,
        "password": "a long enough password",
        "password_again": "a long enough password",
    }
    reply = browser.post(path, fields, {"origin": "https://attacker.example"})
    assert reply.status == 403
    assert (site.count(User), site.count(FailedSignin)) == (users, failures)
    assert authenticate(site.db, session) is not None  # not signed out either
    assert browser.post(path, fields).status != 403  # the same form from the site itself


def test_a_form_that_cannot_be_read_gets_a_clear_page(site):
    browser = Browser()
    browser.get("/auth/sign-in")
    for content_type, expected in (("multipart/form-data", 400), ("text/plain", 403)):
        headers = {"content-type": content_type, "origin": browser.origin}
        reply = browser.request("POST", "/auth/sign-in", b"\xff\x00--", headers)
        assert reply.status == expected
        assert "Traceback" not in reply.text and "<h1>" in reply.text
    assert (
        ENGLISH("auth.bad_form_title")
        in browser.request(
            "POST", "/auth/sign-in", b"", {"content-type": "multipart/form-data"}
        ).text
    )


def test_behind_a_trusted_https_proxy_the_forms_origin_is_the_https_site(site):
    site.configure(trusted_proxies="10.0.0.2")
    browser = Browser(peer="10.0.0.2", site="http://app.internal:8501")
    headers = {
        "x-forwarded-proto": "https",
        "x-forwarded-host": "course.example.org",
        "x-forwarded-for": "198.51.100.4",
        "origin": "https://course.example.org",
    }
    token = browser.token("/auth/sign-in")
    fields = {"form_token": token, "email": LEARNER, "password": PASSWORD}
    assert browser.post("/auth/sign-in", fields, headers).status == 303
    # From a peer that is not a trusted proxy, the same headers are not believed.
    direct = Browser(peer="198.51.100.4", site="http://app.internal:8501")
    fields["form_token"] = direct.token("/auth/sign-in")
    assert direct.post("/auth/sign-in", fields, headers).status == 403


# Sign-up says the same to everyone (finding 4) --------------------------------------------


def _sign_up(browser: Browser, site, email: str) -> str:
    fields = {
        "form_token": browser.token("/auth/sign-up"),
        "invite_code": site.cast.cohort_a.invite_code,
        "email": email,
        "name": "Someone",
        "password": "a password of ten",
        "password_again": "a password of ten",
        "language": "en",
    }
    reply = browser.post("/auth/sign-up", fields)
    assert reply.status == 200
    assert "courseware_session" not in reply.set_cookies
    return reply.text.replace(email, "EMAIL")


def test_sign_up_for_an_existing_email_answers_exactly_as_for_a_new_one(site):
    browser = Browser()
    users = site.count(User)
    new = _sign_up(browser, site, "someone.new@example.org")
    existing = _sign_up(browser, site, LEARNER)
    assert new == existing
    assert "EMAIL" in new and ENGLISH("auth.sign_in") in new
    assert site.count(User) == users + 1
    # The sign-in form that follows (at the sign-up's address) signs the new learner in.
    assert 'action="/auth/sign-in"' in new
    reply = _sign_in(browser, "a password of ten", "someone.new@example.org")
    assert reply.status == 303 and _signed_in_user(site, browser) == "someone.new@example.org"


def test_sixty_wrong_invite_codes_are_answered_by_waiting_and_no_hashing(site, monkeypatch):
    hashed = []
    monkeypatch.setattr(site.db.passwords, "hash", hashed.append)
    browser = Browser()
    statuses = []
    for number in range(60):
        fields = {
            "form_token": browser.token("/auth/sign-up"),
            "invite_code": f"WRONG{number:05d}",
            "email": "x@example.org",
            "name": "X",
            "password": "a password of ten",
            "password_again": "a password of ten",
        }
        reply = browser.post("/auth/sign-up", fields)
        wait = ENGLISH("auth.too_many_tries", wait="15 s")
        statuses.append("wait" if wait in reply.text else "wrong code")
    assert statuses == ["wrong code"] * 10 + ["wait"] * 50
    assert hashed == []


# Client addresses (finding 5) --------------------------------------------------------------


def test_a_direct_client_sending_a_different_x_forwarded_for_each_try_still_hits_the_limit(
    site,
):
    browser = Browser(peer="203.0.113.5")
    limit = site.db.settings.signin_free_failures_per_address
    for number in range(limit + 1):
        reply = _sign_in(
            browser,
            "wrong password",
            f"guess{number}@example.org",
            headers={"x-forwarded-for": f"192.0.2.{number}", "x-real-ip": f"192.0.2.{number}"},
        )
    assert reply.status == 400
    assert ENGLISH("auth.too_many_tries", wait="15 s") in reply.text
    assert site.failed_addresses() == {"203.0.113.5"}


def test_behind_a_trusted_proxy_the_address_it_forwards_is_counted(site):
    site.configure(trusted_proxies="10.0.0.0/24, 10.0.1.1")
    proxied = Browser(peer="10.0.0.7")
    for forwarded in ("198.51.100.1", "6.6.6.6, 198.51.100.2", "198.51.100.3, 10.0.1.1"):
        _sign_in(proxied, "wrong password", headers={"x-forwarded-for": forwarded})
    _sign_in(Browser(peer="203.0.113.8"), "wrong", headers={"x-forwarded-for": "198.51.100.9"})
    assert site.failed_addresses() == {
        "198.51.100.1",
        "198.51.100.2",
        "198.51.100.3",
        "203.0.113.8",
    }


def test_a_trusted_proxy_reaching_a_dual_stack_socket_is_still_trusted(site):
    """Streamlit listens on "::" unless told otherwise: nginx's 127.0.0.1 then arrives as
    ::ffff:127.0.0.1, which must count as the trusted 127.0.0.1 (else every user is counted
    under the proxy's address, and an HTTPS site's own forms are refused as cross-origin)."""
    site.configure(trusted_proxies="127.0.0.1")
    proxy = Browser(peer="::ffff:127.0.0.1", site="http://127.0.0.1:8501")
    headers = {
        "x-forwarded-proto": "https",
        "x-forwarded-host": "course.example.org",
        "x-forwarded-for": "198.51.100.7",
        "origin": "https://course.example.org",
    }
    reply = _sign_in(proxy, headers=headers)
    assert reply.status == 303
    assert _session_cookie(reply)["secure"]
    _sign_in(proxy, "wrong password", headers=headers)
    # A client reaching the socket directly is counted under its IPv4 address.
    _sign_in(Browser(peer="::ffff:203.0.113.5"), "wrong password")
    assert site.failed_addresses() == {"198.51.100.7", "203.0.113.5"}


def test_an_ipv6_client_is_counted_as_its_64_network(site):
    """A phone or home line gets a whole /64: a new address for every try must not dodge the
    address's waits."""
    peers = ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3", "2001:db8:1:3::1"]
    for number, peer in enumerate([*peers, "198.51.100.20"]):
        # Other accounts each time: an account's own waits would refuse before counting.
        _sign_in(Browser(peer=peer), "wrong password", email=f"nobody{number}@example.org")
    assert site.failed_addresses() == {"2001:db8:1:2::/64", "2001:db8:1:3::/64", "198.51.100.20"}


def test_an_address_that_uvicorn_took_from_the_header_is_not_believed(site):
    """uvicorn trusts its own machine by default and then hands over the X-Forwarded-For
    address as the peer: with no trusted proxy configured, that address is not used."""
    for number in range(3):
        spoofed = f"192.0.2.{number}"
        browser = Browser(peer=spoofed)
        _sign_in(browser, "wrong password", headers={"x-forwarded-for": spoofed})
    assert site.failed_addresses() == {FORWARDED}


# Headers and cookies (finding 11) ----------------------------------------------------------


def test_every_answer_of_the_auth_routes_forbids_framing_sniffing_and_foreign_referrers(site):
    browser = Browser()
    replies = [browser.get(path) for path in ROUTES]
    replies.append(_sign_in(browser))  # a redirect
    replies.append(browser.post("/auth/sign-in", {}))  # a refusal
    for reply in replies:
        for name, value in SECURITY_HEADERS.items():
            assert reply.headers[name.lower()] == value
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and SECURITY_HEADERS["X-Frame-Options"] == "DENY"
    assert SECURITY_HEADERS["Referrer-Policy"] == "same-origin"
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"


def _session_cookie(reply):
    return reply.set_cookies["courseware_session"]["courseware_session"]


@pytest.mark.parametrize(
    ("peer", "site_url", "forwarded_proto", "secure"),
    [
        ("10.0.0.2", "http://course.example.org", "https", True),  # TLS at the trusted proxy
        ("203.0.113.5", "https://course.example.org", None, True),  # HTTPS straight to the app
        ("203.0.113.5", "http://course.example.org", None, False),  # plain HTTP
        ("203.0.113.5", "http://course.example.org", "https", False),  # not from the proxy
    ],
)
def test_the_session_cookie_is_secure_when_the_browser_came_over_https(
    site, peer, site_url, forwarded_proto, secure
):
    site.configure(trusted_proxies="10.0.0.2")
    origin = site_url.replace("http:", "https:") if forwarded_proto and secure else site_url
    browser = Browser(peer=peer, site=site_url)
    headers = {"origin": origin} | (
        {"x-forwarded-proto": forwarded_proto} if forwarded_proto else {}
    )
    reply = _sign_in(browser, headers=headers)
    assert reply.status == 303
    cookie = _session_cookie(reply)
    assert bool(cookie["secure"]) is secure
    assert cookie["httponly"] and cookie["samesite"].lower() == "lax"
    form = reply.set_cookies["courseware_form"]["courseware_form"]
    assert bool(form["secure"]) is secure and form["path"] == "/auth"


def test_the_owners_browser_is_remembered_and_skips_the_accounts_waits(site):
    owner = Browser(peer="198.51.100.20")
    _sign_in(owner)
    attacker = Browser(peer="203.0.113.66")
    for _ in range(6):
        reply = _sign_in(attacker, "a guess")
    assert re.search("wait", reply.text, re.IGNORECASE)
    stranger = Browser(peer="198.51.100.20")
    assert _sign_in(stranger).status == 400  # a new browser waits like everybody
    assert _sign_in(owner).status == 303  # the owner's does not
