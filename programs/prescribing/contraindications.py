"""The builder's check of a program's exercises against the patient's health screen.

Every row of the builder is marked with what its exercise is not for (`not_for`) and, when
that meets the patient's health screen, with a `Clash`. A clash on an exercise being added
must be confirmed by the clinician before anything is saved (`ItemForm.confirm_clash`); one
on an exercise already in the program was decided when it was added, and is shown again so
a later change to the screen is seen. A patient never screened is said so, with a link.
"""

from dataclasses import dataclass

from accounts.health import HealthFactor, clinician_words, known_factors
from programs.prescribing.forms import row_keys


@dataclass(frozen=True)
class Clash:
    exercise_name: str
    factors: list[HealthFactor]
    patient_name: str
    new: bool  # being added now: needs the clinician's confirmation

    @property
    def sentence(self) -> str:
        """The clash in words: "Frozen bottle roll: not for reduced foot sensation
        (diabetes, neuropathy) — Bob's health screen lists it"."""
        them = "it" if len(self.factors) == 1 else "them"
        return (
            f"{self.exercise_name}: not for {clinician_words(self.factors)} — "
            f"{self.patient_name}'s health screen lists {them}."
        )


def mark_clashes(formset, *, profile, exercises, program=None) -> None:
    """Set `not_for` and `clash` on each row of a program builder's `formset`, for the
    patient of `profile`. Two queries at most, whatever the number of rows: the exercises
    being added (from `exercises`, the ones the user may add) and the program's items."""
    rows = list(row_keys(formset))
    new_ids = [exercise for _form, series, exercise in rows if series is None and exercise]
    added = {
        row.pk: row
        for row in exercises.filter(pk__in=new_ids).only("pk", "name", "contraindication_tags")
    }
    current = {}
    if program is not None and any(series for _form, series, _exercise in rows):
        items = program.prescriptions.filter(valid_until__isnull=True)
        current = {
            item.series: item for item in items.only("series", "name", "contraindication_tags")
        }
    screen = set(profile.health_factors) if profile.has_health_screen else set()
    for form, series, exercise in rows:
        source = current.get(series) if series else added.get(exercise)
        form.not_for = known_factors(source.contraindication_tags) if source else []
        meets = [factor for factor in form.not_for if factor in screen]
        form.clash = None
        if meets:
            form.clash = Clash(
                exercise_name=source.name,
                factors=meets,
                patient_name=profile.user.get_short_name(),
                new=series is None,
            )
