import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed

from accounts import password_reset, queries
from accounts.addresses import MAX_LENGTH, normalise, too_long
from accounts.dates import local_today
from accounts.health import HealthFactor
from accounts.models import Clinic, PatientProfile, known_timezones

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


# The IANA areas a person recognises ("Europe", "America"); other names (legacy aliases such
# as "US/Eastern", the "Etc/GMT+5" offsets, "Factory", "localtime") are left out of the lists.
TIMEZONE_AREAS = (
    "Africa",
    "America",
    "Antarctica",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)
# Where Stride's clinics and their patients mostly are: listed first, before the areas.
COMMON_TIMEZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Africa/Johannesburg",
)


def timezone_label(name: str) -> str:
    """A zone named by its place: "Buenos Aires (Argentina)", "New York"."""
    _area, _, place = name.partition("/")
    *country, city = (place or name).replace("_", " ").split("/")
    return f"{city} ({country[0]})" if country else city


def grouped_timezone_choices(*, first: tuple[str, str] | None = None, current: str = ""):
    """Time zones for a select: `first` if given (a blank "follow the clinic" choice), then
    the common ones, then each area's places by name, then UTC. Every place is named
    ("Buenos Aires (Argentina)") and listed once. The current value is kept even when it is
    not a place (a clinic set to an alias before), so it shows as selected."""
    known = known_timezones()
    common = [(name, timezone_label(name)) for name in COMMON_TIMEZONES if name in known]
    groups = {area: [] for area in TIMEZONE_AREAS}
    for name in sorted(known - set(COMMON_TIMEZONES)):
        area, _, place = name.partition("/")
        if area in groups and place:
            groups[area].append((name, timezone_label(name)))
    other = [("UTC", "UTC")]
    listed = {name for options in [common, *groups.values()] for name, _ in options}
    if current and current not in listed and current != "UTC":
        other.append((current, current.replace("_", " ")))
    return [
        *([first] if first else []),
        ("Common", common),
        *[
            (area, sorted(options, key=lambda choice: choice[1]))
            for area, options in groups.items()
        ],
        ("Other", other),
    ]


class PatientTimeZoneForm(forms.Form):
    """The patient's own time zone: what "today" is for their exercises and logs."""

    timezone = forms.ChoiceField(
        label="Your time zone",
        required=False,
        help_text="Your days (which exercises are due today, which day a log is for) follow it.",
        error_messages={"invalid_choice": "Please choose your time zone from the list."},
    )

    def __init__(self, *args, profile: PatientProfile, **kwargs):
        super().__init__(*args, initial={"timezone": profile.timezone}, **kwargs)
        clinic_timezone = profile.user.clinic.timezone.replace("_", " ")
        self.fields["timezone"].choices = grouped_timezone_choices(
            first=("", f"The same as my clinic ({clinic_timezone})"), current=profile.timezone
        )


class CareTeamField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, clinic, **kwargs):
        super().__init__(
            queryset=queries.care_team_choices(clinic),
            label="Care team",
            help_text="The clinicians who will see this patient and their programs.",
            error_messages={"required": "Choose at least one clinician."},
            **kwargs,
        )


class AddressField(forms.EmailField):
    """An e-mail address as accounts store it (accounts.addresses): normalised first, so
    `ＡＬＩＣＥ@…` is checked, bounded and saved as `alice@…`."""

    def __init__(self, **kwargs):
        super().__init__(
            max_length=MAX_LENGTH,
            error_messages={
                "max_length": f"An e-mail address has at most {MAX_LENGTH} characters."
            },
            **kwargs,
        )

    def to_python(self, value):
        return normalise(super().to_python(value))


class SignInForm(AuthenticationForm):
    """Django's sign-in form, bounded: an address longer than any account's gets the usual
    "wrong e-mail or password" without a lookup, and is audited and counted like any wrong
    address (django-axes' row holds the address cut to the bound, accounts.lockout)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None and too_long(username):
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=self.request
            )
            raise self.get_invalid_login_error()
        return super().clean()


class ResetForm(forms.Form):
    """The address to e-mail a password reset link to, for Django's PasswordResetView."""

    email = AddressField(label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def save(self, **_options):
        """Queue the e-mail, for any address (accounts.password_reset). The view's options
        (domain, templates) are not used: the link is built on SITE_URL."""
        password_reset.send_reset.enqueue(self.cleaned_data["email"])


class PersonForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = AddressField(label="E-mail address")

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError("Please enter the person's name.")
        return name


class PatientForm(PersonForm):
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional.",
    )
    # The conditions are the ones the profile's foreign key points to, found through the
    # model (as a ModelForm would): accounts sits below exercises and does not import it.
    condition = forms.ModelChoiceField(
        queryset=PatientProfile.condition.field.related_model.objects.order_by("name"),
        empty_label="Choose a condition",
    )
    timezone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="Only if the patient lives in another time zone than the clinic.",
    )

    def __init__(self, *args, clinician, choose_care_team=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinician = clinician
        self.fields["timezone"].choices = grouped_timezone_choices(
            first=("", f"The clinic's time zone ({clinician.clinic.timezone})"),
            current=self.initial.get("timezone", ""),
        )
        # A clinician is on the team of the patients they add; an admin picks the team (when
        # adding: later changes have their own page).
        if clinician.is_clinic_admin and choose_care_team:
            self.fields["care_team"] = CareTeamField(clinician.clinic)

    @classmethod
    def for_patient(cls, data, *, clinician, patient):
        """The form to correct `patient`'s details, filled with what is stored."""
        profile = patient.patient_profile
        initial = {
            "full_name": patient.full_name,
            "email": patient.email,
            "date_of_birth": profile.date_of_birth,
            "condition": profile.condition_id,
            "timezone": profile.timezone,
        }
        return cls(data, initial=initial, clinician=clinician, choose_care_team=False)

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born is None:
            return None
        if born > local_today(self.clinician):
            raise forms.ValidationError("The date of birth cannot be in the future.")
        if born < EARLIEST_BIRTH_DATE:
            raise forms.ValidationError("Please check the year: it is before 1900.")
        return born


class HealthScreenForm(forms.Form):
    health_factors = forms.MultipleChoiceField(
        label="Does any of these apply to the patient now?",
        choices=HealthFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked when none applies: that is an answer too. The "
        "builder warns before prescribing an exercise that is not for a ticked one.",
    )


class CareTeamForm(forms.Form):
    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["care_team"] = CareTeamField(clinic)


class ClinicSettingsForm(forms.ModelForm):
    timezone = forms.ChoiceField(label="Time zone")

    class Meta:
        model = Clinic
        fields = [
            "name",
            "phone",
            "contact_email",
            "opening_hours",
            "timezone",
            "late_logging_days",
            "missed_days_flag",
        ]
        help_texts = {
            "missed_days_flag": "Scheduled days without a log before a patient is flagged (1–30)."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = grouped_timezone_choices(
            current=self.instance.timezone if self.instance else ""
        )
