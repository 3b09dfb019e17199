import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from tests.factories import ClinicAdminFactory, ClinicFactory, ClinicianFactory, PatientFactory

pytestmark = pytest.mark.django_db

SETUP = "/account/two-factor/setup/"
VERIFY = "/account/two-factor/"


@pytest.fixture
def strict_clinic():
    return ClinicFactory(name="Strict", require_two_factor=True)


@pytest.fixture
def clinician(strict_clinic):
    return ClinicianFactory(clinic=strict_clinic, email="cleo@strict.test")


@pytest.fixture
def patient(strict_clinic, clinician):
    return PatientFactory(clinic=strict_clinic, care_team=[clinician])


def code_for(device):
    """The code the user's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def app_device(clinician):
    return TOTPDevice.objects.create(user=clinician, name="Authenticator app", confirmed=True)


def test_new_clinics_require_it_by_default():
    from accounts.models import Clinic

    assert Clinic(name="New").require_two_factor is True


@pytest.mark.parametrize("url", ["/caseload/", "/", "/clinic/audit/", "/password/change/"])
def test_it_sends_staff_to_setup_before_anything_else(client, sign_in, clinician, url):
    sign_in(client, clinician)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(SETUP + "?next=")


def test_it_sends_staff_with_an_app_to_the_code_page(client, sign_in, clinician, app_device):
    sign_in(client, clinician)
    response = client.get("/caseload/")
    assert response.url == VERIFY + "?next=%2Fcaseload%2F"


def test_it_guards_clinic_admins_too(client, sign_in, strict_clinic):
    admin = ClinicAdminFactory(clinic=strict_clinic)
    sign_in(client, admin)
    assert client.get("/clinic/audit/").url.startswith(SETUP)


def test_it_leaves_patients_alone(client, sign_in, patient):
    sign_in(client, patient)
    assert client.get("/today/").status_code == 200


def test_it_leaves_clinics_without_the_requirement_alone(client, sign_in, alice):
    sign_in(client, alice)
    assert client.get("/caseload/").status_code == 200


def test_setup_shows_a_qr_code_and_the_key(client, sign_in, clinician):
    sign_in(client, clinician)
    response = client.get(SETUP)
    assert response.status_code == 200
    assert b'src="data:image/svg+xml' in response.content
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    assert response.context["otpauth_uri"].startswith("otpauth://totp/Stride%3Acleo%40strict.test")
    assert response.context["manual_key"].encode() in response.content
    # Reloading keeps the same pending device (the QR the user scanned stays valid).
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=clinician).count() == 1
    assert device.pk == TOTPDevice.objects.get(user=clinician).pk


def test_setup_refuses_a_wrong_code(client, sign_in, clinician):
    sign_in(client, clinician)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert b"That code did not match" in response.content
    assert not TOTPDevice.objects.filter(user=clinician, confirmed=True).exists()
    assert client.get("/caseload/").status_code == 302


def test_setup_with_a_right_code_shows_recovery_codes_and_lets_them_in(client, sign_in, clinician):
    sign_in(client, clinician)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=clinician)
    response = client.post(SETUP, {"code": code_for(device), "next": "/caseload/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert codes[0].encode() in response.content
    assert b'href="/caseload/"' in response.content
    assert client.get("/caseload/").status_code == 200
    assert AuditEvent.objects.filter(user=clinician, action=AuditAction.TWO_FACTOR_SET_UP).exists()


def test_setup_cannot_replace_a_confirmed_app(client, sign_in, clinician, app_device):
    sign_in(client, clinician)
    assert client.get(SETUP).url == "/account/two-factor/"
    assert client.post(SETUP, {"code": "123456"}).url == "/account/two-factor/"


def test_a_valid_code_gets_them_through(client, sign_in, clinician, app_device, patient):
    sign_in(client, clinician)
    response = client.post(VERIFY + "?next=/caseload/", {"code": code_for(app_device)})
    assert response.status_code == 302
    assert response.url == "/caseload/"
    assert client.get("/caseload/").status_code == 200
    assert AuditEvent.objects.filter(
        user=clinician, action=AuditAction.TWO_FACTOR_VERIFIED
    ).exists()


def test_it_gives_a_new_session_key_after_the_second_factor(client, sign_in, clinician, app_device):
    from django.conf import settings

    sign_in(client, clinician)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(VERIFY, {"code": code_for(app_device)})
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_a_wrong_code_is_refused_and_audited(client, sign_in, clinician, app_device):
    sign_in(client, clinician)
    response = client.post(VERIFY, {"code": "12 34 56"})
    assert response.status_code == 200
    assert b"That code did not work" in response.content
    assert b'value="12 34 56"' in response.content
    assert client.get("/caseload/").status_code == 302
    assert AuditEvent.objects.filter(
        user=clinician, action=AuditAction.TWO_FACTOR_FAILED, outcome="failed"
    ).exists()


def test_a_used_code_cannot_be_replayed(client, sign_in, clinician, app_device):
    from django.test import Client

    code = code_for(app_device)
    sign_in(client, clinician)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    thief = Client()
    sign_in(thief, clinician)
    # Same time step: the code is still current, but it has been used.
    assert thief.post(VERIFY, {"code": code}).status_code == 200


def test_a_recovery_code_works_once(client, sign_in, clinician, app_device):
    codes = two_factor.new_recovery_codes(user=clinician)
    sign_in(client, clinician)
    response = client.post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == "/caseload/"
    assert b"each one works only once" in response.content
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post("/logout/")
    sign_in(client, clinician)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 200


def test_verify_without_an_app_goes_to_setup(client, sign_in, clinician):
    sign_in(client, clinician)
    assert client.get(VERIFY).url == SETUP


def test_next_must_stay_on_this_site(client, sign_in, clinician, app_device):
    sign_in(client, clinician)
    response = client.post(VERIFY + "?next=https://evil.example/", {"code": code_for(app_device)})
    assert response.url == "/"


@pytest.mark.parametrize("url", [SETUP, VERIFY])
def test_the_pages_are_for_clinic_staff_only(client, bob, url):
    client.force_login(bob)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [SETUP, VERIFY])
def test_the_pages_need_a_sign_in(client, url):
    assert client.get(url).url.startswith("/login/")


@pytest.mark.parametrize("url", [SETUP, VERIFY])
def test_the_pages_refuse_other_methods(client, sign_in, clinician, url):
    sign_in(client, clinician)
    assert client.put(url).status_code == 405
