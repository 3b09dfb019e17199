"""Clinician pages of one program: build a new one, edit it, read it."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from accounts.dates import local_today
from exercises.models import Exercise
from programs.models import ProgramStatus, ProgramTemplate
from programs.prescribing import queries, services
from programs.prescribing.contraindications import mark_clashes
from programs.prescribing.forms import (
    NewProgramForm,
    ProgramForm,
    item_formset,
    row_initial,
)
from programs.symptoms import pain_limit_of
from programs.views.clinician.builder_page import back_url, bind_builder, builder_page
from programs.views.lookups import patient_profile_for, program_for


def _starting_template(request):
    """The template named by ?template=, if the user may start from it."""
    try:
        template_id = uuid.UUID(request.GET.get("template", ""))
    except ValueError:
        return None
    templates = ProgramTemplate.objects.visible_to(request.user).filter(is_archived=False)
    return get_object_or_404(templates.select_related("condition"), pk=template_id)


def _phase_template(form):
    """The template the page started from, as its hidden field holds it through every
    rearrangement: the builder shows its criteria."""
    try:
        return form.fields["template"].clean(form["template"].value())
    except ValidationError:
        return None


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def program_new(request, patient_id):
    profile = patient_profile_for(request.user, patient_id)
    patient = profile.user
    exercises = Exercise.objects.visible_to(request.user)
    if request.method == "POST":
        form, items, saving = bind_builder(
            request, NewProgramForm, exercises=exercises, user=request.user
        )
        mark_clashes(items, profile=profile, exercises=exercises)
        if saving and form.is_valid() and items.is_valid():
            try:
                program = services.create_program(
                    clinician=request.user,
                    patient=patient,
                    data=form.cleaned_data,
                    items=items.items(),
                    submission=form.cleaned_data["submission"],
                )
            except services.ProgramAlreadySaved as saved:
                messages.info(request, f"“{saved.program.title}” was already saved.")
                return redirect("program_detail", program_id=saved.program.pk)
            record(
                request,
                AuditAction.PROGRAM_CREATED,
                category="program",
                patient=patient,
                obj=program,
            )
            messages.success(request, f"“{program.title}” is saved for {patient}.")
            return redirect("program_detail", program_id=program.pk)
    else:
        template = _starting_template(request)
        condition = template.condition if template is not None else profile.condition
        initial = {
            "start_date": local_today(patient),
            "status": ProgramStatus.ACTIVE,
            "condition": condition.pk if condition else None,
            "pain_limit": pain_limit_of(condition),
            "submission": uuid.uuid4(),
        }
        rows = []
        if template is not None:
            initial |= {"title": template.name, "template": template.pk}
            rows = [
                row_initial(item, exercise=item.exercise, name=item.exercise.name)
                for item in template.items.select_related("exercise")
            ]
        form = NewProgramForm(initial=initial, user=request.user)
        items = item_formset(initial=rows, exercises=exercises)
        mark_clashes(items, profile=profile, exercises=exercises)
    record(request, AuditAction.PROGRAM_BUILDER_VIEWED, category="program", patient=patient)
    for_condition, other_templates = queries.template_choices(
        user=request.user, condition=profile.condition
    )
    return builder_page(
        request,
        "programs/builder.html",
        form=form,
        items=items,
        cancel_url=back_url(request, default=reverse("patient_detail", args=[patient.pk])),
        patient=patient,
        profile=profile,
        condition_templates=for_condition,
        other_templates=other_templates,
        phase_template=_phase_template(form),
    )


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def program_edit(request, program_id):
    program = program_for(request.user, program_id)
    profile = program.patient.patient_profile
    exercises = Exercise.objects.visible_to(request.user)
    if request.method == "POST":
        form, items, saving = bind_builder(
            request, ProgramForm, exercises=exercises, instance=program
        )
        mark_clashes(items, profile=profile, exercises=exercises, program=program)
        if saving and form.is_valid() and items.is_valid():
            try:
                services.update_program(
                    clinician=request.user,
                    program=program,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.cleaned_data,
                    items=items.items(),
                    today=local_today(program.patient),
                )
            except services.ProgramChangedElsewhere as refusal:
                form.add_error(None, str(refusal))
            else:
                record(
                    request,
                    AuditAction.PROGRAM_UPDATED,
                    category="program",
                    patient=program.patient,
                    obj=program,
                )
                messages.success(request, "Your changes are saved.")
                return redirect("program_detail", program_id=program.pk)
    else:
        form = ProgramForm(instance=program, initial={"version": program.version})
        rows = [
            row_initial(item, exercise=item.exercise, name=item.name, series=item.series)
            for item in queries.current_items(program)
        ]
        items = item_formset(initial=rows, exercises=exercises)
        mark_clashes(items, profile=profile, exercises=exercises, program=program)
    record(
        request,
        AuditAction.PROGRAM_EDITOR_VIEWED,
        category="program",
        patient=program.patient,
        obj=program,
    )
    return builder_page(
        request,
        "programs/builder.html",
        form=form,
        items=items,
        cancel_url=back_url(request, default=reverse("program_detail", args=[program.pk])),
        patient=program.patient,
        profile=profile,
        program=program,
    )


@require_GET
@clinic_staff_required
def program_detail(request, program_id):
    program = get_object_or_404(
        queries.programs_with_items(user=request.user).select_related(
            "patient", "condition", "prescriber"
        ),
        pk=program_id,
    )
    record(
        request,
        AuditAction.PROGRAM_VIEWED,
        category="program",
        patient=program.patient,
        obj=program,
    )
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "changes": program.changes.select_related("changed_by"),
            "status_history": program.status_spans.all(),
        },
    )
