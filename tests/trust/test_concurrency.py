"""Concurrency on the real database: requests in threads, each with its own connection,
released together by a barrier. Double submits end in one row, a stale edit is refused
with a message, and a failure half-way through a save leaves nothing behind."""

import threading
import uuid
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from programs.logs import safety
from programs.models import ExerciseCompletion, Prescription, Program, ProgramChange, SessionLog
from programs.prescribing import services
from tests.programs.builder_data import edit_data, rows_data
from tests.trust.world import log_data, new_program_data

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_together(requests):
    """POST every (client, url, data) at the same moment, each from its own thread and
    database connection; returns the responses in order."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def worker(index, client, url, data):
        try:
            barrier.wait()
            responses[index] = client.post(url, data)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index, *request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_ten_identical_log_saves_give_one_log(world):
    url = reverse("save_log", args=[world.program.pk, world.today.isoformat()])
    SessionLog.objects.all().delete()
    bob = signed_in(world.bob)
    responses = post_together([(bob, url, log_data(world, morning_pain=4))] * 10)
    assert [r.status_code for r in responses] == [302] * 10
    log = SessionLog.objects.get()
    assert (log.program, log.date, log.morning_pain) == (world.program, world.today, 4)
    # One completion row per exercise of the day however many saves raced (the one ticked
    # once, the other at zero), never one per save.
    completions = ExerciseCompletion.objects.filter(log=log)
    assert sorted(completions.values_list("prescription_id", "times_done")) == sorted(
        (rx.pk, 1 if rx == world.prescription else 0) for rx in world.program.prescriptions.all()
    )


def test_two_clinicians_saving_one_program_lose_no_update_silently(world):
    world.bob.patient_profile.care_team.add(world.carlos)
    url = reverse("program_edit", args=[world.program.pk])
    program = Program.objects.get(pk=world.program.pk)  # both loaded version 1
    responses = post_together(
        [
            (signed_in(world.alice), url, edit_data(program, title="Alice's version")),
            (signed_in(world.carlos), url, edit_data(program, title="Carlos's version")),
        ]
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert b"Nothing was saved" in refused.content
    program.refresh_from_db()
    assert program.version == 2
    winner = "Alice's version" if responses[0].status_code == 302 else "Carlos's version"
    assert program.title == winner
    assert ProgramChange.objects.filter(program=program).count() == 1


def test_a_double_clicked_assign_gives_one_program(world):
    url = reverse("program_new", args=[world.bob.pk])
    data = new_program_data(world, submission=str(uuid.uuid4()))
    alice = signed_in(world.alice)
    before = Program.objects.count()
    responses = post_together([(alice, url, data), (alice, url, data)])
    assert [r.status_code for r in responses] == [302, 302]
    assert Program.objects.count() == before + 1
    program = Program.objects.get(title="New heel program")
    assert {r.url for r in responses} == {reverse("program_detail", args=[program.pk])}
    assert Prescription.objects.filter(program=program).count() == 1


def test_a_failure_after_the_first_write_leaves_no_program(world):
    rows = [
        {"exercise": world.shared_exercise.pk, "name": "Calf stretch"},
        {"exercise": world.shared_exercise.pk, "name": "Calf stretch", "sets": 2},
    ]
    data = new_program_data(world) | rows_data(rows)
    real = services._prescribe
    calls = []

    def prescribe_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away half-way")
        return real(*args, **kwargs)

    before = (Program.objects.count(), Prescription.objects.count())
    with (
        mock.patch.object(services, "_prescribe", prescribe_then_fail),
        pytest.raises(RuntimeError),
    ):
        signed_in(world.alice).post(reverse("program_new", args=[world.bob.pk]), data)
    assert len(calls) == 2  # the program row and one prescription were written first
    assert (Program.objects.count(), Prescription.objects.count()) == before
    assert not ProgramChange.objects.exists()


def test_a_failure_after_the_log_is_written_leaves_no_log(world):
    SessionLog.objects.all().delete()
    url = reverse("save_log", args=[world.program.pk, world.today.isoformat()])
    with (
        mock.patch.object(safety, "review_log", side_effect=RuntimeError("flags failed")),
        pytest.raises(RuntimeError),
    ):
        signed_in(world.bob).post(url, log_data(world))
    assert not SessionLog.objects.exists()
    assert not ExerciseCompletion.objects.exists()


def test_a_repeated_post_of_one_builder_page_gives_one_program(world):
    url = reverse("program_new", args=[world.bob.pk])
    alice = signed_in(world.alice)
    page = alice.get(url)
    submission = page.context["form"]["submission"].value()
    data = new_program_data(world, submission=str(submission))
    first, second = alice.post(url, data), alice.post(url, data, follow=True)
    program = Program.objects.get(title="New heel program")
    assert first.url == second.redirect_chain[-1][0] == reverse("program_detail", args=[program.pk])
    assert b"was already saved" in second.content
