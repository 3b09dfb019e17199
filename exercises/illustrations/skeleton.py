"""The figure: an adult about 7.5 heads tall, posed by joint angles and seen from the side.

The figure faces +x. The near side (towards the viewer) is the figure's left; the renderer
mirrors the drawing for a right-side prescription. Lengths are centimetres for a figure
about 169 cm tall, after common anthropometric ratios of body height (thigh and shank
about 0.245 each, upper arm 0.17, forearm 0.145, foot 0.15, head 0.134).

`pose_body(angles)` turns a complete angle mapping (see JOINTS) into a Body: every body
part as an outline and every named landmark, with the hip joint at the origin.

`pose_body(angles, front=True)` draws the figure seen from the front instead, for the
exercises done lying on one side: the hips and shoulders side by side, the near (left)
limbs on the viewer's right of the figure's midline. In front view `hip` and `shoulder`
take the limb out to the side (abduction), `knee`, `elbow`, `ankle` and `wrist` bend it
in the picture, and `*_out` turn it towards the viewer; the far limbs mirror the near
ones, so the same angle opens both legs.
"""

from dataclasses import dataclass, field

from .geometry import Frame, P, direction, ellipse_points, limb_outline

SIDES = ("near", "far")
BODY_JOINTS = ("tilt", "trunk", "neck", "head_turn")
SIDE_JOINTS = (
    "shoulder",
    "elbow",
    "wrist",
    "grip",
    "hip",
    "knee",
    "ankle",
    "toes",
    "big_toe",
    "arch",
    "roll",
    "thigh_out",
    "shank_out",
    "arm_out",
    "forearm_out",
    "palm",
)
JOINTS = BODY_JOINTS + tuple(f"{side}.{joint}" for side in SIDES for joint in SIDE_JOINTS)

THIGH, SHANK = 41.0, 40.0
UPPER_ARM, FOREARM = 29.0, 24.0
HAND_OPEN, HAND_FIST = 17.0, 9.0
TOE = 5.5

# Circles along each limb: (fraction of its length, radius, offset to the limb's front).
# The offsets give the calf its bulge behind the shin and the thigh its front.
THIGH_AXIS = ((0.0, 8.5, 0.0), (0.45, 7.2, 0.6), (1.0, 5.3, 0.0))
SHANK_AXIS = ((0.0, 5.2, 0.0), (0.28, 5.5, -1.3), (0.68, 3.9, -0.4), (1.0, 3.2, 0.0))
UPPER_ARM_AXIS = ((0.0, 4.9, 0.0), (0.5, 4.0, 0.3), (1.0, 3.4, 0.0))
FOREARM_AXIS = ((0.0, 3.5, 0.0), (0.3, 3.7, 0.0), (1.0, 2.4, 0.0))
HAND_OPEN_AXIS = ((0.0, 2.5, 0.0), (0.45, 3.7, 0.0), (1.0, 2.2, 0.0))
HAND_FIST_AXIS = ((0.0, 2.7, 0.0), (0.6, 4.0, 0.0), (1.0, 3.5, 0.0))

# The same trunk seen from the front, near half from the neck down to the crotch; the far
# half mirrors it. The pelvis origin is then between the hip joints, HIP_HALF to a side.
FRONT_TORSO_HALF = (
    ("trunk", 5.5, 41.0),
    ("trunk", 12.0, 39.0),
    ("trunk", 18.5, 37.5),
    ("trunk", 21.0, 33.5),
    ("trunk", 17.0, 27.0),
    ("trunk", 14.5, 18.0),
    ("trunk", 13.0, 8.0),
    ("pelvis", 15.5, 5.0),
    ("pelvis", 16.8, -3.0),
    ("pelvis", 13.0, -9.5),
    ("pelvis", 5.0, -12.5),
)
FRONT_TORSO = (
    FRONT_TORSO_HALF
    + (("pelvis", 0.0, -11.5),)
    + tuple((frame, -x, y) for frame, x, y in reversed(FRONT_TORSO_HALF))
)
HIP_HALF, SHOULDER_HALF = 9.0, 18.0
FRONT_FOOT = 0.4  # a foot seen from the front points at the viewer: drawn this much long

# Outline of the trunk, front from the neck down then back up: which frame, then x, y.
# Lower points move with the pelvis, upper ones with the trunk, so bending the trunk
# bends the waist.
TORSO = (
    ("trunk", 3.5, 39.5),
    ("trunk", 9.0, 34.0),
    ("trunk", 11.5, 25.0),
    ("trunk", 10.5, 14.0),
    ("trunk", 9.8, 5.0),
    ("pelvis", 9.8, 7.0),
    ("pelvis", 8.0, 0.0),
    ("pelvis", 0.0, -7.5),
    ("pelvis", -7.0, -9.5),
    ("pelvis", -13.0, -4.0),
    ("pelvis", -12.5, 5.5),
    ("trunk", -8.8, 4.0),
    ("trunk", -10.3, 17.0),
    ("trunk", -10.0, 29.0),
    ("trunk", -6.0, 38.0),
)


def foot_outline(arch: float) -> list[tuple[float, float]]:
    """The foot without its toes, in the foot's frame (ankle at the origin, toes to +x).

    `arch` 0 to 1 lifts the middle of the sole and draws the ball back towards the heel,
    which is what a short-foot exercise does.
    """
    ball = 12.5 - 1.2 * arch
    return [
        (-3.0, 6.5),
        (-4.8, 1.5),
        (-6.3, -3.0),
        (-5.0, -6.6),
        (-2.5, -7.0),
        (4.0, -6.4 + 2.0 * arch),
        (ball - 3.5, -6.8),
        (ball, -7.0),
        (ball + 1.8, -5.5),
        (ball + 1.1, -3.2),
        (8.0, -0.8 + 0.8 * arch),
        (3.5, 2.5),
    ]


@dataclass
class Part:
    """One body part: `fill` is its closed outline; `stroke` the lines drawn around it.

    The thigh's stroke leaves out the cap at the hip, so the leg grows out of the pelvis
    without a seam.
    """

    side: str  # "near", "far" or "body"
    name: str  # thigh, shank, foot, toes, big_toe, upper_arm, forearm, hand, torso, neck, head
    fill: list[P]
    stroke: list[P]
    closed_stroke: bool = True
    detail: bool = False  # a fine line drawn over the filled group (the edge of the sole)


@dataclass
class Body:
    parts: list[Part] = field(default_factory=list)
    landmarks: dict[str, P] = field(default_factory=dict)

    def moved(self, by: P) -> "Body":
        def shift(points):
            return [p + by for p in points]

        return Body(
            parts=[
                Part(p.side, p.name, shift(p.fill), shift(p.stroke), p.closed_stroke, p.detail)
                for p in self.parts
            ],
            landmarks={name: p + by for name, p in self.landmarks.items()},
        )

    def points(self) -> list[P]:
        return [p for part in self.parts for p in part.fill]


def _limb(
    start: P, angle: float, length: float, axis, outlines=True, flip: float = 1.0
) -> tuple[P, list[P]]:
    """A limb from `start` pointing at `angle`: its far end and (if asked) its outline;
    `flip` -1 puts its bulges on the other side (a far limb seen from the front)."""
    d = direction(angle)
    if not outlines:
        return start + d * length, []
    n = d.normal() * flip
    circles = [(start + d * (length * f) + n * off, r) for f, r, off in axis]
    return start + d * length, limb_outline(circles)


def _blend(a, b, t: float):
    return tuple(
        (fa, ra + (rb - ra) * t, oa) for (fa, ra, oa), (_, rb, _) in zip(a, b, strict=True)
    )


def pose_body(angles: dict[str, float], outlines: bool = True, front: bool = False) -> Body:
    """The posed figure (seen from the `front` if asked); without `outlines` only its
    landmarks, which is all that solving a fit needs and several times quicker."""
    body = Body()
    pelvis = Frame(P(0.0, 0.0), -angles["tilt"])
    trunk = Frame(pelvis.at(0.0 if front else -2.0, 12.0), pelvis.angle - angles["trunk"])
    c7 = trunk.at(0.0 if front else -1.5, 40.0)
    neck = Frame(c7, trunk.angle - angles["neck"])
    marks = body.landmarks
    marks.update(
        pelvis=pelvis.origin,
        seat=pelvis.at(-5.0, -9.6),
        lumbar=trunk.origin,
        back=trunk.at(-10.3, 20.0),
        chest=trunk.at(11.5, 25.0),
        neck=c7,
        head=neck.at(3.0, 17.5),
        head_top=neck.at(3.0, 28.8),
    )
    for side in SIDES:
        # Seen from the front, the far limbs are the near ones mirrored about the midline.
        flip = -1.0 if front and side == "far" else 1.0
        _leg(body, side, pelvis, angles, outlines, front, flip)
        _arm(body, side, trunk, angles, outlines, front, flip)
    if not outlines:
        return body
    outline = FRONT_TORSO if front else TORSO
    torso = [(pelvis if frame == "pelvis" else trunk).at(x, y) for frame, x, y in outline]
    body.parts.append(Part("body", "torso", torso, torso))
    if front:
        # Its base stays on the shoulders and its top goes with the head, so a head tipped
        # to a side bends the neck instead of swinging it like a stick.
        neck_outline = limb_outline(
            [(c7, 5.0), (trunk.at(0.0, 43.5), 4.8), (neck.at(0.0, 10.0), 4.6)]
        )
    else:
        _, neck_outline = _limb(c7, neck.angle + 90, 10.0, ((0, 5.0, 0), (1, 4.6, 0.8)), outlines)
    body.parts.append(Part("body", "neck", neck_outline, neck_outline))
    head = ellipse_points(marks["head"], 8.0 if front else 9.6, 11.3, neck.angle, n=16)
    if not front:
        # The nose, between the front of the head and the chin: it shows which way the
        # face is.
        head.insert(len(head), Frame(marks["head"], neck.angle).at(11.3, -2.4))
    body.parts.append(Part("body", "head", head, head))
    if front:
        _face(body, Frame(marks["head"], neck.angle), angles["head_turn"])
    return body


def _face(body: Body, head: Frame, turn: float) -> None:
    """A face on a head seen from the front, turned `turn` degrees to the figure's left
    (the viewer's right; negative to its right): eyes, nose, mouth and ears placed as on
    a cylinder, so they slide sideways as the head turns, the nose shows in profile at
    the cheek and the other ear comes round to the middle. Says which way the head faces.
    """

    def across(azimuth: float) -> P:
        return direction(90 - turn - azimuth)  # x: across the face, y: towards the viewer

    def at(azimuth: float, y: float, depth: float = 0.0) -> P | None:
        a = across(azimuth)
        if a.y < 0.2:
            return None  # round the side of the head, out of sight
        return head.at((7.6 + depth) * a.x, y)

    def line(points, closed: bool = False) -> None:
        seen = [p for p in points if p is not None]
        if len(seen) >= 2:
            stroke = seen + seen[:1] if closed else seen
            body.parts.append(Part("body", "face", [], stroke, closed_stroke=False, detail=True))

    for side in (-1, 1):
        line([at(side * 30 - 8, 2.4), at(side * 30 + 8, 2.4)])  # the eyes
        # The ear, at the side of the head: a small oval that comes round into sight.
        a = across(side * 90)
        if a.y > -0.1:
            centre = head.at(8.0 * a.x, 0.8)
            rx = 0.7 + 0.9 * max(a.y, 0.0)
            line([Frame(centre, head.angle).at(rx * c.x, 2.4 * c.y) for c in _ring(10)], True)
    line([at(0, 1.6), at(4, -2.4, 2.6), at(-8, -3.4, 0.6)])  # the nose
    line([at(-15, -6.2), at(15, -6.2)])  # the mouth


def _ring(n: int) -> list[P]:
    return [direction(360 * k / n) for k in range(n)]


def _leg(
    body: Body,
    side: str,
    pelvis: Frame,
    angles: dict[str, float],
    outlines: bool,
    front: bool,
    flip: float,
) -> None:
    def a(joint: str) -> float:
        return angles[joint] * flip

    thigh_angle = pelvis.angle - 90 + a(f"{side}.hip")
    hip = pelvis.at(HIP_HALF * flip, 0.0) if front else pelvis.origin
    thigh_len = THIGH * _foreshortening(angles[f"{side}.thigh_out"])
    knee, thigh = _limb(hip, thigh_angle, thigh_len, THIGH_AXIS, outlines, flip)
    # The stroke skips the cap at the hip: the last points of the outline circle the hip.
    body.parts.append(Part(side, "thigh", thigh, thigh[: len(thigh) - 4], closed_stroke=False))
    shank_angle = thigh_angle - a(f"{side}.knee")
    shank_len = SHANK * _foreshortening(angles[f"{side}.shank_out"])
    ankle, shank = _limb(knee, shank_angle, shank_len, SHANK_AXIS, outlines, flip)
    body.parts.append(Part(side, "shank", shank, shank))
    squash = FRONT_FOOT if front else 1.0
    foot = Frame(ankle, shank_angle + 90 * flip + a(f"{side}.ankle"), flip, squash)
    arch = angles[f"{side}.arch"]
    if outlines:
        _foot(body, side, foot, arch, angles[f"{side}.roll"])
    ball_x = 12.5 - 1.2 * arch
    mtp = foot.at(ball_x + 0.5, -5.0)
    toes_angle = foot.angle + a(f"{side}.toes")
    toe = TOE * squash
    toe_tip, toes = _limb(mtp, toes_angle, toe, ((0, 2.0, 0), (1, 1.6, 0)), outlines)
    if a(f"{side}.big_toe"):
        # The big toe moves on its own: small toes thinner, big toe drawn over them.
        toe_tip, big = _limb(
            mtp, toes_angle + a(f"{side}.big_toe"), toe + 0.6, ((0, 2.1, 0), (1, 1.8, 0)), outlines
        )
        _, toes = _limb(mtp, toes_angle, toe - 0.8, ((0, 1.6, 0), (1, 1.3, 0)), outlines)
        body.parts.append(Part(side, "toes", toes, toes))
        body.parts.append(Part(side, "big_toe", big, big))
    else:
        body.parts.append(Part(side, "toes", toes, toes))
    # The toe landmarks follow the big toe, the one a patient watches.
    toe_frame = Frame(mtp, toes_angle + a(f"{side}.big_toe"), flip, squash)
    body.landmarks.update(
        {
            f"{side}.hip": hip,
            f"{side}.knee": knee,
            f"{side}.knee_front": knee + direction(thigh_angle).normal() * (5.5 * flip),
            f"{side}.ankle": ankle,
            f"{side}.heel": foot.at(-2.5, -7.0),
            f"{side}.heel_back": foot.at(-6.3, -3.0),
            f"{side}.arch": foot.at(4.0, -6.4 + 2.0 * arch),
            f"{side}.instep": foot.at(6.0, 0.8),
            f"{side}.ball": foot.at(ball_x, -7.0),
            f"{side}.toe": toe_frame.at(TOE + 1.4, 0.0),
            f"{side}.toe_pad": toe_frame.at(TOE - 1.0, -1.8),
            f"{side}.toe_top": toe_frame.at(TOE - 1.0, 1.8),
        }
    )


def _foot(body: Body, side: str, foot: Frame, arch: float, roll: float) -> None:
    """The foot; `roll` (eversion positive) turns the sole towards the viewer: the side
    of the foot is drawn narrower and the sole shows below it as its own band."""
    squash = direction(roll).x
    outline = [(x, -3.0 + (y + 3.0) * squash) for x, y in foot_outline(arch)]
    sole = [foot.at(x, y) for x, y in outline]
    body.parts.append(Part(side, "foot", sole, sole))
    if roll:
        edge = outline[3:8]  # the plantar edge, heel to ball
        width = 9.0 * direction(roll).y  # the sole is about 9 cm across
        band = edge + [(x + 1.0, y - width) for x, y in reversed(edge)]
        points = [foot.at(x, y) for x, y in band]
        body.parts.append(Part(side, "sole", points, points))
        line = [foot.at(x, y) for x, y in edge]
        body.parts.append(Part(side, "sole", [], line, closed_stroke=False, detail=True))


def _arm(
    body: Body,
    side: str,
    trunk: Frame,
    angles: dict[str, float],
    outlines: bool,
    front: bool,
    flip: float,
) -> None:
    def a(joint: str) -> float:
        return angles[joint] * flip

    shoulder = trunk.at(SHOULDER_HALF * flip, 35.0) if front else trunk.at(1.0, 35.0)
    upper_angle = trunk.angle - 90 + a(f"{side}.shoulder")
    upper_len = UPPER_ARM * _foreshortening(angles[f"{side}.arm_out"])
    elbow, upper = _limb(shoulder, upper_angle, upper_len, UPPER_ARM_AXIS, outlines, flip)
    fore_angle = upper_angle + a(f"{side}.elbow")
    fore_len = FOREARM * _foreshortening(angles[f"{side}.forearm_out"])
    wrist, fore = _limb(elbow, fore_angle, fore_len, FOREARM_AXIS, outlines, flip)
    grip = min(max(angles[f"{side}.grip"], 0.0), 1.0)
    # The hand is in line with the forearm: turned out of the picture with it.
    hand_len = (HAND_OPEN + (HAND_FIST - HAND_OPEN) * grip) * _foreshortening(
        angles[f"{side}.forearm_out"]
    )
    hand_angle = fore_angle + a(f"{side}.wrist")
    body.parts += [
        Part(side, "upper_arm", upper, upper),
        Part(side, "forearm", fore, fore),
    ]
    palm = angles[f"{side}.palm"]
    if palm:
        middle, fingers = _flat_hand(body, side, wrist, hand_angle, palm, angles, outlines)
    else:
        fingers, hand = _limb(
            wrist,
            hand_angle,
            hand_len,
            _blend(HAND_OPEN_AXIS, HAND_FIST_AXIS, grip),
            outlines,
            flip,
        )
        body.parts.append(Part(side, "hand", hand, hand))
        middle = wrist + direction(hand_angle) * (hand_len * 0.55)
    body.landmarks.update(
        {
            f"{side}.shoulder": shoulder,
            f"{side}.elbow": elbow,
            f"{side}.wrist": wrist,
            f"{side}.hand": middle,
            f"{side}.fingers": fingers,
        }
    )


PALM_LENGTH, FINGER_LENGTH = 9.5, 8.0


def _flat_hand(
    body: Body,
    side: str,
    wrist: P,
    angle: float,
    palm: float,
    angles: dict[str, float],
    outlines: bool,
) -> tuple[P, P]:
    """A hand turned palm down (`palm` positive) or palm up (negative), seen edge-on: flat,
    the fingers curling towards the palm by `grip` (negative: bent back), the thumb on the
    palm side (in front of the hand when it is on the viewer's side), a nail at the
    fingertips on the back of the hand. Gives the middle of the hand and the fingertips.

    For an arm held out in front, palm down puts the palm below; palm up above. The near
    (left) arm's thumb faces the viewer when the palm is up, the far arm's when it is down.
    """
    s = -1.0 if palm > 0 else 1.0  # the palm's side of the hand, across it
    hand = Frame(wrist, angle)
    knuckles = hand.at(PALM_LENGTH, 0.0)
    curl = max(min(angles[f"{side}.grip"], 1.0), -0.4) * 80.0
    finger = Frame(knuckles, angle + s * curl)
    tip = finger.at(FINGER_LENGTH, 0.0)
    middle = hand.at(PALM_LENGTH * 0.6, 0.0)
    if not outlines:
        return middle, tip
    # The palm part, a little thicker on its palm side (the heel of the hand).
    palm_outline = limb_outline(
        [
            (hand.at(0.0, 0.0), 2.0),
            (hand.at(3.5, s * 0.4), 2.2),
            (hand.at(PALM_LENGTH, 0.0), 1.7),
        ]
    )
    finger_outline = limb_outline(
        [(finger.at(0.0, 0.0), 1.6), (finger.at(FINGER_LENGTH - 1.0, 0.0), 1.2)]
    )
    thumb_base = hand.at(1.5, s * 1.0)
    thumb_angle = angle + s * 22
    thumb = Frame(thumb_base, thumb_angle)
    thumb_outline = limb_outline(
        [(thumb.at(0.0, 0.0), 1.6), (thumb.at(4.0, 0.0), 1.3), (thumb.at(7.0, 0.0), 1.05)]
    )
    # The thumb is on the side of the arm nearer the viewer when the palm is up (near arm)
    # or down (far arm): drawn over the hand, its edge a fine line; otherwise hidden by it.
    thumb_seen = (palm < 0) == (side == "near")
    body.parts.append(Part(side, "hand", palm_outline, palm_outline))
    body.parts.append(Part(side, "hand", finger_outline, finger_outline))
    if thumb_seen:
        body.parts.append(Part(side, "hand", thumb_outline, thumb_outline))
        body.parts.append(Part(side, "hand", [], thumb_outline + thumb_outline[:1], detail=True))
    # The fingernail on the back of the hand, at the tip.
    nail = [finger.at(FINGER_LENGTH - 3.2, -s * 0.9), finger.at(FINGER_LENGTH - 0.6, -s * 0.7)]
    nail.append(finger.at(FINGER_LENGTH - 0.2, -s * 0.1))
    body.parts.append(Part(side, "hand", [], nail, closed_stroke=False, detail=True))
    # The knuckle line across the back of the hand.
    knuckle = [hand.at(PALM_LENGTH - 1.2, -s * 1.7), hand.at(PALM_LENGTH + 0.8, -s * 1.2)]
    body.parts.append(Part(side, "hand", [], knuckle, closed_stroke=False, detail=True))
    return middle, tip


def _foreshortening(out_of_plane: float) -> float:
    return max(direction(out_of_plane).x, 0.05)
