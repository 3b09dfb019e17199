from django.contrib import admin

from programs.models import (
    ExerciseCompletion,
    Flag,
    Prescription,
    Program,
    ProgramChange,
    ProgramStatusSpan,
    ProgramTemplate,
    SessionLog,
    TemplateItem,
)


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    extra = 0
    raw_id_fields = ["exercise"]


@admin.register(ProgramTemplate)
class ProgramTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "condition", "phase", "clinic", "is_archived"]
    list_filter = ["condition", "is_archived"]
    inlines = [TemplateItemInline]


class PrescriptionInline(admin.TabularInline):
    model = Prescription
    extra = 0
    fields = [
        "order",
        "name",
        "sets",
        "reps",
        "hold_seconds",
        "times_per_day",
        "valid_from",
        "valid_until",
    ]


class StatusSpanInline(admin.TabularInline):
    """Read only: the history is written with each status change (prescribing.services),
    and an edit here would leave it out of step with the program's status."""

    model = ProgramStatusSpan
    extra = 0
    can_delete = False
    readonly_fields = ["status", "start_date", "end_date"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "patient", "prescriber", "status", "start_date", "end_date"]
    list_filter = ["status"]
    raw_id_fields = ["patient", "prescriber"]
    readonly_fields = ["status"]  # changed in the builder, which keeps the status history
    inlines = [PrescriptionInline, StatusSpanInline]


@admin.register(ProgramChange)
class ProgramChangeAdmin(admin.ModelAdmin):
    list_display = ["program", "changed_at", "changed_by", "effective_date"]
    raw_id_fields = ["program", "changed_by"]


class CompletionInline(admin.TabularInline):
    model = ExerciseCompletion
    extra = 0
    raw_id_fields = ["prescription"]


@admin.register(SessionLog)
class SessionLogAdmin(admin.ModelAdmin):
    list_display = ["program", "date", "morning_pain", "exercise_pain", "difficulty"]
    raw_id_fields = ["program", "patient"]
    inlines = [CompletionInline]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["patient", "kind", "raised_on", "acknowledged_at"]
    list_filter = ["kind"]
    raw_id_fields = ["patient", "program", "prescription", "acknowledged_by"]


@admin.register(Prescription)
class PrescriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "valid_from", "valid_until"]
    raw_id_fields = ["program", "exercise"]
