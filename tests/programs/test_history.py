"""/today/history/: the patient's adherence per week and pain chart."""

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.review import history
from programs.review.charts import PainDay
from tests import factories
from tests.programs import log_support
from tests.programs.log_support import TODAY, days_ago, log_day

pytestmark = pytest.mark.django_db

# Fixtures shared by the daily-log tests.
frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx


def get(client, user, query=""):
    client.force_login(user)
    return client.get(f"/today/history/{query}")


def test_it_shows_adherence_per_week(client, bob, alice, frozen):
    # Started Monday 9 November: that week and this one (Mon 16 – Fri 20) are due.
    logging_program = factories.ProgramFactory(
        patient=bob, prescriber=alice, start_date=days_ago(11)
    )
    rx = factories.PrescriptionFactory(program=logging_program, times_per_day=1)
    for n in range(11, 4, -1):  # all of last week
        log_day(logging_program, days_ago(n), times=1, prescription=rx)
    log_day(logging_program, days_ago(0), times=1, prescription=rx)  # one day this week
    html = get(client, bob).content.decode()
    assert '<th scope="row">Mon 16 Nov</th>\n          <td>20%</td>' in html
    assert "1 of 5" in html
    assert "<td>100%</td>" in html and "7 of 7" in html
    assert html.count("Nothing due") == 6  # the six weeks before the start


def test_it_draws_morning_and_exercise_pain(client, bob, logging_program, rx, frozen):
    log_day(logging_program, days_ago(2), morning=4, exercise=6)
    log_day(logging_program, days_ago(1), morning=3, exercise=None)
    html = get(client, bob).content.decode()
    assert '<figure class="chart' in html and 'role="img"' in html
    assert html.count('class="point morning"') == 3  # two points and the legend
    assert html.count('class="point exercise"') == 2  # one point and the legend
    # A program without a condition scores the default morning symptom.
    assert "18 Nov: morning pain 4/10" in html and "18 Nov: exercise 6/10" in html
    assert "Morning pain" in html and "Worst pain during exercises" in html
    # The accessible table of the same numbers.
    assert '<th scope="row">Wed 18 Nov</th><td>4</td><td>6</td>' in html
    assert '<th scope="row">Thu 19 Nov</th><td>3</td><td>–</td>' in html


def test_it_says_so_when_there_are_no_pain_scores(client, bob, logging_program, frozen):
    html = get(client, bob).content.decode()
    assert "No pain scores in these weeks yet." in html
    assert "<svg" not in html


def test_it_shows_the_last_8_weeks_unless_asked(client, bob, logging_program, frozen):
    assert get(client, bob).content.decode().count('<th scope="row">Mon') == 8
    assert get(client, bob, "?weeks=4").content.decode().count('<th scope="row">Mon') == 4
    assert get(client, bob, "?weeks=1000").content.decode().count('<th scope="row">Mon') == 8


def test_it_shows_only_the_patients_own_logs(client, bob, dana, carlos, logging_program, frozen):
    danas = factories.ProgramFactory(patient=dana, prescriber=carlos, start_date=days_ago(30))
    log_day(danas, days_ago(1), morning=9, exercise=9)
    assert "No pain scores in these weeks yet." in get(client, bob).content.decode()


def test_the_chart_places_points_on_the_0_to_10_scale():
    days = [PainDay(days_ago(7), 0, 10), PainDay(TODAY, 5, None)]
    chart = history.pain_chart(days, start=days_ago(7), end=TODAY)
    frame = chart.scale.frame
    middle = (frame.top + frame.plot_bottom) / 2
    assert [(p.x, p.y) for p in chart.morning] == [
        (frame.left, frame.plot_bottom),
        (frame.plot_right, middle),
    ]
    assert [(p.x, p.y) for p in chart.exercise] == [(frame.left, frame.top)]


def test_it_audits_the_view(client, bob, logging_program, frozen):
    get(client, bob)
    event = AuditEvent.objects.get(category="logs")
    assert (event.action, event.patient) == (AuditAction.HISTORY_VIEWED, bob)
