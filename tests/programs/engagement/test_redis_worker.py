"""The queue moved to Redis (README, "Moving the queue to Redis"): the same task, enqueued
through django.tasks with django-tasks-rq, run by a real RQ worker against the Redis server
on 127.0.0.1:6379. Under CI=true a missing Redis fails the test; elsewhere it is skipped."""

import os

import pytest
from asgiref.local import Local
from django.tasks import task_backends

from programs.engagement.messages import send_message_notice
from programs.models import Message

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by the test


@pytest.fixture
def redis_queue(settings):
    import django_rq
    import redis
    from django_tasks_rq import Job

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        message = "Redis is not running on 127.0.0.1:6379: start redis-server to run this test"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    _forget_backends()
    queue = django_rq.get_queue("default", job_class=Job)
    queue.connection.flushdb()
    yield queue
    queue.connection.flushdb()
    # The settings fixture puts TASKS back after this; the backends are read again then.
    _forget_backends()


def _forget_backends():
    """django.tasks caches its backends and the TASKS setting they came from."""
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


def test_a_real_rq_worker_runs_a_task_enqueued_through_django_tasks(
    redis_queue, bob, alice, smtp_inbox
):
    from django_tasks_rq import Job
    from rq import SimpleWorker

    message = Message.objects.create(patient=bob, author=bob, body="Hello")
    result = send_message_notice.enqueue(str(message.pk))
    assert redis_queue.count == 1
    # SimpleWorker runs the job in this process (no fork), inside the test's transaction.
    # As `manage.py rqworker --job-class django_tasks_rq.Job` runs it: the job class runs
    # django.tasks' Task.
    worker = SimpleWorker([redis_queue], connection=redis_queue.connection, job_class=Job)
    worker.work(burst=True)
    assert [email["To"] for email in smtp_inbox.messages] == [alice.email]
    assert send_message_notice.get_result(result.id).return_value == 1
