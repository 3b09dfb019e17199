"""Engagement fixtures: a real SMTP server to receive the e-mails, and a real worker."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command


class Inbox:
    """What the SMTP sink received, as parsed e-mails."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    """An SMTP server on a free loopback port, and Django's SMTP backend pointed at it: the
    e-mails go the production path, over a socket, not into locmem."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    yield inbox
    controller.stop()


def run_worker() -> None:
    """A real worker (django-tasks-db's db_worker) until the queue is empty."""
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
