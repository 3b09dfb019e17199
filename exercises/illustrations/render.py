"""Drawing an exercise's frames: the posed figure, its props, the highlight and the arrow.

All frames of one exercise share one viewBox, so the start and end pictures line up when
the page cross-fades between them, and the floor stays where it was.
"""

from .geometry import Frame as GeoFrame
from .geometry import P, angle_of, arc_points, direction, lerp
from .placing import anchored, fitted_angles, posed
from .poses import FROM_ABOVE, HIGHLIGHTS, Arrow, ExercisePoses, Keyframe
from .props import PROPS, Placed, draw_prop
from .skeleton import Body, pose_body
from .svg import (
    ACCENT,
    ACCENT_FILL,
    FAR_FILL,
    FAR_INK,
    FINE,
    HEAVY,
    INK,
    MEDIUM,
    PAPER,
    PROP_INK,
    Canvas,
    write_svg,
)

# The order of fills within a group: where two parts overlap at a joint, the later one's
# colour shows, so the thigh and the foot are filled after the shank and cover its round
# ends; a highlighted shank then stops at the knee and the ankle instead of showing its
# end as a blob inside a plain thigh or foot.
FILL_ORDER = {
    "shank": 0,
    "thigh": 1,
    "toes": 2,
    "big_toe": 3,
    "foot": 4,
    "sole": 5,
    "forearm": 0,
    "upper_arm": 1,
    "hand": 2,
}
ASPECT = 4 / 3  # width to height of every drawing, so thumbnails line up in a grid
MARGIN = 6.0
FIGURE_WIDTH = 130.0  # about the width of a drawing of the whole standing figure, cm
# Which parts are drawn together as one outline, back to front.
GROUPS = (
    ("far", ("upper_arm", "forearm", "hand")),
    ("far", ("thigh", "shank", "foot", "sole", "toes", "big_toe")),
    ("body", ("torso", "neck")),
    ("body", ("head", "face")),
    ("near", ("thigh", "shank", "foot", "sole", "toes", "big_toe")),
    ("near", ("upper_arm", "forearm", "hand")),
)


def _trace(a: Keyframe, b: Keyframe, point: str, steps: int = 10) -> list[P]:
    """Where `point` travels from frame a to frame b, angles and placement blended."""
    angles_a, angles_b = fitted_angles(a), fitted_angles(b)
    start, end = anchored(a, angles_a), anchored(b, angles_b)
    out = []
    for k in range(steps + 1):
        t = k / steps
        body = pose_body({j: v + (angles_b[j] - v) * t for j, v in angles_a.items()}, front=a.front)
        pelvis = lerp(start.landmarks["pelvis"], end.landmarks["pelvis"], t)
        out.append(body.landmarks[point] + (pelvis - body.landmarks["pelvis"]))
    return out


def _highlighted(frame: Keyframe) -> set[tuple[str, str]]:
    out = set()
    for name in frame.highlight:
        if name == "trunk":
            out |= {("body", "torso"), ("body", "neck")}
        elif name == "head":
            out.add(("body", "head"))
        else:
            side, group = name.split(".")
            out |= {(side, part) for part in HIGHLIGHTS[group]}
    return out


def _draw_body(
    c: Canvas,
    body: Body,
    lit: set[tuple[str, str]],
    arm_behind_leg: bool,
    hand_in_front: bool = False,
    from_above: bool = False,
) -> None:
    """Each group as one outline: every part's stroke (twice the width; the fills cover
    the inner half), then every fill, so joints have no seams."""
    groups = GROUPS[:-2] + GROUPS[-2:][::-1] if arm_behind_leg else GROUPS
    if hand_in_front:
        # The other hand holding the working one: drawn over it, the rest of its arm behind.
        groups = (
            (side, tuple(n for n in names if n != "hand") if side == "far" else names)
            for side, names in groups
        )
        groups = (*groups, ("far", ("hand",)))
    for side, names in groups:
        parts = [p for p in body.parts if p.side == side and p.name in names]
        # Seen from above, both sides are in plain sight: drawn alike.
        far = side == "far" and not from_above
        ink, fill = (FAR_INK, FAR_FILL) if far else (INK, PAPER)
        width = 2 * (MEDIUM if far else HEAVY)
        layer = "front" if side == "far" and names == ("hand",) else side
        outlined = [p for p in parts if not p.detail]
        for part in outlined:
            colour = ACCENT if (side, part.name) in lit else ink
            c.path(
                part.stroke,
                layer=layer,
                stroke=colour,
                width=width,
                closed=part.closed_stroke,
                smooth=True,
            )
        for part in sorted(outlined, key=lambda p: FILL_ORDER.get(p.name, 0)):
            colour = ACCENT_FILL if (side, part.name) in lit else fill
            c.path(part.fill, layer=layer, stroke=None, fill=colour, closed=True, smooth=True)
        for part in parts:
            if part.detail:
                colour = ACCENT if (side, part.name) in lit else ink
                # A face's lines a little heavier: which way the head faces must show.
                weight = MEDIUM if part.name == "face" else FINE
                c.path(part.stroke, layer=layer, stroke=colour, width=weight, smooth=True)


def _place(c: Canvas, frames: tuple[Keyframe, ...], index: int) -> None:
    """Draw the frame's props. A prop's `at` (and a step's rail) is read off the figure of
    the frame that names it, so the exercise's props stay put while the figure moves; `to`
    and `held` follow the figure in every frame, and a carried prop goes with it."""
    here = posed(frames[index])
    bodies = {index: here}
    for prop in frames[index].props:
        frame = index if PROPS[prop.type].carried else prop.frame
        if frame not in bodies:
            bodies[frame] = posed(frames[frame])

        def resolve(point, body):
            if point is None:
                return None
            return body.landmarks[point] if isinstance(point, str) else P(*point)

        options = dict(prop.options)
        for name in ("to", "held"):
            if name in options:
                options[name] = resolve(options[name], here)
        if "rail" in options:
            options["rail"] = resolve(options["rail"], bodies[frame])
        at = resolve(prop.at, bodies[frame]) + prop.offset
        draw_prop(c, prop.type, Placed(at, options, here.landmarks))


def _arrow_points(frames: tuple[Keyframe, ...], i: int, arrow: Arrow) -> list[P]:
    a, b = frames[i], frames[arrow.to]
    offset = P(*arrow.offset)
    if arrow.kind == "letter":
        # A capital A traced by the big toe, `length` cm tall: the ankle alphabet.
        at, h = posed(a).landmarks[arrow.point] + offset, arrow.length
        return [at, at + (h * 0.4, h), at + (h * 0.8, 0)]
    if arrow.kind == "push":
        start = posed(a).landmarks[arrow.point] + offset
        return [start, start + direction(arrow.angle) * arrow.length]
    if arrow.kind in ("circle", "turn"):
        centre = posed(a).landmarks[arrow.around or arrow.point] + offset
        r = arrow.radius or 8.0
        if arrow.kind == "circle":
            return arc_points(centre, r, arrow.angle, arrow.sweep, 24)
        # A turn about an axis in the picture: a flat ellipse round it, seen edge-on.
        frame = GeoFrame(centre, arrow.angle)
        return [
            frame.at(r * direction(t).x, 0.35 * r * direction(t).y)
            for t in (arrow.sweep * k / 24 for k in range(25))
        ]
    if arrow.around is None:
        return [p + offset for p in _trace(a, b, arrow.point)]
    start, end = posed(a), posed(b)
    pivot = start.landmarks[arrow.around]
    v0 = start.landmarks[arrow.point] - pivot
    v1 = end.landmarks[arrow.point] - end.landmarks[arrow.around]
    sweep = (angle_of(v1) - angle_of(v0) + 180) % 360 - 180
    return arc_points(pivot + offset, arrow.radius or v0.length(), angle_of(v0), sweep, 12)


def _draw_arrow(c: Canvas, points: list[P], scale: float) -> None:
    tip, before = points[-1], points[-2]
    forward = (tip - before).unit() * scale
    side = forward.normal()
    shaft = points[:-1] + [tip - forward * 2.5]
    head = [tip + forward * 1.5, tip - forward * 3.5 + side * 2.6, tip - forward * 3.5 - side * 2.6]
    c.path(shaft, layer="front", stroke=PAPER, width=3.6, smooth=True)  # a halo over lines
    c.path(shaft, layer="front", stroke=ACCENT, width=1.5, smooth=True)
    c.path(head, layer="front", stroke=ACCENT, width=0.6, fill=ACCENT, closed=True)


def line_scale(poses: ExercisePoses) -> float:
    """How much finer lines and arrowheads are drawn in a close-up than in a whole figure."""
    return 1.0 if poses.view is None else min(1.0, poses.view.width / FIGURE_WIDTH)


def draw_frame(poses: ExercisePoses, index: int) -> Canvas:
    frame = poses.frames[index]
    c = Canvas()
    body = posed(frame)
    _draw_body(
        c,
        body,
        _highlighted(frame),
        poses.arm_behind_leg,
        poses.other_hand_in_front,
        from_above=poses.base in FROM_ABOVE,
    )
    _place(c, poses.frames, index)
    for arrow in frame.arrows:
        points = _arrow_points(poses.frames, index, arrow)
        _draw_arrow(c, points, line_scale(poses))
        if arrow.kind == "letter":
            bar = [lerp(points[0], points[1], 0.45), lerp(points[2], points[1], 0.45)]
            c.path(bar, layer="front", stroke=ACCENT, width=1.5)
    return c


def frame_box(canvases: list[Canvas], floor: bool = True) -> tuple[float, float, float, float]:
    """One box around every frame, with a margin, the floor and a fixed aspect ratio."""
    points = [p for c in canvases for p in c.points()]
    x0 = min(p.x for p in points) - MARGIN
    x1 = max(p.x for p in points) + MARGIN
    y0 = (min(min(p.y for p in points), 0.0) - 4.0) if floor else min(p.y for p in points) - MARGIN
    y1 = max(p.y for p in points) + MARGIN
    width, height = x1 - x0, y1 - y0
    if width < height * ASPECT:
        grow = (height * ASPECT - width) / 2
        x0, x1 = x0 - grow, x1 + grow
    elif floor:
        y1 = y0 + width / ASPECT
    else:  # nothing to stand on: the figure in the middle
        grow = (width / ASPECT - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    return x0, y0, x1, y1


def _close_up(poses: ExercisePoses) -> tuple[float, float, float, float]:
    """The box of a close-up: small movements of the toes and the arch are lost in a
    whole figure, so those exercises show the foot and lower leg large."""
    at = poses.view.at
    centre = posed(poses.frames[0]).landmarks[at] if isinstance(at, str) else P(*at)
    width = poses.view.width
    bottom = max(centre.y - width / ASPECT / 2, -4.0 * line_scale(poses))
    return centre.x - width / 2, bottom, centre.x + width / 2, bottom + width / ASPECT


def _floor(c: Canvas, box, above: bool = False) -> None:
    x0, y0, x1, y1 = box
    floor = Canvas()
    if above:  # seen from above: the floor is everywhere
        floor.path(
            [P(x0, y0), P(x1, y0), P(x1, y1), P(x0, y1)], stroke=None, fill="#f1f3f5", closed=True
        )
        c.layers["back"][:0] = floor.layers["back"]
        return
    floor.path([P(x0, 0), P(x1, 0), P(x1, y0), P(x0, y0)], stroke=None, fill="#f1f3f5", closed=True)
    floor.path([P(x0, 0), P(x1, 0)], stroke=PROP_INK, width=MEDIUM)
    c.layers["back"][:0] = floor.layers["back"]


def render_svgs(poses: ExercisePoses, *, mirror: bool = False, title: str = "") -> list[str]:
    try:
        canvases = [draw_frame(poses, i) for i in range(len(poses.frames))]
    except ValueError as error:
        raise ValueError(f"exercise {poses.slug!r}: {error}") from error
    box = (
        frame_box(canvases, floor=poses.base not in FROM_ABOVE)
        if poses.view is None
        else _close_up(poses)
    )
    for c in canvases:
        _floor(c, box, above=poses.base in FROM_ABOVE)
    scale = line_scale(poses)
    return [write_svg(c, box, mirror=mirror, title=title, line_scale=scale) for c in canvases]
