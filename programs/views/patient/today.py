"""The patient's pages: today's exercises with the daily log, and their own history."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent
from programs.logs import hardest
from programs.logs.check_in import check_in_due
from programs.logs.daily_log import logging_window, plan_day, save_daily_log
from programs.logs.forms import DailyLogForm
from programs.models import Program
from programs.outcomes.due import due_sets, first_unfinished
from programs.review import history as patient_history

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
    """The today page for `day`: one log form per running program, and the calendar."""
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
    context = {
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
    return render(request, "programs/today.html", context)


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
            return redirect(_day_url(day, today))
    record(
        request,
        AuditAction.LOG_REFUSED,
        category="logs",
        patient=request.user,
        obj=plan.program,
        outcome=AuditEvent.Outcome.FAILED,
    )
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
