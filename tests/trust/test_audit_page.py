import csv
import datetime
import io
import zoneinfo

import pytest
from django.utils import timezone

from accounts import audit
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests.factories import ClinicianFactory, PatientFactory, sign_in_as

pytestmark = pytest.mark.django_db

URL = "/clinic/audit/"
CSV_URL = "/clinic/audit/export.csv"


@pytest.fixture
def events(bob, dana, alice, carlos, otto, olga):
    """Alice viewed Bob's program, Carlos was refused Bob's logs, Olga viewed Otto's."""
    return {
        "alice_bob": audit.record(
            None, AuditAction.PROGRAM_VIEWED, category="program", patient=bob, user=alice
        ),
        "carlos_bob": audit.record(
            None,
            AuditAction.REPORT_VIEWED,
            category="logs",
            patient=bob,
            user=carlos,
            outcome="denied",
        ),
        "carlos_dana": audit.record(
            None, AuditAction.REPORT_VIEWED, category="logs", patient=dana, user=carlos
        ),
        "olga_otto": audit.record(
            None, AuditAction.PROGRAM_VIEWED, category="program", patient=otto, user=olga
        ),
    }


def rows(response):
    """The actions listed on the page, as (person, action) pairs, in page order."""
    return [(e.user.full_name, e.action) for e in response.context["page"]]


def test_it_lists_the_clinics_events_for_its_admin(client, nora, events):
    client.force_login(nora)
    response = client.get(URL)
    assert response.status_code == 200
    assert ("Alice Moreau", AuditAction.PROGRAM_VIEWED) in rows(response)
    assert b"Bob Hughes" in response.content
    assert b"Olga" not in response.content and b"Otto" not in response.content


def test_it_never_shows_another_clinics_rows(client, nora, events, otto):
    client.force_login(nora)
    response = client.get(URL, {"patient": otto.pk})
    # Otto is not a choice for Nora: the filter is refused, and nothing of his shows.
    assert response.status_code == 400
    assert b"Otto" not in response.content


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"action": AuditAction.REPORT_VIEWED}, {("Carlos Reyes", AuditAction.REPORT_VIEWED)}),
        ({"category": "program"}, {("Alice Moreau", AuditAction.PROGRAM_VIEWED)}),
        ({"outcome": "denied"}, {("Carlos Reyes", AuditAction.REPORT_VIEWED)}),
    ],
)
def test_it_filters(client, nora, events, filters, expected):
    client.force_login(nora)
    response = client.get(URL, filters)
    assert set(rows(response)) == expected


def test_it_shows_labels_and_offers_the_known_actions_to_choose(client, nora, events):
    client.force_login(nora)
    html = client.get(URL).content.decode()
    assert "<td>Viewed a program" in html and "<td>program.viewed" not in html
    assert '<select name="action"' in html
    assert '<option value="report.viewed">Viewed a patient&#x27;s report</option>' in html


@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_it_refuses_an_unknown_action_with_a_form_error(client, nora, events, url):
    client.force_login(nora)
    response = client.get(url, {"action": "view_program<script>"})
    assert response.status_code == 400
    assert b"is not an action: choose one from the list." in response.content
    assert b"<script>" not in response.content


def test_a_row_older_than_the_vocabulary_shows_its_raw_code(client, nora, bob, alice):
    AuditEvent.objects.create(action="view_program", patient=bob, user=alice, clinic=nora.clinic)
    client.force_login(nora)
    assert b"<td>view_program" in client.get(URL).content


def test_it_filters_by_patient_and_person(client, nora, events, bob, carlos):
    client.force_login(nora)
    response = client.get(URL, {"patient": bob.pk, "user": carlos.pk})
    assert [e.pk for e in response.context["page"]] == [events["carlos_bob"].pk]


def test_it_filters_by_clinic_dates(client, nora, bob, alice):
    client.force_login(nora)
    audit.record(None, AuditAction.PROGRAM_VIEWED, category="program", patient=bob, user=alice)
    today = timezone.localdate(timezone=datetime.UTC)
    yesterday = today - datetime.timedelta(days=1)
    in_range = client.get(
        URL, {"date_from": today, "date_to": today, "action": AuditAction.PROGRAM_VIEWED}
    )
    assert len(in_range.context["page"]) == 1
    before = client.get(URL, {"date_to": yesterday - datetime.timedelta(days=1)})
    assert rows(before) == []


def test_it_rejects_a_backwards_date_range(client, nora):
    client.force_login(nora)
    response = client.get(URL, {"date_from": "2026-05-10", "date_to": "2026-05-01"})
    assert response.status_code == 400
    assert b"The end date is before the start date." in response.content
    assert b'value="2026-05-10"' in response.content


def test_it_rejects_a_bad_date(client, nora):
    client.force_login(nora)
    response = client.get(URL, {"date_from": "not a date"})
    assert response.status_code == 400
    assert b"Enter a valid date" in response.content


def test_it_sorts_by_time(client, nora, events):
    client.force_login(nora)
    newest = [e.pk for e in client.get(URL, {"sort": "newest"}).context["page"]]
    oldest = [e.pk for e in client.get(URL, {"sort": "oldest"}).context["page"]]
    assert oldest == sorted(oldest)
    assert newest[0] > newest[-1]


def test_it_paginates(client, nora, bob, alice):
    for _ in range(55):
        audit.record(None, AuditAction.PROGRAM_VIEWED, category="program", patient=bob, user=alice)
    client.force_login(nora)
    first = client.get(URL, {"action": AuditAction.PROGRAM_VIEWED})
    second = client.get(URL, {"action": AuditAction.PROGRAM_VIEWED, "page": 2})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    assert b"action=program.viewed&amp;page=2" in first.content


def test_it_audits_viewing_the_trail(client, nora):
    client.force_login(nora)
    client.get(URL)
    assert AuditEvent.objects.filter(user=nora, action=AuditAction.AUDIT_TRAIL_VIEWED).exists()


@pytest.mark.parametrize("person", ["alice", "bob", "olga", "staff"])
def test_it_is_only_for_clinic_admins(client, request, person):
    sign_in_as(client, request.getfixturevalue(person))
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_it_sends_anonymous_visitors_to_login(client):
    for url in [URL, CSV_URL]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/login/")


def test_it_refuses_post(client, nora):
    client.force_login(nora)
    assert client.post(URL).status_code == 405
    assert client.post(CSV_URL).status_code == 405


def read_csv(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_it_exports_csv_with_the_same_filters(client, nora, events):
    client.force_login(nora)
    response = client.get(CSV_URL, {"category": "logs"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *lines = read_csv(response)
    assert header[0] == "time (Europe/London)"
    assert {(line[1], line[5]) for line in lines} == {
        ("Carlos Reyes", AuditAction.REPORT_VIEWED),
    }
    assert len(lines) == 2
    parsed = datetime.datetime.fromisoformat(lines[0][0])
    london = parsed.astimezone(zoneinfo.ZoneInfo("Europe/London"))
    assert parsed.utcoffset() == london.utcoffset()
    assert AuditEvent.objects.filter(user=nora, action=AuditAction.AUDIT_TRAIL_EXPORTED).exists()


def test_the_csv_never_holds_another_clinics_rows(client, nora, events):
    client.force_login(nora)
    text = str(read_csv(client.get(CSV_URL)))
    assert "Olga" not in text and "Otto" not in text


def test_the_csv_defuses_spreadsheet_formulas(client, nora, northside):
    sneaky = PatientFactory(clinic=northside, full_name="=HYPERLINK(evil)")
    audit.record(None, AuditAction.PROGRAM_VIEWED, patient=sneaky, user=nora)
    client.force_login(nora)
    lines = read_csv(client.get(CSV_URL, {"action": AuditAction.PROGRAM_VIEWED}))
    assert lines[1][4] == "'=HYPERLINK(evil)"


def test_the_csv_refuses_bad_filters(client, nora):
    client.force_login(nora)
    response = client.get(CSV_URL, {"date_from": "nope"})
    assert response.status_code == 400
    assert b"Enter a valid date" in response.content


def make_events(clinic, count):
    clinician = ClinicianFactory(clinic=clinic)
    for _ in range(count):
        patient = PatientFactory(clinic=clinic, care_team=[clinician])
        audit.record(
            None, AuditAction.PROGRAM_VIEWED, category="program", patient=patient, user=clinician
        )


@pytest.mark.parametrize("count", [2, 40])
def test_its_query_count_does_not_grow(client, nora, django_assert_max_num_queries, count):
    make_events(nora.clinic, count)
    client.force_login(nora)
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"action": AuditAction.PROGRAM_VIEWED})
    assert len(response.context["page"]) == count


def test_it_shows_and_exports_times_in_the_clinics_zone(client, nora, events):
    nora.clinic.timezone = "Asia/Kolkata"  # +05:30 all year: no summer time to guess
    nora.clinic.save()
    client.force_login(nora)
    event = events["alice_bob"]
    there = event.at.astimezone(zoneinfo.ZoneInfo("Asia/Kolkata"))
    page = client.get(URL).content.decode()
    assert "times in the clinic's time zone (Asia/Kolkata)" in page
    assert f"{there:%a} {there.day} {there:%b %Y}, {there:%H:%M:%S}" in page
    header, *lines = read_csv(client.get(CSV_URL, {"category": "program"}))
    assert header[0] == "time (Asia/Kolkata)"
    assert lines[-1][0] == there.isoformat(timespec="seconds")
    assert lines[-1][0].endswith("+05:30")
