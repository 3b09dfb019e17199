"""The patient reads what an exercise is not for, in plain words, wherever it is read:
Today, My program and the handout (issue 14, finding 8)."""

import io

import pypdf
import pytest

from accounts.health import HealthFactor
from tests import factories
from tests.programs import log_support

pytestmark = pytest.mark.django_db

frozen = log_support.frozen
logging_program = log_support.logging_program


@pytest.fixture
def bottle_roll(logging_program):
    return factories.PrescriptionFactory(
        program=logging_program,
        name="Frozen bottle roll",
        contraindication_tags=[HealthFactor.REDUCED_FOOT_SENSATION, HealthFactor.BROKEN_SKIN],
    )


@pytest.fixture
def step_stretch(logging_program):
    return factories.PrescriptionFactory(
        program=logging_program,
        name="Calf stretch off a step",
        contraindication_tags=[HealthFactor.UNSTEADY_BALANCE],
    )


def test_today_says_do_not_do_this_exercise_if(client, bob, bottle_roll, step_stretch, frozen):
    client.force_login(bob)
    html = client.get("/today/").content.decode()
    assert "Do not do this exercise if:" in html
    assert "<li>you have reduced feeling in your feet (for example from diabetes)</li>" in html
    assert (
        "Do not do this exercise if your balance is unsteady, or you have had a fall in the "
        "last year." in html
    )
    assert "leave it out and ask your clinician first" in html


def test_an_exercise_without_tags_says_nothing(client, bob, logging_program, frozen):
    factories.PrescriptionFactory(program=logging_program, name="Calf stretch")
    client.force_login(bob)
    assert "Do not do this exercise if" not in client.get("/today/").content.decode()


def test_my_program_says_it_and_names_my_limit(client, bob, logging_program, step_stretch):
    logging_program.pain_limit = 3
    logging_program.save()
    client.force_login(bob)
    html = client.get(f"/my/programs/{logging_program.pk}/").content.decode()
    assert "Do not do this exercise if your balance is unsteady" in html
    assert "Your limit: 3 out of 10." in html


def test_the_handout_pdf_says_it(client, alice, logging_program, bottle_roll):
    client.force_login(alice)
    response = client.get(f"/programs/{logging_program.pk}/handout.pdf")
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Do not do this exercise if:" in text
    assert "you have reduced feeling in your feet (for example from diabetes)" in text
    assert "you have broken skin, a wound or a sore where the exercise touches" in text
    assert "Your limit: 5 out of 10." in text


def test_the_print_view_says_it(client, alice, logging_program, step_stretch):
    client.force_login(alice)
    html = client.get(f"/programs/{logging_program.pk}/print/").content.decode()
    assert "Do not do this exercise if your balance is unsteady" in html
