"""/password/reset/: the page queues the e-mail for any address, so its answer (page, status
and work done) is the same whether or not an account has the address; the queued task
finds the account by the address rule and e-mails it a link, and nothing else."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from accounts.password_reset import SUBJECT, send_reset
from tests import factories

pytestmark = pytest.mark.django_db


def reset(client, email):
    return client.post("/password/reset/", {"email": email})


def queued() -> list:
    return list(DBTaskResult.objects.values_list("task_path", "args_kwargs"))


def run_queue():
    """A real worker (django-tasks-db's db_worker) until the queue is empty."""
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


def test_it_queues_the_e_mail_for_an_account(client, bob):
    response = reset(client, "BOB@patients.test")
    assert response.status_code == 302 and response.url == "/password/reset/sent/"
    assert queued() == [
        ("accounts.password_reset.send_reset", {"args": ["bob@patients.test"], "kwargs": {}})
    ]
    assert mail.outbox == []  # not sent during the request


def test_it_answers_an_unknown_address_the_same_way_with_the_same_work(client, bob):
    known, unknown = reset(client, bob.email), reset(client, "nobody@patients.test")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert [args["args"] for _path, args in queued()] == [[bob.email], ["nobody@patients.test"]]
    pages = [client.get(response.url) for response in (known, unknown)]
    assert [page.templates[0].name for page in pages] == [
        "registration/password_reset_done.html"
    ] * 2


@pytest.mark.django_db(transaction=True)  # the worker ends its connection
def test_the_worker_e_mails_a_link_that_lets_them_choose_a_password(client, bob):
    reset(client, bob.email)
    run_queue()
    [email] = mail.outbox
    assert (email.to, email.subject) == ([bob.email], SUBJECT)
    link = re.search(r"http://127\.0\.0\.1:8000(/password/reset/\S+/)", email.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "a-brand-new-long-password"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    bob.refresh_from_db()
    assert bob.check_password(new)


def test_the_e_mail_carries_no_health_information(bob):
    condition = factories.ConditionFactory(name="Plantar fasciitis")
    bob.patient_profile.condition = condition
    bob.patient_profile.save()
    program = factories.ProgramFactory(patient=bob, title="Heel pain plan", condition=condition)
    assert send_reset.call(bob.email) == 1
    [email] = mail.outbox
    for private in ("Plantar", "fasciitis", "Heel", program.title, "Bob", "Hughes", "Northside"):
        assert private not in email.subject + email.body


@pytest.mark.parametrize(
    "email",
    [
        "nobody@patients.test",
        "b\u0131b@patients.test",  # dotless ı: another address, not bob's
    ],
)
def test_it_sends_nothing_for_an_address_that_is_no_accounts(bob, email):
    assert send_reset.call(email) == 0
    assert mail.outbox == []


def test_a_full_width_spelling_reaches_the_account(bob):
    assert send_reset.call("ｂｏｂ@patients.test") == 1
    assert mail.outbox[0].to == [bob.email]


def test_it_sends_nothing_to_a_deactivated_account_or_a_newcomer(bob, northside):
    bob.is_active = False
    bob.save()
    newcomer = factories.PatientFactory(clinic=northside, email="new@patients.test")
    newcomer.set_unusable_password()
    newcomer.save()
    assert send_reset.call(bob.email) + send_reset.call(newcomer.email) == 0
