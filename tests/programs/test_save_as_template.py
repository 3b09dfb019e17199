"""/programs/<uuid>/save-as-template/."""

import pytest

from programs.models import ProgramTemplate

pytestmark = pytest.mark.django_db


def url(program):
    return f"/programs/{program.pk}/save-as-template/"


def test_it_offers_the_program_title_as_the_name(as_alice, program):
    assert 'value="Heel pain"' in as_alice.get(url(program)).content.decode()


def test_it_saves_a_clinic_template(as_alice, program, northside):
    response = as_alice.post(url(program), {"name": "Heel basics"})

    template = ProgramTemplate.objects.get(name="Heel basics")
    assert response.url == f"/templates/{template.pk}/edit/"
    assert template.clinic == northside
    assert template.items.count() == 2


def test_it_needs_a_name(as_alice, program):
    response = as_alice.post(url(program), {"name": ""})

    assert "This field is required." in response.content.decode()
    assert not ProgramTemplate.objects.exists()


def test_it_is_404_for_other_clinicians_and_clinics(client, program, carlos, olga):
    for outsider in (carlos, olga):
        client.force_login(outsider)
        assert client.post(url(program), {"name": "Stolen"}).status_code == 404
    assert not ProgramTemplate.objects.exists()


def test_it_rejects_put(as_alice, program):
    assert as_alice.put(url(program)).status_code == 405
