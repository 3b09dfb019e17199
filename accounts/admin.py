from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts import audit
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent, Clinic, Invitation, PatientProfile, User

# Changes to these decide what a person may reach: each one made here is audited, as the
# field that changed, never its value.
AUDITED_USER_FIELDS = {
    "role": AuditAction.ADMIN_ROLE_CHANGED,
    "clinic_id": AuditAction.ADMIN_CLINIC_CHANGED,
    "is_active": AuditAction.ADMIN_ACTIVE_CHANGED,
    "is_staff": AuditAction.ADMIN_STAFF_CHANGED,
    "is_superuser": AuditAction.ADMIN_SUPERUSER_CHANGED,
}


class AuditedViewsMixin:
    """Every look at patients' records in the Django admin goes on the audit trail, as in the
    app: a list as one row, a patient's object (or its history) as one row naming them."""

    # From an object to the person it belongs to, as attribute names joined by dots ("" for
    # the object itself); rows name them as the patient only if they are one.
    patient_path = "patient"

    def patient_of(self, obj):
        for name in filter(None, self.patient_path.split(".")):
            obj = getattr(obj, name)
        return obj if getattr(obj, "is_patient", False) else None

    def changelist_view(self, request, extra_context=None):
        page = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        audit.record(request, AuditAction.ADMIN_RECORDS_LISTED, category="admin", page=page)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.record_view(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self.record_view(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def record_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        patient = self.patient_of(obj) if obj is not None else None
        if patient is not None:  # a staff member's account, or nothing found, is no record
            audit.record(
                request, AuditAction.ADMIN_RECORD_VIEWED, category="admin", patient=patient, obj=obj
            )


class ReadOnlyMixin:
    """Shown in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PatientRecordAdmin(ReadOnlyMixin, AuditedViewsMixin, admin.ModelAdmin):
    """Patient data in the Django admin: read-only, because clinical changes go through the
    app's services, which keep the history, the flags and their audit."""


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    """An inline of a `PatientRecordAdmin`: shown, never edited."""

    extra = 0


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "timezone", "late_logging_days", "missed_days_flag"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(AuditedViewsMixin, BaseUserAdmin):
    patient_path = ""
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "clinic", "is_active", "is_staff"]
    list_filter = ["role", "clinic", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "role", "clinic"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "role", "clinic", "password1", "password2"]})
    ]

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).values(*AUDITED_USER_FIELDS).first()
        super().save_model(request, obj, form, change)
        patient = obj if obj.is_patient else None
        if before is None:
            audit.record(
                request, AuditAction.ADMIN_USER_ADDED, category="account", patient=patient, obj=obj
            )
            return
        for field, action in AUDITED_USER_FIELDS.items():
            if before[field] != getattr(obj, field):
                audit.record(request, action, category="account", patient=patient, obj=obj)


@admin.register(PatientProfile)
class PatientProfileAdmin(PatientRecordAdmin):
    """Care teams and health screens are chosen in the app, by the clinic, and audited there."""

    list_display = ["user", "condition", "date_of_birth"]
    search_fields = ["user__full_name", "user__email"]
    patient_path = "user"


@admin.register(Invitation)
class InvitationAdmin(PatientRecordAdmin):
    """Invitations are sent, resent and revoked in the app."""

    list_display = ["user", "created_at", "expires_at", "used_at", "revoked_at"]
    raw_id_fields = ["user", "created_by"]
    patient_path = "user"


@admin.register(AuditEvent)
class AuditEventAdmin(PatientRecordAdmin):
    """The audit trail is append-only, in the admin as everywhere."""

    list_display = ["at", "user", "role", "action", "category", "patient", "outcome", "ip"]
    list_filter = ["action", "category", "outcome"]
