from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts.forms import ResetForm, SignInForm
from accounts.views import audit, auth, clinic, invitations, mfa, patients

urlpatterns = [
    path("", auth.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=SignInForm
        ),
        name="login",
    ),
    path("logout/", auth.SignOutView.as_view(), name="logout"),
    path(
        "signed-out/",
        TemplateView.as_view(template_name="registration/no_role.html"),
        name="logout_page",
    ),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    # Wrapped so a wrong method is a 405 before the sign-in check, as on every app page.
    path(
        "password/change/done/",
        require_GET(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=ResetForm),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/two-factor/setup/", mfa.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/", mfa.two_factor_verify, name="two_factor_verify"),
    path("clinic/audit/", audit.clinic_audit, name="clinic_audit"),
    path("clinic/audit/export.csv", audit.clinic_audit_csv, name="clinic_audit_csv"),
    path("my/access-log/", audit.access_log, name="access_log"),
]

urlpatterns += [
    # patients/ (patient_list) is in programs/urls.py: the list shows a program's condition.
    path("patients/new/", patients.patient_new, name="patient_new"),
    # patients/<uuid>/ (patient_detail) is in programs/urls.py: the page lists programs.
    path("patients/<uuid:patient_id>/edit/", patients.patient_edit, name="patient_edit"),
    path(
        "patients/<uuid:patient_id>/health-screen/",
        patients.patient_health_screen,
        name="patient_health_screen",
    ),
    path(
        "patients/<uuid:patient_id>/invitation/",
        patients.patient_invitation_resend,
        name="patient_invitation_resend",
    ),
    path(
        "patients/<uuid:patient_id>/care-team/", clinic.patient_care_team, name="patient_care_team"
    ),
    path("invite/<str:token>/", invitations.accept, name="invitation_accept"),
    path("clinic/people/", clinic.people, name="clinic_people"),
    path("clinic/people/new/", clinic.clinician_new, name="clinician_new"),
    path(
        "clinic/people/<uuid:person_id>/active/", clinic.person_set_active, name="person_set_active"
    ),
    path("clinic/people/<uuid:person_id>/role/", clinic.person_set_role, name="person_set_role"),
    path(
        "clinic/people/<uuid:person_id>/invitation/",
        clinic.person_invitation_resend,
        name="person_invitation_resend",
    ),
    path("clinic/settings/", clinic.clinic_settings, name="clinic_settings"),
]
