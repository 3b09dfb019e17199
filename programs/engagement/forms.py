"""The patient's reminder settings and the message box, validated on the server."""

from django import forms

from programs.engagement.reminders import ReminderChoice
from programs.logs.forms import session_choices
from programs.models.engagement import MESSAGE_MAX_LENGTH

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class ReminderSettingsForm(forms.Form):
    """On or off, the weekdays, and one local time per session of the day."""

    enabled = forms.BooleanField(label="Send me an e-mail reminder", required=False)
    weekdays = forms.TypedMultipleChoiceField(
        label="On these days",
        coerce=int,
        choices=[(day, DAY_NAMES[day]) for day in range(7)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Please choose days from the list."},
    )

    def __init__(self, *args, choice: ReminderChoice, **kwargs):
        initial = {
            "enabled": choice.enabled,
            "weekdays": [day for day in range(7) if choice.weekdays >> day & 1],
        }
        names = dict(session_choices(len(choice.times)))
        for number, at in enumerate(choice.times, start=1):
            initial[f"time_{number}"] = at
        super().__init__(*args, initial=initial, **kwargs)
        for number in range(1, len(choice.times) + 1):
            label = "Time" if len(choice.times) == 1 else f"{names[number]} time"
            self.fields[f"time_{number}"] = forms.TimeField(
                label=label,
                input_formats=["%H:%M", "%H:%M:%S"],
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                error_messages={
                    "required": "Please choose a time, such as 08:00.",
                    "invalid": "Please enter a time as hours and minutes, such as 08:00.",
                },
            )
        self.session_count = len(choice.times)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") and not cleaned.get("weekdays"):
            self.add_error("weekdays", "Choose at least one day, or turn reminders off.")
        return cleaned

    @property
    def time_fields(self):
        return [self[f"time_{number}"] for number in range(1, self.session_count + 1)]

    def settings_data(self) -> dict:
        data = self.cleaned_data
        return {
            "enabled": data["enabled"],
            "times": [data[f"time_{n}"] for n in range(1, self.session_count + 1)],
            "weekdays": sum(1 << day for day in set(data["weekdays"])),
        }


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Please write your message before sending it.",
            "max_length": (
                f"Please keep your message under {MESSAGE_MAX_LENGTH} characters "
                "(it has %(show_value)d)."
            ),
        },
    )
