"""Two-factor sign-in: an authenticator app (TOTP) and one-time recovery codes, on
django-otp's devices. A clinic's `require_two_factor` decides whether its staff must pass it
before any other page (`accounts.middleware.TwoFactorMiddleware`); Stride's own staff, who can
open every clinic's records in the Django admin, always must."""

from base64 import b32encode

import segno
from django import forms
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery "
        "codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def uses_second_factor(user) -> bool:
    """Whether this person signs in with a second factor (and may set one up)."""
    return user.is_authenticated and (
        user.is_staff or (user.is_clinic_staff and user.clinic.require_two_factor)
    )


def second_factor_needed(user) -> bool:
    return uses_second_factor(user) and not user.is_verified()


def authenticator(user, *, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def next_step_url(user) -> str:
    """The page that gets this user through: checking a code, or setting the app up first."""
    name = "two_factor_verify" if authenticator(user, confirmed=True) else "two_factor_setup"
    return reverse(name)


def pending_authenticator(*, user) -> TOTPDevice:
    """The not yet confirmed authenticator being set up (one per user, kept across reloads)."""
    device = authenticator(user, confirmed=False)
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def setup_details(device: TOTPDevice) -> dict:
    """What the setup page shows: a QR code of the otpauth URI, and the key to type instead."""
    return {
        "otpauth_uri": device.config_url,
        "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "manual_key": b32encode(device.bin_key).decode(),
    }


def confirm_authenticator(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirms the device if `code` is right; returns fresh recovery codes, or None."""
    with transaction.atomic():
        if not code.isdigit() or not device.verify_token(code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(user=device.user)


def new_recovery_codes(*, user) -> list[str]:
    """Replaces the user's recovery codes; each works once. Shown to the user once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_code(*, user, code: str):
    """The device that accepts `code`, or None. Digits go to the authenticator app, anything
    else to the recovery codes, so a miss on one never throttles the other."""
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(code):
            return device
    return None
