""" "About your condition": what the patient's condition is, what helps, the pain rules in
plain words, when to stop and the red flags, with the clinic's contact (issue 15)."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import patient_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from exercises.models import Condition
from programs.models import Program, ProgramStatus


def conditions_of(patient):
    """The conditions a patient may read about: their own, and their programs' (not drafts).
    One query, the programs' as a subquery."""
    programs = Program.objects.visible_to(patient).values("condition_id")
    own = getattr(getattr(patient, "patient_profile", None), "condition_id", None)
    return Condition.objects.filter(Q(pk__in=programs) | Q(pk=own))


@require_GET
@patient_required
def about_condition(request, slug):
    condition = conditions_of(request.user).filter(slug=slug).first()
    if condition is None:
        raise Http404("No such condition among yours.")
    record(
        request,
        AuditAction.CONDITION_GUIDE_VIEWED,
        category="program",
        patient=request.user,
        page="about_condition",
    )
    # The running program's limit, if any: the pain rules quote it.
    programs = list(
        Program.objects.visible_to(request.user).filter(condition=condition).order_by("-start_date")
    )
    program = next((p for p in programs if p.status == ProgramStatus.ACTIVE), None)
    return render(
        request,
        "programs/about_condition.html",
        {
            "condition": condition,
            "clinic": request.user.clinic,
            "limit": program.pain_limit if program else None,
        },
    )
