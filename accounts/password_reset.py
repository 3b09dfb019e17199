"""Password reset e-mails, sent from the task queue.

The reset page checks the address's form and queues `send_reset`, whatever the address: its
response does the same work for an account's address as for any other, so neither the page
nor the time it takes tells whether the address has an account. The task finds the
account by the address rule (exactly) and e-mails it a link; for any other address it
sends nothing.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.addresses import normalise
from accounts.models import User

SUBJECT = "Reset your Stride password"
logger = logging.getLogger(__name__)


def users_for(address: str) -> list[User]:
    """Who a reset of `address` is for: an active account with a password (a newcomer
    chooses theirs through their invitation)."""
    users = User.objects.filter(email=normalise(address), is_active=True)
    return [user for user in users if user.has_usable_password()]


def link_for(user: User) -> str:
    """The one-time link (Django's token: it stops working once the password changes)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


@task()
def send_reset(address: str) -> int:
    """E-mail the reset link to the account of `address`, if there is one; how many went
    out. The e-mail holds the link and nothing about the person or their care."""
    sent = 0
    for user in users_for(address):
        body = render_to_string("registration/password_reset_email.html", {"link": link_for(user)})
        try:
            sent += send_mail(SUBJECT, body, None, [user.email])
        except (OSError, smtplib.SMTPException):
            logger.exception("Could not send the password reset e-mail of user %s", user.pk)
    return sent
