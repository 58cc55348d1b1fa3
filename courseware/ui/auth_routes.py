"""Sign-in, sign-up, first administrator and sign-out as plain HTML forms.

A Streamlit widget cannot set a cookie, so these few pages are served by the app's own
Starlette routes: they set or clear the HttpOnly session cookie and send the browser back to
the app, whose script reads the cookie on every run (st.context.cookies).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from courseware.i18n import LANGUAGES, Translator
from courseware.store.accounts import create_first_administrator, needs_first_administrator
from courseware.store.auth import SIGN_IN_FAILED, SignedIn, sign_in, sign_out
from courseware.store.errors import Rejected
from courseware.store.signup import INVALID_CODE, sign_up_with_invite
from courseware.store.throttle import TooManyTries
from courseware.ui import resources

# Store messages that have a translation of their own; others are shown as they are.
TRANSLATED_ERRORS = {SIGN_IN_FAILED: "auth.sign_in_failed", INVALID_CODE: "auth.invalid_code"}

STYLE = """
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;
color:#1f2933;line-height:1.5}
h1{font-size:1.6rem}label{display:block;margin-top:1rem;font-weight:600}
input,select{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;margin-top:.25rem;
border:1px solid #9aa5b1;border-radius:.4rem}
button{margin-top:1.5rem;padding:.7rem 1.4rem;font-size:1rem;background:#1d4e89;color:#fff;
border:0;border-radius:.4rem;cursor:pointer}
button:focus,input:focus,select:focus,a:focus{outline:3px solid #f0b429;outline-offset:2px}
.error{background:#fde8e8;border-left:4px solid #c81e1e;padding:.6rem 1rem;margin-top:1rem}
.notice{background:#e3f8ff;border-left:4px solid #1d4e89;padding:.6rem 1rem;margin-top:1rem}
.hint{color:#52606d;font-size:.9rem}nav{margin-top:2rem;display:flex;gap:1.2rem;flex-wrap:wrap}
"""


def _language(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get("courseware_lang")
    return chosen if chosen in LANGUAGES else "en"


def _page(
    request: Request, t: Translator, title: str, body: str, status: int = 200
) -> HTMLResponse:
    other = "sr" if t.language == "en" else "en"
    switch = f'<a href="?lang={other}">{html.escape(t("auth.other_language"))}</a>'
    document = (
        f'<!doctype html><html lang="{t.language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<main><h1>{html.escape(title)}</h1>{body}</main>"
        f'<nav><a href="/">{html.escape(t("auth.back_to_course"))}</a>{switch}</nav>'
        "</body></html>"
    )
    response = HTMLResponse(document, status_code=status)
    response.set_cookie("courseware_lang", t.language, samesite="lax")
    return response


def _field(t: Translator, name: str, kind: str = "text", value: str = "", **extra: str) -> str:
    attributes = " ".join(f'{k.replace("_", "-")}="{html.escape(v)}"' for k, v in extra.items())
    return (
        f'<label for="{name}">{html.escape(t(f"auth.field.{name}"))}</label>'
        f'<input id="{name}" name="{name}" type="{kind}" value="{html.escape(value)}" '
        f"required {attributes}>"
    )


def _language_field(t: Translator) -> str:
    options = "".join(
        f'<option value="{code}"{" selected" if code == t.language else ""}>'
        f"{html.escape(t(f'language.{code}'))}</option>"
        for code in LANGUAGES
    )
    label = html.escape(t("auth.field.language"))
    select = f'<select id="language" name="language">{options}</select>'
    return f'<label for="language">{label}</label>{select}'


def _form(t: Translator, fields: str, submit_key: str, error: str | None) -> str:
    alert = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    return (
        f'{alert}<form method="post">{fields}'
        f'<button type="submit">{html.escape(t(submit_key))}</button></form>'
    )


def _error_text(t: Translator, error: Rejected) -> str:
    if isinstance(error, TooManyTries):
        seconds = math.ceil(error.wait.total_seconds())
        wait = f"{seconds} s" if seconds < 60 else f"{math.ceil(seconds / 60)} min"
        return t("auth.too_many_tries", wait=wait)
    message = str(error)
    return t(TRANSLATED_ERRORS[message]) if message in TRANSLATED_ERRORS else message


def _signed_in(request: Request, signed_in: SignedIn) -> Response:
    settings = resources.database().settings
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        settings.session_cookie_name,
        signed_in.token,
        max_age=int(settings.session_lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.session_cookie_secure,
    )
    return response


def _client_address(request: Request) -> str:
    # Behind the reverse proxy the client is in X-Forwarded-For (nginx sets it; see deploy/).
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.client.host if request.client else "unknown"


async def sign_in_page(request: Request) -> Response:
    t = Translator(_language(request))
    db = resources.database()
    if await run_in_threadpool(needs_first_administrator, db):
        return RedirectResponse("/auth/setup", status_code=303)
    error, email = None, ""
    if request.method == "POST":
        form = await request.form()
        email = str(form.get("email", ""))
        try:
            signed_in = await run_in_threadpool(
                sign_in,
                db,
                email,
                str(form.get("password", "")),
                _client_address(request),
                request.cookies.get(db.settings.session_cookie_name),
            )
            return _signed_in(request, signed_in)
        except Rejected as exc:
            error = _error_text(t, exc)
    return _sign_in_form(request, t, email, error)


def _sign_in_form(
    request: Request, t: Translator, email: str, error: str | None, notice: str = ""
) -> Response:
    fields = _field(t, "email", "email", email, autocomplete="username") + _field(
        t, "password", "password", autocomplete="current-password"
    )
    body = (
        (f'<p class="notice" role="status">{html.escape(notice)}</p>' if notice else "")
        + _form(t, fields, "auth.sign_in", error)
        + (
            f'<p class="hint">{html.escape(t("auth.no_account"))} '
            f'<a href="/auth/sign-up">{html.escape(t("auth.sign_up"))}</a></p>'
        )
    )
    return _page(request, t, t("auth.sign_in"), body, 200 if error is None else 400)


async def sign_up_page(request: Request) -> Response:
    t = Translator(_language(request))
    db = resources.database()
    values = {"invite_code": request.query_params.get("code", ""), "email": "", "name": ""}
    error = None
    if request.method == "POST":
        form = await request.form()
        values = {key: str(form.get(key, "")) for key in values}
        password = str(form.get("password", ""))
        language = str(form.get("language", t.language))
        if password != str(form.get("password_again", "")):
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
                        language=language if language in LANGUAGES else "en",
                        address=_client_address(request),
                    )
                )
                # The same answer whether or not the email had an account (see store/signup).
                notice = t("auth.signed_up", email=values["email"].strip())
                return _sign_in_form(request, t, values["email"].strip(), None, notice)
            except Rejected as exc:
                error = _error_text(t, exc)
    fields = (
        _field(t, "invite_code", value=values["invite_code"], autocomplete="off")
        + _field(t, "email", "email", values["email"], autocomplete="email")
        + _field(t, "name", value=values["name"], autocomplete="name")
        + _field(t, "password", "password", minlength="10", autocomplete="new-password")
        + f'<p class="hint">{html.escape(t("auth.password_rules"))}</p>'
        + _field(t, "password_again", "password", minlength="10", autocomplete="new-password")
        + _language_field(t)
    )
    body = _form(t, fields, "auth.sign_up", error)
    return _page(request, t, t("auth.sign_up"), body, 200 if error is None else 400)


async def setup_page(request: Request) -> Response:
    """Creates the first administrator; gone for good once any account exists."""
    t = Translator(_language(request))
    db = resources.database()
    if not await run_in_threadpool(needs_first_administrator, db):
        return RedirectResponse("/auth/sign-in", status_code=303)
    values = {"email": "", "name": "", "organisation": ""}
    error = None
    if request.method == "POST":
        form = await request.form()
        values = {key: str(form.get(key, "")) for key in values}
        password = str(form.get("password", ""))
        if password != str(form.get("password_again", "")):
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
                    sign_in, db, values["email"], password, _client_address(request)
                )
                return _signed_in(request, signed_in)
            except Rejected as exc:
                error = _error_text(t, exc)
    fields = (
        f"<p>{html.escape(t('auth.setup_intro'))}</p>"
        + _field(t, "organisation", value=values["organisation"])
        + _field(t, "name", value=values["name"], autocomplete="name")
        + _field(t, "email", "email", values["email"], autocomplete="email")
        + _field(t, "password", "password", minlength="10", autocomplete="new-password")
        + f'<p class="hint">{html.escape(t("auth.password_rules"))}</p>'
        + _field(t, "password_again", "password", minlength="10", autocomplete="new-password")
    )
    body = _form(t, fields, "auth.create_admin", error)
    return _page(request, t, t("auth.setup"), body, 200 if error is None else 400)


async def sign_out_route(request: Request) -> Response:
    """GET asks for confirmation (a link can lead here); POST signs out."""
    db = resources.database()
    if request.method == "GET":
        t = Translator(_language(request))
        return _page(request, t, t("auth.sign_out"), _form(t, "", "auth.sign_out", None))
    token = request.cookies.get(db.settings.session_cookie_name)
    await run_in_threadpool(sign_out, db, token)
    response = RedirectResponse("/auth/sign-in", status_code=303)
    response.delete_cookie(db.settings.session_cookie_name, httponly=True, samesite="lax")
    return response


def auth_routes() -> list[Route]:
    both: Callable = lambda path, endpoint: Route(path, endpoint, methods=["GET", "POST"])  # noqa: E731
    return [
        both("/auth/sign-in", sign_in_page),
        both("/auth/sign-up", sign_up_page),
        both("/auth/setup", setup_page),
        both("/auth/sign-out", sign_out_route),
    ]
