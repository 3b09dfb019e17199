from django.contrib import admin
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


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "timezone", "late_logging_days", "missed_days_flag"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
class PatientProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "condition", "date_of_birth"]
    search_fields = ["user__full_name", "user__email"]
    filter_horizontal = ["care_team"]
    raw_id_fields = ["user"]
    # The health screen is checked with the patient, on their page, and audited there.
    readonly_fields = ["health_factors", "health_screen_at", "health_screen_by"]

    def save_related(self, request, form, formsets, change):
        profile = form.instance
        before = set(profile.care_team.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        if set(profile.care_team.values_list("pk", flat=True)) != before:
            audit.record(
                request,
                AuditAction.ADMIN_CARE_TEAM_CHANGED,
                category="account",
                patient=profile.user,
                obj=profile.user,
            )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "used_at", "revoked_at"]
    raw_id_fields = ["user", "created_by"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "role", "action", "category", "patient", "outcome", "ip"]
    list_filter = ["action", "category", "outcome"]

    # The audit trail is append-only, in the admin as everywhere.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
