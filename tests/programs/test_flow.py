"""The whole assign flow through the test client: build from a template, change a dose,
assign, and the patient sees it."""

import pytest

from programs.models import Program
from tests.programs.builder_data import edit_data, program_data, rows_of

pytestmark = pytest.mark.django_db


def test_a_clinician_builds_from_a_template_and_the_patient_sees_it(
    client, alice, bob, early_template, heel_raise, calf_stretch, today
):
    client.force_login(alice)
    page = client.get(f"/patients/{bob.pk}/programs/new/", {"template": early_template.pk})
    assert "2. Heel raise" in page.content.decode()

    rows = [
        {"exercise": calf_stretch.pk, "reps": "", "hold_seconds": 30},
        {"exercise": heel_raise.pk, "reps": 10},
    ]
    client.post(
        f"/patients/{bob.pk}/programs/new/",
        program_data(
            rows=rows,
            title="Plantar fasciitis — early phase",
            start_date=today.isoformat(),
            status="draft",
        ),
    )
    program = Program.objects.get()

    client.force_login(bob)
    assert f"/my/programs/{program.pk}/" not in client.get("/my/programs/").content.decode()

    client.force_login(alice)
    rows = rows_of(program)
    rows[1]["reps"] = 12
    response = client.post(f"/programs/{program.pk}/edit/", edit_data(program, rows=rows))
    assert response.status_code == 302
    program.refresh_from_db()
    response = client.post(f"/programs/{program.pk}/edit/", edit_data(program, status="active"))
    assert response.status_code == 302
    history = client.get(f"/programs/{program.pk}/").content.decode()
    assert "Heel raise: 3 sets of 10 → 3 sets of 12" in history
    assert "Status draft → active" in history

    client.force_login(bob)
    assert f"/my/programs/{program.pk}/" in client.get("/my/programs/").content.decode()
    mine = client.get(f"/my/programs/{program.pk}/").content.decode()
    assert "3 sets of 12, once a day, every day" in mine
    assert "Rise onto your toes." in mine
