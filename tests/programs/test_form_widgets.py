"""Form inputs come from their fields' widgets: the value typed, the form's own limits and
the error wiring (is-invalid, aria-invalid, aria-describedby naming the message) agree."""

import re

import pytest

from programs.models import FlagKind
from tests import factories
from tests.programs import log_support
from tests.programs.log_support import TODAY

pytestmark = pytest.mark.django_db

frozen = log_support.frozen
logging_program = log_support.logging_program
rx = log_support.rx


def tag(html: str, name: str) -> str:
    """The opening tag of the element whose name attribute is `name`."""
    return re.search(rf'<(?:input|textarea)[^>]*name="{re.escape(name)}"[^>]*>', html)[0]


def test_a_refused_log_keeps_what_was_typed_and_points_at_the_message(
    client, bob, logging_program, rx, frozen
):
    client.force_login(bob)
    data = {f"times-{rx.pk}": "1", f"sets-{rx.pk}": "4", "note": "Sore after the walk."}
    html = client.post(f"/log/{logging_program.pk}/{TODAY}/", data).content.decode()

    sets = tag(html, f"sets-{rx.pk}")
    error_id = f"log-{logging_program.pk}-sets-{rx.pk}_error"
    for attribute in (
        'value="4"',
        'class="form-control sets-input is-invalid"',
        'aria-invalid="true"',
        f'aria-describedby="{error_id}"',
        'min="0"',
        'max="3"',
    ):
        assert attribute in sets
    assert f'id="{error_id}"' in html
    note = tag(html, "note")
    assert 'maxlength="2000"' in note and "is-invalid" not in note
    assert "Sore after the walk.</textarea>" in html


def test_the_report_range_shows_iso_dates_and_keeps_a_bad_one(client, alice, program):
    client.force_login(alice)
    url = f"/patients/{program.patient.pk}/report/"

    first = tag(client.get(url).content.decode(), "start")
    assert re.search(r'value="\d{4}-\d\d-\d\d"', first) and "required" in first

    html = client.get(url, {"start": "2026-02-30", "end": "2026-03-01"}).content.decode()
    start = tag(html, "start")
    assert 'value="2026-02-30"' in start and "is-invalid" in start
    assert 'id="id_start_error"' in html


def test_each_flag_gets_its_own_acknowledgement_box_from_the_form(client, alice, program):
    factories.FlagFactory(program=program)
    factories.FlagFactory(program=program, kind=FlagKind.MISSED, reason="3 days missed.")
    client.force_login(alice)
    html = client.get(f"/patients/{program.patient.pk}/report/").content.decode()

    boxes = re.findall(r'<input[^>]*name="note"[^>]*>', html)
    ids = [re.search(r'id="([^"]+)"', box)[1] for box in boxes]
    assert len(boxes) >= 2 and ids == [f"id_note-{n}" for n in range(1, len(boxes) + 1)]
    assert all(f'for="{box_id}"' in html for box_id in ids)
    assert all('maxlength="1000"' in box and "required" in box for box in boxes)
