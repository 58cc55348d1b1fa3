"""One connection to the mail server of `COURSEWARE_SMTP_*`, for a batch of mails."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from courseware.settings import Settings


class MailServer:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> MailServer:
        s = self.settings
        if s.smtp_security == "ssl":
            self.connection = smtplib.SMTP_SSL(
                s.smtp_host,
                s.smtp_port,
                timeout=s.smtp_timeout_seconds,
                context=ssl.create_default_context(),
            )
        else:
            self.connection = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds)
            if s.smtp_security == "starttls":
                self.connection.starttls(context=ssl.create_default_context())
        if s.smtp_username:
            self.connection.login(s.smtp_username, s.smtp_password.get_secret_value())
        return self

    def send(self, message: EmailMessage) -> None:
        """Raises smtplib.SMTPException (or OSError) when the server does not take it."""
        self.connection.send_message(message)

    def __exit__(self, *exc) -> None:
        try:
            self.connection.quit()
        except (smtplib.SMTPException, OSError):
            self.connection.close()
