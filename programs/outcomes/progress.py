"""Scores over time, for the clinician: each instrument's completed scores, the change since
the first one, and whether it reaches the instrument's meaningful change (MCID), in words.

`progress_for(patient)` reads one patient's series (one query, the report);
`outcomes_by_patient(patient_ids)` one verdict per patient for a page of the caseload or a
chunk of its CSV (one query whatever the number of patients).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.contrib.postgres.aggregates import ArrayAgg

from accounts.dates import short_date
from programs.models import OutcomeResponse
from programs.outcomes import instruments
from programs.outcomes.instruments import Instrument


class Verdict(StrEnum):
    IMPROVED = "improved"
    NOT_YET = "not yet"
    WORSE = "worse"


# A patient's verdict is the most pressing one of their instruments.
VERDICT_ORDER = (Verdict.WORSE, Verdict.IMPROVED, Verdict.NOT_YET)


@dataclass(frozen=True)
class Score:
    due_on: datetime.date
    score: Decimal
    occasion: str = ""


def number(value: Decimal) -> str:
    """12, 2.5, -3: a score or change without a trailing ".0"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class InstrumentProgress:
    instrument: Instrument
    scores: list[Score]  # in date order, at least one

    @property
    def first(self) -> Score:
        return self.scores[0]

    @property
    def latest(self) -> Score:
        return self.scores[-1]

    @property
    def change(self) -> Decimal | None:
        if len(self.scores) < 2:
            return None
        return self.latest.score - self.first.score

    @property
    def verdict(self) -> Verdict | None:
        """None until there is a second score to compare with the first."""
        if self.change is None:
            return None
        better = self.instrument.improvement(self.change)
        if better >= self.instrument.mcid:
            return Verdict.IMPROVED
        if better <= -self.instrument.mcid:
            return Verdict.WORSE
        return Verdict.NOT_YET

    @property
    def band(self) -> tuple[Decimal, Decimal]:
        """The scores within the meaningful change of the first: no real change yet."""
        low, high = self.first.score - self.instrument.mcid, self.first.score + self.instrument.mcid
        return max(low, self.instrument.min_score), min(high, self.instrument.max_score)

    @property
    def label(self) -> str:
        return self.instrument.code.replace("_", " ")

    def steps(self):
        """(score, change since the first or None, verdict or None) for each score in order."""
        for index, score in enumerate(self.scores):
            upto = InstrumentProgress(self.instrument, [self.first, score] if index else [score])
            yield score, upto.change, upto.verdict

    @property
    def signed_change(self) -> str:
        """ "+12", "−3.5", "±0"; empty without a second score."""
        if self.change is None:
            return ""
        sign = "+" if self.change > 0 else "−" if self.change < 0 else "±"
        return f"{sign}{number(abs(self.change))}"

    @property
    def summary(self) -> str:
        """ "LEFS +12 since 3 Nov 2026: above the 9-point meaningful change"."""
        if self.change is None:
            return (
                f"{self.label} {number(self.first.score)} on {short_date(self.first.due_on)}: "
                "a first score; the change shows from the next one"
            )
        mcid = f"the {number(self.instrument.mcid)}-point meaningful change"
        lower = "" if self.instrument.higher_is_better else " (lower is better)"
        head = f"{self.label} {self.signed_change}{lower}"
        beyond = abs(self.change) > self.instrument.mcid
        words = {
            Verdict.IMPROVED: f"{'above' if beyond else 'at'} {mcid}",
            Verdict.WORSE: f"worse by {'more than ' if beyond else ''}{mcid}",
            Verdict.NOT_YET: f"below {mcid}, not yet a real change",
        }[self.verdict]
        return f"{head} since {short_date(self.first.due_on)}: {words}"


@dataclass(frozen=True)
class PatientOutcome:
    """The caseload's column: the patient's most pressing verdict, with its instrument."""

    verdict: Verdict | None
    headline: InstrumentProgress

    @property
    def label(self) -> str:
        return self.verdict.value.capitalize() if self.verdict else "First score only"


def progress_for(patient) -> list[InstrumentProgress]:
    """Every instrument the patient has completed, in answering order (one query)."""
    rows = (
        OutcomeResponse.objects.completed()
        .filter(patient=patient)
        .order_by("due_on", "completed_at")
        .values_list("instrument", "due_on", "score", "occasion")
    )
    series: dict[str, list[Score]] = {}
    for code, due_on, score, occasion in rows:
        series.setdefault(code, []).append(Score(due_on, score, occasion))
    known = instruments.all_instruments()
    return [
        InstrumentProgress(known[code], series[code]) for code in known if code in series
    ]


def outcomes_by_patient(patient_ids) -> dict[object, PatientOutcome]:
    """{patient id: PatientOutcome} for those with a completed questionnaire (one query).

    Each instrument compares its first and latest scores, read by the database."""
    patient_ids = list(patient_ids)
    # An empty page still asks (a query that finds nothing), as the caseload's others do, so
    # its query count is the same whatever the page.
    who = {"patient_id__in": patient_ids} if patient_ids else {"pk__isnull": True}
    rows = (
        OutcomeResponse.objects.completed()
        .filter(**who)
        .values("patient_id", "instrument")
        .annotate(
            days=ArrayAgg("due_on", order_by=("due_on", "completed_at")),
            scores=ArrayAgg("score", order_by=("due_on", "completed_at")),
        )
        .order_by()
    )
    known = instruments.all_instruments()
    progress: dict[object, list[InstrumentProgress]] = {}
    for row in rows:
        if row["instrument"] not in known:
            continue
        ends = {0, len(row["days"]) - 1}
        scores = [Score(row["days"][i], row["scores"][i]) for i in sorted(ends)]
        progress.setdefault(row["patient_id"], []).append(
            InstrumentProgress(known[row["instrument"]], scores)
        )
    return {patient_id: _headline(items) for patient_id, items in progress.items()}


def _headline(items: list[InstrumentProgress]) -> PatientOutcome:
    order = list(instruments.all_instruments())
    items = sorted(items, key=lambda item: order.index(item.instrument.code))
    for verdict in VERDICT_ORDER:
        for item in items:
            if item.verdict == verdict:
                return PatientOutcome(verdict, item)
    return PatientOutcome(None, items[0])
