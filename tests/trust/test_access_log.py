import pytest

from accounts import audit
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests import factories
from tests.factories import sign_in_as

pytestmark = pytest.mark.django_db

URL = "/my/access-log/"


def test_it_tells_the_patient_in_plain_words_who_did_what(client, bob, alice, nora, staff):
    audit.record(None, AuditAction.PROGRAM_VIEWED, category="program", patient=bob, user=alice)
    audit.record(None, AuditAction.PATIENT_EDITED, category="profile", patient=bob, user=nora)
    audit.record(None, AuditAction.ADMIN_CARE_TEAM_CHANGED, patient=bob, user=staff)
    client.force_login(bob)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alice Moreau, your clinician, opened your program" in html
    assert "Nora Admin, an admin at your clinic, changed your details" in html
    assert f"{staff.full_name}, of the Stride support team, changed your care team" in html
    # No code of the vocabulary, nor its dotted spelling, reaches the patient.
    assert not [action for action in AuditAction.values if action in html]


def test_what_alice_does_in_the_app_reads_as_a_sentence_for_bob(client, bob, alice):
    program = factories.ProgramFactory(patient=bob, prescriber=alice)
    client.force_login(alice)
    assert client.get(f"/programs/{program.pk}/").status_code == 200
    assert client.get(f"/patients/{bob.pk}/report/").status_code == 200
    client.force_login(bob)
    html = client.get(URL).content.decode()
    assert "Alice Moreau, your clinician, opened your program" in html
    assert "Alice Moreau, your clinician, opened your progress report" in html
    assert not [action for action in AuditAction.values if action in html]


def test_a_row_older_than_the_vocabulary_shows_its_raw_code(client, bob, alice):
    # Written as before the vocabulary (record() would refuse the string); never rewritten.
    AuditEvent.objects.create(action="view_program", patient=bob, user=alice, role="clinician")
    client.force_login(bob)
    assert b"Alice Moreau, your clinician, used your record (view_program)" in (
        client.get(URL).content
    )


def test_it_leaves_out_the_patients_own_visits_and_refused_attempts(client, bob, carlos):
    audit.record(None, AuditAction.PROGRAM_VIEWED, category="program", patient=bob, user=bob)
    audit.record(
        None, AuditAction.REPORT_VIEWED, category="logs", patient=bob, user=carlos, outcome="denied"
    )
    client.force_login(bob)
    response = client.get(URL)
    assert list(response.context["page"]) == []
    assert b"Nobody else has opened your record yet." in response.content


def test_it_never_shows_another_patients_log(client, bob, dana, carlos):
    audit.record(None, AuditAction.PROGRAM_VIEWED, category="program", patient=dana, user=carlos)
    client.force_login(bob)
    assert b"Carlos" not in client.get(URL).content


def test_it_shows_times_in_the_patients_time_zone(client, otto, olga):
    event = audit.record(
        None, AuditAction.PROGRAM_VIEWED, category="program", patient=otto, user=olga
    )
    client.force_login(otto)
    local = event.at.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York"))
    assert local.strftime("%H:%M").encode() in client.get(URL).content


def test_it_audits_the_visit(client, bob):
    client.force_login(bob)
    client.get(URL)
    assert AuditEvent.objects.filter(
        user=bob, action=AuditAction.ACCESS_LOG_VIEWED, patient=bob
    ).exists()


@pytest.mark.parametrize("person", ["alice", "nora", "staff"])
def test_it_is_only_for_patients(client, request, person):
    sign_in_as(client, request.getfixturevalue(person))
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_login(client):
    assert client.get(URL).url.startswith("/login/")


def test_it_refuses_post(client, bob):
    client.force_login(bob)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("count", [2, 30])
def test_its_query_count_does_not_grow(client, bob, alice, django_assert_max_num_queries, count):
    for _ in range(count):
        audit.record(None, AuditAction.PROGRAM_VIEWED, category="program", patient=bob, user=alice)
    client.force_login(bob)
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert len(response.context["page"]) == count
