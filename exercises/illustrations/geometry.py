"""Plane geometry for the figure: points, rotations and smooth outlines.

World coordinates are centimetres with y pointing up and the floor at y = 0; angles are
degrees, counter-clockwise. The SVG writer flips y, so nothing here knows about SVG.
"""

import math
from collections.abc import Sequence
from typing import NamedTuple


class P(NamedTuple):
    x: float
    y: float

    def __add__(self, other):
        return P(self.x + other[0], self.y + other[1])

    def __sub__(self, other):
        return P(self.x - other[0], self.y - other[1])

    def __mul__(self, k: float):
        return P(self.x * k, self.y * k)

    def length(self) -> float:
        return math.hypot(self.x, self.y)

    def unit(self) -> "P":
        n = self.length() or 1.0
        return P(self.x / n, self.y / n)

    def normal(self) -> "P":
        """This vector turned a quarter to the left."""
        return P(-self.y, self.x)


def direction(angle: float) -> P:
    """The unit vector at `angle` degrees from +x."""
    rad = math.radians(angle)
    return P(math.cos(rad), math.sin(rad))


def angle_of(v: Sequence[float]) -> float:
    return math.degrees(math.atan2(v[1], v[0]))


def lerp(a: P, b: P, t: float) -> P:
    return P(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)


class Frame:
    """A local coordinate frame: `origin`, turned `angle` degrees from the world; with
    `flip` -1 its y axis is mirrored (the far side of a figure seen from the front), and
    `squash` shortens its x axis (a foot pointing at the viewer)."""

    __slots__ = ("origin", "angle", "flip", "squash", "_cos", "_sin")

    def __init__(self, origin: P, angle: float, flip: float = 1.0, squash: float = 1.0):
        self.origin, self.angle, self.flip, self.squash = origin, angle, flip, squash
        self._cos, self._sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))

    def at(self, x: float, y: float) -> P:
        c, s = self._cos, self._sin
        x *= self.squash
        y *= self.flip
        return P(self.origin.x + x * c - y * s, self.origin.y + x * s + y * c)


def limb_outline(axis: Sequence[tuple[P, float]], cap_points: int = 4) -> list[P]:
    """A closed outline around circles (centre, radius) strung along a limb.

    Each side follows the circles' edges; the two ends are half circles. Drawn through
    `smooth_path` this gives a limb that tapers and bulges like a muscle, not a tube.
    """
    centres = [c for c, _ in axis]
    left, right = [], []
    for i, (c, r) in enumerate(axis):
        before = centres[max(i - 1, 0)]
        after = centres[min(i + 1, len(centres) - 1)]
        n = (after - before).unit().normal()
        left.append(c + n * r)
        right.append(c - n * r)
    outline = left[:]
    end_dir = (centres[-1] - centres[-2]).unit()
    outline += _cap(centres[-1], axis[-1][1], end_dir, cap_points)
    outline += right[::-1]
    outline += _cap(centres[0], axis[0][1], end_dir * -1, cap_points)
    return outline


def _cap(centre: P, r: float, forward: P, points: int) -> list[P]:
    """Points on the half circle that closes a limb, from its left edge to its right."""
    base = angle_of(forward)
    return [centre + direction(base + 90 - 180 * (k + 1) / (points + 1)) * r for k in range(points)]


def ellipse_points(centre: P, rx: float, ry: float, angle: float, n: int = 12) -> list[P]:
    frame = Frame(centre, angle)
    return [
        frame.at(rx * math.cos(2 * math.pi * k / n), ry * math.sin(2 * math.pi * k / n))
        for k in range(n)
    ]


def arc_points(centre: P, r: float, start: float, sweep: float, n: int = 16) -> list[P]:
    return [centre + direction(start + sweep * k / n) * r for k in range(n + 1)]


def smooth_path(points: Sequence[P], closed: bool, fmt) -> str:
    """SVG path data for a Catmull-Rom curve through `points`, as cubic Béziers.

    `fmt` turns a world point into its SVG text ("x,y"), so flipping and mirroring stay
    in the writer.
    """
    pts = list(points)
    if len(pts) < 3:
        return "M" + "L".join(fmt(p) for p in pts)
    count = len(pts) if closed else len(pts) - 1
    parts = ["M" + fmt(pts[0])]
    for i in range(count):
        p0 = pts[(i - 1) % len(pts)] if closed or i > 0 else pts[0]
        p1, p2 = pts[i], pts[(i + 1) % len(pts)]
        p3 = pts[(i + 2) % len(pts)] if closed or i + 2 < len(pts) else p2
        c1 = p1 + (p2 - p0) * (1 / 6)
        c2 = p2 - (p3 - p1) * (1 / 6)
        parts.append("C" + " ".join(fmt(q) for q in (c1, c2, p2)))
    return "".join(parts) + ("Z" if closed else "")


def straight_path(points: Sequence[P], closed: bool, fmt) -> str:
    return "M" + "L".join(fmt(p) for p in points) + ("Z" if closed else "")
