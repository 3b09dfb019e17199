"""One page of a questionnaire as a form: every item needs a choice (an answer, "not
applicable" where the instrument has it, or "skip this question"), so nothing is missed by
accident; the instrument's missing-item rule then decides whether skips leave it scorable.

The PSFS page asks for an activity and its 0–10 rating; at a follow-up only the rating.
"""

from django import forms

from config.forms import field_anchor
from programs.outcomes.answering import Page, Questionnaire

SKIP = "skip"
NOT_APPLICABLE = "na"
ACTIVITY_MAX_LENGTH = 120


def _radio(choices, *, label, required_message) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


def item_field(name: str) -> str:
    return f"item_{name}"


class OutcomePageForm(forms.Form):
    def __init__(self, *args, questionnaire: Questionnaire, page: Page, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire, self.page = questionnaire, page
        instrument = questionnaire.instrument
        if instrument.is_patient_specific:
            self._psfs_fields()
            return
        for item in page.items:
            choices = [(str(option.value), option.label) for option in item.options]
            if instrument.not_applicable:
                choices.append((NOT_APPLICABLE, instrument.not_applicable))
            choices.append((SKIP, "Skip this question"))
            self.fields[item_field(item.code)] = _radio(
                choices,
                label=item.text,
                required_message=f"Choose an answer for “{item.text}”, or skip it.",
            )
        self.initial = self._saved_choices()

    def _psfs_fields(self):
        item = self.page.items[0]
        options = [(str(option.value), option.label) for option in item.options]
        if self.questionnaire.names_activities:
            self.fields["activity"] = forms.CharField(
                label="An activity you find hard because of your problem",
                max_length=ACTIVITY_MAX_LENGTH,
                required=False,
                error_messages={
                    "max_length": f"Please keep the activity under {ACTIVITY_MAX_LENGTH} letters."
                },
            )
            label = "How well can you do it today?"
        else:
            label = f"How well can you do this today: “{self.page.activity}”?"
        self.fields["rating"] = _radio(
            options, label=label, required_message="Choose a number from 0 to 10."
        )
        self.fields["rating"].required = not self.questionnaire.names_activities
        saved = self.questionnaire.answers.get(item.code)
        if saved is not None:
            self.initial = {"activity": saved.text, "rating": str(saved.value)}

    def _saved_choices(self) -> dict:
        initial = {}
        for item in self.page.items:
            saved = self.questionnaire.answers.get(item.code)
            if saved is not None:
                value = NOT_APPLICABLE if saved.value is None else str(saved.value)
                initial[item_field(item.code)] = value
        return initial

    @property
    def finishing(self) -> bool:
        """The PSFS's "I have no more activities" (never on the first page)."""
        return (
            self.questionnaire.names_activities
            and self.page.number > 1
            and "finish" in self.data
        )

    def clean(self):
        data = super().clean()
        if self.questionnaire.names_activities:
            activity, rating = data.get("activity", "").strip(), data.get("rating")
            if not activity and not self.finishing:
                self.add_error(
                    "activity",
                    "Name an activity you find hard, or choose “I have no more activities”."
                    if self.page.number > 1
                    else "Name one activity you find hard because of your problem.",
                )
            if activity and not rating and "rating" not in self.errors:
                self.add_error("rating", "Choose a number from 0 to 10.")
            if rating and not activity and self.finishing:
                self.add_error("activity", "Name the activity you rated, or clear the number.")
            data["activity"] = activity
        return data

    def answers(self) -> dict:
        """{item code: (value or None, text)} of the answered items; skipped ones are left out."""
        if self.questionnaire.instrument.is_patient_specific:
            item = self.page.items[0]
            text = self.cleaned_data.get("activity") or self.page.activity
            rating = self.cleaned_data.get("rating")
            return {item.code: (int(rating), text)} if rating else {}
        answers = {}
        for item in self.page.items:
            choice = self.cleaned_data[item_field(item.code)]
            if choice == NOT_APPLICABLE:
                answers[item.code] = (None, "")
            elif choice != SKIP:
                answers[item.code] = (int(choice), "")
        return answers

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in the page's order."""
        return [
            (f"#{field_anchor(self[name])}", " ".join(errors))
            for name, errors in self.errors.items()
            if name in self.fields
        ]
