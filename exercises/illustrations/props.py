"""The things the exercises use, drawn simply in side view and placed by the figure.

Each prop is placed at a point, `at`: a landmark of the posed figure ("near.ball") or
world coordinates ([x, y], cm, floor at y = 0), plus an optional `offset`. Placing props by
the body keeps the contacts right whatever the angles: the step's edge under the ball of
the foot, the wall at the fingertips, the chair seat under the seat.

PROPS maps each prop name to its drawing function and its options with their defaults.
A default of POINT is an optional point; a tuple is a choice, its first item the default.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .geometry import P, arc_points, direction, ellipse_points
from .svg import ACCENT, ACCENT_FILL, FINE, MEDIUM, PAPER, PROP_INK, Canvas

POINT = object()

WOOD, WOOD_FILL = "#7a6650", "#efe4d4"
CLOTH, CLOTH_FILL = "#4f6f8f", "#d9e6f2"  # towels
BAND = "#1f8a70"
SOFT_FILL = "#e7e1f3"  # cushion
WALL_FILL = "#eceef1"


@dataclass(frozen=True)
class Placed:
    """A prop ready to draw: its point and options, every point resolved to world."""

    at: P
    options: dict
    body: dict[str, P] = field(default_factory=dict)  # the figure's landmarks


def wall(c: Canvas, p: Placed) -> None:
    """A wall whose face is at `at`: in front of the figure, or behind it with `behind`."""
    x, depth = p.at.x, -8.0 if p.options["behind"] else 8.0
    top = p.options["height"]
    c.path([P(x, 0), P(x, top), P(x + depth, top), P(x + depth, 0)], fill=WALL_FILL, closed=True)
    for k in range(1, int(top // 12)):
        c.path([P(x, k * 12), P(x + depth, k * 12 + 6)], width=FINE, stroke="#b8c0c8")


def step(c: Canvas, p: Placed) -> None:
    """Stairs going up in front of the figure; `at` is the edge the heel hangs over. With
    `behind` they go up behind it instead, `at` the edge its other foot steps down from;
    `level` draws the stair's level on behind the edge (dashed)."""
    x, h, d = p.at.x, p.at.y, p.options["depth"]

    def m(points: list[P]) -> list[P]:  # drawn as going up in front, then turned round
        return [P(2 * x - q.x, q.y) for q in points] if p.options["behind"] else points

    outline = [P(x, 0), P(x, h), P(x + d, h), P(x + d, 2 * h), P(x + 2.2 * d, 2 * h)]
    c.path(m(outline + [P(x + 2.2 * d, 0)]), fill=WOOD_FILL, stroke=WOOD, closed=True)
    # The edge itself, heavier, because the exercise is about what hangs over it.
    c.path(m([P(x + 6, h), P(x, h), P(x, h - 4)]), stroke=WOOD, width=1.6)
    if p.options["level"]:
        # The stair's level carried on behind the edge, so a heel lowered "a little below
        # the stair" shows how far below it goes (over the foot, so the heel is seen under it).
        c.path(m([P(x - 22, h), P(x, h)]), stroke=WOOD, width=FINE, dash="2 1.5", layer="front")
    if p.options["rail"] is not None:
        hand = m([p.options["rail"]])[0]
        slope = h / d
        ends = [hand.x - 25, x + 2.2 * d]
        rail = [P(ex, hand.y + (ex - hand.x) * slope) for ex in ends]
        c.path(m(rail), stroke=WOOD, width=1.4)
        for post_x in (x + 0.5 * d, x + 1.6 * d):
            top = hand.y + (post_x - hand.x) * slope
            floor = h if post_x < x + d else 2 * h
            c.path(m([P(post_x, floor), P(post_x, top)]), stroke=WOOD, width=MEDIUM)


def chair(c: Canvas, p: Placed) -> None:
    """A kitchen chair whose seat top is at `at`, the figure sitting on its front part."""
    y = p.at.y
    back, front = p.at.x - p.options["behind"], p.at.x - p.options["behind"] + 44
    c.path(
        [P(back, y), P(front, y), P(front, y - 4), P(back, y - 4)],
        fill=WOOD_FILL,
        stroke=WOOD,
        closed=True,
    )
    for leg_x in (back + 1.5, front - 1.5):
        c.path([P(leg_x, y - 4), P(leg_x, 0)], stroke=WOOD, width=1.6)
    if p.options["backrest"]:
        c.path([P(back + 1.5, y), P(back - 2.5, y + 44)], stroke=WOOD, width=1.6)
        c.path([P(back - 0.5, y + 30), P(back - 2.5, y + 44)], stroke=WOOD, width=4.0)


def mat(c: Canvas, p: Placed) -> None:
    """A mat on the floor, seen edge-on; with a `width` seen from above instead, a
    rectangle that wide round `at` (under a figure drawn from above)."""
    half = p.options["length"] / 2
    if p.options["width"]:
        w = p.options["width"] / 2
        x, y = p.at
        corners = [P(x - half, y - w), P(x - half, y + w), P(x + half, y + w), P(x + half, y - w)]
        c.path(corners, fill="#dbeadf", closed=True)
        return
    c.path(
        [P(p.at.x - half, 0), P(p.at.x - half, 2), P(p.at.x + half, 2), P(p.at.x + half, 0)],
        fill="#dbeadf",
        closed=True,
    )


def bed(c: Canvas, p: Placed) -> None:
    """A bed whose mattress top is at `at`."""
    half, y = p.options["length"] / 2, p.at.y
    x0, x1 = p.at.x - half, p.at.x + half
    c.path(
        [P(x0, y - 14), P(x0, y), P(x1, y), P(x1, y - 14)],
        fill=CLOTH_FILL,
        closed=True,
        smooth=False,
    )
    c.path(
        [P(x0, y - 14), P(x1, y - 14), P(x1, y - 20), P(x0, y - 20)],
        fill=WOOD_FILL,
        stroke=WOOD,
        closed=True,
    )
    for leg_x in (x0 + 3, x1 - 3):
        c.path([P(leg_x, y - 20), P(leg_x, 0)], stroke=WOOD, width=1.6)


def ball(c: Canvas, p: Placed) -> None:
    """A small ball touching `at` from below (under the arch)."""
    r = p.options["radius"]
    centre = p.at - (0, r)
    c.circle(centre, r, fill="#eef5a8", layer="mid")
    c.path(arc_points(centre + (-r * 1.2, 0), r * 0.95, -50, 100, 6), width=FINE, layer="mid")


def bottle(c: Canvas, p: Placed) -> None:
    """A frozen bottle lying across under the foot, seen end-on and a little from above."""
    r, length = p.options["radius"], 20.0
    end = p.at - (0, r)
    away = P(-0.35, 0.5) * (length / 1.0) * 0.5  # its far end, up and back in the picture
    far = end + away
    body = [end + (r, 0), far + (r * 0.8, 0), far - (r * 0.8, 0), end - (r, 0)]
    c.path(body, fill="#e3f1fb", stroke="#4b7fa6", closed=True, layer="mid")
    c.path([far, far + away * 0.18], stroke="#4b7fa6", width=2.6, layer="mid")  # neck, cap
    # Its end is nearer than the foot (a bottle is longer than a foot is wide).
    c.circle(end, r, fill="#e3f1fb", stroke="#4b7fa6", layer="front")
    for k in range(3):  # frost: short marks inside the end, the "frozen" in frozen bottle
        a = end + P(-1.6 + 1.6 * k, 0.6 * (k % 2))
        c.path([a - (0.6, 0.6), a + (0.6, 0.6)], stroke="#4b7fa6", width=FINE, layer="front")


def towel(c: Canvas, p: Placed) -> None:
    """A towel: `flat` or `gathered` on the floor from under the foot forwards, `rolled`
    under the toes, a `loop` from the hands (`to`) round the sole at `at`, or `pad`, folded
    small, `length` cm long at `at` (under a hand on a table, under an elbow)."""
    form, x = p.options["form"], p.at.x
    if form == "rolled":
        r = 2.8  # rolled tight: the toes bend up over it without the foot leaving the step
        centre = p.at - (0, r)
        # In front of the limb by default: a rolled towel is wider than a foot or an elbow,
        # so its end shows; `layer: mid` puts it behind the near foot instead, so the toes
        # curled up over it stay in sight.
        layer = p.options["layer"] or "front"
        c.circle(centre, r, fill=CLOTH_FILL, stroke=CLOTH, layer=layer)
        c.path(arc_points(centre, r * 0.55, 90, 300, 10), stroke=CLOTH, width=FINE, layer=layer)
        return
    if form == "loop":
        _towel_loop(c, p)
        return
    if form == "pad":
        _towel_folded(c, p)
        return
    length = p.options["length"]
    end = x + length if form == "flat" else x + length * 0.45
    c.path(
        [P(x - 24, 0), P(x - 24, 2.0), P(end, 2.0), P(end, 0)],
        fill=CLOTH_FILL,
        stroke=CLOTH,
        closed=True,
    )
    for k in range(3):  # the fringe at the free end
        c.path([P(end + 0.3, 0.3 + 0.5 * k), P(end + 2.4, 0.3 + 0.5 * k)], stroke=CLOTH, width=FINE)
    if form == "gathered":
        heap = [
            P(x - 3, 0),
            P(x - 2, 4.5),
            P(x + 1.5, 3.0),
            P(x + 4, 6.0),
            P(x + 7, 3.4),
            P(x + 9.5, 5.4),
            P(x + 13, 1.6),
            P(x + 13, 0),
        ]
        c.path(heap, fill=CLOTH_FILL, stroke=CLOTH, closed=True, smooth=True, layer="front")


def _towel_loop(c: Canvas, p: Placed) -> None:
    body, hand = p.body, p.options["to"]
    side = "near" if p.options["side"] == "near" else "far"
    heel, ball_, toe = body[f"{side}.heel"], body[f"{side}.ball"], body[f"{side}.toe_pad"]
    out = (ball_ - heel).unit().normal() * -1.6  # away from the sole
    cup = [ball_ + out - (ball_ - heel).unit() * 4, ball_ + out, toe + out * 1.2]
    # One strand shows: the other runs behind the foot back to the same hands.
    strap = [hand, cup[0], cup[1], cup[2]]
    c.path(strap, stroke=CLOTH, width=4.2, layer="front", smooth=True)
    c.path(strap, stroke=CLOTH_FILL, width=2.8, layer="front", smooth=True)


def band(c: Canvas, p: Placed) -> None:
    """An exercise band from `at` (a hand, a chair leg) to a loop round the foot at `to`."""
    to = p.options["to"]
    c.path([p.at, to], stroke=BAND, width=1.5, layer="front")
    c.path(
        ellipse_points(to, 3.2, 2.2, 0, n=10),
        stroke=BAND,
        width=1.5,
        closed=True,
        smooth=True,
        layer="front",
    )


def cushion(c: Canvas, p: Placed) -> None:
    """A firm cushion on the floor, its top at `at`."""
    x, y, half = p.at.x, p.at.y, p.options["width"] / 2
    shape = [
        P(x - half, 0.5),
        P(x - half - 1, y * 0.55),
        P(x - half + 2, y),
        P(x, y + 0.6),
        P(x + half - 2, y),
        P(x + half + 1, y * 0.55),
        P(x + half, 0.5),
        P(x, 0),
    ]
    c.path(shape, fill=SOFT_FILL, stroke="#6d5e91", closed=True, smooth=True)


def backpack(c: Canvas, p: Placed) -> None:
    """A backpack on the back; `at` is the middle of the back."""
    body = p.body
    up = (body["neck"] - body["lumbar"]).unit()
    out = up.normal()  # backwards, away from the chest, for a figure facing +x
    base = p.at + out * 0.5 - up * 12
    pack = [
        base,
        base + out * 12,
        base + out * 13 + up * 30,
        base + out * 4 + up * 34,
        base + up * 32,
    ]
    c.path(pack, fill="#d5e2cc", stroke="#55704a", closed=True, smooth=True, layer="body")
    strap = [base + up * 30, body["neck"] + up * 2, body["chest"] + up * 4]
    c.path(strap, stroke="#55704a", width=1.5, layer="body", smooth=True)


def table(c: Canvas, p: Placed) -> None:
    """A table or kitchen counter behind the figure, its top at `at` (the far hand)."""
    x, y = p.at.x, p.at.y
    c.path(
        [P(x - 45, y), P(x + 35, y), P(x + 35, y - 4), P(x - 45, y - 4)],
        fill=WOOD_FILL,
        stroke=WOOD,
        closed=True,
    )
    for leg_x in (x - 42, x + 32):
        c.path([P(leg_x, y - 4), P(leg_x, 0)], stroke=WOOD, width=1.6)


def marbles(c: Canvas, p: Placed) -> None:
    """Marbles on the floor at `at`, a bowl `bowl` cm beyond them (0: none), one marble
    `held` in the toes."""
    x = p.at.x
    # Drawn a little larger than life (1.5 cm), so they still show in a thumbnail.
    for k, (dx, dy) in enumerate(((0, 0), (3, 0), (6.5, 0), (1.5, 2.3), (5, 2.3))):
        if k < p.options["count"]:
            c.circle(P(x + dx * 1.2, 1.5 + dy * 1.2), 1.5, fill="#cfe3f7", width=FINE, layer="mid")
    bx = x + p.options["bowl"]
    if p.options["bowl"]:
        c.path(
            [P(bx - 8, 7), P(bx - 6, 1.5), P(bx, 0), P(bx + 6, 1.5), P(bx + 8, 7)],
            fill=PAPER,
            stroke=PROP_INK,
            closed=True,
            smooth=True,
        )
    if p.options["held"] is not None:
        c.circle(p.options["held"], 1.5, fill="#cfe3f7", width=FINE, layer="front")


def doorway(c: Canvas, p: Placed) -> None:
    """A door frame seen edge-on from the side: the jamb beside or behind the figure, its
    face at `at` (x), `depth` cm deep (the wall's thickness); drawn behind the figure."""
    x, depth = p.at.x, p.options["depth"]
    c.path(
        [P(x, 0), P(x, 200), P(x + depth, 200), P(x + depth, 0)],
        fill=WOOD_FILL,
        stroke=WOOD,
        closed=True,
    )
    c.path([P(x + 2, 2), P(x + 2, 198)], stroke=WOOD, width=FINE)


def weight(c: Canvas, p: Placed) -> None:
    """A light hand weight held in the fist at `at`, seen end-on: its disc over the hand."""
    r = p.options["radius"]
    c.circle(p.at, r, fill="#c9ced6", stroke="#3e4853", layer="front")
    c.circle(p.at, r * 0.4, fill="#8a96a3", stroke="#3e4853", width=FINE, layer="front")


def _towel_folded(c: Canvas, p: Placed) -> None:
    """A small folded towel at `at` (its middle): on a table under the hand, or a pad
    between the elbow and the side."""
    w, h = p.options["length"] / 2, 2.4
    x, y = p.at.x, p.at.y
    pad = [P(x - w, y - h), P(x - w, y + h), P(x + w, y + h), P(x + w, y - h)]
    layer = p.options["layer"] or "back"
    c.path(pad, fill=CLOTH_FILL, stroke=CLOTH, closed=True, layer=layer)
    c.path([P(x - w, y), P(x + w - 2, y)], stroke=CLOTH, width=FINE, layer=layer)


# A foot seen from above, heel at 0 and toes towards +x (1 is the foot's length), the big
# toe's side up: the outline without toes, then each toe's base, length, width and angle.
SOLE_ABOVE = (
    (0.0, 0.0),
    (0.03, 0.1),
    (0.14, 0.13),
    (0.3, 0.11),
    (0.46, 0.14),
    (0.62, 0.2),
    (0.7, 0.18),
    (0.72, 0.08),
    (0.7, -0.08),
    (0.64, -0.18),
    (0.5, -0.19),
    (0.3, -0.16),
    (0.12, -0.13),
    (0.03, -0.09),
)
TOES_ABOVE = (  # base x, y, length, half width, splay (degrees when spread)
    (0.67, 0.125, 0.21, 0.062, 22),
    (0.69, 0.035, 0.16, 0.036, 6),
    (0.67, -0.045, 0.14, 0.034, -8),
    (0.645, -0.115, 0.12, 0.032, -22),
    (0.61, -0.17, 0.1, 0.03, -36),
)


def _toe_from_above(c: Canvas, base: P, tip: P, half_width: float) -> None:
    """One toe of a foot seen from above or from its end, from its base to its tip."""
    side = (tip - base).unit().normal() * half_width
    middle = lerp_point(base, tip, 0.7)
    outline = [base + side, middle + side, tip, middle - side, base - side]
    c.path(
        outline,
        layer="front",
        stroke=ACCENT,
        width=FINE * 1.5,
        fill=ACCENT_FILL,
        closed=True,
        smooth=True,
    )


def foot_above(c: Canvas, p: Placed) -> None:
    """A close-up inset: the foot seen from above, `length` cm long, on a round patch at
    `at` (its middle), the toes together or `spread` (0 to 1) with arrows showing them
    fan out, which the foot seen from the side cannot show."""
    length, spread = p.options["length"], p.options["spread"]
    mid = p.at

    def w(x: float, y: float) -> P:
        return P(mid.x + (x - 0.5) * length, mid.y + y * length)

    c.circle(mid, length * 0.62, fill="#f8f9fa", stroke=PROP_INK, width=FINE, layer="front")
    sole = [w(x, y) for x, y in SOLE_ABOVE]
    c.path(
        sole, layer="front", stroke="#1f2933", width=MEDIUM, fill=PAPER, closed=True, smooth=True
    )
    for x, y, toe_len, half, splay in TOES_ABOVE:
        base = w(x - 0.03, y + spread * splay / 400)
        tip = base + direction(splay * spread) * (toe_len * length)
        _toe_from_above(c, base, tip, half * length)
    if spread:
        for k, out in ((0, 90.0), (4, -90.0)):  # the big and the little toe move apart
            x, y, toe_len, _, splay = TOES_ABOVE[k]
            start = w(x, y) + direction(splay) * (toe_len * length * 0.7)
            start += direction(out) * (length * 0.07)
            end = start + direction(out + (-25 if out > 0 else 25)) * (length * 0.17)
            c.path([start, end], layer="front", stroke=ACCENT, width=FINE * 1.5)
            head = (end - start).unit()
            n = head.normal()
            c.path(
                [end + head * 0.8, end - head * 1.2 + n * 1.0, end - head * 1.2 - n * 1.0],
                layer="front",
                stroke=ACCENT,
                width=FINE,
                fill=ACCENT,
                closed=True,
            )


def sole_end(c: Canvas, p: Placed) -> None:
    """A close-up inset: the foot seen from its end, legs out in front (the sole towards
    the viewer, the toes up, the big toe's side to the left), `length` cm long on a round
    patch at `at`. `turn` (0 to 1) turns the sole outwards (eversion: the toes swing out
    and the sole faces away, drawn narrower), against a band looped round its outer edge
    to the inner side; `arrow` shows the turn to come."""
    length, turn = p.options["length"], p.options["turn"]
    mid = p.at
    across = 1.0 - 0.35 * turn
    swing = direction(90 - 22 * turn)  # the toes' direction in the picture

    def w(x: float, y: float) -> P:
        # x from heel to toes along `swing`, y across the sole, the big toe's side left
        along, side = swing, swing.normal()
        return mid + along * ((x - 0.45) * length) + side * (y * length * across)

    c.circle(mid, length * 0.62, fill="#f8f9fa", stroke=PROP_INK, width=FINE, layer="front")
    sole = [w(x, y) for x, y in SOLE_ABOVE]
    c.path(
        sole, layer="front", stroke=ACCENT, width=MEDIUM, fill=ACCENT_FILL, closed=True, smooth=True
    )
    for x, y, toe_len, half, _ in TOES_ABOVE:
        _toe_from_above(c, w(x - 0.03, y), w(x - 0.03 + toe_len, y), half * length * across)
    # The band round the outer edge of the foot, pulled towards the inner side.
    hook = [w(0.36, -0.14), w(0.42, -0.24), w(0.52, -0.2), w(0.56, -0.1)]
    c.path(hook, layer="front", stroke=BAND, width=1.2, smooth=True)
    c.path(
        [w(0.56, -0.1), P(mid.x - length * 0.62, w(0.56, 0).y)],
        layer="front",
        stroke=BAND,
        width=1.2,
    )
    if p.options["arrow"]:
        r = length * 0.5
        arc = arc_points(mid + (0, -length * 0.05), r, 120, -45, 8)
        c.path(arc, layer="front", stroke=ACCENT, width=FINE * 2.5, smooth=True)
        tip, before = arc[-1], arc[-2]
        head = (tip - before).unit()
        n = head.normal()
        c.path(
            [tip + head * 1.2, tip - head * 1.6 + n * 1.3, tip - head * 1.6 - n * 1.3],
            layer="front",
            stroke=ACCENT,
            width=FINE,
            fill=ACCENT,
            closed=True,
        )


def lerp_point(a: P, b: P, t: float) -> P:
    return P(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)


@dataclass(frozen=True)
class PropType:
    draw: Callable[[Canvas, Placed], None]
    options: dict = field(default_factory=dict)
    carried: bool = False  # worn by the figure: placed by each frame's figure


PROPS = {
    "wall": PropType(wall, {"height": 200.0, "behind": False}),
    "step": PropType(step, {"depth": 28.0, "rail": POINT, "behind": False, "level": False}),
    "chair": PropType(chair, {"behind": 16.0, "backrest": True}),
    "mat": PropType(mat, {"length": 190.0, "width": 0.0}),
    "bed": PropType(bed, {"length": 200.0}),
    "ball": PropType(ball, {"radius": 3.3}),
    "bottle": PropType(bottle, {"radius": 3.6}),
    "towel": PropType(
        towel,
        {
            "form": ("flat", "gathered", "rolled", "loop", "pad"),
            "length": 45.0,
            "to": POINT,
            "side": ("near", "far"),
            # A pad's or a rolled towel's layer; "" is the form's own (pad back, rolled front).
            "layer": ("", "back", "mid", "body", "front"),
        },
    ),
    "band": PropType(band, {"to": POINT}),
    "cushion": PropType(cushion, {"width": 40.0}),
    "backpack": PropType(backpack, carried=True),
    "table": PropType(table),
    "marbles": PropType(marbles, {"count": 5.0, "bowl": 30.0, "held": POINT}),
    "doorway": PropType(doorway, {"depth": 12.0}),
    "weight": PropType(weight, {"radius": 3.6}),
    "foot_above": PropType(foot_above, {"length": 16.0, "spread": 0.0}),
    "sole_end": PropType(sole_end, {"length": 20.0, "turn": 0.0, "arrow": False}),
}

# Catalogue equipment slugs and the prop that draws each.
EQUIPMENT_PROPS = {
    "wall": "wall",
    "chair": "chair",
    "step": "step",
    "towel": "towel",
    "small-ball": "ball",
    "frozen-water-bottle": "bottle",
    "marbles": "marbles",
    "backpack": "backpack",
    "resistance-band": "band",
    "pillow": "cushion",
    "table": "table",
    "exercise-mat": "mat",
    "doorway": "doorway",
    "light-weight": "weight",
}


def draw_prop(c: Canvas, name: str, placed: Placed) -> None:
    PROPS[name].draw(c, placed)
