"""A patient answering one questionnaire, a page at a time.

The answers of a page are saved together when the page is sent, so the patient can stop
and come back: the response remembers how many pages are done and resumes on the next. The
last page scores the instrument; if its missing-item rule refuses the score, the page's
answers are kept and the patient is told which pages to finish.

The PSFS is special: at its first answering the patient names up to five activities, one a
page (the first is needed, "I have no more activities" ends the list); later the same
activities come back, one a page, to be rated again.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from programs.models import OutcomeAnswer, OutcomeResponse, OutcomeStatus
from programs.outcomes.instruments import Instrument, Item, Unscorable
from programs.outcomes.schedule import DueDate


@dataclass(frozen=True)
class Page:
    number: int
    items: tuple[Item, ...]
    # The PSFS at a follow-up: the activity named at the start, rated again on this page.
    activity: str = ""


@dataclass
class Questionnaire:
    """One instrument, due on one date of one program, as far as the patient has answered."""

    program: object
    due: DueDate
    instrument: Instrument
    response: OutcomeResponse | None
    answers: dict[str, OutcomeAnswer]
    named_activities: dict[str, str]  # PSFS: item -> the activity named at the start

    @property
    def is_completed(self) -> bool:
        return self.response is not None and self.response.is_completed

    @property
    def names_activities(self) -> bool:
        """The PSFS with no earlier list of activities: this time the patient names them."""
        return self.instrument.is_patient_specific and not self.named_activities

    @property
    def pages(self) -> list[Page]:
        if self.instrument.is_patient_specific and self.named_activities:
            named = [item for item in self.instrument.items if item.code in self.named_activities]
            return [
                Page(number, (item,), self.named_activities[item.code])
                for number, item in enumerate(named, start=1)
            ]
        return [Page(n, items) for n, items in enumerate(self.instrument.pages(), start=1)]

    @property
    def pages_done(self) -> int:
        return self.response.pages_done if self.response is not None else 0

    def resume_page(self) -> int:
        return min(self.pages_done + 1, len(self.pages))

    def page(self, number: int) -> Page | None:
        """The page a patient may open: one done already, or the next."""
        if 1 <= number <= min(self.pages_done + 1, len(self.pages)):
            return self.pages[number - 1]
        return None


def load(*, program, due: DueDate, instrument: Instrument) -> Questionnaire:
    """The questionnaire with what is saved of it: two queries, three for a PSFS."""
    response = (
        OutcomeResponse.objects.filter(
            program=program, instrument=instrument.code, due_on=due.due_on
        )
        .prefetch_related("answers")
        .first()
    )
    answers = {answer.item: answer for answer in response.answers.all()} if response else {}
    named = _named_activities(program, due.due_on) if instrument.is_patient_specific else {}
    return Questionnaire(program, due, instrument, response, answers, named)


def _named_activities(program, due_on: datetime.date) -> dict[str, str]:
    """The activities of the program's first completed PSFS before `due_on`."""
    answers = list(
        OutcomeAnswer.objects.filter(
            response__program=program,
            response__instrument="PSFS",
            response__status=OutcomeStatus.COMPLETED,
            response__due_on__lt=due_on,
        )
        .order_by("response__due_on", "item")
        .values_list("response_id", "item", "text")
    )
    first = answers[0][0] if answers else None
    return {item: text for response_id, item, text in answers if response_id == first}


@dataclass(frozen=True)
class Saved:
    completed: bool
    next_page: int | None
    problem: str = ""  # why the last page could not complete the questionnaire


@transaction.atomic
def save_page(
    *, questionnaire: Questionnaire, page: Page, answers: dict, finish: bool = False
) -> Saved:
    """Keep one page's answers ({item code: (value or None, text)}; an item left out was
    skipped). `finish` ends a PSFS list of activities early. A questionnaire completed
    already (a second tab, a retry) is left as it was."""
    q = questionnaire
    response, _ = OutcomeResponse.objects.select_for_update().get_or_create(
        program=q.program,
        instrument=q.instrument.code,
        due_on=q.due.due_on,
        defaults={"patient_id": q.program.patient_id, "occasion": q.due.occasion},
    )
    if response.is_completed:
        return Saved(completed=True, next_page=None)
    codes = [item.code for item in page.items]
    if finish:  # the list of activities ends here: later pages' answers go too
        codes += [item.code for later in q.pages[page.number :] for item in later.items]
    response.answers.filter(item__in=codes).exclude(item__in=list(answers)).delete()
    for code, (value, text) in answers.items():
        OutcomeAnswer.objects.update_or_create(
            response=response, item=code, defaults={"value": value, "text": text}
        )
    done = page.number if answers or not finish else page.number - 1
    response.pages_done = done if finish else max(response.pages_done, done)
    last = page.number == len(q.pages) or finish
    saved = Saved(completed=False, next_page=None if last else page.number + 1)
    if last:
        saved = _complete(response, q.instrument)
    response.save()
    return saved


def _complete(response: OutcomeResponse, instrument: Instrument) -> Saved:
    values = dict(response.answers.values_list("item", "value"))
    try:
        score = instrument.score(values)
    except Unscorable as problem:
        return Saved(completed=False, next_page=None, problem=str(problem))
    response.status = OutcomeStatus.COMPLETED
    response.score = score
    response.completed_at = timezone.now()
    return Saved(completed=True, next_page=None)
