"""The patient's pages: today's exercises with the daily log, and their own history."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent
from programs.logs import hardest, today_cache
from programs.logs.check_in import check_in_due
from programs.logs.daily_log import logging_window, plan_day, save_daily_log
from programs.logs.forms import DailyLogForm
from programs.models import Program
from programs.outcomes.due import due_sets, first_unfinished
from programs.review import history as patient_history

# A save queued on the patient's phone while offline, sent again by its service worker
# (static/js/offline_queue.js): the header names the patient who made it.
REPLAY_HEADER = "Stride-Replay"
BODY_TEMPLATE = "programs/today_body.html"
ADVICE_LEVELS = {"danger": messages.ERROR, "warning": messages.WARNING, "success": messages.SUCCESS}


def _parse_day(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _day_url(day: datetime.date, today: datetime.date) -> str:
    url = reverse("patient_home")
    return url if day == today else f"{url}?date={day.isoformat()}"


def _render_day(request, *, day, today, window, bound_form=None):
    """The today page for `day`: one log form per running program, and the calendar. A
    form sent back with errors is drawn anew; otherwise the body may come from the cache."""

    def draw(overrides: dict) -> str:
        context = day_context(request, day=day, today=today, window=window, bound_form=bound_form)
        return render_to_string(BODY_TEMPLATE, context | overrides, request)

    if bound_form is None:
        body = today_cache.today_body(request, day=day, today=today, window=window, draw=draw)
    else:
        body = mark_safe(draw({}))  # noqa: S308 # nosec B308 B703  (our template's output)
    context = {"body": body, "day": day, "is_today": day == today}
    return render(request, "programs/today.html", context)


def day_context(request, *, day, today, window, bound_form) -> dict:
    """What the page's body (today_body.html) shows for `day`: only rows that
    programs/logs/today_rows.sql lists, or the cached body would not follow their changes."""
    plans = plan_day(patient=request.user, day=day)
    bound_pk = bound_form.plan.program.pk if bound_form is not None else None
    forms = [
        bound_form if plan.program.pk == bound_pk else DailyLogForm(plan=plan, window=window)
        for plan in plans
        if plan.is_running or plan.program.pk == bound_pk
    ]
    calendar = patient_history.recent_days(
        patient=request.user,
        # Every program, paused and completed ones too: the days each was active stay due,
        # and open to late logging, by its status history.
        program_ids={p.program.pk for p in plans},
        first=window.first,
        today=today,
        selected=day,
        now=timezone.now(),
    )
    questions = hardest.questions(plans)
    return {
        "day": day,
        "today": today,
        "is_today": day == today,
        # Each log form with the question asked under its saved log, if any.
        "sections": [(form, questions.get(form.plan.program.pk)) for form in forms],
        "resting": [p for p in plans if not p.is_running and p.program.pk != bound_pk],
        "calendar": calendar,
        # The weekly red-flag check-in's prompt: from the programs read above, so at most
        # one query (none when the condition has no red flags or no program is active).
        "check_in_due": day == today
        and check_in_due(request.user, today, programs=[plan.program for plan in plans]),
        # An outcome questionnaire due today (programs.outcomes): at most one query.
        "outcome_due": first_unfinished(
            due_sets(patient=request.user, today=today, programs=[p.program for p in plans])
        )
        if day == today
        else None,
    }


@require_GET
@patient_required
def today(request):
    today = local_today(request.user)
    window = logging_window(patient=request.user, today=today)
    day = today
    if "date" in request.GET:
        day = _parse_day(request.GET["date"])
        problem = "That isn't a date we understand." if day is None else window.problem_with(day)
        if problem:
            messages.error(request, problem)
            return redirect("patient_home")
    record(
        request,
        AuditAction.TODAY_VIEWED if day == today else AuditAction.LOG_FORM_VIEWED,
        category="logs",
        patient=request.user,
    )
    return _render_day(request, day=day, today=today, window=window)


@require_POST
@patient_required
def save_log(request, program_id, day):
    replay = request.headers.get(REPLAY_HEADER)
    if replay is not None and replay != str(request.user.pk):
        # Made by another patient on this phone: never saved under this one's name.
        record(
            request,
            AuditAction.LOG_REFUSED,
            category="logs",
            patient=request.user,
            outcome=AuditEvent.Outcome.DENIED,
        )
        return JsonResponse({"errors": ["This was saved by someone else."]}, status=409)
    day = _parse_day(day)
    if day is None:
        raise Http404("No such day")
    today = local_today(request.user)
    window = logging_window(patient=request.user, today=today)
    plan = next(
        (p for p in plan_day(patient=request.user, day=day) if p.program.pk == program_id), None
    )
    if plan is None:
        raise Http404("No such program")
    form = DailyLogForm(request.POST, plan=plan, window=window)
    if form.is_valid():
        try:
            saved = save_daily_log(
                patient=request.user,
                program=plan.program,
                day=day,
                data=form.log_data(),
                completions=form.completions(),
                today=today,
            )
        except ValidationError as error:
            # The program changed between reading the form and saving (a pause, a new
            # dose): show why, on the field where there is one.
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            record(
                request, AuditAction.LOG_SAVED, category="logs", patient=request.user, obj=saved.log
            )
            messages.success(request, f"Saved your log for {day:%A %-d %B}. Thank you.")
            for advice in saved.advice:
                messages.add_message(request, ADVICE_LEVELS[advice.level], advice.text)
            # A replay answers its script; the messages wait for the next page the patient opens.
            if replay is not None:
                return JsonResponse({"saved": True})
            return redirect(_day_url(day, today))
    record(
        request,
        AuditAction.LOG_REFUSED,
        category="logs",
        patient=request.user,
        obj=plan.program,
        outcome=AuditEvent.Outcome.FAILED,
    )
    if replay is not None:
        # Answered, not failed: the script keeps the day on the phone and shows why.
        problems = [problem for problems in form.errors.values() for problem in problems]
        return JsonResponse({"saved": False, "errors": problems})
    return _render_day(request, day=day, today=today, window=window, bound_form=form)


@require_POST
@patient_required
def save_hardest(request, program_id, day):
    day = _parse_day(day)
    if day is None:
        raise Http404("No such day")
    program = get_object_or_404(Program.objects.visible_to(request.user), pk=program_id)
    today = local_today(request.user)
    try:
        log = hardest.name_hardest(
            patient=request.user,
            program=program,
            day=day,
            prescription_id=request.POST.get("prescription", ""),
            today=today,
        )
    except ValidationError as error:
        record(
            request,
            AuditAction.LOG_REFUSED,
            category="logs",
            patient=request.user,
            obj=program,
            outcome=AuditEvent.Outcome.FAILED,
        )
        messages.error(request, " ".join(error.messages))
    else:
        record(request, AuditAction.LOG_SAVED, category="logs", patient=request.user, obj=log)
        messages.success(
            request, f"Thank you. Your clinician will see that “{log.hardest.name}” hurt most."
        )
    return redirect(_day_url(day, today))
