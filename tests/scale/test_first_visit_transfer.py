"""The first-visit transfer budget of the today page, measured as `make bench` measures it
(benchmarks.transfer), here through Django's test client: a size, so a unit test holds."""

import pytest
from django.core.management import call_command

from benchmarks.transfer import BUDGET_KB, asset_paths, first_visit_transfer, five_exercise_patient
from tests import factories

pytestmark = pytest.mark.django_db


def client_fetch(client):
    def fetch(path):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        streamed = getattr(response, "streaming", False)
        body = b"".join(response.streaming_content) if streamed else response.content
        return response.status_code, body, response.get("Content-Encoding", "")

    return fetch


def test_the_today_page_with_five_foot_exercises_is_within_budget(client):
    call_command("load_catalogue", verbosity=0)
    clinician = factories.ClinicianFactory()
    patient = five_exercise_patient(
        clinician=clinician, email="five@example.com", password="not-used-here"
    )
    client.force_login(patient)

    result = first_visit_transfer(client_fetch(client))

    assert patient.programs.get().prescriptions.count() == 5
    html, *assets = result["bytes"]
    assert html == "/today/"
    assert any(path.endswith(".css") for path in assets)
    assert result["total_kb"] <= BUDGET_KB, result


def test_it_finds_the_stylesheets_scripts_and_images_a_page_names():
    html = """<link rel="stylesheet" href="/static/a.css"><link rel="canonical" href="/x/">
    <script src="/static/b.js"></script><script>inline()</script>
    <img src="/media/c.png"><img src="data:image/png;base64,AA"><img src="/static/b.js">"""
    assert asset_paths(html) == ["/static/a.css", "/static/b.js", "/media/c.png"]
