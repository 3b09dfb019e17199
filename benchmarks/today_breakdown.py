"""Where the patient today page's time goes, part by part, in this process.

    .venv/bin/python benchmarks/today_breakdown.py [--repeat 300]

Run `make bench` once first: it uses the same `stride_bench` database and benchmark patient.
Each part is timed on its own (best of three rounds of `--repeat` calls), next to the whole
page and the baseline view through Django's test client, so the README can say what the
page costs beyond the baseline and why its throughput stays a fraction of it.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def best_ms(call, repeat: int) -> float:
    call()
    rounds = []
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(repeat):
            call()
        rounds.append((time.perf_counter() - started) * 1000 / repeat)
    return min(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=300, help="calls per round")
    repeat = parser.parse_args().repeat
    sys.path.insert(0, str(ROOT))
    from benchmarks.run import prepare_environment

    prepare_environment()
    import django

    django.setup()
    import logging

    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory
    from django.utils import timezone

    from accounts.audit import record
    from accounts.audit_actions import AuditAction
    from accounts.dates import local_today
    from benchmarks.scale_data import BENCHMARK_LOGINS
    from programs.logs.daily_log import logging_window, plan_day
    from programs.logs.forms import DailyLogForm
    from programs.logs.today_cache import rows_digest
    from programs.review import history
    from programs.views.patient.today import BODY_TEMPLATE, day_context

    logging.disable(logging.INFO)  # the request log would time its own printing
    users = get_user_model().objects.select_related("clinic", "patient_profile")
    patient = users.get(email=BENCHMARK_LOGINS["patient_year"])
    clinician = users.get(email=BENCHMARK_LOGINS["clinician_200"])
    today = local_today(patient)
    window = logging_window(patient=patient, today=today)
    request = RequestFactory().get("/today/", HTTP_HOST="127.0.0.1")
    request.user = patient

    def calendar(plans):
        return history.recent_days(
            patient=patient,
            program_ids={p.program.pk for p in plans},  # as the view: every program's days
            first=window.first,
            today=today,
            selected=today,
            now=timezone.now(),
        )

    plans = plan_day(patient=patient, day=today)
    browsers = {}
    for name, user in [("patient", patient), ("clinician", clinician)]:
        browsers[name] = Client(HTTP_HOST="127.0.0.1")
        browsers[name].force_login(user)

    def drawn_page():
        caches["pages"].clear()  # a first view after a change: the body is drawn
        return browsers["patient"].get("/today/")

    def drawn_body():
        request = RequestFactory().get("/today/", HTTP_HOST="127.0.0.1")
        request.user = patient
        context = day_context(request, day=today, today=today, window=window, bound_form=None)
        return render_to_string(BODY_TEMPLATE, context, request)

    rows = [
        ("whole today page, repeat visit", lambda: browsers["patient"].get("/today/")),
        ("whole today page, body drawn", drawn_page),
        ("baseline view (test client)", lambda: browsers["clinician"].get("/bench/baseline/")),
        (
            "audit row (`record`)",
            lambda: record(request, AuditAction.TODAY_VIEWED, patient=patient),
        ),
        (
            "versions of the rows shown (`today_cache.rows_digest`)",
            lambda: rows_digest(patient=patient, first=window.first, today=today),
        ),
        (
            "programs, doses and log of the day (`plan_day`)",
            lambda: plan_day(patient=patient, day=today),
        ),
        (
            "log forms built",
            lambda: [DailyLogForm(plan=p, window=window) for p in plans if p.is_running],
        ),
        ("last days' calendar (`recent_days`)", lambda: calendar(plans)),
        ("body: its context read and drawn", drawn_body),
    ]
    print(f"| part | ms (best of 3 × {repeat}) |\n| --- | ---: |")
    for label, call in rows:
        print(f"| {label} | {best_ms(call, repeat):.2f} |")


if __name__ == "__main__":
    main()
