from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

from accounts.views import audit, auth, mfa

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "signed-out/",
        TemplateView.as_view(template_name="registration/no_role.html"),
        name="logout_page",
    ),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
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
