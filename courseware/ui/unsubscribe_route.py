"""`/unsubscribe`: the link in every reminder mail. GET asks for confirmation (mail scanners
and link previews open links; they must not unsubscribe anyone); POST stops the reminders.
The POST needs neither a session nor a form token: RFC 8058's one-click unsubscribe is a
POST from the mail client, with `List-Unsubscribe=One-Click` as its body and nothing else.
The signed token in the address is what proves the link came from one of our mails."""

from __future__ import annotations

import html
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from courseware.i18n import Translator
from courseware.mail.tokens import user_of_token
from courseware.settings import signing_key
from courseware.store.errors import Unavailable
from courseware.store.followup import stop_reminders_by_link
from courseware.ui import resources
from courseware.ui.auth_pages import language, page, paragraph
from courseware.ui.request_checks import protect

UNSUBSCRIBE_PATH = "/unsubscribe"


async def unsubscribe_page(request: Request) -> Response:
    script = "cyrillic" if request.query_params.get("script") == "cyrillic" else "latin"
    t = Translator(language(request), script)
    token = request.query_params.get("token", "")
    title = t("unsubscribe.title")
    try:
        db = await run_in_threadpool(resources.database)
        if user_of_token(signing_key(db.settings), token) is None:
            return protect(page(t, title, paragraph(t("unsubscribe.invalid"), "error"), 400))
        if request.method == "POST":
            await run_in_threadpool(stop_reminders_by_link, db, token)
            return protect(page(t, title, paragraph(t("unsubscribe.done"), "notice")))
    except Unavailable:
        return protect(page(t, title, paragraph(t("outage.database_unavailable")), 503))
    query = html.escape(urlencode(request.query_params))
    confirm = (
        f'<form method="post" action="{UNSUBSCRIBE_PATH}?{query}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        f'<button type="submit">{html.escape(t("unsubscribe.button"))}</button></form>'
    )
    return protect(page(t, title, paragraph(t("unsubscribe.question")) + confirm))


def unsubscribe_routes() -> list[Route]:
    return [Route(UNSUBSCRIBE_PATH, unsubscribe_page, methods=["GET", "POST"])]
