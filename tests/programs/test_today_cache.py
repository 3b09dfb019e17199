"""The today page's body, cached for the versions of the rows it shows
(programs/logs/today_cache.py): a repeat visit costs five queries, and any change to what
the page shows, however it was written, draws it anew."""

import re

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from config import release
from programs.models import ExerciseCompletion, Prescription, SessionLog
from tests import factories
from tests.programs import log_support
from tests.programs.log_support import TODAY, days_ago, log_day, ticked

pytestmark = pytest.mark.django_db

frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx


@pytest.fixture
def bob_phone(bob, frozen):
    client = Client()
    client.force_login(bob)
    return client


def page(client, url="/today/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def without_token(html: str) -> str:
    """The page less what each response has of its own: the CSRF token, the CSP nonce."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def pain_checked(html: str, value: int) -> bool:
    return (
        re.search(
            rf'value="{value}" class="btn-check" id="log-[^"]+-morning_pain_{value}" checked', html
        )
        is not None
    )


def test_a_repeat_visit_is_the_same_page_for_five_queries_and_still_audited(
    bob_phone, bob, logging_program, rx, django_assert_num_queries
):
    log_day(logging_program, TODAY, times=2, prescription=rx)
    first = page(bob_phone)
    # The session, the user, the audit row and its seal, the rows' versions.
    with django_assert_num_queries(5):
        again = page(bob_phone)
    assert without_token(again) == without_token(first)
    assert "Calf stretch" in again and ticked(again, rx) == [1, 2]
    views = AuditEvent.objects.filter(action=AuditAction.TODAY_VIEWED, patient=bob)
    assert views.count() == 2


def test_a_cached_page_carries_each_visitors_own_working_token(bob, logging_program, rx, frozen):
    phone, tablet = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for device in (phone, tablet):
        device.force_login(bob)
    page(phone)
    html = page(tablet)  # served from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    assert "placeholder" not in html
    response = tablet.post(
        f"/log/{logging_program.pk}/{TODAY}/",
        {
            "csrfmiddlewaretoken": token,
            "morning_pain": "4",
            "exercise_pain": "2",
            "difficulty": "about_right",
            f"times-{rx.pk}": ["1"],
        },
    )
    assert response.status_code == 302
    assert SessionLog.objects.get(program=logging_program, date=TODAY).morning_pain == 4
    assert ticked(page(tablet), rx) == [1]


def test_a_log_changed_in_the_same_transaction_is_shown(bob_phone, logging_program, rx):
    # The factory, the page and the update share the test's transaction (one xmin): the
    # update still moves the row version, so the body is drawn anew.
    log = log_day(logging_program, TODAY, morning=3, times=1, prescription=rx)
    assert pain_checked(page(bob_phone), 3)
    SessionLog.objects.filter(pk=log.pk).update(morning_pain=7)
    html = page(bob_phone)
    assert pain_checked(html, 7) and not pain_checked(html, 3)


def test_a_dose_changed_by_a_bulk_update_is_shown(bob_phone, logging_program, rx):
    assert "3 sets, hold 30 seconds" in page(bob_phone)
    Prescription.objects.filter(pk=rx.pk).update(sets=2)
    assert "2 sets, hold 30 seconds" in page(bob_phone)


def test_a_deleted_completion_is_no_longer_ticked(bob_phone, logging_program, rx):
    log_day(logging_program, TODAY, times=2, prescription=rx)
    assert ticked(page(bob_phone), rx) == [1, 2]
    ExerciseCompletion.objects.all().delete()
    assert ticked(page(bob_phone), rx) == []


def test_a_flag_raised_after_the_visit_asks_which_exercise_hurt(bob_phone, logging_program, rx):
    log_day(logging_program, TODAY, exercise=8, prescription=rx, times=1)
    assert "Which exercise hurt most?" not in page(bob_phone)
    factories.FlagFactory(program=logging_program, raised_on=TODAY)
    assert "Which exercise hurt most?" in page(bob_phone)


def test_a_shorter_late_logging_window_is_shown(bob_phone, bob, logging_program, rx):
    assert f'data-calendar-day="{days_ago(5)}"' in page(bob_phone)
    bob.clinic.late_logging_days = 2
    bob.clinic.save()
    html = page(bob_phone)
    assert f'data-calendar-day="{days_ago(2)}"' in html
    assert f'data-calendar-day="{days_ago(5)}"' not in html


def test_a_new_time_zone_that_moves_today_is_shown(bob_phone, bob, logging_program, rx):
    assert "Today, Friday 20 November" in page(bob_phone)
    bob.patient_profile.timezone = "Pacific/Kiritimati"  # UTC+14: already Saturday
    bob.patient_profile.save()
    assert "Today, Saturday 21 November" in page(bob_phone)


def test_patients_never_share_a_body(bob_phone, bob, alice, logging_program, rx, frozen):
    other = factories.PatientFactory(clinic=bob.clinic, care_team=[alice])
    factories.PrescriptionFactory(
        program=factories.ProgramFactory(patient=other, prescriber=alice, start_date=days_ago(9)),
        name="Towel scrunch",
    )
    page(bob_phone)
    client = Client()
    client.force_login(other)
    html = page(client)
    assert "Towel scrunch" in html and "Calf stretch" not in html


def test_a_form_sent_back_with_errors_is_drawn_not_cached(bob_phone, logging_program, rx):
    page(bob_phone)
    response = bob_phone.post(f"/log/{logging_program.pk}/{TODAY}/", {"morning_pain": "11"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "There is a problem" not in page(bob_phone)


def test_bodies_stay_in_this_process(settings):
    # They hold pain scores and notes: never a shared cache server, and a bounded number.
    assert settings.CACHES["pages"]["BACKEND"].endswith("LocMemCache")
    assert settings.CACHES["pages"]["OPTIONS"]["MAX_ENTRIES"] <= 500
    assert caches["pages"] is not caches["default"]


def test_a_new_release_has_new_keys(tmp_path):
    template = tmp_path / "templates" / "programs" / "today_body.html"
    template.parent.mkdir(parents=True)
    template.write_text("<h1>Today</h1>")
    with override_settings(BASE_DIR=tmp_path):
        release.release_digest.cache_clear()
        before = release.release_digest()
        template.write_text("<h1>Today, and more</h1>")
        release.release_digest.cache_clear()
        after = release.release_digest()
    release.release_digest.cache_clear()
    assert before != after
