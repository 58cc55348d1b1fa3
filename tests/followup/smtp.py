"""A real SMTP server (aiosmtpd) on a free port of this machine, keeping what it received.
`refuse` makes it answer DATA with a temporary failure; `hold` makes it wait before
answering DATA until released (a sender can be killed meanwhile)."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False
        self.hold = False
        self.arrived = threading.Event()
        self.released = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.hold:
            self.arrived.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 the sender went away"
        if self.refuse:
            return "451 4.3.0 try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SmtpServer:
    """`options` go to aiosmtpd's Controller: `tls_context` (STARTTLS), `ssl_context` (TLS
    from the start), `authenticator`..."""

    def __init__(self, **options) -> None:
        self.port = free_port()
        self.recorder = Recorder()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **options)

    @property
    def messages(self) -> list[EmailMessage]:
        return self.recorder.messages

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.recorder.released.set()
        self.controller.stop()
