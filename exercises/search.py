"""Catalogue search: weighted full-text search plus trigram similarity for typos.

`search_vector` holds name (weight A), summary (B), steps and cues (C); a database
trigger keeps it current. Full-text search misses misspellings ("calf strech"), so
names and linked condition names are also matched by trigram word similarity.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Case, F, FloatField, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from exercises.models import Condition, Equipment, Exercise

# word_similarity() of a typed phrase against a name. 0.45 keeps "heal raise" → "Heel raise"
# (0.57) and "calf strech" → "Standing calf stretch" (0.75) while dropping weak overlaps such
# as "calf strech" → "Plantar fascia stretch" (0.33).
# Exercises a page of the catalogue (and of a clinic's own exercises) shows.
CATALOGUE_PAGE_SIZE = 20
SIMILARITY_THRESHOLD = 0.45
# A match on a linked condition counts for less than a match on the exercise itself.
CONDITION_WEIGHT = 0.5


@dataclass(frozen=True)
class CatalogueFilters:
    body_region: str = ""
    condition: Condition | None = None
    exercise_type: str = ""
    equipment: Equipment | None = None
    difficulty: int | None = None


def search_exercises(*, user, text: str = "", filters: CatalogueFilters | None = None):
    """Active exercises `user` may see, filtered, ranked by relevance when `text` is given
    (an exact name first) and by name otherwise."""
    exercises = Exercise.objects.visible_to(user).active()
    exercises = _apply_filters(exercises, filters or CatalogueFilters())
    text = text.strip()
    if not text:
        return exercises.order_by("name", "pk")
    return _ranked(exercises, text)


def _apply_filters(exercises, filters: CatalogueFilters):
    if filters.body_region:
        exercises = exercises.filter(body_region=filters.body_region)
    if filters.condition is not None:
        exercises = exercises.filter(conditions=filters.condition)
    if filters.exercise_type:
        exercises = exercises.filter(exercise_type=filters.exercise_type)
    if filters.equipment is not None:
        exercises = exercises.filter(equipment=filters.equipment)
    if filters.difficulty is not None:
        exercises = exercises.filter(difficulty=filters.difficulty)
    return exercises


def _ranked(exercises, text: str):
    query = SearchQuery(text, search_type="websearch", config="english")
    best_condition = (
        Exercise.conditions.through.objects.filter(exercise_id=OuterRef("pk"))
        .annotate(similarity=TrigramWordSimilarity(text, "condition__name"))
        .order_by("-similarity")
        .values("similarity")[:1]
    )
    return (
        exercises.annotate(
            text_rank=SearchRank(F("search_vector"), query),
            name_similarity=TrigramWordSimilarity(text, "name"),
            condition_similarity=Coalesce(
                Subquery(best_condition, output_field=FloatField()), Value(0.0)
            ),
            exact_name=Case(
                When(name__iexact=text, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .filter(
            Q(search_vector=query)
            | Q(name_similarity__gte=SIMILARITY_THRESHOLD)
            | Q(condition_similarity__gte=SIMILARITY_THRESHOLD)
        )
        .annotate(
            relevance=F("text_rank")
            + F("name_similarity")
            + CONDITION_WEIGHT * F("condition_similarity")
        )
        .order_by("-exact_name", "-relevance", "name", "pk")
    )
