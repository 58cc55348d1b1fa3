"""The HTML of the sign-in routes' pages: one small accessible page per form, no script.

Every text goes through `html.escape`; every form carries the anti-forgery token of the
browser's pre-session cookie (ui/request_checks.py).
"""

from __future__ import annotations

import html
import math

from starlette.requests import Request
from starlette.responses import HTMLResponse

from courseware.i18n import LANGUAGES, Translator
from courseware.store.auth import SIGN_IN_FAILED
from courseware.store.errors import Rejected
from courseware.store.signup import INVALID_CODE
from courseware.store.throttle import TooManyTries
from courseware.ui.request_checks import TOKEN_FIELD

LANGUAGE_COOKIE = "courseware_lang"
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


def language(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in LANGUAGES else "en"


def page(t: Translator, title: str, body: str, status: int = 200) -> HTMLResponse:
    other = "sr" if t.language == "en" else "en"
    switch = f'<a href="?lang={other}">{html.escape(t("auth.other_language"))}</a>'
    document = (
        f'<!doctype html><html lang="{t.tag}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<main><h1>{html.escape(title)}</h1>{body}</main>"
        f'<nav><a href="/">{html.escape(t("auth.back_to_course"))}</a>{switch}'
        f'<a href="/help?lang={t.language}">{html.escape(t("help.title"))}</a></nav>'
        "</body></html>"
    )
    return HTMLResponse(document, status_code=status)


def paragraph(text: str, kind: str = "") -> str:
    role = {"error": ' role="alert"', "notice": ' role="status"'}.get(kind, "")
    css = f' class="{kind}"' if kind else ""
    return f"<p{css}{role}>{html.escape(text)}</p>" if text else ""


def field(t: Translator, name: str, kind: str = "text", value: str = "", **extra: str) -> str:
    attributes = " ".join(f'{k.replace("_", "-")}="{html.escape(v)}"' for k, v in extra.items())
    return (
        f'<label for="{name}">{html.escape(t(f"auth.field.{name}"))}</label>'
        f'<input id="{name}" name="{name}" type="{kind}" value="{html.escape(value)}" '
        f"required {attributes}>"
    )


def language_field(t: Translator) -> str:
    options = "".join(
        f'<option value="{code}"{" selected" if code == t.language else ""}>'
        f"{html.escape(t(f'language.{code}'))}</option>"
        for code in LANGUAGES
    )
    label = html.escape(t("auth.field.language"))
    select = f'<select id="language" name="language">{options}</select>'
    return f'<label for="language">{label}</label>{select}'


def form(
    t: Translator, action: str, token: str, fields: str, submit_key: str, error: str | None
) -> str:
    """A form that posts to `action` (a route's path: the sign-in form also follows a
    sign-up, at the sign-up's address)."""
    hidden = f'<input type="hidden" name="{TOKEN_FIELD}" value="{html.escape(token)}">'
    return (
        f"{paragraph(error or '', 'error')}"
        f'<form method="post" action="{html.escape(action)}">{hidden}{fields}'
        f'<button type="submit">{html.escape(t(submit_key))}</button></form>'
    )


def error_text(t: Translator, error: Rejected) -> str:
    if isinstance(error, TooManyTries):
        seconds = math.ceil(error.wait.total_seconds())
        wait = f"{seconds} s" if seconds < 60 else f"{math.ceil(seconds / 60)} min"
        return t("auth.too_many_tries", wait=wait)
    message = str(error)
    return t(TRANSLATED_ERRORS[message]) if message in TRANSLATED_ERRORS else message
