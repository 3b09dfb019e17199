from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator

from accounts.health import HealthFactor
from config.forms import InvalidMarkingBoundField
from exercises.images import reencoded_image
from exercises.models import BodyRegion, Condition, Equipment, Exercise, ExerciseType
from exercises.search import CatalogueFilters
from exercises.select_fields import PlainSelect, SlugFilterField

DIFFICULTY_CHOICES = [(1, "1 · Easy"), (2, "2 · Moderate"), (3, "3 · Hard")]


class CatalogueSearchForm(forms.Form):
    """The catalogue's search box and filters, read from the query string."""

    bound_field_class = InvalidMarkingBoundField

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        widget=forms.SearchInput(
            attrs={
                "class": "form-control form-control-lg",
                "placeholder": "An exercise, a body part or a condition, e.g. calf stretch",
            }
        ),
    )
    # Django's selects, cheaper to draw (exercises/select_fields.py).
    region = forms.ChoiceField(
        label="Body region",
        required=False,
        choices=[("", "Any body region"), *BodyRegion.choices],
        widget=PlainSelect,
    )
    condition = SlugFilterField(Condition, empty_label="Any condition")
    type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "Any type"), *ExerciseType.choices],
        widget=PlainSelect,
    )
    equipment = SlugFilterField(Equipment, empty_label="Any equipment")
    difficulty = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any difficulty"), *DIFFICULTY_CHOICES],
        widget=PlainSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "q":
                field.widget.attrs["class"] = "form-select"

    def search_text(self) -> str:
        return self.cleaned_data.get("q") or ""

    def filters(self) -> CatalogueFilters:
        """The valid filters; an invalid one is ignored (and shown with its error)."""
        data = self.cleaned_data
        return CatalogueFilters(
            body_region=data.get("region") or "",
            condition=data.get("condition"),
            exercise_type=data.get("type") or "",
            equipment=data.get("equipment"),
            difficulty=data.get("difficulty"),
        )

    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


class LinesField(forms.Field):
    """A list of short texts typed one per line; blank lines are ignored."""

    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, *, max_lines: int, max_line_length: int, **kwargs):
        self.max_lines = max_lines
        self.max_line_length = max_line_length
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def validate(self, value):
        super().validate(value)
        if len(value) > self.max_lines:
            raise forms.ValidationError(
                f"Please keep this to {self.max_lines} lines at most (you wrote {len(value)}).",
                code="too_many_lines",
            )
        for number, line in enumerate(value, start=1):
            if "\x00" in line:  # PostgreSQL text cannot hold it; no keyboard types it
                raise forms.ValidationError(
                    f"Line {number} holds a character we cannot save; please retype it.",
                    code="null_characters_not_allowed",
                )
            if len(line) > self.max_line_length:
                raise forms.ValidationError(
                    f"Line {number} is too long; please keep each line under "
                    f"{self.max_line_length} characters.",
                    code="line_too_long",
                )


class ClinicExerciseForm(forms.ModelForm):
    """A clinic's own exercise. Its clinic and slug are set by the service, not the form."""

    steps = LinesField(
        max_lines=8,
        max_line_length=500,
        help_text="One step per line, in order, in words a patient understands (up to 8).",
        error_messages={"required": "Please write at least one step."},
    )
    cues = LinesField(
        max_lines=8,
        max_line_length=200,
        required=False,
        help_text='One short reminder per line, such as "Keep your knee straight".',
    )
    difficulty = forms.TypedChoiceField(
        coerce=int, choices=DIFFICULTY_CHOICES, widget=forms.RadioSelect
    )
    default_sets = forms.IntegerField(label="Sets", min_value=1, max_value=10, initial=3)
    default_reps = forms.IntegerField(
        label="Repetitions",
        min_value=1,
        max_value=100,
        required=False,
        help_text="Give repetitions, a hold time, or both.",
    )
    default_hold_seconds = forms.IntegerField(
        label="Hold (seconds)", min_value=1, max_value=600, required=False
    )
    default_times_per_day = forms.IntegerField(
        label="Times a day", min_value=1, max_value=6, initial=1
    )
    default_days_per_week = forms.IntegerField(
        label="Days a week", min_value=1, max_value=7, initial=7
    )
    # Checkboxes of the health screen's vocabulary, not the array field's comma-separated text.
    contraindication_tags = forms.MultipleChoiceField(
        label="Not for patients with",
        choices=HealthFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The program builder warns when a patient's health screen has one of these, "
        "and the patient reads them as “Do not do this exercise if …”.",
    )
    image = forms.FileField(
        label="Picture",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="Optional. A JPEG, PNG or WebP picture, up to 2 MB.",
    )
    # The model's text has no limit of its own; these are a few sentences for a patient.
    precautions = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contraindications = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    video_url = forms.URLField(
        label="Video link",
        required=False,
        validators=[
            URLValidator(
                schemes=["https"],
                message="Please use a secure link that starts with https://.",
                code="not_https",  # the field's own "invalid" message would replace ours
            )
        ],
        help_text="Optional. A link to a video showing the exercise (https only).",
    )

    class Meta:
        model = Exercise
        fields = [
            "name",
            "summary",
            "steps",
            "cues",
            "body_region",
            "exercise_type",
            "equipment",
            "conditions",
            "difficulty",
            "default_sets",
            "default_reps",
            "default_hold_seconds",
            "default_times_per_day",
            "default_days_per_week",
            "precautions",
            "contraindications",
            "contraindication_tags",
            "progression",
            "regression",
            "image",
            "image_author",
            "image_licence",
            "video_url",
        ]
        labels = {
            "summary": "One-line summary",
            "progression": "Harder version (progression)",
            "regression": "Easier version (regression)",
            "image_author": "Picture by",
            "image_licence": "Picture licence",
        }
        help_texts = {
            "image_author": "Needed with a picture. Who made it, e.g. “© Northside Clinic”.",
            "image_licence": "Needed with a picture. E.g. “CC BY 4.0” or “used with permission”.",
        }
        widgets = {
            "equipment": forms.CheckboxSelectMultiple,
            "conditions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Progressions and regressions link only to exercises this clinic can open.
        linkable = Exercise.objects.visible_to(user).active()
        if self.instance.pk:
            linkable = linkable.exclude(pk=self.instance.pk)
        for name in ("progression", "regression"):
            self.fields[name].queryset = linkable
            self.fields[name].empty_label = "None"

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return reencoded_image(image)
        return image

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("default_reps") and not cleaned.get("default_hold_seconds"):
            self.add_error(
                "default_reps", "Please give a number of repetitions, a hold time, or both."
            )
        self._require_picture_licence(cleaned)
        return cleaned

    def _require_picture_licence(self, cleaned):
        """A picture shown to patients carries its author and licence. The image field is
        None when left as it was (the stored one stays) and False when cleared."""
        image = cleaned.get("image")
        has_picture = bool(image) or (image is None and bool(self.instance.image))
        if not has_picture:
            return
        for name, what in (("image_author", "who made"), ("image_licence", "the licence of")):
            if not cleaned.get(name, "").strip():
                self.add_error(name, f"Please say {what} the picture: it is shown under it.")
