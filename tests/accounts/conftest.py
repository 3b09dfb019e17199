import re

import pytest

from accounts import invitations
from tests import factories


@pytest.fixture
def heel_pain(db):
    return factories.ConditionFactory(slug="plantar-fasciitis", name="Plantar fasciitis")


def invitation_path(message) -> str:
    """The /invite/<token>/ path from an invitation e-mail."""
    return re.search(r"https?://[^/\s]+(/invite/[^\s]+/)", message.body).group(1)


def invite(user, *, by):
    """Make `user` a newcomer who has not chosen a password, with a pending link."""
    user.set_unusable_password()
    user.save()
    return invitations.create(user=user, created_by=by)
