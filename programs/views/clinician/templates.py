"""Program templates: the shared ones and the clinic's own, which clinic staff edit."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import clinic_staff_required
from accounts.audit import record
from accounts.audit_actions import AuditAction
from config.params import switch, typed_text
from exercises.models import Condition, Exercise
from programs.models import ProgramTemplate
from programs.prescribing import queries, services
from programs.prescribing.forms import SaveAsTemplateForm, TemplateForm, item_formset, row_initial
from programs.views.clinician.builder_page import back_url, bind_builder, builder_page
from programs.views.lookups import program_for


def _get_clinic_template(request, template_id) -> ProgramTemplate:
    """A template of the user's own clinic: shared templates are read-only (404 here)."""
    templates = ProgramTemplate.objects.visible_to(request.user).filter(
        clinic_id=request.user.clinic_id
    )
    return get_object_or_404(templates, pk=template_id)


@require_GET
@clinic_staff_required
def template_list(request):
    condition = typed_text(request.GET, "condition")
    archived = request.GET.get("archived") == "1"
    record(request, AuditAction.TEMPLATE_LIST_VIEWED, category="program")
    return render(
        request,
        "programs/template_list.html",
        {
            "templates": queries.templates_for(
                user=request.user, condition_slug=condition, archived=archived
            ),
            "conditions": Condition.objects.all(),
            "condition": condition,
            "archived": archived,
        },
    )


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def template_edit(request, template_id):
    template = _get_clinic_template(request, template_id)
    exercises = Exercise.objects.visible_to(request.user)
    if request.method == "POST":
        form, items, saving = bind_builder(
            request, TemplateForm, exercises=exercises, instance=template
        )
        if saving and form.is_valid() and items.is_valid():
            services.update_template(
                clinician=request.user,
                template=template,
                data=form.cleaned_data,
                items=items.items(),
            )
            record(request, AuditAction.TEMPLATE_UPDATED, category="program", obj=template)
            messages.success(request, f"The template “{template.name}” is saved.")
            return redirect("template_list")
    else:
        form = TemplateForm(instance=template)
        rows = [
            row_initial(item, exercise=item.exercise, name=item.exercise.name)
            for item in template.items.select_related("exercise")
        ]
        items = item_formset(initial=rows, exercises=exercises)
    record(request, AuditAction.TEMPLATE_EDITOR_VIEWED, category="program", obj=template)
    return builder_page(
        request,
        "programs/template_edit.html",
        form=form,
        items=items,
        cancel_url=back_url(request, default=reverse("template_list")),
        template=template,
    )


@require_POST
@clinic_staff_required
def template_archive(request, template_id):
    template = _get_clinic_template(request, template_id)
    archived = switch(request.POST, "archived")
    if archived is None:
        reason = "We could not tell whether to archive or restore this template."
        return render(request, "400.html", {"reason": reason}, status=400)
    services.set_template_archived(template=template, archived=archived)
    record(
        request,
        AuditAction.TEMPLATE_ARCHIVED if archived else AuditAction.TEMPLATE_RESTORED,
        category="program",
        obj=template,
    )
    if archived:
        messages.success(request, f"“{template.name}” is archived. You can restore it any time.")
    else:
        messages.success(request, f"“{template.name}” is back in your templates.")
    return redirect("template_list")


@require_http_methods(["GET", "POST"])
@clinic_staff_required
def program_save_as_template(request, program_id):
    program = program_for(request.user, program_id)
    form = SaveAsTemplateForm(request.POST or None, initial={"name": program.title})
    if request.method == "POST" and form.is_valid():
        template = services.save_as_template(
            clinician=request.user, program=program, name=form.cleaned_data["name"]
        )
        record(
            request,
            AuditAction.TEMPLATE_CREATED,
            category="program",
            patient=program.patient,
            obj=template,
        )
        messages.success(request, f"Saved as the clinic template “{template.name}”.")
        return redirect("template_edit", template_id=template.pk)
    record(
        request,
        AuditAction.PROGRAM_VIEWED,
        category="program",
        patient=program.patient,
        obj=program,
    )
    return render(request, "programs/save_as_template.html", {"form": form, "program": program})
