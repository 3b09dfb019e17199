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
    options: tuple[Option, ...]
    stem: str  # the question the item completes, shared by its section ("How severe is …")


@dataclass(frozen=True)
class Instrument:
    code: str
    title: str
    items: tuple[Item, ...]
    licence: str
    source: str
    mcid: Decimal
    mcid_source: str
    loinc: str | None
    regions: tuple[str, ...] | None  # None: every condition
    instructions: str
    page_size: int
    method: str  # "sum", "mean" or "percent"
    min_score: Decimal
    max_score: Decimal
    unit: str
    higher_is_better: bool
    max_missing: int | None
    min_answered: int | None
    not_applicable: str  # the label of a "not applicable" answer, "" if it has none

    @property
    def is_patient_specific(self) -> bool:
        """The PSFS: the patient names the activities, so the items are slots to fill."""
        return self.method == "mean"

    def item(self, code: str) -> Item:
        return next(item for item in self.items if item.code == code)

    def pages(self) -> list[tuple[Item, ...]]:
        """The items by page: `page_size` at most, never two sections (stems) on one page."""
        pages: list[tuple[Item, ...]] = []
        for item in self.items:
            last = pages[-1] if pages else ()
            if last and len(last) < self.page_size and last[0].stem == item.stem:
                pages[-1] = (*last, item)
            else:
                pages.append((item,))
        return pages

    def score(self, answers: dict[str, int | None]) -> Decimal:
        """The total from {item code: value}; None (not applicable) and absent items are
        missing. Raises Unscorable when the instrument's missing-item rule says so."""
        answered_items = [item for item in self.items if answers.get(item.code) is not None]
        values = [answers[item.code] for item in answered_items]
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
        elif self.method == "percent":  # of the points possible for the items answered
            possible = sum(max(option.value for option in item.options) for item in answered_items)
            result = total * 100 / possible
        else:  # "sum", prorated over the missing items the rule allows
            result = total * len(self.items) / answered
        return result.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)

    def change_is_meaningful(self, change: Decimal) -> bool:
        return abs(change) >= self.mcid

    def improvement(self, change: Decimal) -> Decimal:
        """The change with its sign turned so that positive is better, whatever the scale."""
        return change if self.higher_is_better else -change


def _read_section(section: dict) -> list[Item]:
    options = tuple(
        Option(value=int(option["value"]), label=str(option["label"]))
        for option in section["options"]
    )
    return [
        Item(code=str(item["code"]), text=item["text"], options=options, stem=section["stem"])
        for item in section["items"]
    ]


def _read(path: Path) -> Instrument:
    data = yaml.safe_load(path.read_text())
    score = data["score"]
    regions = data["regions"]
    return Instrument(
        code=data["code"],
        title=data["title"],
        items=tuple(item for section in data["sections"] for item in _read_section(section)),
        licence=data["licence"],
        source=data["source"],
        mcid=Decimal(str(data["mcid"])),
        mcid_source=data["mcid_source"],
        loinc=data.get("loinc"),
        regions=None if regions == "all" else tuple(regions),
        instructions=data["instructions"],
        page_size=data["page_size"],
        method=score["method"],
        min_score=Decimal(str(score["min"])),
        max_score=Decimal(str(score["max"])),
        unit=score["unit"],
        higher_is_better=data.get("better", "higher") == "higher",
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
