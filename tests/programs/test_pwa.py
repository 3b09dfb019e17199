"""Stride as an installable app (issue 19): the manifest, the service worker, the pages a
phone may keep, the key a queued save is sent with, its replay (one log per day, never under
another patient's name), and the sign-out that clears the phone (docs/offline.md)."""

import json
import re
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import ExerciseCompletion, SessionLog
from programs.offline import OFFLINE_HEADER, OFFLINE_PAGES, PATIENT_AREAS, SHELL
from programs.views.patient.today import REPLAY_HEADER
from tests import factories
from tests.programs import log_support
from tests.programs.log_support import TODAY, days_ago

pytestmark = pytest.mark.django_db

frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx


def replay(client, patient, program, data, day=TODAY, *, made_by=None):
    """A save queued on the phone, sent again by its script: as the form posts it, with the
    header naming the patient who made it."""
    client.force_login(patient)
    return client.post(
        f"/log/{program.pk}/{day}/",
        data,
        headers={REPLAY_HEADER: str((made_by or patient).pk), "Accept": "application/json"},
    )


def form_data(rx, **overrides):
    return {
        "morning_pain": "3",
        "exercise_pain": "2",
        "difficulty": "about_right",
        "note": "",
        f"times-{rx.pk}": ["1", "2"],
    } | overrides


def test_the_manifest_makes_stride_installable_from_today(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Stride" and manifest["short_name"] == "Stride"
    assert manifest["start_url"] == reverse("patient_home") == "/today/"
    assert (manifest["scope"], manifest["display"]) == ("/", "standalone")
    assert manifest["theme_color"] == "#0a58ca" and manifest["background_color"]
    for icon in manifest["icons"]:
        path = icon["src"].removeprefix(static(""))
        assert finders.find(path), icon
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert [icon.get("purpose") for icon in manifest["icons"]].count("maskable") == 1


def test_the_service_worker_is_served_from_the_root_with_its_settings(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    source = response.content.decode()
    settings = json.loads(re.match(r"self\.STRIDE = (.*);\n", source).group(1))
    assert settings["shell"] == [static(path) for path in SHELL]
    assert all(finders.find(path) for path in SHELL)
    assert settings["areas"] == list(PATIENT_AREAS)
    assert settings["session"] == reverse("offline_session")
    assert "scope.StrideOffline = " in source and 'addEventListener("fetch"' in source
    # Under the site's Content Security Policy, like every page: no eval, no other origin.
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_worker_is_a_new_version_when_a_shell_file_changes(client, monkeypatch):
    version = re.search(r'"version": "(\w+)"', client.get("/sw.js").content.decode()).group(1)
    monkeypatch.setattr("programs.offline.SHELL", (*SHELL, "js/print.js"))
    changed = re.search(r'"version": "(\w+)"', client.get("/sw.js").content.decode()).group(1)
    assert changed != version


def test_every_page_kept_offline_is_in_the_patient_area():
    some_id = uuid.uuid4()
    kwargs = {
        "my_program": {"program_id": some_id},
        "about_condition": {"slug": "plantar-fasciitis"},
        "patient_exercise_picture": {"prescription_id": some_id},
    }
    for name in OFFLINE_PAGES:
        path = reverse(name, kwargs=kwargs.get(name))
        assert path.startswith(PATIENT_AREAS), path


def test_only_a_patients_own_pages_are_marked_for_keeping(client, bob, alice, dana, program):
    client.force_login(bob)
    assert client.get("/today/")[OFFLINE_HEADER] == str(bob.pk)
    assert client.get(f"/my/programs/{program.pk}/")[OFFLINE_HEADER] == str(bob.pk)
    # Not every patient page: their messages and their access log stay on the server.
    for path in ("/my/messages/", "/my/access-log/", "/my/account/", "/offline/"):
        assert OFFLINE_HEADER not in client.get(path), path
    # A refusal is never kept: another patient's program is a 404.
    other = factories.ProgramFactory(patient=dana, prescriber=program.prescriber)
    assert OFFLINE_HEADER not in client.get(f"/my/programs/{other.pk}/")
    client.force_login(alice)
    for path in ("/caseload/", f"/patients/{bob.pk}/", "/today/"):
        assert OFFLINE_HEADER not in client.get(path), path


def test_the_offline_page_names_no_one(client, bob):
    client.force_login(bob)
    html = client.get("/offline/").content.decode()
    assert "You are offline" in html and 'href="/today/"' in html
    assert bob.full_name not in html and "Bob" not in html


def test_the_session_key_answers_the_signed_in_patient_only(client, bob, alice):
    assert client.get("/my/offline/session/").status_code == 302
    client.force_login(alice)
    assert client.get("/my/offline/session/").status_code == 403
    client.force_login(bob)
    answer = client.get("/my/offline/session/").json()
    assert answer["patient"] == str(bob.pk) and len(answer["csrf"]) == 64
    assert not AuditEvent.objects.filter(action__startswith="log").exists()


def test_a_replayed_day_updates_the_days_one_log(client, bob, logging_program, rx, frozen):
    """The phone sends a queued day twice (it lost the first answer): one log, updated."""
    first = replay(client, bob, logging_program, form_data(rx))
    assert (first.status_code, first.json()) == (200, {"saved": True})
    second = replay(client, bob, logging_program, form_data(rx, morning_pain="5"))
    assert second.json() == {"saved": True}
    log = SessionLog.objects.get()
    assert (log.date, log.morning_pain) == (TODAY, 5)
    assert ExerciseCompletion.objects.get().times_done == 2
    assert AuditEvent.objects.filter(action=AuditAction.LOG_SAVED).count() == 2
    # The usual messages wait for the next page the patient opens.
    assert "Saved your log for Friday 20 November" in client.get("/today/").content.decode()


def test_a_replay_and_a_save_of_the_same_day_make_one_log(client, bob, logging_program, rx, frozen):
    client.force_login(bob)
    client.post(f"/log/{logging_program.pk}/{days_ago(2)}/", form_data(rx))
    replay(client, bob, logging_program, form_data(rx, morning_pain="7"), day=days_ago(2))
    assert SessionLog.objects.get().morning_pain == 7


def test_a_replay_made_by_another_patient_is_refused(
    client, bob, dana, logging_program, rx, frozen
):
    response = replay(client, bob, logging_program, form_data(rx), made_by=dana)
    assert response.status_code == 409
    assert not SessionLog.objects.exists()
    event = AuditEvent.objects.get(action__startswith="log")
    assert (event.action, event.outcome) == (AuditAction.LOG_REFUSED, AuditEvent.Outcome.DENIED)


def test_a_replay_the_server_refuses_says_why(client, bob, logging_program, rx, frozen):
    """A day no longer open to logging: answered, with the reason, and nothing saved."""
    response = replay(client, bob, logging_program, form_data(rx), day=days_ago(30))
    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is False
    assert answer["errors"][0].startswith("Days before")
    assert not SessionLog.objects.exists()


def test_signing_out_clears_what_the_site_kept_on_the_device(client, bob):
    client.force_login(bob)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


@pytest.mark.parametrize(
    ("who", "expected"), [("bob", "patient:{pk}"), ("alice", "staff"), (None, "")]
)
def test_each_page_tells_its_script_who_is_signed_in(client, bob, alice, who, expected):
    user = {"bob": bob, "alice": alice}.get(who)
    if user:
        client.force_login(user)
    html = client.get("/today/" if who == "bob" else "/login/", follow=True).content.decode()
    assert f'data-user="{expected.format(pk=bob.pk)}"' in html
    # The installable app is the patient's: no manifest on a clinician's page.
    assert ('rel="manifest"' in html) == (who != "alice")
