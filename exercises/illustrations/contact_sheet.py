"""A contact sheet: every frame of one region's exercises side by side, for review.

    .venv/bin/python -m exercises.illustrations.contact_sheet foot_ankle \\
        docs/illustrations-foot-ankle.png [--frames DIR] [--side right]

`contact_sheet_svg(region)` is pure Python; writing PNG needs `cairosvg` (a reviewing tool,
not a dependency of the app: `pip install cairosvg`). `--frames DIR` also writes each frame
as its own PNG, the size a patient sees on the "How to do it" page.
"""

import argparse
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from .poses import POSES_DIR, read_poses
from .render import render_svgs

CELL_W, CELL_H, LABEL_H, GAP = 240, 180, 22, 12
PER_ROW = 2  # exercises per row


def contact_sheet_svg(region: str, *, mirror: bool = False) -> str:
    poses = read_poses(POSES_DIR / f"{region}.yaml")
    most = max(len(p.frames) for p in poses.values())
    block_w = most * CELL_W + GAP
    width = PER_ROW * block_w + GAP
    rows = -(-len(poses) // PER_ROW)
    height = rows * (CELL_H + LABEL_H + GAP) + GAP
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<rect width="{width}" height="{height}" fill="#e9ecef"/>',
    ]
    for n, (slug, exercise) in enumerate(poses.items()):
        x = GAP + (n % PER_ROW) * block_w
        y = GAP + (n // PER_ROW) * (CELL_H + LABEL_H + GAP)
        out.append(
            f'<text x="{x}" y="{y + 15}" font-family="sans-serif" font-size="14" '
            f'fill="#212529">{escape(slug)}</text>'
        )
        for i, svg in enumerate(render_svgs(exercise, mirror=mirror)):
            attrs = f'x="{x + i * CELL_W}" y="{y + LABEL_H}" width="{CELL_W - 4}" height="{CELL_H}"'
            out.append(svg.replace("<svg ", f"<svg {attrs} ", 1))
    out.append("</svg>")
    return "".join(out)


def _png(svg: str, path: Path, width: int | None = None) -> None:
    try:
        import cairosvg
    except ImportError:
        sys.exit("Writing PNG needs cairosvg: .venv/bin/python -m pip install cairosvg")
    path.parent.mkdir(parents=True, exist_ok=True)
    cairosvg.svg2png(bytestring=svg.encode(), write_to=str(path), output_width=width)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("region")
    parser.add_argument("png", type=Path)
    parser.add_argument("--frames", type=Path, help="also write each frame here")
    parser.add_argument("--side", choices=["left", "right"], default="left")
    args = parser.parse_args(argv)
    mirror = args.side == "right"
    _png(contact_sheet_svg(args.region, mirror=mirror), args.png)
    if args.frames:
        for slug, exercise in read_poses(POSES_DIR / f"{args.region}.yaml").items():
            for i, svg in enumerate(render_svgs(exercise, mirror=mirror)):
                _png(svg, args.frames / f"{slug}-{i}.png", width=480)


if __name__ == "__main__":
    main()
