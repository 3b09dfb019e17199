"""The weekly check-in's form: one required yes/no per red flag of the patient's condition."""

from django import forms

from config.forms import field_anchor
from programs.logs.check_in import question_key

YES_NO = [("yes", "Yes"), ("no", "No")]
NOT_OURS = (
    "The questions have changed since this page was opened, so nothing was saved. "
    "Please answer the questions below."
)


class CheckInForm(forms.Form):
    def __init__(self, *args, questions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        for question in questions:
            name = question_key(question)
            self.questions[name] = question
            self.fields[name] = forms.ChoiceField(
                label=question,
                choices=YES_NO,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={
                    "required": "Choose yes or no.",
                    "invalid_choice": "Choose yes or no.",
                },
            )

    def clean(self):
        # Answers to questions that were not asked (a page opened before the condition's
        # red flags changed, or a forged post) are refused, never stored under another.
        posted = {key for key in self.data if key.startswith("q-")}
        if posted - set(self.questions):
            raise forms.ValidationError(NOT_OURS, code="not_asked")
        return super().clean()

    def answers(self) -> dict[str, bool]:
        """Question → yes, for `save_check_in`."""
        return {
            question: self.cleaned_data[name] == "yes" for name, question in self.questions.items()
        }

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary: each unanswered question, linked to its
        first choice, in the page's order."""
        return [
            (f"#{field_anchor(self[name])}", f"Choose yes or no for “{question}”")
            for name, question in self.questions.items()
            if name in self.errors
        ]
