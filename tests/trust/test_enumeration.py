"""Enumeration: the ids in URLs are UUIDs (or slugs, dates and signed tokens), never
sequential integers that a patient could count up or down from their own."""

import re
import uuid

import pytest
from django.urls import resolve, reverse
from django.urls.converters import IntConverter

from accounts.models import Invitation, PatientProfile, User
from exercises.models import Condition
from programs.models import Flag, Prescription, Program, ProgramTemplate, SessionLog
from tests.trust.world import app_url_patterns

pytestmark = pytest.mark.django_db

LINK = re.compile(rb'(?:href|action)="(/[^"#?]*)')
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_no_url_takes_an_integer_id():
    integer_urls = [
        name
        for name, pattern in app_url_patterns()
        if any(isinstance(c, IntConverter) for c in getattr(pattern, "converters", {}).values())
    ]
    assert integer_urls == []


@pytest.mark.parametrize(
    "model", [User, PatientProfile, Program, Prescription, SessionLog, Flag, Invitation]
)
def test_patient_data_has_uuid_keys(model):
    key = model._meta.pk
    target = key.target_field if key.is_relation else key
    assert target.get_internal_type() == "UUIDField"


def test_program_templates_have_uuid_keys():
    assert ProgramTemplate._meta.pk.get_internal_type() == "UUIDField"


def test_every_id_a_patient_sees_in_a_link_is_a_uuid_a_date_or_a_catalogue_slug(client, world):
    bob = world.bob
    client.force_login(bob)
    pages = ["patient_home", "patient_history", "my_programs", "access_log"]
    urls = [reverse(name) for name in pages]
    urls.append(reverse("my_program", args=[world.program.pk]))
    seen = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        for link in LINK.findall(response.content):
            path = link.decode()
            if path.startswith("/static/"):
                continue
            seen.append(path)
            for value in resolve(path).kwargs.values():
                text = str(value)
                # A shared condition's slug names catalogue text, not anything of Bob's.
                shared = Condition.objects.filter(slug=text).exists()
                assert isinstance(value, uuid.UUID) or DATE.match(text) or shared, (path, text)
    # The pages do link to the patient's own records by id.
    assert any(str(world.program.pk) in path for path in seen)
