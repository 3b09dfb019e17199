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
from xml.sax.saxutils import escape  # nosec B406 (escapes our output; parses nothing)

from .poses import POSES_DIR, read_poses
from .render import render_svgs

CELL_W, CELL_H, LABEL_H, GAP = 240, 180, 22, 12
ROW_CELLS = 6  # frames per row; an exercise's frames stay together on one row


def contact_sheet_svg(region: str, *, mirror: bool = False) -> str:
    poses = read_poses(POSES_DIR / f"{region}.yaml")
    rows: list[list[str]] = [[]]
    used = 0
    for slug, exercise in poses.items():
        if used + len(exercise.frames) > ROW_CELLS:
            rows.append([])
            used = 0
        rows[-1].append(slug)
        used += len(exercise.frames)
    width = ROW_CELLS * CELL_W + (ROW_CELLS // 2 + 1) * GAP
    height = len(rows) * (CELL_H + LABEL_H + GAP) + GAP
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<rect width="{width}" height="{height}" fill="#e9ecef"/>',
    ]
    for r, row in enumerate(rows):
        x = GAP
        y = GAP + r * (CELL_H + LABEL_H + GAP)
        for slug in row:
            out.append(
                f'<text x="{x}" y="{y + 15}" font-family="sans-serif" font-size="14" '
                f'fill="#212529">{escape(slug)}</text>'
            )
            for svg in render_svgs(poses[slug], mirror=mirror):
                attrs = f'x="{x}" y="{y + LABEL_H}" width="{CELL_W - 4}" height="{CELL_H}"'
                out.append(svg.replace("<svg ", f"<svg {attrs} ", 1))
                x += CELL_W
            x += GAP
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
