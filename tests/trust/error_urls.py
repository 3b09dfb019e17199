"""The app's URLs plus a page that fails with a database error, for the error page tests."""

from django.db import connection
from django.urls import include, path


def broken(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret_column FROM no_such_table_for_tests")


urlpatterns = [path("broken/", broken), path("", include("config.urls"))]
