"""Exercise illustrations: a posed line-drawn figure with its props, as standalone SVG.

Every exercise has at least two frames (start and end), drawn from pose data in
`poses/<region>.yaml` (same slugs as `exercises/catalogue/<region>.yaml`). The drawings and
the pose data are CC BY 4.0, "Stride contributors" (see LICENSE.md and `image_metadata`).

Use
---
`exercise_svgs(slug, side=..., title=...)` gives the frames' SVG texts (cached; all frames
share one viewBox, 4:3). `side="right"` mirrors the drawing so the figure's right limb is
the near, working one; "left", "both" and "" draw it as authored (left side working).
`has_illustration(slug)` says whether there are poses; `image_metadata(slug)` gives the
author, licence and source to show beside the picture.

Pose format
-----------
A file is a mapping `exercises:` from slug to::

    heel-raise-double:
      base: standing              # standing, sitting, long_sitting, lying_back,
                                  # lying_front, kneeling, hands_knees; seen from the
                                  # front: side_lying, standing_front,
                                  # sitting_front; from above:
                                  # lying_back_above
      pose: {both.shoulder: 50}   # angles for every frame, on top of the base
      anchor: {point: near.ball, at: [0, 0]}   # where the figure stands (optional)
      props: [{type: wall, at: near.fingers}]  # in every frame
      highlight: [near.shank, near.foot]       # the working part, in the accent colour
      frames:
        - arrow: {point: near.heel, offset: [-7, 0]}   # where this frame moves next
        - pose: {both.ankle: -30, both.toes: 30}       # only what differs

Angles are degrees from the base posture, anatomical: `tilt` (the whole pelvis and all on
it; forward positive, -90 lies the figure on its back), `trunk` (forward bend), `neck`
(chin down), and per side (`near.`, `far.`, or `both.` for the two) `shoulder` (arm
forwards and up), `elbow`, `wrist` (bends like the elbow), `grip` (0 open hand, 1 fist),
`hip` (thigh forwards), `knee` (bend), `ankle` (toes up positive, pointing down
negative), `toes` (bent up), `big_toe` (the big toe beyond the others), `arch` (0 to 1,
arch lifted), `roll` (eversion: the sole turns to face the viewer), `thigh_out`,
`shank_out`, `arm_out` and `forearm_out` (a segment turned out of the picture, drawn
shorter: a leg crossed over the other knee, an arm across the chest or out to the side,
a forearm turned outwards), `palm` (1 the hand turned palm down, -1 palm up, for an arm
held out in front; drawn flat and edge-on, the fingers curling towards the palm by `grip`,
bent back when it is negative, the thumb shown on the viewer's side, a nail and knuckles on
the back). The near side is the figure's left.

The front-view bases draw the figure facing the viewer (skeleton.pose_body): there
`hip` and `shoulder` take the limb out to the side, `knee` and `elbow` bend it in the
picture, `*_out` turn it towards the viewer, the far limbs mirror the near ones, `neck`
tips the head towards a shoulder and `head_turn` turns the face (eyes, nose, mouth) to the
figure's left (negative: its right; the other ear comes round, the nose shows at the
cheek). `lying_back_above` is the same figure lying on its
back seen from above (a leg crossed over the other knee): no floor line, the floor is the
background, both sides drawn alike, and a mat with a `width` is a rectangle under it.

A point is a landmark of the posed figure or `[x, y]` in centimetres (floor at y = 0,
the figure faces +x). Landmarks: `pelvis`, `seat`, `lumbar`, `back`, `chest`, `neck`,
`head`, `head_top`, and per side `shoulder`, `elbow`, `wrist`, `hand`, `fingers`, `hip`,
`knee`, `knee_front`, `ankle`, `heel`, `heel_back`, `arch`, `instep`, `ball`, `toe`,
`toe_pad`, `toe_top`. The anchor moves the figure so `point` lands on `at` (`lowest`:
the lowest point of the body at that height, the pelvis at that x).

`fit` (for the exercise or a frame) turns joints until a contact holds, so angles need
not be worked out by hand: `{joint: near.ankle, point: near.ball, y: 0}` (a number or a
landmark, with `offset`), or two joints reaching a point, `{joint: [near.shoulder,
near.elbow], point: near.hand, at: near.toe_top}`. `view: {at: near.ball, width: 60}`
draws a close-up for movements too small to see in the whole figure (toes, arch);
`arm_behind_leg: true` draws the near arm behind the near leg (a hand holding the toes
from behind, so the toes it pulls back stay in sight); `other_hand_in_front: true` draws
the far hand over the near one it holds (the wrist stretches), the rest of its arm behind.

Props (see `props.PROPS` for each one's options) sit at a point `at` plus `offset`: wall,
step (its edge; `rail` at the hand, `level` its height dashed on behind), chair (seat
top), mat, bed, ball, bottle, towel (`form`: flat, gathered, rolled, loop to `to`, pad:
folded under a hand or an elbow; `layer` for a pad or a roll), band (to `to`), cushion,
backpack, table, marbles, doorway (the door frame edge-on), weight (a hand weight in the
fist), foot_above (a round close-up inset of the foot seen from above, the toes together
or `spread`: what a side view cannot show), sole_end (the same inset of the sole seen
from the foot's end, legs out in front, turned outwards by `turn` against a band). The
floor is always drawn. Props named for the exercise are placed by the first frame's figure
and stay put; props named in a frame follow that frame's figure.

An arrow shows where its frame moves (to the next frame, or `to`; `arrow` may be a list,
the movement and what it does, the ball sliding back and the arch rising): `kind: path` traces
`point`; with `around: <landmark>` it is an arc about that joint; `circle` is a circling arrow
(`radius`, start `angle`, `sweep`); `turn` a flat ellipse round an axis in the picture
(the foot turning out); `push` a straight arrow at `angle` degrees, `length` cm;
`letter` the capital A the toes trace in the ankle alphabet.
"""

from functools import lru_cache

from .poses import all_poses
from .render import render_svgs

AUTHOR = "Stride contributors"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SOURCE = "Stride exercise illustrations (exercises/illustrations in the Stride repository)"


def has_illustration(slug: str) -> bool:
    return slug in all_poses()


@lru_cache(maxsize=1024)
def exercise_svgs(slug: str, side: str = "", title: str = "") -> tuple[str, ...]:
    """The SVG text of each frame of `slug`; KeyError when it has no poses."""
    return tuple(render_svgs(all_poses()[slug], mirror=side == "right", title=title))


def image_metadata(slug: str) -> dict[str, str]:
    """Who made the drawing of `slug`, under which licence, and where it comes from."""
    if not has_illustration(slug):
        raise KeyError(slug)
    return {
        "author": AUTHOR,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "source": SOURCE,
        "title": f"Illustration of {slug}",
    }
