"""/patients/<uuid>/programs/new/: the builder for a new program."""

import pytest

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from programs.models import Program
from tests import factories
from tests.programs.builder_data import program_data

pytestmark = pytest.mark.django_db


def url(patient):
    return f"/patients/{patient.pk}/programs/new/"


def test_it_shows_an_empty_builder_starting_today(as_alice, bob, today):
    response = as_alice.get(url(bob))

    assert response.status_code == 200
    assert f'value="{today.isoformat()}"' in response.content.decode()
    assert "No exercises yet" in response.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.PROGRAM_BUILDER_VIEWED, patient=bob
    ).exists()


def test_it_starts_from_a_template(as_alice, bob, early_template):
    response = as_alice.get(url(bob), {"template": early_template.pk})

    page = response.content.decode()
    assert 'value="Plantar fasciitis — early phase"' in page
    assert "1. Calf stretch against a wall" in page
    assert "2. Heel raise" in page


def test_it_refuses_an_archived_or_foreign_template(as_alice, bob, early_template, outsider_clinic):
    early_template.is_archived = True
    early_template.save()
    theirs = factories.ProgramTemplateFactory(clinic=outsider_clinic)

    assert as_alice.get(url(bob), {"template": early_template.pk}).status_code == 404
    assert as_alice.get(url(bob), {"template": theirs.pk}).status_code == 404
    assert as_alice.get(url(bob), {"template": "not-a-uuid"}).status_code == 200


def test_it_creates_the_program(as_alice, alice, bob, heel_raise, today):
    data = program_data(
        rows=[{"exercise": heel_raise.pk, "sets": 2, "reps": 12, "side": "left"}],
        start_date=today.isoformat(),
    )
    response = as_alice.post(url(bob), data)

    program = Program.objects.get()
    assert response.status_code == 302
    assert response.url == f"/programs/{program.pk}/"
    assert (program.patient, program.prescriber, program.status) == (bob, alice, "active")
    item = program.prescriptions.get()
    assert (item.name, item.sets, item.reps, item.side) == ("Heel raise", 2, 12, "left")
    assert AuditEvent.objects.filter(
        action=AuditAction.PROGRAM_CREATED, object_id=str(program.pk)
    ).exists()


def test_the_search_lists_matching_exercises_with_add_buttons(as_alice, bob, heel_raise):
    factories.ExerciseFactory(name="Archived heel thing", is_archived=True)
    response = as_alice.post(url(bob), program_data(rows=[], action="search", q="heel"))

    page = response.content.decode()
    assert f'name="add" value="{heel_raise.pk}"' in page
    assert "Archived heel thing" not in page
    assert not Program.objects.exists()


def test_the_search_hides_other_clinics_exercises(as_alice, bob, outsider_clinic):
    factories.ExerciseFactory(name="Their heel drill", clinic=outsider_clinic)

    response = as_alice.get(url(bob), {"q": "heel"})

    assert "Their heel drill" not in response.content.decode()
    assert "No exercise matches" in response.content.decode()


def test_add_appends_a_row_with_the_default_dose_and_keeps_what_was_typed(
    as_alice, bob, heel_raise, calf_stretch
):
    data = program_data(
        rows=[{"exercise": calf_stretch.pk, "name": "Calf stretch", "sets": 4, "reps": "abc"}],
        title="Typed title",
        action="add",
    )
    data["add"] = heel_raise.pk
    response = as_alice.post(url(bob), data)

    page = response.content.decode()
    assert 'value="Typed title"' in page
    assert 'name="items-0-reps" value="abc"' in page
    assert f'name="items-1-exercise" value="{heel_raise.pk}"' in page
    assert 'name="items-1-reps" value="10"' in page
    assert "This field is required" not in page
    assert not Program.objects.exists()


def test_up_down_and_remove_rearrange_rows(as_alice, bob, heel_raise, calf_stretch):
    rows = [
        {"exercise": heel_raise.pk, "name": "Heel raise"},
        {"exercise": calf_stretch.pk, "name": "Calf stretch"},
    ]
    moved = as_alice.post(url(bob), program_data(rows=rows, action="") | {"move": "down-0"})
    removed = as_alice.post(url(bob), program_data(rows=rows, action="") | {"remove": "0"})

    assert moved.content.decode().index("1. Calf stretch") < moved.content.decode().index(
        "2. Heel raise"
    )
    assert "Heel raise" not in removed.content.decode()
    assert "1. Calf stretch" in removed.content.decode()


def test_it_warns_gently_past_five_exercises(as_alice, bob, heel_raise):
    rows = [{"exercise": heel_raise.pk, "name": "Heel raise"}] * 6
    response = as_alice.post(url(bob), program_data(rows=rows, action="search"))

    assert "Programs with more than five exercises are followed less well" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "fields, row, message",
    [
        ({}, None, "Add at least one exercise before saving."),
        ({"start_date": "2026-05-10", "end_date": "2026-05-01"}, {}, "cannot be before the start"),
        ({"pain_limit": 11}, {}, "less than or equal to 10"),
        ({"title": ""}, {}, "This field is required."),
        ({}, {"sets": 0}, "greater than or equal to 1"),
        ({}, {"sets": 11}, "less than or equal to 10"),
        ({}, {"reps": 101}, "less than or equal to 100"),
        ({}, {"hold_seconds": 601, "reps": ""}, "less than or equal to 600"),
        ({}, {"times_per_day": 7}, "less than or equal to 6"),
        ({}, {"rest_seconds": 601}, "less than or equal to 600"),
        ({}, {"reps": "", "hold_seconds": ""}, "Enter the reps, a hold time, or both."),
        ({}, {"every_day": None}, "Tick the days it is due"),
        ({}, {"exercise": ""}, "This row has no exercise"),
        ({}, {"exercise": 999999}, "This exercise is not in your catalogue"),
    ],
)
def test_it_rejects_bad_input_keeping_it(as_alice, bob, heel_raise, today, fields, row, message):
    fields = {"start_date": today.isoformat()} | fields
    rows = [] if row is None else [{"exercise": heel_raise.pk, "name": "Heel raise"} | row]
    response = as_alice.post(url(bob), program_data(rows=rows, note="kept", **fields))

    assert response.status_code == 200
    assert message in response.content.decode()
    if rows:
        assert "1. Heel raise" in response.content.decode()
    assert not Program.objects.exists()


def test_chosen_days_are_saved_as_a_mask(as_alice, bob, heel_raise, today):
    row = {"exercise": heel_raise.pk, "every_day": None, "days": ["0", "2", "4"]}
    as_alice.post(url(bob), program_data(rows=[row], start_date=today.isoformat()))

    assert Program.objects.get().prescriptions.get().weekday_label == "on Mon, Wed, Fri"


def test_it_rejects_put(as_alice, bob):
    assert as_alice.put(url(bob)).status_code == 405


def in_place(client, patient, data):
    """An Add, Up, Down, Remove or Search as static/js/builder.js posts it."""
    return client.post(url(patient), data, headers={"X-Builder-Partial": "1"})


def test_an_in_place_update_answers_with_the_rows_and_the_search_only(
    as_alice, bob, heel_raise, calf_stretch
):
    rows = [{"exercise": calf_stretch.pk, "name": "Calf stretch", "sets": 4}]
    response = in_place(
        as_alice, bob, program_data(rows=rows, action="", title="Typed") | {"add": heel_raise.pk}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert response["X-Builder-Partial"] == "1"
    assert "X-Builder-Partial" in response["Vary"]
    assert page.lstrip().startswith('<div id="builder-region" data-builder-region>')
    assert "<html" not in page and 'name="title"' not in page
    assert 'name="items-TOTAL_FORMS" value="2"' in page
    assert 'name="items-0-sets" value="4"' in page
    assert "2. Heel raise" in page
    assert not Program.objects.exists()


def test_without_the_header_the_same_post_answers_with_the_whole_page(as_alice, bob, heel_raise):
    response = as_alice.post(url(bob), program_data(rows=[], action="") | {"add": heel_raise.pk})

    page = response.content.decode()
    assert "<html" in page and 'name="title"' in page
    assert "1. Heel raise" in page
    assert "X-Builder-Partial" not in response


def test_a_save_is_never_answered_in_part(as_alice, bob, heel_raise):
    response = in_place(as_alice, bob, program_data(rows=[], title=""))

    assert "<html" in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_the_search_marks_the_exercises_already_in_the_program(as_alice, bob, heel_raise):
    heel_drop = factories.ExerciseFactory(name="Heel drop")
    rows = [{"exercise": heel_raise.pk, "name": "Heel raise"}]
    data = program_data(rows=rows, action="search", q="heel")
    page = in_place(as_alice, bob, data).content.decode()

    assert f'name="add" value="{heel_raise.pk}"' not in page
    assert 'disabled>Added<span class="visually-hidden"> Heel raise</span>' in page
    assert f'name="add" value="{heel_drop.pk}"' in page


def test_the_template_chooser_offers_the_patients_condition_first(as_alice, bob):
    heel, knee = factories.ConditionFactory(name="Heel pain"), factories.ConditionFactory()
    factories.ProgramTemplateFactory(name="A knee plan", condition=knee)
    factories.ProgramTemplateFactory(name="Z heel plan", condition=heel)
    bob.patient_profile.condition = heel
    bob.patient_profile.save()

    page = as_alice.get(url(bob)).content.decode()

    assert page.index("For Heel pain") < page.index("Z heel plan")
    assert page.index("Z heel plan") < page.index("Other templates") < page.index("A knee plan")


def test_a_refused_save_lists_each_field_at_the_top_with_a_link(as_alice, bob, heel_raise):
    rows = [
        {"exercise": heel_raise.pk, "name": "Heel raise"},
        {"exercise": heel_raise.pk, "name": "Heel raise", "sets": 11, "every_day": None},
    ]
    response = as_alice.post(url(bob), program_data(rows=rows, title="", start_date=""))

    page = response.content.decode()
    summary = page[page.index("There is a problem") : page.index("</ul>", page.index("There is"))]
    assert summary.index('href="#id_title"') < summary.index('href="#id_start_date"')
    assert 'href="#id_items-1-sets">2. Heel raise — Sets: Ensure this value' in summary
    assert 'href="#id_items-1-every_day">2. Heel raise — Days: Tick the days' in summary
    assert "items-0" not in summary
    assert page.index("There is a problem") < page.index('name="title"')
    assert 'aria-describedby="id_items-1-sets_error"' in page
    assert 'id="id_items-1-sets_error"' in page


def test_the_formsets_own_error_is_in_the_summary_as_text(as_alice, bob, today):
    response = as_alice.post(url(bob), program_data(rows=[], start_date=today.isoformat()))

    page = response.content.decode()
    summary = page[page.index("There is a problem") : page.index("</div>", page.index("There is"))]
    assert "Add at least one exercise before saving." in summary


def test_every_day_shows_no_single_days_once_rearranged(as_alice, bob, heel_raise):
    row = {"exercise": heel_raise.pk, "name": "Heel raise", "days": ["0", "2"]}
    page = as_alice.post(url(bob), program_data(rows=[row], action="search")).content.decode()

    assert 'name="items-0-every_day" class="btn-check" id="id_items-0-every_day" checked' in page
    assert 'name="items-0-days" value="0" class="btn-check" id="id_items-0-days_0" checked' not in (
        page
    )


def test_cancel_returns_to_the_patient(as_alice, bob):
    page = as_alice.get(url(bob)).content.decode()

    assert f'href="/patients/{bob.pk}/">Cancel' in page


@pytest.mark.parametrize(
    "next_url, cancel",
    [
        ("/caseload/", "/caseload/"),
        ("https://evil.example/", None),
        ("//evil.example/", None),
        ("/\\evil.example/", None),
        ("javascript:alert(1)", None),
    ],
)
def test_cancel_follows_a_same_site_next_only(as_alice, bob, next_url, cancel):
    page = as_alice.get(url(bob), {"next": next_url}).content.decode()

    assert f'href="{cancel or f"/patients/{bob.pk}/"}">Cancel' in page
    if cancel is None:
        assert "evil" not in page and "javascript:" not in page


def test_next_survives_a_rearrangement(as_alice, bob, heel_raise):
    data = program_data(rows=[], action="") | {"add": heel_raise.pk, "next": "/caseload/"}
    page = as_alice.post(url(bob), data).content.decode()

    assert 'href="/caseload/">Cancel' in page
    assert '<input type="hidden" name="next" value="/caseload/">' in page


def test_the_builder_costs_the_same_queries_whatever_the_rows(
    as_alice, bob, django_assert_max_num_queries
):
    def rearranged(rows, **headers):
        data = program_data(rows=rows, action="search", q="heel")
        return as_alice.post(url(bob), data, headers=headers)

    few = [{"exercise": factories.ExerciseFactory().pk}]
    many = few + [{"exercise": factories.ExerciseFactory().pk} for _ in range(5)]
    for headers in ({}, {"X-Builder-Partial": "1"}):
        with django_assert_max_num_queries(100) as one_row:
            rearranged(few, **headers)
        with django_assert_max_num_queries(len(one_row)):
            rearranged(many, **headers)
