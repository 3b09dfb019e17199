"""Collecting shapes in world coordinates and writing them as one standalone SVG.

Every style is a presentation attribute (`stroke=`, `fill=`): the site's Content Security
Policy has no `style-src`, so a `style` attribute or element would be blocked. The writer
flips y (world y is up) and, for a mirrored drawing, negates x, so the mirrored file has
other numbers, not a transform a cache or a PDF tool might drop.
"""

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr  # nosec B406 (escapes output; parses nothing)

from .geometry import P, smooth_path, straight_path

# Three stroke weights (visible width, cm): body lines, props and far limbs, details.
HEAVY, MEDIUM, FINE = 0.9, 0.65, 0.4
INK = "#1f2933"  # near limbs and the trunk
FAR_INK = "#8a96a3"  # far limbs: lighter, so near and far never read as one leg
FAR_FILL = "#eef1f4"
PAPER = "#ffffff"
ACCENT = "#c2410c"  # the moving part and the arrow (4.9:1 on white)
ACCENT_FILL = "#ffe4d1"
PROP_INK = "#5b6570"

# Back to front; "mid" is between the far and the near leg: a ball under the near foot.
LAYERS = ("back", "far", "mid", "body", "near", "front")


@dataclass
class Shape:
    kind: str  # "path" or "circle"
    points: list[P]
    attrs: dict[str, str]
    closed: bool = False
    smooth: bool = False
    radius: float = 0.0


@dataclass
class Canvas:
    """Shapes by layer, drawn back to front: props behind the figure, far limbs, trunk,
    near limbs, then props in front (a towel over the foot) and the arrow."""

    layers: dict[str, list[Shape]] = field(default_factory=lambda: {n: [] for n in LAYERS})

    def path(
        self,
        points,
        *,
        layer: str = "back",
        stroke: str | None = PROP_INK,
        width: float = MEDIUM,
        fill: str = "none",
        closed: bool = False,
        smooth: bool = False,
        dash: str | None = None,
    ) -> None:
        attrs = {"fill": fill}
        if stroke:
            attrs |= {"stroke": stroke, "stroke-width": width}
            attrs |= {"stroke-linejoin": "round", "stroke-linecap": "round"}
        if dash:
            attrs["stroke-dasharray"] = dash
        self.layers[layer].append(Shape("path", list(points), attrs, closed, smooth))

    def circle(
        self, centre: P, r: float, *, layer="back", stroke=PROP_INK, width=MEDIUM, fill=PAPER
    ):
        attrs = {"fill": fill}
        if stroke:
            attrs |= {"stroke": stroke, "stroke-width": width}
        self.layers[layer].append(Shape("circle", [centre], attrs, radius=r))

    def points(self) -> list[P]:
        out = []
        for shapes in self.layers.values():
            for s in shapes:
                if s.kind == "circle":
                    (c,) = s.points
                    out += [c + (s.radius, s.radius), c - (s.radius, s.radius)]
                else:
                    out += s.points
        return out


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def write_svg(
    canvas: Canvas,
    box: tuple[float, float, float, float],
    *,
    mirror: bool,
    title: str = "",
    line_scale: float = 1.0,
) -> str:
    """The SVG text for `canvas` framed by `box` (min x, min y, max x, max y in world).

    Stroke widths are multiplied by `line_scale`, so a close-up keeps the lines of a
    whole-figure drawing instead of magnifying them."""
    x0, y0, x1, y1 = box

    def fmt(p: P) -> str:
        x = -p.x if mirror else p.x
        return f"{_num(x)},{_num(-p.y)}"

    left = -x1 if mirror else x0
    view = f"{_num(left)} {_num(-y1)} {_num(x1 - x0)} {_num(y1 - y0)}"
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="'
        + view
        + '" role="img"'
        + (f" aria-label={quoteattr(title)}" if title else "")
        + ">"
    ]
    if title:
        out.append(f"<title>{escape(title)}</title>")
    out.append(
        f'<rect x="{_num(left)}" y="{_num(-y1)}" width="{_num(x1 - x0)}" '
        f'height="{_num(y1 - y0)}" fill="{PAPER}"/>'
    )
    for name in LAYERS:
        for shape in canvas.layers[name]:
            attrs = "".join(
                f' {k}="{_num(v * line_scale) if k == "stroke-width" else v}"'
                for k, v in shape.attrs.items()
            )
            if shape.kind == "circle":
                cx, cy = fmt(shape.points[0]).split(",")
                out.append(f'<circle cx="{cx}" cy="{cy}" r="{_num(shape.radius)}"{attrs}/>')
            else:
                draw = smooth_path if shape.smooth else straight_path
                out.append(f'<path d="{draw(shape.points, shape.closed, fmt)}"{attrs}/>')
    out.append("</svg>")
    return "".join(out)
