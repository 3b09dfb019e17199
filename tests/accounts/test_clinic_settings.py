import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def settings_data(**overrides):
    data = {
        "name": "Northside Physio",
        "timezone": "Europe/Dublin",
        "late_logging_days": "10",
        "missed_days_flag": "4",
    }
    data.update(overrides)
    return data


def test_it_shows_the_settings(client, nora):
    client.force_login(nora)
    response = client.get("/clinic/settings/")
    assert response.status_code == 200
    assert b'value="Northside"' in response.content
    assert b'<option value="Europe/London" selected>' in response.content


def test_it_saves_the_settings(client, nora, northside):
    client.force_login(nora)
    response = client.post("/clinic/settings/", settings_data(), follow=True)
    assert b"The clinic settings are saved." in response.content
    northside.refresh_from_db()
    assert (northside.name, northside.timezone) == ("Northside Physio", "Europe/Dublin")
    assert (northside.late_logging_days, northside.missed_days_flag) == (10, 4)
    assert AuditEvent.objects.get(action=AuditAction.CLINIC_SETTINGS_CHANGED).category == "account"


def test_it_saves_the_opening_hours_patients_read(client, nora, northside):
    client.force_login(nora)
    assert b'name="opening_hours"' in client.get("/clinic/settings/").content
    client.post("/clinic/settings/", settings_data(opening_hours="Mon–Fri 8am–6pm"))
    northside.refresh_from_db()
    assert northside.opening_hours == "Mon–Fri 8am–6pm"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("late_logging_days", "61", b"less than or equal to 60"),
        ("late_logging_days", "-1", b"greater than or equal to 0"),
        ("missed_days_flag", "0", b"greater than or equal to 1"),
        ("missed_days_flag", "31", b"less than or equal to 30"),
        ("missed_days_flag", "three", b"Enter a whole number."),
        ("timezone", "Mars/Base", b"Select a valid choice."),
        ("name", "", b"This field is required."),
        ("opening_hours", "x" * 121, b"at most 120 characters"),
    ],
)
def test_it_rejects_bad_input(client, nora, northside, field, value, message):
    client.force_login(nora)
    response = client.post("/clinic/settings/", settings_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content
    northside.refresh_from_db()
    assert northside.name == "Northside"


def test_it_only_edits_your_own_clinic(client, nora, northside, outsider_clinic):
    client.force_login(nora)
    client.post("/clinic/settings/", settings_data())
    outsider_clinic.refresh_from_db()
    assert outsider_clinic.name == "Outsider"


def test_it_rejects_put(client, nora):
    client.force_login(nora)
    assert client.put("/clinic/settings/").status_code == 405


def zone_groups(response):
    """The select's groups and their values, in page order."""
    choices = response.context["form"].fields["timezone"].choices
    return [(group, [value for value, _ in options]) for group, options in choices]


def test_its_time_zones_are_places_grouped_by_region_the_common_ones_first(client, nora):
    client.force_login(nora)
    response = client.get("/clinic/settings/")
    groups = zone_groups(response)
    assert [group for group, _ in groups][:3] == ["Common", "Africa", "America"]
    assert groups[-1][0] == "Other"
    common = groups[0][1]
    assert common[:2] == ["Europe/London", "Europe/Dublin"]
    every = [value for _, values in groups for value in values]
    assert len(every) == len(set(every))  # each place once
    for not_a_place in ["Factory", "localtime", "US/Eastern", "Etc/GMT+5", "GB"]:
        assert not_a_place not in every
    page = response.content.decode()
    assert '<optgroup label="Common">' in page
    assert '<option value="America/Argentina/Buenos_Aires">Buenos Aires (Argentina)' in page


@pytest.mark.parametrize("value", ["Factory", "localtime", "Etc/GMT+5"])
def test_it_refuses_a_zone_that_is_not_a_place(client, nora, northside, value):
    client.force_login(nora)
    response = client.post("/clinic/settings/", settings_data(timezone=value))
    assert b"Select a valid choice." in response.content
    northside.refresh_from_db()
    assert northside.timezone == "Europe/London"


def test_a_clinic_on_an_old_alias_keeps_it_selected(client, nora, northside):
    northside.timezone = "US/Eastern"
    northside.save()
    client.force_login(nora)
    response = client.get("/clinic/settings/")
    assert b'<option value="US/Eastern" selected>' in response.content
    assert client.post("/clinic/settings/", settings_data(timezone="US/Eastern")).status_code == 302


def test_the_patient_forms_share_the_grouped_list(client, alice):
    client.force_login(alice)
    page = client.get("/patients/new/").content.decode()
    assert '<optgroup label="Common">' in page and "Factory" not in page
