"""The patient's weekly red-flag check-in: one screen of yes/no questions, then advice.

A "yes" leads to its own page, apart from any pain or load advice: contact a doctor today,
with the clinic's contact. All "no" goes back to Today with a thank-you.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent
from programs.logs.check_in import check_in_for, save_check_in
from programs.logs.check_in_form import CheckInForm
from programs.models import RedFlagCheckIn

THANK_YOU = "Thank you for answering. We'll ask you again in a week."


def _answered_today(patient, today):
    return RedFlagCheckIn.objects.filter(patient=patient, date=today).first()


@require_http_methods(["GET", "POST"])
@patient_required
def check_in(request):
    patient = request.user
    today = local_today(patient)
    asked = check_in_for(patient)
    if request.method == "POST":
        return _answer(request, asked=asked, today=today)
    record(request, AuditAction.CHECK_IN_VIEWED, category="logs", patient=patient)
    context = {
        "questions": asked.questions,
        "answered_today": _answered_today(patient, today) if asked.questions else None,
        "form": CheckInForm(questions=asked.questions),
    }
    return render(request, "programs/check_in.html", context)


def _answer(request, *, asked, today):
    patient = request.user
    form = CheckInForm(request.POST, questions=asked.questions)
    if not asked.questions:
        record(
            request,
            AuditAction.CHECK_IN_REFUSED,
            category="logs",
            patient=patient,
            outcome=AuditEvent.Outcome.FAILED,
        )
        messages.info(request, "There is no check-in for you to answer at the moment.")
        return redirect("patient_home")
    if form.is_valid():
        try:
            saved = save_check_in(patient=patient, answers=form.answers(), today=today)
        except ValidationError as error:
            # The questions changed between reading the form and saving.
            form.add_error(None, error)
        else:
            record(
                request,
                AuditAction.CHECK_IN_ANSWERED,
                category="logs",
                patient=patient,
                obj=saved.check_in,
            )
            if not saved.created:
                messages.info(
                    request,
                    "You had already answered today's check-in, so your first answers are kept.",
                )
            if saved.check_in.any_yes:
                return redirect("check_in_result", check_in_id=saved.check_in.pk)
            if saved.created:
                messages.success(request, THANK_YOU)
            return redirect("patient_home")
    record(
        request,
        AuditAction.CHECK_IN_REFUSED,
        category="logs",
        patient=patient,
        outcome=AuditEvent.Outcome.FAILED,
    )
    context = {"questions": asked.questions, "answered_today": None, "form": form}
    return render(request, "programs/check_in.html", context)


@require_GET
@patient_required
def check_in_result(request, check_in_id):
    answered = get_object_or_404(RedFlagCheckIn.objects.visible_to(request.user), pk=check_in_id)
    record(
        request,
        AuditAction.CHECK_IN_RESULT_VIEWED,
        category="logs",
        patient=request.user,
        obj=answered,
    )
    # The clinic is read with the user at sign-in (accounts.backends).
    context = {"check_in": answered, "clinic": request.user.clinic}
    return render(request, "programs/check_in_result.html", context)
