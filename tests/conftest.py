"""The named people of the test suite: clinic Northside with admin Nora, clinicians Alice
and Carlos, patients Bob (Alice's) and Dana (Carlos's), and an outsider clinic with
clinician Olga and patient Otto."""

import shutil
import tempfile

import pytest

from tests import factories


def pytest_configure(config):
    """Production settings, except the redirect to HTTPS: the test client and the live
    server speak plain HTTP. Set here, before any server or middleware is built."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    # The test database's trail is not the development one: its checkpoints start empty
    # (tests that write some point the `settings` fixture at their own tmp_path).
    checkpoints = tempfile.mkdtemp(prefix="stride-audit-checkpoints-")
    settings.AUDIT_CHECKPOINT_DIR = checkpoints
    config.add_cleanup(lambda: shutil.rmtree(checkpoints, ignore_errors=True))


@pytest.fixture
def northside(db):
    return factories.ClinicFactory(name="Northside", timezone="Europe/London")


@pytest.fixture
def outsider_clinic(db):
    return factories.ClinicFactory(name="Outsider", timezone="America/New_York")


@pytest.fixture
def nora(northside):
    return factories.ClinicAdminFactory(
        clinic=northside, email="nora@northside.test", full_name="Nora Admin"
    )


@pytest.fixture
def alice(northside):
    return factories.ClinicianFactory(
        clinic=northside, email="alice@northside.test", full_name="Alice Moreau"
    )


@pytest.fixture
def carlos(northside):
    return factories.ClinicianFactory(
        clinic=northside, email="carlos@northside.test", full_name="Carlos Reyes"
    )


@pytest.fixture
def bob(northside, alice):
    return factories.PatientFactory(
        clinic=northside, email="bob@patients.test", full_name="Bob Hughes", care_team=[alice]
    )


@pytest.fixture
def dana(northside, carlos):
    return factories.PatientFactory(
        clinic=northside, email="dana@patients.test", full_name="Dana Whitfield", care_team=[carlos]
    )


@pytest.fixture
def olga(outsider_clinic):
    return factories.ClinicianFactory(
        clinic=outsider_clinic, email="olga@outsider.test", full_name="Olga Berg"
    )


@pytest.fixture
def otto(outsider_clinic, olga):
    return factories.PatientFactory(
        clinic=outsider_clinic, email="otto@patients.test", full_name="Otto Kern", care_team=[olga]
    )


@pytest.fixture
def staff(db):
    return factories.StaffFactory(email="staff@stride.test", full_name="Sam Staff")
