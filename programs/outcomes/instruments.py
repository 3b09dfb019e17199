"""The outcome instruments, read once from `data/*.yaml`: items, answer options, scoring with
its missing-item rule, the meaningful change (MCID) with its source, and the licence.

`get(code)` returns one; `for_region(region)` the ones a condition's body region asks.
Scores are Decimals rounded to one place, as stored on `OutcomeResponse.score`.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
ONE_PLACE = Decimal("0.1")

# The order a patient answers them in: their own activities first, the general lower-limb
# scale next, the region's own after (any other file sorts after these, by code).
ORDER = ("PSFS", "LEFS")


class Unscorable(ValueError):
    """Too many items missing for the instrument's own rule: the message says how many to answer."""


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    code: str
    text: str


@dataclass(frozen=True)
class Instrument:
    code: str
    title: str
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    licence: str
    source: str
    mcid: Decimal
    mcid_source: str
    loinc: str | None
    regions: tuple[str, ...] | None  # None: every condition
    instructions: str
    stem: str
    page_size: int
    method: str  # "sum", "mean" or "percent"
    min_score: Decimal
    max_score: Decimal
    unit: str
    max_missing: int | None
    min_answered: int | None
    not_applicable: str  # the label of a "not applicable" answer, "" if it has none

    @property
    def is_patient_specific(self) -> bool:
        """The PSFS: the patient names the activities, so the items are slots to fill."""
        return self.method == "mean"

    def item(self, code: str) -> Item:
        return next(item for item in self.items if item.code == code)

    def option_values(self) -> set[int]:
        return {option.value for option in self.options}

    def pages(self, items: tuple[Item, ...] | None = None) -> list[tuple[Item, ...]]:
        items = self.items if items is None else items
        return [items[i : i + self.page_size] for i in range(0, len(items), self.page_size)]

    def score(self, answers: dict[str, int | None]) -> Decimal:
        """The total from {item code: value}; None (not applicable) and absent items are
        missing. Raises Unscorable when the instrument's missing-item rule says so."""
        values = [answers[item.code] for item in self.items if answers.get(item.code) is not None]
        answered = len(values)
        if self.min_answered is not None and answered < self.min_answered:
            raise Unscorable(
                f"Please answer at least {self.min_answered} of the {len(self.items)} questions."
                if self.min_answered > 1
                else "Please answer at least one question."
            )
        missing = len(self.items) - answered
        if self.max_missing is not None and missing > self.max_missing:
            raise Unscorable(
                f"Please answer at least {len(self.items) - self.max_missing} "
                f"of the {len(self.items)} questions."
            )
        total = Decimal(sum(values))
        if self.method == "mean":
            result = total / answered
        elif self.method == "percent":
            top = max(self.option_values())
            result = total * 100 / (answered * top)
        else:  # "sum", prorated over the missing items the rule allows
            result = total * len(self.items) / answered
        return result.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)

    def change_is_meaningful(self, change: Decimal) -> bool:
        return abs(change) >= self.mcid


def _read(path: Path) -> Instrument:
    data = yaml.safe_load(path.read_text())
    score = data["score"]
    regions = data["regions"]
    return Instrument(
        code=data["code"],
        title=data["title"],
        items=tuple(Item(code=str(item["code"]), text=item["text"]) for item in data["items"]),
        options=tuple(
            Option(value=int(option["value"]), label=str(option["label"]))
            for option in data["options"]
        ),
        licence=data["licence"],
        source=data["source"],
        mcid=Decimal(str(data["mcid"])),
        mcid_source=data["mcid_source"],
        loinc=data.get("loinc"),
        regions=None if regions == "all" else tuple(regions),
        instructions=data["instructions"],
        stem=data.get("stem", ""),
        page_size=data["page_size"],
        method=score["method"],
        min_score=Decimal(str(score["min"])),
        max_score=Decimal(str(score["max"])),
        unit=score["unit"],
        max_missing=score.get("max_missing"),
        min_answered=score.get("min_answered"),
        not_applicable=data.get("not_applicable", ""),
    )


@cache
def all_instruments() -> dict[str, Instrument]:
    instruments = sorted(
        map(_read, DATA_DIR.glob("*.yaml")),
        key=lambda i: (ORDER.index(i.code) if i.code in ORDER else len(ORDER), i.code),
    )
    return {instrument.code: instrument for instrument in instruments}


def get(code: str) -> Instrument:
    """The instrument with this code; KeyError for an unknown one."""
    return all_instruments()[code]


def for_region(region: str | None) -> list[Instrument]:
    """The instruments a condition of this body region asks, in answering order."""
    return [
        instrument
        for instrument in all_instruments().values()
        if instrument.regions is None or region in instrument.regions
    ]
