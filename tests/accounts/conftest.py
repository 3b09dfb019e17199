import re

import pytest

from tests import factories


@pytest.fixture
def heel_pain(db):
    return factories.ConditionFactory(slug="plantar-fasciitis", name="Plantar fasciitis")


def invitation_path(message) -> str:
    """The /invite/<token>/ path from an invitation e-mail."""
    return re.search(r"https?://[^/\s]+(/invite/[^\s]+/)", message.body).group(1)
