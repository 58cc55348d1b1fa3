"""Sign-in, sign-up, first administrator and sign-out as plain HTML forms.

A Streamlit widget cannot set a cookie, so these few pages are served by the app's own
Starlette routes: they set or clear the HttpOnly session cookie and send the browser back to
the app, whose script reads the cookie on every run (st.context.cookies).

Every route goes through `_guarded`: it works out who the client is, refuses a POST that was
not sent from the site's own form (403, nothing changed; ui/request_checks.py), answers bad
input and an unreachable database with a page of their own, and puts the security headers
and the pre-session cookie on every answer.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from courseware.i18n import LANGUAGES, Translator
from courseware.settings import signing_key
from courseware.store import Database
from courseware.store.accounts import (
    create_first_administrator,
    needs_first_administrator,
)
from courseware.store.auth import SignedIn, sign_in, sign_out
from courseware.store.errors import Rejected, Unavailable
from courseware.store.signup import sign_up_with_invite
from courseware.ui import resources
from courseware.ui.auth_pages import (
    LANGUAGE_COOKIE,
    error_text,
    field,
    form,
    language,
    language_field,
    page,
    paragraph,
)
from courseware.ui.request_checks import (
    BROWSER_COOKIE,
    BROWSER_COOKIE_DAYS,
    FORM_COOKIE,
    Client,
    client_of,
    forgery,
    form_cookie,
    form_token,
    known_marks,
    protect,
    set_cookie,
    with_mark,
)

log = logging.getLogger(__name__)


@dataclass
class Call:
    """One request to a sign-in route, with what every route needs to answer it."""

    request: Request
    t: Translator
    db: Database
    client: Client
    key: bytes
    form_cookie: str
    form: FormData | None = None

    def value(self, name: str) -> str:
        value = self.form.get(name, "") if self.form is not None else ""
        return value if isinstance(value, str) else ""

    def form_html(
        self, fields: str, submit_key: str, error: str | None, action: str | None = None
    ) -> str:
        """A form with the browser's token, posting to `action` (by default this route)."""
        token = form_token(self.key, self.form_cookie)
        target = action or self.request.url.path
        return form(self.t, target, token, fields, submit_key, error)

    def cookie(self, response: Response, name: str, value: str, **options) -> None:
        set_cookie(response, name, value, self.client, self.db.settings, **options)


Handler = Callable[[Call], Awaitable[Response]]


def _guarded(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        t = Translator(language(request))
        try:
            db = await run_in_threadpool(resources.database)
            call = Call(
                request,
                t,
                db,
                client_of(request, db.settings),
                signing_key(db.settings),
                form_cookie(request),
            )
            response = await _answer(handler, call)
            call.cookie(response, FORM_COOKIE, call.form_cookie, path="/auth")
            call.cookie(response, LANGUAGE_COOKIE, t.language)
        except Unavailable:
            away = paragraph(t("outage.database_unavailable"))
            response = page(t, t("auth.unavailable_title"), away, 503)
        return protect(response)

    return endpoint


async def _answer(handler: Handler, call: Call) -> Response:
    t = call.t
    if call.request.method == "POST":
        try:
            call.form = await call.request.form()
        except Exception as exc:  # a body that is not a form (multipart errors, encoding...)
            log.warning("refused a form that could not be read: %r", exc)
            return page(t, t("auth.bad_form_title"), paragraph(t("auth.bad_form")), 400)
        reason = forgery(call.request, call.form, call.client, call.key)
        if reason is not None:
            log.warning("refused a form from %s: %s", call.client.address, reason)
            return page(t, t("auth.forged_title"), paragraph(t("auth.forged")), 403)
    return await handler(call)


def _signed_in(call: Call, signed_in: SignedIn) -> Response:
    settings = call.db.settings
    response = RedirectResponse("/", status_code=303)
    lifetime = int(settings.session_lifetime.total_seconds())
    call.cookie(response, settings.session_cookie_name, signed_in.token, max_age=lifetime)
    marks = with_mark(call.request, signed_in.browser_mark)
    call.cookie(response, BROWSER_COOKIE, marks, path="/auth", max_age=BROWSER_COOKIE_DAYS * 86400)
    return response


async def sign_in_page(call: Call) -> Response:
    db = call.db
    if await run_in_threadpool(needs_first_administrator, db):
        return RedirectResponse("/auth/setup", status_code=303)
    error, email = None, ""
    if call.form is not None:
        email = call.value("email")
        try:
            signed_in = await run_in_threadpool(
                lambda: sign_in(
                    db,
                    email,
                    call.value("password"),
                    call.client.address,
                    call.request.cookies.get(db.settings.session_cookie_name),
                    browser_marks=known_marks(call.request),
                )
            )
            return _signed_in(call, signed_in)
        except Rejected as exc:
            error = error_text(call.t, exc)
    return _sign_in_form(call, email, error)


def _sign_in_form(call: Call, email: str, error: str | None, notice: str = "") -> Response:
    t = call.t
    fields = field(t, "email", "email", email, autocomplete="username") + field(
        t, "password", "password", autocomplete="current-password"
    )
    body = (
        paragraph(notice, "notice")
        + call.form_html(fields, "auth.sign_in", error, action="/auth/sign-in")
        + f'<p class="hint">{html.escape(t("auth.no_account"))} '
        f'<a href="/auth/sign-up">{html.escape(t("auth.sign_up"))}</a></p>'
    )
    return page(t, t("auth.sign_in"), body, 200 if error is None else 400)


async def sign_up_page(call: Call) -> Response:
    t, db = call.t, call.db
    values = {"invite_code": call.request.query_params.get("code", ""), "email": "", "name": ""}
    error = None
    if call.form is not None:
        values = {key: call.value(key) for key in values}
        password = call.value("password")
        chosen = call.value("language")
        if password != call.value("password_again"):
            error = t("auth.passwords_differ")
        else:
            try:
                await run_in_threadpool(
                    lambda: sign_up_with_invite(
                        db,
                        invite_code=values["invite_code"],
                        email=values["email"],
                        display_name=values["name"],
                        password=password,
                        language=chosen if chosen in LANGUAGES else t.language,
                        address=call.client.address,
                    )
                )
                # The same answer whether or not the email had an account (see store/signup).
                email = values["email"].strip()
                return _sign_in_form(call, email, None, t("auth.signed_up", email=email))
            except Rejected as exc:
                error = error_text(t, exc)
    fields = (
        field(t, "invite_code", value=values["invite_code"], autocomplete="off")
        + field(t, "email", "email", values["email"], autocomplete="email")
        + field(t, "name", value=values["name"], autocomplete="name")
        + field(t, "password", "password", minlength="10", autocomplete="new-password")
        + paragraph(t("auth.password_rules"), "hint")
        + field(t, "password_again", "password", minlength="10", autocomplete="new-password")
        + language_field(t)
    )
    body = call.form_html(fields, "auth.sign_up", error)
    return page(t, t("auth.sign_up"), body, 200 if error is None else 400)


async def setup_page(call: Call) -> Response:
    """Creates the first administrator; gone for good once any account exists."""
    t, db = call.t, call.db
    if not await run_in_threadpool(needs_first_administrator, db):
        return RedirectResponse("/auth/sign-in", status_code=303)
    values = {"email": "", "name": "", "organisation": ""}
    error = None
    if call.form is not None:
        values = {key: call.value(key) for key in values}
        password = call.value("password")
        if password != call.value("password_again"):
            error = t("auth.passwords_differ")
        else:
            try:
                await run_in_threadpool(
                    lambda: create_first_administrator(
                        db,
                        email=values["email"],
                        display_name=values["name"],
                        password=password,
                        organisation_name=values["organisation"],
                        language=t.language,
                    )
                )
                signed_in = await run_in_threadpool(
                    sign_in, db, values["email"], password, call.client.address
                )
                return _signed_in(call, signed_in)
            except Rejected as exc:
                error = error_text(t, exc)
    fields = (
        paragraph(t("auth.setup_intro"))
        + field(t, "organisation", value=values["organisation"])
        + field(t, "name", value=values["name"], autocomplete="name")
        + field(t, "email", "email", values["email"], autocomplete="email")
        + field(t, "password", "password", minlength="10", autocomplete="new-password")
        + paragraph(t("auth.password_rules"), "hint")
        + field(t, "password_again", "password", minlength="10", autocomplete="new-password")
    )
    body = call.form_html(fields, "auth.create_admin", error)
    return page(t, t("auth.setup"), body, 200 if error is None else 400)


async def sign_out_route(call: Call) -> Response:
    """GET asks for confirmation (a link can lead here); POST signs out."""
    t, db = call.t, call.db
    if call.form is None:
        return page(t, t("auth.sign_out"), call.form_html("", "auth.sign_out", None))
    token = call.request.cookies.get(db.settings.session_cookie_name)
    await run_in_threadpool(sign_out, db, token)
    response = RedirectResponse("/auth/sign-in", status_code=303)
    response.delete_cookie(db.settings.session_cookie_name, httponly=True, samesite="lax")
    return response


def auth_routes() -> list[Route]:
    def both(path: str, handler: Handler) -> Route:
        return Route(path, _guarded(handler), methods=["GET", "POST"])

    return [
        both("/auth/sign-in", sign_in_page),
        both("/auth/sign-up", sign_up_page),
        both("/auth/setup", setup_page),
        both("/auth/sign-out", sign_out_route),
    ]
