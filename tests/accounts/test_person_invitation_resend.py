import pytest

from accounts.models import Invitation
from tests import factories
from tests.accounts.conftest import invite

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_clinician(nora, northside):
    clinician = factories.ClinicianFactory(clinic=northside, full_name="Ian Invited")
    return invite(clinician, by=nora).user


def test_it_sends_a_new_link(client, nora, new_clinician, mailoutbox):
    client.force_login(nora)
    response = client.post(f"/clinic/people/{new_clinician.pk}/invitation/", follow=True)
    assert response.redirect_chain[-1][0] == "/clinic/people/"
    assert b"e-mailed an invitation link to Ian Invited" in response.content
    assert Invitation.objects.filter(user=new_clinician, revoked_at__isnull=True).count() == 1
    assert len(mailoutbox) == 1


def test_it_refuses_someone_who_has_joined(client, nora, alice):
    client.force_login(nora)
    response = client.post(f"/clinic/people/{alice.pk}/invitation/", follow=True)
    assert b"has already chosen a password" in response.content
