import pytest

from accounts import audit
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/my/access-log/"


def test_it_shows_the_patient_who_opened_their_record(client, bob, alice, nora):
    audit.record(None, "view_program", category="program", patient=bob, user=alice)
    audit.record(None, "change_program", category="program", patient=bob, user=nora)
    client.force_login(bob)
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Alice Moreau" in response.content
    assert b"(Clinician)" in response.content
    assert b"View program" in response.content
    assert b"Nora Admin" in response.content and b"(Clinic admin)" in response.content


def test_it_leaves_out_the_patients_own_visits_and_refused_attempts(client, bob, carlos):
    audit.record(None, "view_program", category="program", patient=bob, user=bob)
    audit.record(None, "view_logs", category="logs", patient=bob, user=carlos, outcome="denied")
    client.force_login(bob)
    response = client.get(URL)
    assert list(response.context["page"]) == []
    assert b"Nobody else has opened your record yet." in response.content


def test_it_never_shows_another_patients_log(client, bob, dana, carlos):
    audit.record(None, "view_program", category="program", patient=dana, user=carlos)
    client.force_login(bob)
    assert b"Carlos" not in client.get(URL).content


def test_it_shows_times_in_the_patients_time_zone(client, otto, olga):
    event = audit.record(None, "view_program", category="program", patient=otto, user=olga)
    client.force_login(otto)
    local = event.at.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York"))
    assert local.strftime("%H:%M").encode() in client.get(URL).content


def test_it_audits_the_visit(client, bob):
    client.force_login(bob)
    client.get(URL)
    assert AuditEvent.objects.filter(user=bob, action="view_access_log", patient=bob).exists()


@pytest.mark.parametrize("person", ["alice", "nora", "staff"])
def test_it_is_only_for_patients(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_login(client):
    assert client.get(URL).url.startswith("/login/")


def test_it_refuses_post(client, bob):
    client.force_login(bob)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("count", [2, 30])
def test_its_query_count_does_not_grow(client, bob, alice, django_assert_max_num_queries, count):
    for _ in range(count):
        audit.record(None, "view_program", category="program", patient=bob, user=alice)
    client.force_login(bob)
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert len(response.context["page"]) == count
