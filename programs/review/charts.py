"""Chart geometry for the server-drawn SVGs: the templates only draw what is computed here.

The clinician's report and the patient's progress page draw the same pain chart on canvases
of their own size (`Frame`); the report adds its weekly adherence bars and program changes.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.html import format_html_join

from programs.symptoms import DEFAULT as DEFAULT_SYMPTOM
from programs.symptoms import Symptom


@dataclass(frozen=True)
class Frame:
    """A canvas in SVG user units (the SVG scales to its container) and its margins."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    mark: float  # half the width of a point's circle or square

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: datetime.date
    value: float
    # Where its mark is drawn, off `x` when the day's other score is the same (the line
    # still goes through `x`): the two marks then sit side by side instead of one on top.
    mark_x: float | None = None

    @property
    def drawn_x(self) -> float:
        return self.x if self.mark_x is None else self.mark_x


@dataclass(frozen=True)
class Marker:
    x: float
    change: object  # a ProgramChange


class TimeScale:
    """Maps days of the range to x, and values 0..top to y, inside `frame`."""

    def __init__(self, frame: Frame, start: datetime.date, end: datetime.date, top: int):
        self.frame, self.start, self.end, self.top = frame, start, end, top
        self.days = max((end - start).days, 1)

    def x(self, day: datetime.date) -> float:
        f = self.frame
        return round(f.left + (day - self.start).days * (f.plot_right - f.left) / self.days, 1)

    def y(self, value: float) -> float:
        f = self.frame
        return round(f.top + (self.top - value) * (f.plot_bottom - f.top) / self.top, 1)

    def y_ticks(self, step: int):
        return [(value, self.y(value)) for value in range(0, self.top + 1, step)]

    def x_ticks(self, count: int = 6):
        step = max(1, round(self.days / count))
        days = [self.start + datetime.timedelta(days=n) for n in range(0, self.days + 1, step)]
        return [(day, self.x(day)) for day in days]

    def markers(self, changes) -> list[Marker]:
        return [
            Marker(self.x(change.effective_date), change)
            for change in changes
            if self.start <= change.effective_date <= self.end
        ]


def line_path(points: list[Point]) -> str:
    """An SVG path through the points, lifted over days without a value."""
    parts = []
    previous = None
    for point in points:
        joined = previous is not None and (point.day - previous.day).days == 1
        parts.append(f"{'L' if joined else 'M'}{point.x},{point.y}")
        previous = point
    return " ".join(parts)


def _title(point: Point, what: str) -> tuple[str, str, str]:
    """The day ("3 Mar"), what was scored and the value (a mean of several programs keeps
    one decimal)."""
    return f"{point.day.day} {point.day:%b}", what, f"{point.value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class PainDay:
    """One day's pain: the morning's daily symptom and the worst during the exercises
    (None: not given)."""

    day: datetime.date
    morning: float | None
    exercise: int | None


@dataclass(frozen=True)
class WeekGuide:
    """A week's first day on the chart: a faint line at `x`, labelled when `labelled`."""

    day: datetime.date
    x: float
    labelled: bool


@dataclass
class PainChart:
    scale: TimeScale
    morning: list[Point]
    exercise: list[Point]
    markers: list[Marker]
    symptom: Symptom = DEFAULT_SYMPTOM  # what the morning line is: "first-step pain"
    weeks: list[WeekGuide] = field(default_factory=list)  # the patient's weeks, if given

    @property
    def x_ticks(self):
        """The dates under the axis: the labelled weeks' first days, when weeks are given."""
        if self.weeks:
            return [(week.day, week.x) for week in self.weeks if week.labelled]
        return self.scale.x_ticks()

    @property
    def has_overlaps(self) -> bool:
        return any(point.mark_x is not None for point in self.morning)

    @property
    def y_ticks(self):
        return self.scale.y_ticks(2)

    @property
    def morning_path(self) -> str:
        return line_path(self.morning)

    @property
    def exercise_path(self) -> str:
        return line_path(self.exercise)

    # The points are built here, not in a template loop: a year has ~700 of them, and
    # rendering each through the template engine cost more than every query of the report.
    @property
    def morning_marks(self) -> str:
        r = self.scale.frame.mark
        label = self.symptom.label
        return format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="{}" class="point morning">'
            "<title>{}: {} {}/10</title></circle>",
            ((p.drawn_x, p.y, r, *_title(p, label)) for p in self.morning),
        )

    @property
    def exercise_marks(self) -> str:
        half = self.scale.frame.mark
        return format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" class="point exercise">'
            "<title>{}: {} {}/10</title></rect>",
            (
                (
                    round(p.drawn_x - half, 1),
                    round(p.y - half, 1),
                    2 * half,
                    2 * half,
                    *_title(p, "exercise"),
                )
                for p in self.exercise
            ),
        )


# How many week starts the axis names at most; the others keep their faint line.
MAX_WEEK_LABELS = 6


def week_guides(scale: TimeScale, week_starts) -> list[WeekGuide]:
    every = -(-len(week_starts) // MAX_WEEK_LABELS)  # ceiling division
    return [
        WeekGuide(day, scale.x(day), labelled=n % every == 0) for n, day in enumerate(week_starts)
    ]


def pain_chart(
    days: list[PainDay],
    *,
    frame: Frame,
    start,
    end,
    changes=(),
    symptom=DEFAULT_SYMPTOM,
    week_starts=(),
) -> PainChart:
    scale = TimeScale(frame, start, end, 10)

    def points(attribute, side):
        return [
            Point(
                scale.x(day.day),
                scale.y(value),
                day.day,
                value,
                # Both scores the same that day: the circle to the left, the square to the right.
                round(scale.x(day.day) + side * frame.mark, 1)
                if day.morning is not None and day.morning == day.exercise
                else None,
            )
            for day in days
            if (value := getattr(day, attribute)) is not None
        ]

    return PainChart(
        scale,
        points("morning", -1),
        points("exercise", +1),
        scale.markers(changes),
        symptom,
        week_guides(scale, list(week_starts)),
    )
