"""One prescription reads the same on every page that shows it, and in the handout's PDF,
its load included."""

import io

import pypdf
import pytest

from tests import factories

pytestmark = pytest.mark.django_db

WORDS = (
    "2 sets, hold 5 minutes, with red band, left side only, twice a day, every day, "
    "rest 1 minute between sets"
)


@pytest.fixture
def long_hold(alice, bob):
    program = factories.ProgramFactory(prescriber=alice, patient=bob, title="Shoulder")
    factories.PrescriptionFactory(
        program=program,
        sets=2,
        reps=None,
        hold_seconds=300,
        side="left",
        times_per_day=2,
        rest_seconds=60,
        load="red band",
    )
    return program


def test_the_same_prescription_reads_the_same_everywhere(client, alice, bob, long_hold):
    client.force_login(bob)
    patient_pages = ["/today/", f"/my/programs/{long_hold.pk}/"]
    pages = {url: client.get(url).content.decode() for url in patient_pages}
    client.force_login(alice)
    for url in (f"/programs/{long_hold.pk}/", f"/programs/{long_hold.pk}/print/"):
        pages[url] = client.get(url).content.decode()
    pdf = pypdf.PdfReader(io.BytesIO(client.get(f"/programs/{long_hold.pk}/handout.pdf").content))
    pages["handout.pdf"] = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())

    assert [url for url, page in pages.items() if WORDS not in page] == []


def test_the_guided_sessions_timer_names_the_hold_in_the_same_words(client, bob, long_hold):
    client.force_login(bob)
    assert 'data-hold-words="5 minutes"' in client.get("/today/").content.decode()
