"""The reminder mail of a due follow-up step or practice set: in the learner's language and
script, plain text and HTML, with the link to the check, the day it is due, and a one-click
unsubscribe (RFC 8058). It names the check and the day, nothing else: no answers, scores or
cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from html import escape
from urllib.parse import urlencode

from courseware.i18n import Translator


@dataclass(frozen=True)
class ReminderMail:
    to: str
    name: str
    language: str
    script: str
    quiz_title: str
    due_on: date
    round: int
    # A stable id per reminder row: a mail sent again after a sender died keeps its id.
    reminder_id: int
    # A practice set (`quiz_title` then names the set): its own subject and wording.
    practice: bool = False


def check_url(public_url: str, quiz_id: str) -> str:
    return f"{public_url.rstrip('/')}/quiz?{urlencode({'quiz': quiz_id})}"


def practice_url(public_url: str) -> str:
    """The practice page, which opens the learner's first set due."""
    return f"{public_url.rstrip('/')}/practice"


def unsubscribe_url(public_url: str, token: str, language: str, script: str) -> str:
    """The page confirms in the mail's language and script."""
    query = urlencode({"token": token, "lang": language, "script": script})
    return f"{public_url.rstrip('/')}/unsubscribe?{query}"


def reminder_message(
    mail: ReminderMail, *, sender: str, link: str, unsubscribe: str, domain: str, at: datetime
) -> EmailMessage:
    t = Translator(mail.language, mail.script)
    kind = "practice" if mail.practice else "followup"
    quiz = mail.quiz_title
    due = t.date(mail.due_on)
    lines = [
        t("followup.mail.greeting", name=mail.name),
        "",
        t(f"{kind}.mail.due", date=due, quiz=quiz),
        *([t("followup.mail.again")] if mail.round > 1 else []),
        "",
        f"{t(f'{kind}.mail.open')}: {link}",
        "",
        "-- ",
        t("followup.mail.why"),
        f"{t('followup.mail.stop')}: {unsubscribe}",
    ]
    message = EmailMessage()
    message["Subject"] = t(f"{kind}.mail.subject", quiz=quiz)
    message["From"] = sender
    message["To"] = formataddr((mail.name, mail.to))
    # RFC 5322 asks for it; a server that would add its own is not to be counted on.
    message["Date"] = format_datetime(at)
    # The same id every time this reminder is sent: a copy after a crash is recognisable.
    message["Message-ID"] = f"<reminder-{mail.reminder_id}@{domain}>"
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # Automatic mail: no out-of-office answers back (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content("\n".join(lines))
    text = escape
    again = f"<p>{text(t('followup.mail.again'))}</p>" if mail.round > 1 else ""
    message.add_alternative(
        f"""<!DOCTYPE html>
<html lang="{t.tag}"><body>
<p>{text(t("followup.mail.greeting", name=mail.name))}</p>
<p>{text(t(f"{kind}.mail.due", date=due, quiz=quiz))}</p>{again}
<p><a href="{text(link)}">{text(t(f"{kind}.mail.open"))}</a></p>
<hr><p><small>{text(t("followup.mail.why"))}
<a href="{text(unsubscribe)}">{text(t("followup.mail.stop"))}</a></small></p>
</body></html>
""",
        subtype="html",
    )
    # After the content: setting it clears every Content-* header.
    message["Content-Language"] = t.tag
    return message
