"""The two paths of the pain-monitoring rules agree: the save-time checks in Python
(`programs.logs.safety`) and the live SQL of the caseload (`programs/review/window.sql`) are
fed the same random logs and must give the same flags, day by day.

Both read their numbers from `programs.rules`; a path that hard-codes another number, or
reads a different window or minimum, fails here (docs/clinical-rules.md).
"""

import datetime
import random
from fractions import Fraction

import pytest
from django.db import connection
from django.utils import timezone

from accounts.dates import local_today
from programs import rules
from programs.logs import safety
from programs.models import SessionLog
from programs.review import flags
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def random_history(program, rng: random.Random) -> dict:
    """Four weeks of logs with gaps, mornings drifting up or down, and the odd flare."""
    today = local_today(program.patient)
    level = rng.randint(0, 6)
    drift = rng.choice([-1, 0, 0, 1, 1, 2])
    logs = {}
    for back in range(rules.TREND_WEEKS * 7 - 1, -1, -1):
        if rng.random() < 0.3:
            continue
        day = today - back * DAY
        week = (rules.TREND_WEEKS * 7 - 1 - back) // 7
        morning = level + drift * week + rng.choice([0, 0, 0, 1, -1, 3])
        logs[day] = SessionLog.objects.create(
            program=program,
            patient=program.patient,
            date=day,
            morning_pain=None if rng.random() < 0.15 else max(0, min(10, morning)),
            exercise_pain=rng.choice([None, 0, 2, 4, program.pain_limit, 7]),
        )
    return logs


def sql_checks(patient_id):
    """(the flare days, the trend's rise or None, the live kinds) by the SQL path."""
    params = flags.window_params(patient_ids=[patient_id], now=timezone.now())
    ctes = flags.window_ctes()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {ctes} SELECT date FROM morning_checks, patients p "  # noqa: S608
            f"WHERE flare AND date > p.today - {rules.PROGRESS_DAYS}",
            params,
        )
        flare_days = {day for (day,) in cursor.fetchall()}
        cursor.execute(
            f"WITH {ctes} SELECT total_0, n_0, total_k, n_k, weeks_ago FROM trend "  # noqa: S608
            "WHERE rising",
            params,
        )
        rise = cursor.fetchone()
    kinds = {flag.kind for flag in flags.open_computed_flags(patient_id=patient_id)}
    return flare_days, rise, kinds


@pytest.mark.parametrize("seed", range(40))
def test_save_time_and_live_rules_agree(alice, bob, seed):
    rng = random.Random(seed)
    program = factories.ProgramFactory(
        prescriber=alice, patient=bob, start_date=local_today(bob) - 40 * DAY, pain_limit=5
    )
    logs = random_history(program, rng)
    today = local_today(bob)
    mornings = safety.mornings_before(patient_id=bob.pk, day=today)

    flare_days, sql_rise, sql_kinds = sql_checks(bob.pk)
    python_flares = {
        day
        for day in mornings
        if day > today - rules.PROGRESS_DAYS * DAY and safety.flare_on(mornings, day)
    }
    assert flare_days == python_flares

    rise = safety.rise_on(mornings, today)
    if rise is None:
        assert sql_rise is None
    else:
        total_0, n_0, total_k, n_k, weeks_ago = sql_rise
        assert (rise.mean, rise.before, rise.weeks_ago) == (
            Fraction(total_0, n_0),
            Fraction(total_k, n_k),
            weeks_ago,
        )

    red = any(
        log.exercise_pain is not None and log.exercise_pain > program.pain_limit
        for day, log in logs.items()
        if day > today - rules.RED_DAYS * DAY
    )
    recent_flare = any(day > today - rules.FLARE_DAYS * DAY for day in python_flares)
    python_kinds = {
        kind
        for kind, raised in [("red_pain", red), ("flare", recent_flare), ("rising_pain", rise)]
        if raised
    }
    assert sql_kinds & set(rules.URGENT_KINDS) == python_kinds


def test_the_histories_cover_every_outcome(alice, bob):
    """The random histories above are worth something only if they raise each flag."""
    seen = set()
    for seed in range(40):
        rng = random.Random(seed)
        program = factories.ProgramFactory(
            prescriber=alice, patient=bob, start_date=local_today(bob) - 40 * DAY
        )
        random_history(program, rng)
        seen |= sql_checks(bob.pk)[2]
        SessionLog.objects.filter(program=program).delete()
        program.delete()
    assert {"red_pain", "flare", "rising_pain"} <= seen
