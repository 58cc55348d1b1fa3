"""`/help`: the "Need help now?" contacts as one plain HTML page, no script. It works before
the app's JavaScript has loaded, on a dropped connection's last page, and from the sign-in
pages: every page links to it."""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from courseware.content.fields import localize
from courseware.i18n import Translator
from courseware.ui import resources
from courseware.ui.auth_pages import language, page
from courseware.ui.request_checks import protect

HELP_PATH = "/help"


def _contact_html(t: Translator, contact) -> str:
    text = lambda value: html.escape(t.script_of(localize(value, t.language)))  # noqa: E731
    lines = [f"<h2>{text(contact.name)}</h2>"]
    if contact.phone:
        number = html.escape(contact.phone.replace(" ", ""))
        lines.append(f'<p><a href="tel:{number}">{html.escape(contact.phone)}</a></p>')
    if contact.email:
        address = html.escape(contact.email)
        lines.append(f'<p><a href="mailto:{address}">{address}</a></p>')
    lines.append(f"<p>{text(contact.description)}</p>")
    if not contact.confirmed:
        note = t("help.as_published", date=contact.last_confirmed)
        lines.append(f'<p class="hint">{html.escape(note)}</p>')
    return "<section>" + "".join(lines) + "</section>"


async def help_page(request: Request) -> Response:
    script = "cyrillic" if request.query_params.get("script") == "cyrillic" else "latin"
    t = Translator(language(request), script)
    contacts = resources.catalog().contacts
    if contacts is None:
        body = f"<p>{html.escape(t('help.unavailable'))}</p>"
    else:
        ordered = sorted(contacts.contacts, key=lambda c: not c.emergency)
        body = "".join(_contact_html(t, c) for c in ordered)
    body += f'<p class="notice">{html.escape(t("help.check_numbers"))}</p>'
    # The sign-in pages' headers: it is linked from them, and opened without the app.
    return protect(page(t, t("help.title"), body))


def help_routes() -> list[Route]:
    return [Route(HELP_PATH, help_page, methods=["GET"])]
