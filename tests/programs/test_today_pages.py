"""Rules shared by the patient's two pages, /today/ and /today/history/."""

import pytest

from tests.programs import log_support
from tests.programs.log_support import days_ago, log_day

pytestmark = pytest.mark.django_db

# Fixtures shared by the daily-log tests.
frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx

PAGES = ["/today/", "/today/history/"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("person", ["alice", "nora"])
def test_they_are_for_patients_only(client, request, url, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_they_ask_anonymous_visitors_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize("url", PAGES)
def test_they_reject_post(client, bob, url):
    client.force_login(bob)
    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # session, user with profile and clinic, programs, prescriptions, logs,
        # completions, adherence, audit
        ("/today/", 8),
        # session, user with profile and clinic, pain by day, adherence, audit
        ("/today/history/", 5),
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
