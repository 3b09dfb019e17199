"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium the tests are skipped with a hint; under CI (CI=true) a missing browser
is a failure, because CI installs it (`.ci/run`).
"""

import os
import shutil
import weakref
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Screenshots are full pages cut at this height, so the committed set stays small.
MAX_SHOT_HEIGHT = 2200
# Chromium flags for a root CI machine with no network beyond loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make for
# their setup are still synchronous, so Django's async-safety guard must stand aside here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_missing() -> bool:
    return not Path(CHROMIUM).exists()


@pytest.fixture(scope="session")
def browser():
    if chromium_missing():
        message = (
            "Chromium not found: install it with `apt-get install -y chromium` to run browser tests"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# What each page's console said that a person would never see: CSP refusals, script errors,
# assets that failed to load. `assert_page_works` fails on any of it.
CONSOLE_ERRORS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def new_page(browser, live_server, viewport):
    context = browser.new_context(
        viewport=viewport, base_url=live_server.url, accept_downloads=True
    )
    # Generous: a handout PDF or a year's report on a busy 2-core CI machine takes seconds.
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = CONSOLE_ERRORS.setdefault(page, [])
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page


@pytest.fixture
def phone(browser, live_server):
    context, page = new_page(browser, live_server, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop(browser, live_server):
    context, page = new_page(browser, live_server, DESKTOP)
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    clip = {
        "x": 0,
        "y": 0,
        "width": page.viewport_size["width"],
        "height": min(height, MAX_SHOT_HEIGHT),
    }
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, clip=clip)


def assert_accessible(page) -> None:
    """axe-core on the current page: no serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        + f"\n    {violation['nodes'][0]['failureSummary']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}:\n" + "\n".join(serious)


def assert_page_works(page, shot: str | None = None) -> None:
    """The page as a person meets it: no console errors, accessible, and optionally pictured."""
    errors = CONSOLE_ERRORS.get(page, [])
    assert not errors, f"{page.url}: console errors:\n" + "\n".join(errors)
    # Let Bootstrap's colour transitions (hover, focus) end, or axe measures them halfway.
    # An endless animation (the exercise pictures' start-to-end cross-fade) never finishes:
    # only the finite ones are waited for.
    # Never longer than five seconds: a transition that never ends must not hang the suite.
    page.evaluate(
        "Promise.race([Promise.all(document.getAnimations()"
        ".filter(animation => animation.effect.getComputedTiming().iterations !== Infinity)"
        ".map(animation => animation.finished.catch(() => null))),"
        " new Promise(resolve => setTimeout(resolve, 5000))])"
    )
    assert_accessible(page)
    if shot:
        screenshot(page, shot)


def sign_in(page, email: str, password: str) -> None:
    page.goto("/login/")
    assert_page_works(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.fixture
def catalogue(db):
    """The shared exercise catalogue and program templates, as `make run` loads them."""
    call_command("load_catalogue", verbosity=0)


@pytest.fixture
def heel_patient(catalogue, bob):
    """Bob, with plantar fasciitis from the loaded catalogue on his profile."""
    from exercises.models import Condition

    profile = bob.patient_profile
    profile.condition = Condition.objects.get(slug="plantar-fasciitis")
    profile.save()
    return bob


def sign_in_without_scripts(page, email: str, password: str) -> None:
    """Sign in where JavaScript is off: sign_in() checks each page with axe, a script, and
    page.evaluate never returns in a context without scripts."""
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def prescribe(*, clinician, patient, slugs: list[str], title="Heel pain, early phase"):
    """An active program from today with these catalogue exercises, due every day, at their
    catalogue dose (setup for the patient's and the review flows)."""
    from accounts.dates import local_today
    from exercises.models import Exercise
    from programs.models import ProgramStatus
    from programs.prescribing import services

    exercises = {exercise.slug: exercise for exercise in Exercise.objects.filter(slug__in=slugs)}
    items = [
        services.default_dose(exercises[slug])
        | {"exercise": exercises[slug], "weekdays": 0b1111111}
        for slug in slugs
    ]
    data = {
        "title": title,
        "condition": patient.patient_profile.condition,
        "start_date": local_today(patient),
        "end_date": None,
        "status": ProgramStatus.ACTIVE,
        "pain_limit": 5,
    }
    return services.create_program(clinician=clinician, patient=patient, data=data, items=items)


def press_tab_until(page, target, *, key="Tab", limit=150) -> None:
    """Press Tab (or another key) until `target` has the keyboard focus, as a keyboard user
    would; fail if it never gets there."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press(key)
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{key} never reached {target}; focus is on {focused}")


def choose(scope, group: str, option: str) -> None:
    """Tap the button-styled radio labelled `option` in the fieldset named `group`."""
    scope.get_by_role("group", name=group).get_by_text(option, exact=True).click()
