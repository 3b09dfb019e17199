"""Placing the figure of one frame: its fits solved, then moved to its anchor.

A fit turns one joint (or two) until a landmark reaches a target, so pose data can say
"the ball of the foot stays on the floor" instead of angles worked out by hand.
"""

from functools import cache

from .geometry import P
from .poses import Keyframe
from .skeleton import Body, pose_body


@cache
def posed(frame: Keyframe) -> Body:
    """The figure in `frame`'s pose, its fits applied, moved to where its anchor says."""
    return anchored(frame, fitted_angles(frame))


@cache
def fitted_angles(frame: Keyframe) -> dict[str, float]:
    """`frame`'s angles after its fits: a seated heel raise keeps the seat on the chair and
    the ball of the foot on the floor by turning the hips; a hand reaches the toes.

    Fits are solved one after another; a few rounds let fits that disturb each other
    settle together. Only the last round must reach: an earlier one may start from a pose
    the others have not set up yet."""
    angles = dict(frame.angles)
    rounds = 4 if len(frame.fits) > 1 else 1
    for n in range(rounds):
        for fit in frame.fits:
            turn = _solve(lambda d, fit=fit, angles=angles: _miss(frame, angles, fit, d), fit)
            if turn is None:
                if n == rounds - 1:
                    raise ValueError(
                        f"fit: turning {', '.join(j for g in fit.joints for j in g)} up to 90 "
                        f"degrees cannot bring {fit.point} to {fit.axis} = {fit.value}"
                    )
                continue
            angles = _turned(angles, fit, turn)
    return angles


def _turned(angles, fit, deltas) -> dict[str, float]:
    out = dict(angles)
    for group, delta in zip(fit.joints, deltas, strict=True):
        for joint in group:
            out[joint] += delta
    return out


def _miss(frame, angles, fit, deltas) -> tuple[float, ...]:
    marks = anchored(frame, _turned(angles, fit, deltas), outlines=False).landmarks
    value = fit.value
    target = marks[value] + fit.offset if isinstance(value, str) else value
    here = marks[fit.point]
    if fit.axis == "xy":
        return (here.x - target[0], here.y - target[1])
    i = 0 if fit.axis == "x" else 1
    return (here[i] - (target[i] if isinstance(value, str) else value),)


def _solve(miss, fit) -> tuple[float, ...] | None:
    return _solve_one(miss) if len(fit.joints) == 1 else _solve_two(miss)


def _solve_one(miss) -> tuple[float] | None:
    """The smallest turn (within 90 degrees either way) that makes the miss zero: step out
    5 degrees at a time until it changes sign, then close in by regula falsi."""

    def f(x):
        return miss((x,))[0]

    f0 = f(0.0)
    if abs(f0) < 0.02:
        return (0.0,)
    last = {1: (0.0, f0), -1: (0.0, f0)}
    for step in range(1, 19):
        for sign in (1, -1):
            x = sign * 5.0 * step
            fx = f(x)
            a, fa = last[sign]
            if (fa > 0) != (fx > 0):
                return (_regula_falsi(f, a, fa, x, fx),)
            last[sign] = (x, fx)
    return None


def _regula_falsi(f, a, fa, b, fb) -> float:
    side = 0
    for _ in range(40):
        c = (a * fb - b * fa) / (fb - fa)
        fc = f(c)
        if abs(fc) < 0.02:
            break
        if (fc > 0) == (fb > 0):
            b, fb = c, fc
            if side == -1:
                fa /= 2  # the Illinois step: keeps a stale end from slowing it down
            side = -1
        else:
            a, fa = c, fc
            if side == 1:
                fb /= 2
            side = 1
    return c


def _solve_two(miss) -> tuple[float, float] | None:
    """Two joints reaching a point: Newton's method with steps of at most 15 degrees."""
    x = [0.0, 0.0]
    for _ in range(40):
        e = miss(tuple(x))
        if abs(e[0]) + abs(e[1]) < 0.05:
            return (x[0], x[1])
        cols = []
        for k in range(2):
            probe = list(x)
            probe[k] += 0.5
            m = miss(tuple(probe))
            cols.append(((m[0] - e[0]) / 0.5, (m[1] - e[1]) / 0.5))
        (a, c), (b, d) = cols
        det = a * d - b * c
        if abs(det) < 1e-9:
            return None
        step = [(-e[0] * d + e[1] * b) / det, (e[0] * c - e[1] * a) / det]
        scale = min(1.0, 15.0 / max(abs(step[0]), abs(step[1])))
        x = [x[0] + step[0] * scale, x[1] + step[1] * scale]
        if max(abs(x[0]), abs(x[1])) > 120:
            return None
    return None


def anchored(frame: Keyframe, angles: dict[str, float], outlines: bool = True) -> Body:
    """The figure in `angles`, moved so the frame's anchor point lands where it says."""
    point, (x, y) = frame.anchor
    body = pose_body(angles, outlines or point == "lowest", front=frame.front)
    if point == "lowest":
        lowest = min(p.y for p in body.points())
        return body.moved(P(x - body.landmarks["pelvis"].x, y - lowest))
    return body.moved(P(x, y) - body.landmarks[point])
