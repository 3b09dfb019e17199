"""Reading and checking the pose files in `poses/`, one per body region.

The format is described in this package's docstring. `read_poses(path)` checks a whole
file and raises PoseError naming the file, the exercise and the field of the first
mistake; what it returns holds every frame fully resolved (all angles, the anchor, the
props), so drawing needs no further checks.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .props import POINT, PROPS
from .skeleton import JOINTS, SIDE_JOINTS, SIDES, pose_body

POSES_DIR = Path(__file__).resolve().parent / "poses"

NEUTRAL = dict.fromkeys(JOINTS, 0.0) | {"near.elbow": 8.0, "far.elbow": 8.0}

# Base postures: the angles every frame starts from, and where the figure is placed.
BASES = {
    "standing": ({}, ("near.heel", (0.0, 0.0))),
    "sitting": (
        # Thighs slope a little down to the knee, as on a chair of ordinary height.
        {"both.hip": 80, "both.knee": 80, "both.shoulder": 8, "both.elbow": 55, "both.wrist": 10},
        ("near.heel", (0.0, 0.0)),
    ),
    "long_sitting": (
        {"tilt": -4, "both.hip": 84, "both.shoulder": 30, "both.elbow": 35},
        ("seat", (0.0, 0.0)),
    ),
    "lying_back": ({"tilt": -90, "both.ankle": -15}, ("lowest", (0.0, 0.0))),
    "lying_front": ({"tilt": 90, "both.ankle": -40}, ("lowest", (0.0, 0.0))),
    "kneeling": ({"both.knee": 90, "both.ankle": -80}, ("lowest", (0.0, 0.0))),
    "hands_knees": (
        {"tilt": 90, "both.hip": 90, "both.knee": 90, "both.shoulder": 90, "both.ankle": -80},
        ("lowest", (0.0, 0.0)),
    ),
    # On the right side, seen from the front (skeleton.pose_body's front view): the near
    # (left) side up, hips and shoulders stacked, the head on the lower arm stretched out
    # along the floor, the top hand on the hip (its elbow up), the feet relaxed (pointing
    # along the legs).
    "side_lying": (
        {
            "tilt": -90,
            "neck": -14,
            "far.shoulder": 172,
            "far.elbow": 8,
            "near.shoulder": 22,
            "near.elbow": -62,
            "near.wrist": 10,
            "near.grip": 0.5,
            "both.hip": -6,
            "both.ankle": -75,
        },
        ("lowest", (0.0, 0.0)),
    ),
    # Standing seen from the front: for what happens to the side of the body (stood
    # sideways on a stair, the other foot hanging off its side).
    "standing_front": ({}, ("near.heel", (0.0, 0.0))),
    # Sitting seen from the front: the thighs come towards the viewer (drawn short), the
    # shins hang down to the floor. For the head turning or tipping to a side.
    "sitting_front": (
        {"both.thigh_out": 78, "both.hip": 6, "both.knee": 6, "both.shoulder": 6},
        ("lowest", (0.0, 0.0)),
    ),
    # Lying on the back seen from above (the front view laid down, the head to the left):
    # for a leg crossed over the other knee, whose "4" only shows from above. There is no
    # floor line: the floor is the whole background, the mat a rectangle under the body.
    "lying_back_above": ({"tilt": -90, "both.ankle": -75}, ("pelvis", (0.0, 80.0))),
}
# Drawn from the front, not from the side.
FRONT_VIEW = {"side_lying", "standing_front", "sitting_front", "lying_back_above"}
FROM_ABOVE = {"lying_back_above"}  # the floor is the background, not a line

HIGHLIGHTS = {
    "leg": ("thigh", "shank", "foot", "sole", "toes", "big_toe"),
    "thigh": ("thigh",),
    "shank": ("shank",),
    "foot": ("foot", "sole", "toes", "big_toe"),
    "toes": ("toes", "big_toe"),
    "arm": ("upper_arm", "forearm", "hand"),
    "forearm": ("forearm",),
    "hand": ("hand",),
}
HIGHLIGHT_NAMES = {f"{s}.{name}" for s in SIDES for name in HIGHLIGHTS} | {"trunk", "head"}
ARROW_KINDS = ("path", "circle", "turn", "push", "letter")
LANDMARKS = frozenset(pose_body(NEUTRAL).landmarks)

Point = str | tuple[float, float]


class PoseError(ValueError):
    pass


@dataclass(frozen=True)
class Prop:
    type: str
    at: Point
    offset: tuple[float, float]
    options: dict
    frame: int  # the frame whose figure places it: props named for the exercise stay put


@dataclass(frozen=True)
class Arrow:
    kind: str
    point: str
    around: str | None
    radius: float | None
    offset: tuple[float, float]
    angle: float
    length: float
    sweep: float  # degrees of a circle or turn arrow, negative clockwise
    to: int  # the frame the movement goes to


@dataclass(frozen=True)
class Fit:
    """Turn joints until `point` reaches `value` on `axis` ("x", "y", or "xy" for both).

    `joints` holds one group of joints turned together per coordinate (`both.hip` is the
    group near.hip and far.hip); the target is a number, a pair, or a landmark of the
    same pose (the hand on the toes)."""

    joints: tuple[tuple[str, ...], ...]
    point: str
    axis: str
    value: float | tuple[float, float] | str
    offset: tuple[float, float] = (0.0, 0.0)  # added to a landmark target


@dataclass(frozen=True, eq=False)  # compared by identity, so drawing can cache per frame
class Keyframe:
    angles: dict[str, float]
    anchor: tuple[str, tuple[float, float]]
    props: tuple[Prop, ...]
    highlight: tuple[str, ...]
    arrows: tuple[Arrow, ...]  # usually one; a second shows what the movement does
    fits: tuple[Fit, ...] = ()
    front: bool = False  # the figure seen from the front (a side-lying base)


@dataclass(frozen=True)
class View:
    """A close-up: the drawing shows `width` cm around `at` (read off the first frame)."""

    at: Point
    width: float


@dataclass(frozen=True)
class ExercisePoses:
    slug: str
    base: str
    frames: tuple[Keyframe, ...]
    view: View | None = None
    arm_behind_leg: bool = False  # the near hand reaches round the foot from behind
    other_hand_in_front: bool = False  # the far hand holds the near one from in front


class _Where:
    """How an error names its place: "foot_ankle.yaml, exercise 'towel-curls', field"."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def fail(self, field: str, message: str):
        raise PoseError(f"{self.prefix}, {field}: {message}")


def _mapping(value, where: _Where, field: str, allowed: set[str]) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        where.fail(field, "should be a mapping")
    for key in value:
        if key not in allowed:
            where.fail(f"{field}.{key}", f"unknown field; expected one of {sorted(allowed)}")
    return value


def _number(value, where: _Where, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        where.fail(field, f"should be a number, not {value!r}")
    return float(value)


def _pair(value, where: _Where, field: str) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        where.fail(field, "should be [x, y]")
    return (_number(value[0], where, field), _number(value[1], where, field))


def _point(value, where: _Where, field: str, extra: frozenset = frozenset()) -> Point:
    if isinstance(value, str):
        if value not in LANDMARKS | extra:
            where.fail(field, f"unknown landmark {value!r}; known: {sorted(LANDMARKS | extra)}")
        return value
    return _pair(value, where, field)


def _angles(raw, where: _Where, field: str) -> dict[str, float]:
    names = set(JOINTS) | {f"both.{j}" for j in SIDE_JOINTS}
    out = {}
    for key, value in _mapping(raw, where, field, names).items():
        number = _number(value, where, f"{field}.{key}")
        sides = SIDES if key.startswith("both.") else (None,)
        for side in sides:
            out[key.replace("both", side) if side else key] = number
    return out


def _anchor(raw, where: _Where, field: str):
    raw = _mapping(raw, where, field, {"point", "at"})
    if set(raw) != {"point", "at"}:
        where.fail(field, "needs both point and at")
    return (
        _point(raw["point"], where, f"{field}.point", frozenset({"lowest"})),
        _pair(raw["at"], where, f"{field}.at"),
    )


def _props(raw, where: _Where, field: str, frame: int) -> tuple[Prop, ...]:
    if not isinstance(raw or [], list):
        where.fail(field, "should be a list")
    out = []
    for i, item in enumerate(raw or []):
        f = f"{field}[{i}]"
        if not isinstance(item, dict) or item.get("type") not in PROPS:
            name = item.get("type") if isinstance(item, dict) else item
            where.fail(f"{f}.type", f"unknown prop {name!r}; known: {sorted(PROPS)}")
        kind = PROPS[item["type"]]
        item = _mapping(item, where, f, {"type", "at", "offset"} | set(kind.options))
        if "at" not in item:
            where.fail(f"{f}.at", "every prop needs a point")
        options = {}
        for name, default in kind.options.items():
            value = item.get(name)
            if default is POINT:
                options[name] = None if value is None else _point(value, where, f"{f}.{name}")
            elif isinstance(default, tuple):
                options[name] = default[0] if value is None else value
                if options[name] not in default:
                    where.fail(f"{f}.{name}", f"should be one of {list(default)}")
            elif isinstance(default, bool):
                options[name] = default if value is None else value
                if not isinstance(options[name], bool):
                    where.fail(f"{f}.{name}", "should be true or false")
            else:
                options[name] = default if value is None else _number(value, where, f"{f}.{name}")
        offset = _pair(item.get("offset", [0, 0]), where, f"{f}.offset")
        at = _point(item["at"], where, f"{f}.at")
        out.append(Prop(item["type"], at, offset, options, frame))
    return tuple(out)


def _highlight(raw, where: _Where, field: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        where.fail(field, "should be a list such as [near.foot]")
    for name in raw:
        if name not in HIGHLIGHT_NAMES:
            where.fail(field, f"unknown part {name!r}; known: {sorted(HIGHLIGHT_NAMES)}")
    return tuple(raw)


def _arrow(raw, where: _Where, field: str, index: int, count: int) -> Arrow:
    fields = {"kind", "point", "around", "radius", "offset", "angle", "length", "sweep", "to"}
    raw = _mapping(raw, where, field, fields)
    kind = raw.get("kind", "path")
    if kind not in ARROW_KINDS:
        where.fail(f"{field}.kind", f"should be one of {list(ARROW_KINDS)}")
    if not isinstance(raw.get("point"), str):
        where.fail(f"{field}.point", "every arrow needs a landmark")
    to = raw.get("to", index + 1 if index + 1 < count else index - 1)
    if not isinstance(to, int) or not 0 <= to < count or to == index:
        where.fail(f"{field}.to", f"should be the number of another frame (0 to {count - 1})")
    around = raw.get("around")
    return Arrow(
        kind=kind,
        point=_point(raw["point"], where, f"{field}.point"),
        around=None if around is None else _point(around, where, f"{field}.around"),
        radius=None if "radius" not in raw else _number(raw["radius"], where, f"{field}.radius"),
        offset=_pair(raw.get("offset", [0, 0]), where, f"{field}.offset"),
        angle=_number(raw.get("angle", 0), where, f"{field}.angle"),
        length=_number(raw.get("length", 12), where, f"{field}.length"),
        sweep=_number(raw.get("sweep", 300), where, f"{field}.sweep"),
        to=to,
    )


def _arrows(raw, where: _Where, field: str, index: int, count: int) -> tuple[Arrow, ...]:
    """One arrow, or a list of them (the ball of the foot sliding back and the arch lifting)."""
    if raw is None:
        return ()
    if isinstance(raw, list):
        return tuple(
            _arrow(item, where, f"{field}[{k}]", index, count) for k, item in enumerate(raw)
        )
    return (_arrow(raw, where, field, index, count),)


def _joint_group(name, where: _Where, field: str) -> tuple[str, ...]:
    if isinstance(name, str) and name.startswith("both.") and name[5:] in SIDE_JOINTS:
        return tuple(name.replace("both", side) for side in SIDES)
    if name not in JOINTS:
        where.fail(field, f"unknown joint {name!r}")
    return (name,)


def _fits(raw, where: _Where, field: str) -> tuple[Fit, ...]:
    """`{joint: J, point: P, x: X}` (or `y:`) turns J until P is at X; `{joint: [J1, J2],
    point: P, at: Q}` turns two joints until P is at the point Q; `offset` moves a
    landmark target."""
    if not isinstance(raw, list):
        where.fail(field, "should be a list such as [{joint: near.hip, point: near.ball, y: 0}]")
    out = []
    for i, item in enumerate(raw):
        f = f"{field}[{i}]"
        item = _mapping(item, where, f, {"joint", "point", "x", "y", "at", "offset"})
        offset = _pair(item.get("offset", [0, 0]), where, f"{f}.offset")
        targets = [a for a in ("x", "y", "at") if a in item]
        if len(targets) != 1 or "point" not in item or "joint" not in item:
            where.fail(f, "needs a joint, a point and one of x, y or at")
        point = _point(item["point"], where, f"{f}.point")
        axis = targets[0]
        joint = item["joint"]
        if axis == "at":
            if not isinstance(joint, list) or len(joint) != 2:
                where.fail(f"{f}.joint", "reaching a point needs two joints, [shoulder, elbow]")
            groups = tuple(_joint_group(j, where, f"{f}.joint") for j in joint)
            out.append(Fit(groups, point, "xy", _point(item["at"], where, f"{f}.at"), offset))
            continue
        group = _joint_group(joint, where, f"{f}.joint")
        target = item[axis]
        value = (
            _point(target, where, f"{f}.{axis}")
            if isinstance(target, str)
            else _number(target, where, f"{f}.{axis}")
        )
        out.append(Fit((group,), point, axis, value, offset))
    return tuple(out)


EXERCISE_FIELDS = {
    "base",
    "pose",
    "anchor",
    "props",
    "highlight",
    "fit",
    "view",
    "arm_behind_leg",
    "other_hand_in_front",
    "frames",
}
FRAME_FIELDS = {"pose", "anchor", "props", "highlight", "fit", "arrow"}


def _exercise(slug: str, raw, where: _Where) -> ExercisePoses:
    raw = _mapping(raw, where, "exercise", EXERCISE_FIELDS)
    base = raw.get("base", "standing")
    if base not in BASES:
        where.fail("base", f"unknown base posture {base!r}; known: {sorted(BASES)}")
    base_angles, base_anchor = BASES[base]
    angles = NEUTRAL | _angles(base_angles, where, "base") | _angles(raw.get("pose"), where, "pose")
    anchor = _anchor(raw["anchor"], where, "anchor") if "anchor" in raw else base_anchor
    props = _props(raw.get("props"), where, "props", 0)
    highlight = _highlight(raw.get("highlight", []), where, "highlight")
    fits = _fits(raw.get("fit", []), where, "fit")
    frames = raw.get("frames")
    if not isinstance(frames, list) or len(frames) < 2:
        where.fail("frames", "needs a list of at least two frames (start and end)")
    out = []
    for i, frame in enumerate(frames):
        f = f"frames[{i}]"
        frame = _mapping(frame, where, f, FRAME_FIELDS)
        out.append(
            Keyframe(
                angles=angles | _angles(frame.get("pose"), where, f"{f}.pose"),
                anchor=_anchor(frame["anchor"], where, f"{f}.anchor")
                if "anchor" in frame
                else anchor,
                props=props + _props(frame.get("props"), where, f"{f}.props", i),
                highlight=_highlight(frame["highlight"], where, f"{f}.highlight")
                if "highlight" in frame
                else highlight,
                arrows=_arrows(frame.get("arrow"), where, f"{f}.arrow", i, len(frames)),
                fits=fits + _fits(frame.get("fit", []), where, f"{f}.fit"),
                front=base in FRONT_VIEW,
            )
        )
    view = None
    if "view" in raw:
        spec = _mapping(raw["view"], where, "view", {"at", "width"})
        if set(spec) != {"at", "width"}:
            where.fail("view", "needs at (a point) and width (cm)")
        view = View(
            _point(spec["at"], where, "view.at"), _number(spec["width"], where, "view.width")
        )
    flags = {}
    for name in ("arm_behind_leg", "other_hand_in_front"):
        flags[name] = raw.get(name, False)
        if not isinstance(flags[name], bool):
            where.fail(name, "should be true or false")
    return ExercisePoses(slug=slug, base=base, frames=tuple(out), view=view, **flags)


def read_poses(path: Path) -> dict[str, ExercisePoses]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    top = _Where(path.name)
    exercises = _mapping(raw, top, "file", {"exercises"}).get("exercises")
    if not isinstance(exercises, dict):
        top.fail("exercises", "should be a mapping from exercise slug to its frames")
    return {
        slug: _exercise(slug, spec, _Where(f"{path.name}, exercise {slug!r}"))
        for slug, spec in exercises.items()
    }


@cache
def all_poses() -> dict[str, ExercisePoses]:
    """Every exercise's frames from every region's file, by slug."""
    out = {}
    for path in sorted(POSES_DIR.glob("*.yaml")):
        out |= read_poses(path)
    return out
