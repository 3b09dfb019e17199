"""The report's small chart per instrument: its scores over time, over a shaded band of the
scores within the meaningful change of the first (inside it, no real change yet). Geometry
only; `_outcome_chart.html` draws it, with the report's other charts' scale."""

import datetime
from dataclasses import dataclass

from programs.outcomes.progress import InstrumentProgress, number
from programs.review.charts import Frame, TimeScale

FRAME = Frame(width=360, height=150, left=36, right=12, top=10, bottom=26, mark=4)
# A single score still gets a readable width of time around it.
MIN_DAYS = 14


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    day: datetime.date
    label: str


@dataclass(frozen=True)
class OutcomeChart:
    progress: InstrumentProgress
    scale: TimeScale
    points: list[ChartPoint]
    band_top: float
    band_height: float

    @property
    def frame(self) -> Frame:
        return self.scale.frame

    @property
    def path(self) -> str:
        return " ".join(
            f"{'L' if index else 'M'}{point.x},{point.y}" for index, point in enumerate(self.points)
        )

    @property
    def band_width(self) -> int:
        return self.frame.plot_right - self.frame.left

    @property
    def y_ticks(self):
        top = self.scale.top
        return [(value, self.scale.y(value)) for value in (0, top // 2, top)]

    @property
    def x_ticks(self):
        """The first and the latest score's dates (more would overlap on a small chart)."""
        ends = [self.points[0], self.points[-1]] if len(self.points) > 1 else self.points
        return [(point.day, point.x) for point in ends]


def outcome_chart(progress: InstrumentProgress, *, today: datetime.date) -> OutcomeChart:
    start = progress.first.due_on
    end = max(progress.latest.due_on, start + datetime.timedelta(days=MIN_DAYS), today)
    scale = TimeScale(FRAME, start, end, int(progress.instrument.max_score))
    points = [
        ChartPoint(scale.x(s.due_on), scale.y(float(s.score)), s.due_on, number(s.score))
        for s in progress.scores
    ]
    low, high = progress.band
    band_top = scale.y(float(high))
    return OutcomeChart(progress, scale, points, band_top, round(scale.y(float(low)) - band_top, 1))
