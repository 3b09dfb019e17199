"""The first-visit transfer budget: what a patient's browser downloads, compressed, the first
time it opens the today page — the HTML and every stylesheet, script and image it names.

`first_visit_transfer(fetch)` takes any way of fetching a path, so the benchmark measures it
against gunicorn and a unit test against Django's test client.
"""

import gzip
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlsplit

BUDGET_KB = 150
FIVE = 5

# fetch(path) -> (status, body, Content-Encoding of the response)
Fetch = Callable[[str], tuple[int, bytes, str]]


class _Assets(HTMLParser):
    """The paths of the stylesheets, icons, scripts and images a page makes the browser get."""

    # <link rel=canonical> and the like are not downloaded; these are.
    FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon"}

    def __init__(self):
        super().__init__()
        self.paths: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and self.FETCHED_LINKS & set((attrs.get("rel") or "").lower().split()):
            self._add(attrs.get("href"))
        elif tag in ("script", "img"):
            self._add(attrs.get("src"))

    def _add(self, url):
        # Same-site paths only: data: URIs are already counted in the HTML, and the app
        # links nothing from other hosts (a third-party URL would show up as missing here).
        if url and not urlsplit(url).scheme and url not in self.paths:
            self.paths.append(url)


def asset_paths(html: str) -> list[str]:
    parser = _Assets()
    parser.feed(html)
    return parser.paths


def compressed_size(body: bytes, encoding: str) -> int:
    """Bytes on the wire with gzip. Whitenoise sends a precompressed file only when
    collectstatic made one (the benchmark serves from the finders, so it has none), and
    Django's pages go out uncompressed (no GZipMiddleware: BREACH); so an uncompressed
    response is gzipped here, which is what the compressing proxy in front would send."""
    if encoding == "gzip":
        return len(body)
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def first_visit_transfer(fetch: Fetch, path: str = "/today/") -> dict:
    """The page and its assets, each fetched once as on an empty cache; raises when any of
    them fails, since a missing file would make the page look lighter than it is."""
    sizes = {}

    def get(url: str) -> bytes:
        status, body, encoding = fetch(url)
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status}")
        sizes[url] = compressed_size(body, encoding)
        return body

    for url in asset_paths(get(path).decode()):
        get(url)
    total_kb = round(sum(sizes.values()) / 1024, 1)
    return {
        "path": path,
        "bytes": sizes,
        "total_kb": total_kb,
        "budget_kb": BUDGET_KB,
        "verdict": "met" if total_kb <= BUDGET_KB else "MISSED",
    }


def drawn_foot_exercises(exercises, count: int = FIVE) -> list:
    """`count` active foot and ankle exercises that have drawings, the heaviest case."""
    from exercises.illustrations import has_illustration

    drawn = [
        exercise
        for exercise in exercises.active().filter(body_region="foot_ankle").order_by("slug")
        if has_illustration(exercise.slug)
    ]
    if len(drawn) < count:
        raise RuntimeError(f"Only {len(drawn)} drawn foot exercises in the catalogue.")
    return drawn[:count]


def give_five_foot_exercises(*, clinician, patient):
    """An active program from the patient's today with five drawn foot exercises, made as
    the builder makes one (create_program), unless the patient already has one."""
    from accounts.dates import local_today
    from exercises.models import Exercise
    from programs.models import ProgramStatus
    from programs.prescribing.services import create_program, default_dose

    existing = patient.programs.filter(status=ProgramStatus.ACTIVE).first()
    if existing is not None:
        return existing
    exercises = drawn_foot_exercises(Exercise.objects.visible_to(clinician))
    return create_program(
        clinician=clinician,
        patient=patient,
        data={
            "title": "Heel pain: five exercises",
            "condition": None,
            "start_date": local_today(patient),
            "end_date": None,
            "status": ProgramStatus.ACTIVE,
        },
        # Due every day, so all five are on today's page whatever the weekday.
        items=[
            default_dose(exercise) | {"exercise": exercise, "weekdays": 0b1111111}
            for exercise in exercises
        ],
    )


def five_exercise_patient(*, clinician, email: str, password: str):
    """The benchmark's patient for this budget, on the clinician's care team: a patient of
    their own, so the scale dataset's rows (and every other measurement) stay as they are."""
    from accounts.models import PatientProfile, Role, User

    patient, made = User.objects.get_or_create(
        email=email,
        defaults={"role": Role.PATIENT, "clinic": clinician.clinic, "full_name": "Five Exercises"},
    )
    if made:
        patient.set_password(password)
        patient.save(update_fields=["password"])
    profile, _ = PatientProfile.objects.get_or_create(user=patient)
    profile.care_team.add(clinician)
    give_five_foot_exercises(clinician=clinician, patient=patient)
    return patient
