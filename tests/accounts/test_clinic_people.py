import pytest

from accounts import invitations
from tests import factories
from tests.accounts.conftest import invite

pytestmark = pytest.mark.django_db


def test_it_lists_the_clinics_staff(client, nora, alice, carlos, bob, olga):
    client.force_login(nora)
    response = client.get("/clinic/people/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Alice Moreau" in content
    assert "Carlos Reyes" in content
    assert "Nora Admin" in content
    assert "Clinic admin" in content
    assert "Bob Hughes" not in content  # patients are on the patients page
    assert "Olga Berg" not in content


def test_it_shows_pending_links_and_deactivated_people(client, nora, northside):
    invited = factories.ClinicianFactory(clinic=northside, full_name="Ian Invited")
    invitation = invite(invited, by=nora)
    factories.ClinicianFactory(clinic=northside, full_name="Gail Gone", is_active=False)
    client.force_login(nora)
    content = client.get("/clinic/people/").content.decode()
    assert invitations.url_for(invitation.pk) in content
    assert "Re-send invitation" in content
    assert "Deactivated" in content
    assert "Reactivate" in content


def test_it_offers_no_deactivation_of_yourself(client, nora):
    client.force_login(nora)
    content = client.get("/clinic/people/").content.decode()
    assert f"/clinic/people/{nora.pk}/active/" not in content


@pytest.mark.parametrize("count", [1, 15])
def test_its_query_count_does_not_grow(
    client, nora, northside, count, django_assert_max_num_queries
):
    for _ in range(count):
        clinician = factories.ClinicianFactory(clinic=northside)
        invitations.create(user=clinician, created_by=nora)
    client.force_login(nora)
    with django_assert_max_num_queries(5):
        client.get("/clinic/people/")
