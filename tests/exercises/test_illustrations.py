"""The exercise illustrations: every catalogue exercise, region by region, has start and end
drawings that are valid, self-contained SVG, with the props it uses, a real mirror for the other
side, the same output every time, and pose files whose mistakes are named precisely.

Pure rendering: no database.
"""

import xml.etree.ElementTree as ET

import pytest
import yaml

from exercises.catalogue_loader import CATALOGUE_DIR
from exercises.illustrations import exercise_svgs, has_illustration, image_metadata
from exercises.illustrations.contact_sheet import contact_sheet_svg
from exercises.illustrations.placing import posed
from exercises.illustrations.poses import BASES, FROM_ABOVE, POSES_DIR, PoseError, read_poses
from exercises.illustrations.props import EQUIPMENT_PROPS, PROPS
from exercises.illustrations.render import render_svgs

SVG = "{http://www.w3.org/2000/svg}"
# Things to do or wear and cards to read are prescribed like exercises but are no movement
# to draw.
NOT_DRAWN = {"task", "education"}
# Every catalogue file with movements to draw is a body region, with a pose file of the
# same name.
FILES = {
    path.stem: yaml.safe_load(path.read_text()).get("exercises", [])
    for path in sorted(CATALOGUE_DIR.glob("*.yaml"))
}
DRAWN = {
    stem: [entry for entry in entries if entry.get("exercise_type") not in NOT_DRAWN]
    for stem, entries in FILES.items()
}
REGIONS = sorted(stem for stem, entries in DRAWN.items() if entries)
CATALOGUE = [entry for region in REGIONS for entry in DRAWN[region]]
SLUGS = [entry["slug"] for entry in CATALOGUE]
POSES = {
    slug: exercise
    for region in REGIONS
    if (POSES_DIR / f"{region}.yaml").exists()
    for slug, exercise in read_poses(POSES_DIR / f"{region}.yaml").items()
}


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own renderer's output, not outside input


def test_every_region_has_a_pose_file():
    assert [region for region in REGIONS if not (POSES_DIR / f"{region}.yaml").exists()] == []


def test_every_catalogue_exercise_has_a_start_and_an_end_frame():
    missing = [slug for slug in SLUGS if slug not in POSES]
    assert missing == []
    assert all(len(POSES[slug].frames) >= 2 for slug in SLUGS)
    assert set(POSES) <= set(SLUGS), "poses for an exercise the catalogue does not have"


@pytest.mark.parametrize("slug", SLUGS)
def test_each_frame_is_well_formed_self_contained_svg(slug):
    svgs = exercise_svgs(slug, title="Calf stretch")
    boxes = set()
    for svg in svgs:
        root = _parse(svg)
        assert root.tag == f"{SVG}svg"
        boxes.add(root.get("viewBox"))
        for element in root.iter():
            assert element.tag.removeprefix(SVG) in {"svg", "title", "rect", "path", "circle"}
            # The site's CSP has no style-src: only presentation attributes, no scripts,
            # no event handlers, nothing fetched from elsewhere.
            assert "style" not in element.attrib
            assert not any(name.startswith("on") for name in element.attrib)
            assert not any("href" in name for name in element.attrib)
        assert root.find(f"{SVG}title").text == "Calf stretch"
    assert len(boxes) == 1, "start and end must line up for the cross-fade"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_prop_exists_and_every_piece_of_equipment_is_drawn(slug):
    drawn = {prop.type for frame in POSES[slug].frames for prop in frame.props}
    assert drawn <= set(PROPS)
    entry = next(e for e in CATALOGUE if e["slug"] == slug)
    assert {EQUIPMENT_PROPS[item] for item in entry.get("equipment", [])} <= drawn


@pytest.mark.parametrize("slug", SLUGS)
def test_no_foot_goes_through_the_floor_and_a_seated_figure_has_a_seat(slug):
    exercise = POSES[slug]
    for frame in exercise.frames:
        body = posed(frame)
        assert min(p.y for p in body.points()) > -0.6
        if exercise.base == "sitting":
            assert {"chair", "bed"} & {prop.type for prop in frame.props}


@pytest.mark.parametrize("slug", SLUGS)
def test_a_right_side_drawing_is_the_mirror_image(slug):
    left, right = exercise_svgs(slug, side="left"), exercise_svgs(slug, side="right")
    assert all(a != b for a, b in zip(left, right, strict=True))
    assert exercise_svgs(slug, side="both") == left
    x, _, width, _ = map(float, _parse(left[0]).get("viewBox").split())
    mirrored_x = float(_parse(right[0]).get("viewBox").split()[0])
    assert mirrored_x == pytest.approx(-(x + width), abs=0.11)


@pytest.mark.parametrize("base", sorted(BASES))
def test_every_base_posture_rests_on_the_floor(tmp_path, base):
    # The regions still to come lie, kneel and sit on the floor: each base must draw.
    path = _poses_file(tmp_path, {"base": base, "frames": [{}, {"pose": {"near.elbow": 40}}]})
    exercise = read_poses(path)["towel-curls"]
    assert all(_parse(svg) is not None for svg in render_svgs(exercise))
    lowest = min(p.y for p in posed(exercise.frames[0]).points())
    if base in FROM_ABOVE:
        # Seen from above the floor is the whole background: the figure lies on it,
        # placed clear of the picture's lower edge.
        assert lowest > 0
    else:
        assert -0.6 < lowest < 1.0


@pytest.mark.parametrize("region", REGIONS)
def test_rendering_is_deterministic(region):
    fresh = read_poses(POSES_DIR / f"{region}.yaml")  # new frames: nothing cached
    for slug, exercise in fresh.items():
        assert tuple(render_svgs(exercise)) == exercise_svgs(slug)


def test_licence_metadata_for_the_app():
    assert has_illustration("towel-calf-stretch")
    meta = image_metadata("towel-calf-stretch")
    assert meta["author"] == "Stride contributors"
    assert meta["licence"] == "CC BY 4.0"
    assert meta["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert meta["source"]
    assert not has_illustration("no-such-exercise")
    with pytest.raises(KeyError):
        image_metadata("no-such-exercise")


def test_contact_sheet_is_one_well_formed_svg_with_every_frame():
    root = _parse(contact_sheet_svg("foot_ankle"))
    frames = root.findall(f"{SVG}svg")
    region = read_poses(POSES_DIR / "foot_ankle.yaml")
    assert len(frames) == sum(len(exercise.frames) for exercise in region.values())


def _poses_file(tmp_path, spec: dict):
    path = tmp_path / "foot_ankle.yaml"
    path.write_text(yaml.safe_dump({"exercises": {"towel-curls": spec}}))
    return path


FRAMES = [{"pose": {"near.ankle": -20}}, {"pose": {"near.ankle": 20}}]


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"pose": {"near.kne": 20}}, "pose.near.kne: unknown field"),
        (
            {"props": [{"type": "trampoline", "at": "near.ball"}]},
            "props[0].type: unknown prop 'trampoline'",
        ),
        (
            {"props": [{"type": "towel", "at": "near.ankel"}]},
            "props[0].at: unknown landmark 'near.ankel'",
        ),
        (
            {"props": [{"type": "towel", "at": "near.toe", "form": "folded"}]},
            "props[0].form: should be one of",
        ),
        (
            {"props": [{"type": "towel", "at": "near.toe", "colour": "red"}]},
            "props[0].colour: unknown field",
        ),
        ({"highlight": ["near.elbo"]}, "highlight: unknown part 'near.elbo'"),
        ({"base": "handstand"}, "base: unknown base posture 'handstand'"),
        (
            {"fit": [{"joint": "near.wing", "point": "near.heel", "y": 0}]},
            "fit[0].joint: unknown joint 'near.wing'",
        ),
        ({"frames": FRAMES[:1]}, "frames: needs a list of at least two"),
        (
            {"frames": [{"pose": {"near.ankle": "x"}}, {}]},
            "frames[0].pose.near.ankle: should be a number",
        ),
        (
            {"frames": [{"arrow": {"point": "near.toe", "to": 5}}, {}]},
            "frames[0].arrow.to: should be the number of another frame",
        ),
    ],
)
def test_a_mistake_names_the_file_the_exercise_and_the_field(tmp_path, spec, field):
    path = _poses_file(tmp_path, {"frames": FRAMES} | spec)
    with pytest.raises(PoseError) as error:
        read_poses(path)
    assert str(error.value).startswith("foot_ankle.yaml, exercise 'towel-curls', ")
    assert field in str(error.value)


def test_an_unreachable_fit_names_the_exercise(tmp_path):
    fit = [{"joint": "near.knee", "point": "near.heel", "y": 500}]
    path = _poses_file(tmp_path, {"fit": fit, "frames": FRAMES})
    with pytest.raises(ValueError, match="exercise 'towel-curls': fit: turning near.knee"):
        render_svgs(read_poses(path)["towel-curls"])


def test_a_frame_may_have_two_arrows_and_a_mistake_names_which(tmp_path):
    arrows = [
        {"kind": "push", "point": "near.toe", "angle": 180},
        {"kind": "push", "point": "near.arch", "angle": 90},
    ]
    path = _poses_file(tmp_path, {"frames": [{"arrow": arrows}, {}]})
    exercise = read_poses(path)["towel-curls"]
    assert len(exercise.frames[0].arrows) == 2
    assert _parse(render_svgs(exercise)[0]) is not None
    arrows[1]["point"] = "near.arh"
    with pytest.raises(PoseError, match=r"frames\[0\]\.arrow\[1\]\.point: unknown landmark"):
        read_poses(_poses_file(tmp_path, {"frames": [{"arrow": arrows}, {}]}))
