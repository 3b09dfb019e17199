"""/today/history/: the patient's progress: the pain chart and the table of their weeks,
counted from the start of their first program."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import ProgramStatus
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

WEEK_ROW = '<th scope="row">Week '


def get(client, user, query=""):
    client.force_login(user)
    return client.get(f"/today/history/{query}")


def week_rows(html: str) -> list[str]:
    """The week table's rows as text: "Week 2 16–20 Nov | 20% 1 of 5 | 3 | 2"."""
    body = html.split('id="weeks-heading"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    text = [[" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in row] for row in cells]
    return [" | ".join(row) for row in text]


def test_it_counts_the_weeks_from_the_first_programs_start(client, bob, alice, frozen):
    # Started Monday 9 November: that week and this one (Mon 16 – Fri 20) are due.
    program = factories.ProgramFactory(patient=bob, prescriber=alice, start_date=days_ago(11))
    rx = factories.PrescriptionFactory(program=program, times_per_day=1)
    for n in range(11, 4, -1):  # all of last week
        log_day(program, days_ago(n), times=1, prescription=rx, morning=4, exercise=2)
    log_day(program, days_ago(0), times=1, prescription=rx, morning=2, exercise=5)

    html = get(client, bob).content.decode()

    # No empty weeks before the start: eight weeks asked, two shown.
    assert week_rows(html) == [
        "Week 2 16–20 Nov | 20% 1 of 5 | 2 | 5",
        "Week 1 9–15 Nov | 100% 7 of 7 | 4 | 2",
    ]
    assert "Nothing due" not in html
    assert "first program started, Monday 9 November 2026" in html
    # Too young for a choice of how many weeks to show.
    assert 'name="weeks"' not in html


def test_a_week_starts_on_the_weekday_the_program_started(client, bob, alice, frozen):
    program = factories.ProgramFactory(patient=bob, prescriber=alice, start_date=days_ago(9))
    log_day(program, days_ago(9), morning=5, exercise=4)  # Wednesday 11 November

    response = get(client, bob)

    html = response.content.decode()
    assert [row.split(" | ")[0] for row in week_rows(html)] == [
        "Week 2 18–20 Nov",
        "Week 1 11–17 Nov",
    ]
    # The chart starts on the same day and marks the same weeks.
    chart = response.context["chart"]
    assert chart.scale.start == days_ago(9)
    assert [week.day for week in chart.weeks] == [days_ago(9), days_ago(2)]
    assert ">11 Nov</text>" in html and ">18 Nov</text>" in html


def test_a_draft_does_not_start_the_weeks(client, bob, alice, frozen):
    factories.ProgramFactory(
        patient=bob, prescriber=alice, start_date=days_ago(60), status=ProgramStatus.DRAFT
    )
    factories.ProgramFactory(patient=bob, prescriber=alice, start_date=days_ago(3))
    assert len(week_rows(get(client, bob).content.decode())) == 1


@pytest.mark.parametrize("start", [None, 3], ids=["no program", "starts in 3 days"])
def test_it_waits_for_the_first_program_to_start(client, bob, alice, frozen, start):
    if start is not None:
        factories.ProgramFactory(
            patient=bob, prescriber=alice, start_date=TODAY + datetime.timedelta(days=start)
        )
    html = get(client, bob).content.decode()
    assert "Your progress will show here from the day your first program starts." in html
    assert WEEK_ROW not in html and "<svg" not in html


def test_it_shows_the_last_8_weeks_unless_asked(client, bob, logging_program, frozen):
    # Started 90 days ago: thirteen weeks.
    html = get(client, bob).content.decode()
    assert [row.split(" ")[1] for row in week_rows(html)] == [str(n) for n in range(13, 5, -1)]
    assert 'name="weeks"' in html
    assert len(week_rows(get(client, bob, "?weeks=4").content.decode())) == 4
    assert len(week_rows(get(client, bob, "?weeks=26").content.decode())) == 13
    assert len(week_rows(get(client, bob, "?weeks=1000").content.decode())) == 8


def test_the_table_and_the_chart_agree(client, bob, logging_program, frozen):
    scores = {20: (6, 7), 17: (5, 6), 16: (4, None), 12: (4, 4), 9: (3, 5), 3: (2, 2), 0: (1, 3)}
    for n, (morning, exercise) in scores.items():
        log_day(logging_program, days_ago(n), morning=morning, exercise=exercise)

    response = get(client, bob, "?weeks=4")

    chart, summary = response.context["chart"], response.context["summary"]
    # The same weeks: the chart's week lines are the table's weeks, oldest first.
    assert [week.day for week in chart.weeks] == [week.first_day for week in reversed(summary)]
    assert chart.scale.start == summary[-1].first_day
    # The same numbers: each week's row is the mean and the worst of that week's points.
    for week in summary:
        mornings = [p.value for p in chart.morning if week.first_day <= p.day <= week.last_day]
        exercises = [p.value for p in chart.exercise if week.first_day <= p.day <= week.last_day]
        assert week.morning == (sum(mornings) / len(mornings) if mornings else None)
        assert week.exercise == (max(exercises) if exercises else None)
    assert [row.split(" | ", 2)[2] for row in week_rows(response.content.decode())] == [
        "1.5 | 3",  # this week: 2 and 1, worst 3
        "3.5 | 5",  # 4 and 3, worst 5
        "5 | 7",  # 6, 5 and 4 (no exercise score that day), worst 7
        "– | –",  # nothing logged
    ]


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


def test_two_equal_scores_on_a_day_stay_distinguishable(client, bob, logging_program, frozen):
    log_day(logging_program, days_ago(2), morning=3, exercise=3)
    log_day(logging_program, days_ago(1), morning=2, exercise=5)

    response = get(client, bob)

    chart = response.context["chart"]
    half = chart.scale.frame.mark
    same_day, other_day = zip(chart.morning, chart.exercise, strict=True)
    morning, exercise = same_day
    # Side by side around the day: the circle left, the square right, not one on the other.
    assert morning.drawn_x == morning.x - half and exercise.drawn_x == exercise.x + half
    assert all(point.drawn_x == point.x for point in other_day)
    html = response.content.decode()
    assert f'<circle cx="{morning.drawn_x}" cy="{morning.y}"' in html
    assert f'<rect x="{exercise.drawn_x - half}" y="{exercise.y - half}"' in html
    assert "Same score twice in a day: circle and square side by side" in html


def test_the_legend_only_explains_side_by_side_marks_when_there_are_some(
    client, bob, logging_program, frozen
):
    log_day(logging_program, days_ago(1), morning=2, exercise=5)
    assert "side by side" not in get(client, bob).content.decode()


def test_it_says_so_when_there_are_no_pain_scores(client, bob, logging_program, frozen):
    html = get(client, bob).content.decode()
    assert "No pain scores in these weeks yet." in html
    assert "<svg" not in html


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


def test_the_axis_names_at_most_six_weeks():
    starts = [days_ago(7 * n) for n in range(25, -1, -1)]
    chart = history.pain_chart([], start=starts[0], end=TODAY, week_starts=starts)
    assert len(chart.weeks) == 26
    assert [day for day, _x in chart.x_ticks] == starts[::5]


@pytest.mark.parametrize("weeks", [1, 26])
def test_its_query_count_does_not_grow_with_the_weeks(
    client, bob, logging_program, rx, frozen, weeks
):
    logging_program.start_date = days_ago(7 * weeks - 1)
    logging_program.save()
    for n in range(7 * weeks):
        log_day(logging_program, days_ago(n), times=1, prescription=rx)
    client.force_login(bob)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/today/history/?weeks=26").status_code == 200
    # session, user with profile and clinic, first program's start, pain by day, adherence,
    # audit
    assert len(queries) == 7  # with the audit row's seal


def test_it_audits_the_view(client, bob, logging_program, frozen):
    get(client, bob)
    event = AuditEvent.objects.get(category="logs")
    assert (event.action, event.patient) == (AuditAction.HISTORY_VIEWED, bob)
