from django.contrib import admin

from accounts.admin import PatientRecordAdmin, ReadOnlyInline
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


class PrescriptionInline(ReadOnlyInline):
    model = Prescription
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


class StatusSpanInline(ReadOnlyInline):
    model = ProgramStatusSpan
    fields = ["status", "start_date", "end_date"]


@admin.register(Program)
class ProgramAdmin(PatientRecordAdmin):
    list_display = ["title", "patient", "prescriber", "status", "start_date", "end_date"]
    list_filter = ["status"]
    inlines = [PrescriptionInline, StatusSpanInline]


@admin.register(ProgramChange)
class ProgramChangeAdmin(PatientRecordAdmin):
    list_display = ["program", "changed_at", "changed_by", "effective_date"]
    patient_path = "program.patient"


class CompletionInline(ReadOnlyInline):
    model = ExerciseCompletion


@admin.register(SessionLog)
class SessionLogAdmin(PatientRecordAdmin):
    list_display = ["program", "date", "morning_pain", "exercise_pain", "difficulty"]
    inlines = [CompletionInline]


@admin.register(Flag)
class FlagAdmin(PatientRecordAdmin):
    list_display = ["patient", "kind", "raised_on", "acknowledged_at"]
    list_filter = ["kind"]


@admin.register(Prescription)
class PrescriptionAdmin(PatientRecordAdmin):
    list_display = ["name", "program", "valid_from", "valid_until"]
    patient_path = "program.patient"
