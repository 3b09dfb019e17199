"""The patient's outcome questionnaires: the list due for a program's date, and one
questionnaire answered a page at a time (programs.outcomes)."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from accounts.models import AuditEvent
from programs.models import Program
from programs.outcomes import answering
from programs.outcomes.due import DueSet, due_sets
from programs.outcomes.forms import OutcomePageForm

THANK_YOU = "Thank you. Your answers help your clinician see how you are getting on."


def _due_set(request, program_id, due_on: str) -> DueSet:
    """The patient's program and its due date open today; a 404 for anything else (someone
    else's program, a draft, a date that is not due or no longer open)."""
    programs = Program.objects.visible_to(request.user).select_related("condition")
    program = get_object_or_404(programs, pk=program_id)
    today = local_today(request.user)
    sets = due_sets(patient=request.user, today=today, programs=[program])
    if not sets or sets[0].due.due_on.isoformat() != due_on:
        raise Http404("No questionnaire due on that date")
    return sets[0]


def _page_url(due_set: DueSet, code: str, page: int | None = None) -> str:
    url = reverse(
        "outcome_page", args=[due_set.program.pk, due_set.due.due_on.isoformat(), code]
    )
    return f"{url}?page={page}" if page else url


@require_GET
@patient_required
def outcomes_due(request, program_id, due_on):
    """What is due for this date: each questionnaire, done or not, and where to go on."""
    due_set = _due_set(request, program_id, due_on)
    record(request, AuditAction.OUTCOMES_VIEWED, category="outcomes", patient=request.user)
    next_one = due_set.remaining[0] if due_set.remaining else None
    return render(
        request,
        "programs/outcome_list.html",
        {
            "due_set": due_set,
            "next_url": _page_url(due_set, next_one.code) if next_one else "",
            "thank_you": THANK_YOU,
        },
    )


@require_http_methods(["GET", "POST"])
@patient_required
def outcome_page(request, program_id, due_on, instrument):
    due_set = _due_set(request, program_id, due_on)
    chosen = due_set.instrument(instrument)
    if chosen is None:
        raise Http404("Not one of this program's questionnaires")
    questionnaire = answering.load(program=due_set.program, due=due_set.due, instrument=chosen)
    if questionnaire.is_completed:
        record(request, AuditAction.OUTCOME_PAGE_VIEWED, category="outcomes", patient=request.user)
        messages.info(request, "You have answered this questionnaire already. Thank you.")
        return redirect("outcomes_due", program_id=due_set.program.pk, due_on=due_on)
    if request.method == "POST":
        return _save(request, due_set, questionnaire)
    page = questionnaire.page(_page_number(request.GET)) or questionnaire.pages[
        questionnaire.resume_page() - 1
    ]
    record(request, AuditAction.OUTCOME_PAGE_VIEWED, category="outcomes", patient=request.user)
    form = OutcomePageForm(questionnaire=questionnaire, page=page)
    return _render_page(request, due_set, questionnaire, page, form)


def _page_number(data) -> int:
    try:
        return int(data.get("page") or 0)
    except ValueError:
        return 0


def _save(request, due_set, questionnaire):
    page = questionnaire.page(_page_number(request.POST))
    if page is None:  # a page not reached yet, or a forged number: back to where they are
        record(
            request,
            AuditAction.OUTCOME_REFUSED,
            category="outcomes",
            patient=request.user,
            outcome=AuditEvent.Outcome.FAILED,
        )
        messages.error(request, "That page isn't open yet; here is where you left off.")
        return redirect(_page_url(due_set, questionnaire.instrument.code))
    form = OutcomePageForm(request.POST, questionnaire=questionnaire, page=page)
    if not form.is_valid():
        record(
            request,
            AuditAction.OUTCOME_REFUSED,
            category="outcomes",
            patient=request.user,
            outcome=AuditEvent.Outcome.FAILED,
        )
        return _render_page(request, due_set, questionnaire, page, form)
    saved = answering.save_page(
        questionnaire=questionnaire, page=page, answers=form.answers(), finish=form.finishing
    )
    action = AuditAction.OUTCOME_COMPLETED if saved.completed else AuditAction.OUTCOME_PAGE_SAVED
    record(request, action, category="outcomes", patient=request.user)
    code = questionnaire.instrument.code
    if saved.problem:
        messages.error(request, _problem_words(saved.problem, due_set, questionnaire))
        return redirect(_page_url(due_set, code, page.number))
    if saved.next_page is not None:
        return redirect(_page_url(due_set, code, saved.next_page))
    return _after_completion(request, due_set, code)


def _problem_words(problem: str, due_set, questionnaire) -> str:
    """The missing-item rule's message, with the pages that have skipped questions."""
    fresh = answering.load(
        program=due_set.program, due=due_set.due, instrument=questionnaire.instrument
    )
    skipped = [
        str(page.number)
        for page in fresh.pages
        if any(item.code not in fresh.answers for item in page.items)
    ]
    pages = ", ".join(skipped)
    return f"{problem} You skipped questions on page{'s' if len(skipped) > 1 else ''} {pages}."


def _after_completion(request, due_set, code):
    remaining = [i for i in due_set.remaining if i.code != code]
    if remaining:
        messages.success(request, "Saved. Thank you, on to the next one.")
        return redirect(_page_url(due_set, remaining[0].code))
    messages.success(request, THANK_YOU)
    return redirect("patient_home")


def _render_page(request, due_set, questionnaire, page, form):
    instrument = questionnaire.instrument
    return render(
        request,
        "programs/outcome_page.html",
        {
            "due_set": due_set,
            "questionnaire": questionnaire,
            "instrument": instrument,
            "page": page,
            "page_count": len(questionnaire.pages),
            "position": due_set.position(instrument),
            "form": form,
            "previous_url": _page_url(due_set, instrument.code, page.number - 1)
            if page.number > 1
            else "",
            "due_label": _due_words(due_set.due.due_on),
        },
    )


def _due_words(day: datetime.date) -> str:
    return f"{day.day} {day:%B}"
