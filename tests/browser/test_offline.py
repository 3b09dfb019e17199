"""Stride with no signal (issue 19): the installable app, Today opened offline, saves queued
on the phone and sent exactly once when the connection is back, and nothing of the patient
left on the phone after signing out (docs/offline.md)."""

import datetime
import io
import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from accounts import sessions
from accounts.dates import local_today
from accounts.models import Clinic
from programs.models import SessionLog
from tests import factories
from tests.browser.conftest import DESKTOP, assert_page_works, choose, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

EXERCISE = "Seated heel raise"
QUEUED = "Saved on this phone — it will be sent when you are back online."


@pytest.fixture
def program(bob, alice):
    """Bob's program, running since five days ago: one exercise, once a day."""
    today = local_today(bob)
    program = factories.ProgramFactory(
        patient=bob,
        prescriber=alice,
        title="Heel pain, early phase",
        start_date=today - datetime.timedelta(days=5),
    )
    factories.PrescriptionFactory(
        program=program,
        exercise=factories.ExerciseFactory(name=EXERCISE),
        times_per_day=1,
        reps=10,
        hold_seconds=None,
    )
    return program


# What the phone holds, read by the page: the caches' names, the pages kept, the databases.
CACHE_NAMES = "caches.keys()"
KEPT_PAGES = (
    "caches.open('stride-pages').then(cache => cache.keys())"
    ".then(requests => requests.map(request => request.url))"
)
DATABASES = "indexedDB.databases().then(list => list.map(db => db.name))"
IS_KEPT = "caches.open('stride-pages').then(cache => cache.match(location.href)).then(Boolean)"


def wait_until(page, script: str, seconds: float = 15) -> None:
    """Until `script` (which may return a promise: page.wait_for_function would not wait
    for it) is true in the page."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"Still false after {seconds} s: {script}"
        page.wait_for_timeout(100)


def open_today_for_offline(page):
    """Sign Bob in and wait until the service worker controls Today and has kept it."""
    sign_in(page, "bob@patients.test", PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("^Today"))).to_be_visible()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    wait_until(page, IS_KEPT)


def open_day(page, day):
    """Open an earlier day from Today's calendar, and wait until the phone keeps it."""
    page.get_by_role("link", name=re.compile(f"^{day:%a %-d %b}")).click()
    expect(page.get_by_role("heading", name=f"{day:%A %-d %B}")).to_be_visible()
    wait_until(page, IS_KEPT)


def log_the_day(page, *, morning: str, during: str):
    choose(page, "Morning pain", morning)
    choose(page, "Worst pain during the exercises", during)
    page.get_by_role("article", name=EXERCISE).get_by_text("Done", exact=True).click()
    page.get_by_role("button", name=re.compile(r"^Save (today's|this day's) log")).click()


def queue_today_offline(page):
    """Open Today, lose the connection, log the day: it waits on the phone."""
    open_today_for_offline(page)
    page.context.set_offline(True)
    log_the_day(page, morning="3", during="4")
    expect(page.get_by_text(QUEUED, exact=True)).to_be_visible()


def test_a_day_logged_offline_arrives_once_when_back_online(phone, program):
    page = phone
    queue_today_offline(page)
    assert SessionLog.objects.count() == 0
    page.reload()
    expect(page.get_by_text(QUEUED, exact=True)).to_be_visible()
    expect(page.get_by_text("You are offline.")).to_be_visible()
    # The answers are back in the form, as the patient left them.
    morning = page.get_by_role("group", name="Morning pain")
    expect(morning.get_by_role("radio", name="3", exact=True)).to_be_checked()
    assert_page_works(page, "offline-today-queued")
    page.set_viewport_size(DESKTOP)
    assert_page_works(page, "offline-today-queued-desktop")

    page.context.set_offline(False)
    expect(page.get_by_text("Saved your log for")).to_be_visible()
    expect(page.get_by_text(QUEUED, exact=True)).to_have_count(0)
    log = SessionLog.objects.get()
    assert (log.date, log.morning_pain, log.exercise_pain) == (local_today(program.patient), 3, 4)
    assert log.completions.get().times_done == 1
    assert page.evaluate("StrideOffline.all()") == []
    assert_page_works(page)


def test_two_days_queued_offline_arrive_as_two_logs(phone, program):
    page = phone
    today = local_today(program.patient)
    yesterday = today - datetime.timedelta(days=1)
    open_today_for_offline(page)
    # Yesterday's page, opened once online, is kept too.
    open_day(page, yesterday)
    page.get_by_role("link", name="Back to today").click()
    page.context.set_offline(True)

    log_the_day(page, morning="2", during="2")
    expect(page.get_by_text(QUEUED, exact=True)).to_be_visible()
    # A second save of the same day replaces the first one on the phone.
    choose(page, "Morning pain", "5")
    page.get_by_role("button", name="Save today's log").click()
    page.get_by_role("link", name=re.compile(f"^{yesterday:%a %-d %b}")).click()
    log_the_day(page, morning="6", during="1")
    expect(page.get_by_text(re.compile("You have 2 days saved on this phone"))).to_be_visible()
    assert_page_works(page, "offline-two-days-queued")
    # A page this phone has not kept says so, and leads back to Today.
    page.goto("/my/account/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    assert_page_works(page, "offline-page-not-kept")
    page.get_by_role("link", name="Open today's exercises").click()
    expect(page.get_by_text(re.compile("You have 2 days saved on this phone"))).to_be_visible()
    assert SessionLog.objects.count() == 0

    page.context.set_offline(False)
    expect(page.get_by_text("Saved your log for").first).to_be_visible()
    logs = {log.date: log.morning_pain for log in SessionLog.objects.all()}
    assert logs == {today: 5, yesterday: 6}
    assert_page_works(page)


def test_signing_out_leaves_nothing_of_the_patient_on_the_phone(phone, program):
    page = phone
    yesterday = local_today(program.patient) - datetime.timedelta(days=1)
    open_today_for_offline(page)
    open_day(page, yesterday)
    page.context.set_offline(True)
    log_the_day(page, morning="3", during="4")
    expect(page.get_by_text(QUEUED, exact=True)).to_be_visible()
    # Offline, signing out would lose the day: the page asks to wait for the connection.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("Please sign out when you are back online")).to_be_visible()
    assert_page_works(page, "offline-sign-out-waits")

    # Meanwhile the clinic closed earlier days to logging: the server refuses the day, and
    # the phone keeps it, says why, and asks before signing out loses it.
    Clinic.objects.update(late_logging_days=0)
    page.context.set_offline(False)
    expect(
        page.get_by_text(f"Your log for {yesterday:%A %-d %B} could not be sent")
    ).to_be_visible()
    assert page.evaluate(DATABASES) == ["stride-offline"]
    assert page.evaluate(KEPT_PAGES)
    assert_page_works(page, "offline-day-refused")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    assert page.evaluate(CACHE_NAMES) == []
    assert page.evaluate(DATABASES) == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []
    assert SessionLog.objects.count() == 0
    assert_page_works(page)


def end_sessions_for_inactivity():
    """What the server does after an hour without activity (SessionLifetimeMiddleware)."""
    for row in Session.objects.all():
        session = SessionStore(session_key=row.session_key)
        session[sessions.LAST_SEEN] -= 2 * 60 * 60
        session.save()


def test_a_day_queued_before_the_session_ended_is_sent_after_signing_in(phone, program):
    page = phone
    queue_today_offline(page)
    end_sessions_for_inactivity()

    # Back online, Today finds the session ended and gives way to the sign-in page.
    page.context.set_offline(False)
    expect(page.get_by_text("You were signed out after 60 minutes")).to_be_visible()
    expect(
        page.get_by_text("You have 1 day saved on this phone. Sign in to send it.")
    ).to_be_visible()
    # Signed out: the pages kept for offline use are gone; the unsent day stays.
    assert not page.evaluate("caches.has('stride-pages')")
    assert len(page.evaluate("StrideOffline.all()")) == 1
    assert_page_works(page, "offline-sign-in-to-send")
    assert SessionLog.objects.count() == 0

    sign_in(page, "bob@patients.test", PASSWORD)
    expect(page.get_by_text("Saved your log for")).to_be_visible()
    assert SessionLog.objects.get().morning_pain == 3
    assert page.evaluate("StrideOffline.all()") == []


def test_a_day_saved_by_one_patient_is_never_sent_under_another_ones_name(phone, program, dana):
    page = phone
    queue_today_offline(page)
    end_sessions_for_inactivity()
    page.context.set_offline(False)
    expect(
        page.get_by_text("You have 1 day saved on this phone. Sign in to send it.")
    ).to_be_visible()

    sign_in(page, dana.email, PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("^Today"))).to_be_visible()
    wait_until(page, IS_KEPT)
    # Bob's day waits for Bob, unsent and unmentioned; the phone keeps Dana's pages only.
    assert [entry["patient"] for entry in page.evaluate("StrideOffline.all()")] == [
        str(program.patient.pk)
    ]
    expect(page.get_by_text("saved on this phone")).to_have_count(0)
    owners = page.evaluate(
        "caches.open('stride-pages').then(cache => cache.matchAll())"
        ".then(pages => pages.map(page => page.headers.get('Stride-Offline')))"
    )
    assert owners and set(owners) == {str(dana.pk)}
    assert SessionLog.objects.count() == 0

    end_sessions_for_inactivity()
    sign_in(page, "bob@patients.test", PASSWORD)
    expect(page.get_by_text("Saved your log for")).to_be_visible()
    assert SessionLog.objects.get().patient == program.patient


def test_a_clinician_page_is_never_kept_nor_served_from_the_phone(phone, program, alice):
    page = phone
    open_today_for_offline(page)
    # Bob's session ends on this browser, then his clinician signs in on it.
    page.context.clear_cookies()
    sign_in(page, alice.email, PASSWORD)
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    # The worker goes first, then its caches (offline.js, forStaff): wait for both.
    wait_until(page, "navigator.serviceWorker.getRegistrations().then(list => !list.length)")
    wait_until(page, f"({CACHE_NAMES}).then(names => !names.length)")

    page.context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.reload()


def test_stride_installs_as_an_app_whose_worker_controls_today(phone, program):
    page = phone
    sign_in(page, "bob@patients.test", PASSWORD)
    manifest_url = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(manifest_url).json()
    assert {
        key: manifest[key] for key in ("name", "short_name", "start_url", "scope", "display")
    } == {
        "name": "Stride",
        "short_name": "Stride",
        "start_url": "/today/",
        "scope": "/",
        "display": "standalone",
    }
    assert manifest["theme_color"] == page.locator("meta[name=theme-color]").get_attribute(
        "content"
    )
    icons = manifest["icons"] + [
        {
            "src": page.locator("link[rel=apple-touch-icon]").get_attribute("href"),
            "sizes": "180x180",
        }
    ]
    assert {(icon["sizes"], icon.get("purpose", "any")) for icon in icons} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
        ("180x180", "any"),
    }
    for icon in icons:
        response = page.request.get(icon["src"])
        assert response.status == 200 and response.headers["content-type"] == "image/png"
        width, height = Image.open(io.BytesIO(response.body())).size
        assert f"{width}x{height}" == icon["sizes"]

    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == page.url.removesuffix("today/")
    assert_page_works(page)
