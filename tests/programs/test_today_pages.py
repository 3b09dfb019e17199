"""Rules shared by the patient's two pages, /today/ and /today/history/."""

import pytest

from tests.programs import log_support
from tests.programs.log_support import days_ago, log_day

pytestmark = pytest.mark.django_db

# Fixtures shared by the daily-log tests.
frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # session, user with profile and clinic, the versions of the rows the body shows
        # (programs/logs/today_cache.py), programs, prescriptions, logs, completions, the
        # question under today's log, adherence, the questionnaires due, the audit row and
        # its seal
        ("/today/", 12),
        # session, user with profile and clinic, first program's start, pain by day,
        # adherence, the audit row and its seal
        ("/today/history/", 7),
    ],
)
@pytest.mark.parametrize("history_days", [2, 60])
def test_their_query_count_does_not_grow_with_history(
    client, bob, logging_program, rx, frozen, django_assert_num_queries, url, queries, history_days
):
    for n in range(history_days):
        log_day(logging_program, days_ago(n), times=1, prescription=rx)
    client.force_login(bob)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
