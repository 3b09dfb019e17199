from django.contrib import admin
from django.urls import include, path

from config.healthz import healthz

admin.site.site_header = "Stride administration"
admin.site.site_title = "Stride admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("catalogue/", include("exercises.urls")),
    path("", include("programs.urls")),
    path("healthz", healthz, name="healthz"),
]

handler500 = "config.errors.server_error"
