"""The development console prints e-mails decoded, so a long link can be copied whole."""

import io
import uuid

from django.core.mail import EmailMessage

from accounts.invitations import url_for
from config.mail import DecodedConsoleBackend


def test_it_prints_a_long_link_whole_and_the_text_decoded():
    link = url_for(uuid.uuid4())
    assert len(link) > 76  # longer than a quoted-printable line
    message = EmailMessage("Your invitation", f"Café — open {link} to join.\n", to=["e@x.test"])
    stream = io.StringIO()
    assert DecodedConsoleBackend(stream=stream).send_messages([message]) == 1
    printed = stream.getvalue()
    assert f"Café — open {link} to join." in printed.splitlines()
    assert "Subject: Your invitation" in printed
    assert "quoted-printable" not in printed and "=\n" not in printed
