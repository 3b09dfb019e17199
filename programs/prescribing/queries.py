"""Reads for the program pages, each fetched through `visible_to(user)`."""

from django.db.models import Case, Count, Prefetch, Q, Value, When

from exercises.models import Exercise
from exercises.search import search_exercises
from programs.models import Prescription, Program, ProgramTemplate

SEARCH_LIMIT = 20


def current_items(program):
    """The program's items as they stand now (the open version of each), with their
    exercise joined for its picture."""
    return (
        program.prescriptions.filter(valid_until__isnull=True)
        .select_related("exercise")
        .order_by("order")
    )


def programs_for_patient(*, user, patient):
    """A patient's programs as `user` may see them, newest first, with their item counts."""
    return (
        Program.objects.visible_to(user)
        .filter(patient_id=patient.pk)
        .select_related("condition", "prescriber")
        .annotate(
            item_count=Count("prescriptions", filter=Q(prescriptions__valid_until__isnull=True))
        )
    )


def programs_with_items(*, user):
    """Programs with their current items prefetched (one query each, whatever the count)."""
    return Program.objects.visible_to(user).prefetch_related(
        Prefetch(
            "prescriptions",
            queryset=Prescription.objects.filter(valid_until__isnull=True)
            .select_related("exercise")  # for its picture
            .order_by("order"),
            to_attr="items",
        )
    )


def catalogue_matches(*, user, query: str):
    """Exercises the builder may add, found by the catalogue's ranked, typo-tolerant search."""
    query = query.strip()
    if not query:
        return Exercise.objects.none()
    return search_exercises(user=user, text=query)[:SEARCH_LIMIT]


def templates_for(*, user, condition_slug: str = "", archived: bool = False):
    templates = (
        ProgramTemplate.objects.visible_to(user)
        .filter(is_archived=archived)
        .select_related("condition", "clinic")
        .annotate(item_count=Count("items"))
        .order_by("name")
    )
    if condition_slug:
        templates = templates.filter(condition__slug=condition_slug)
    return templates


def template_choices(*, user, condition) -> tuple[list, list]:
    """The templates a new program may start from: those for the patient's condition first,
    then the rest (one query)."""
    if condition is None:
        return [], list(templates_for(user=user))
    templates = templates_for(user=user).annotate(
        for_condition=Case(When(Q(condition=condition), then=Value(True)), default=Value(False))
    )
    chosen = list(templates.order_by("-for_condition", "name"))
    return [t for t in chosen if t.for_condition], [t for t in chosen if not t.for_condition]
