"""Who is looking at the page, in which language, and the shared resources: built once at the
top of every script run and handed to the page."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from courseware.access import Actor
from courseware.content.catalog import Catalog
from courseware.content.fields import localize
from courseware.i18n import LANGUAGES, Translator
from courseware.store import Database
from courseware.store.accounts import (
    Profile,
)
from courseware.store.auth import Identity, authenticate, identity_for_email, token_hash
from courseware.store.errors import Unavailable
from courseware.ui import resources

PROVED_IDENTITY = "proved_identity"


@dataclass(frozen=True)
class PageContext:
    db: Database
    catalog: Catalog
    identity: Identity | None
    t: Translator
    # Signed in with the organisation's identity provider, but no account has this email.
    unknown_single_sign_on: str | None = None

    @property
    def actor(self) -> Actor:
        assert self.identity is not None, "a page for signed-in users only"
        return self.identity.actor

    @property
    def profile(self) -> Profile:
        assert self.identity is not None, "a page for signed-in users only"
        return self.identity.profile

    @property
    def role(self) -> str | None:
        return None if self.identity is None else self.identity.actor.role

    @property
    def language(self) -> str:
        return self.t.language

    def text(self, value) -> str:
        """Course text (a Text value) in the user's language and script."""
        return self.t.script_of(localize(value, self.language))


def _visitor_language() -> tuple[str, str]:
    chosen = st.session_state.get("visitor_language")
    if chosen:
        return chosen
    locale = (st.context.locale or "en").lower()
    return ("sr" if locale.startswith(("sr", "hr", "bs", "sh")) else "en", "latin")


def session_token(db: Database) -> str | None:
    """The browser's session token: the HttpOnly cookie set by the sign-in route."""
    token = st.context.cookies.get(db.settings.session_cookie_name)
    return token if isinstance(token, str) else None


def single_sign_on_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] (OIDC) section for st.login."""
    try:
        return "auth" in st.secrets
    except Exception:  # Streamlit raises when there is no secrets file at all.
        return False


def _authenticated(db: Database) -> Identity | None:
    """Who holds the browser's session cookie. While the database cannot be reached, the
    identity this browser session proved on an earlier run with the same cookie, so that the
    page can keep the learner's unsaved answers and retry them (the store checks the user
    again when they are saved)."""
    token = session_token(db)
    try:
        identity = authenticate(db, token)
    except Unavailable:
        proved = st.session_state.get(PROVED_IDENTITY)
        if token is None or proved is None or proved[0] != token_hash(token):
            raise
        return proved[1]
    st.session_state[PROVED_IDENTITY] = (token_hash(token), identity) if token else None
    return identity


def current_context() -> PageContext:
    db = resources.database()
    identity = _authenticated(db)
    unknown_email = None
    if identity is None and single_sign_on_configured() and st.user.get("is_logged_in", False):
        identity = identity_for_email(db, st.user.get("email"))
        unknown_email = None if identity is not None else st.user.get("email")
    if identity is None:
        return PageContext(db, resources.catalog(), None, visitor_translator(), unknown_email)
    language, script = identity.profile.language, identity.profile.script
    translator = Translator(language if language in LANGUAGES else "en", script)
    return PageContext(db, resources.catalog(), identity, translator, unknown_email)


def visitor_translator() -> Translator:
    """The language of a browser nobody is signed in on (chosen on the page, or its locale)."""
    return Translator(*_visitor_language())
