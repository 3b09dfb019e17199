"""The catalogue list's cards and search form, drawn once for what they show, then cached.

A card (templates/exercises/_exercise_card.html) shows an exercise's name, summary, region,
type, difficulty, equipment, clinic and archive badges, and its picture: drawn from pose
data in Python, an upload, or the type's icon. Twenty of them were most of the catalogue
list's time, and the search form with its filter boxes much of the rest.

Each is cached under a key made of everything it shows and of the release's code
(`config.release.release_digest`), so nothing cached is ever stale: an edited exercise has
a new key, so has a renamed condition for the form, and a new release for everything.
Nothing is ever invalidated, which is what lets each web process keep its own cache (locmem) as well
as share Redis (settings.CACHES).
"""

import hashlib

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db import connection
from django.db.models import OuterRef, Prefetch
from django.db.models.query import prefetch_related_objects
from django.template.loader import render_to_string
from django.templatetags.static import static

from config.release import release_digest
from exercises.models import Equipment

CARD_TEMPLATE = "exercises/_exercise_card.html"
# What a card reads of an exercise (the list's query loads these alone: the others, the
# search vector and long texts among them, cost more to read than the page to draw).
CARD_FIELDS = [
    "clinic",
    "slug",
    "name",
    "summary",
    "steps",
    "body_region",
    "exercise_type",
    "difficulty",
    "is_archived",
    "image",
    "image_author",
    "image_licence",
]


FRAGMENT_SECONDS = 24 * 60 * 60


def for_cards(exercises):
    """The queryset of a list of cards: the fields they read, and their equipment's names
    (`equipment_names`, in the card's order) in the same query. A cached card needs no
    more; only a card drawn anew loads its equipment as such (`rendered_cards`)."""
    names = Equipment.objects.filter(exercise=OuterRef("pk")).order_by("name").values("name")
    return exercises.only(*CARD_FIELDS).annotate(equipment_names=ArraySubquery(names))


def card_key(exercise) -> str:
    """The cache key of an exercise's card: everything the card shows, so that any change
    to it makes a new key."""
    shown = (
        exercise.pk,
        exercise.slug,
        exercise.name,
        exercise.summary,
        exercise.steps[:1],  # the picture's alt text
        exercise.body_region,
        exercise.exercise_type,
        exercise.difficulty,
        exercise.clinic_id,
        exercise.is_archived,
        exercise.image.name,
        exercise.image_author,
        exercise.image_licence,
        exercise.equipment_names,
        # The type's icon as served: a release with a new icon has a new hashed file name.
        static(exercise.placeholder_image),
    )
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()[:32]
    return f"catalogue-card:{release_digest()}:{digest}"


def rendered_cards(exercises, *, user) -> list[str]:
    """The cards of `exercises` (from `for_cards`; clinic staff's view of them), in order:
    from the cache, or drawn and cached."""
    keys = [card_key(exercise) for exercise in exercises]
    cards = cache.get_many(keys)
    missing = {key: exercise for key, exercise in zip(keys, exercises, strict=True)}
    missing = {key: exercise for key, exercise in missing.items() if key not in cards}
    if missing:
        prefetch_related_objects(
            list(missing.values()), Prefetch("equipment", Equipment.objects.only("name"))
        )
        drawn = {
            key: render_to_string(CARD_TEMPLATE, {"exercise": exercise, "user": user})
            for key, exercise in missing.items()
        }
        cache.set_many(drawn, FRAGMENT_SECONDS)
        cards |= drawn
    return [cards[key] for key in keys]


def search_form_key(form) -> str:
    """The cache key of the search form as `form` (bound to the query string) draws it:
    the values typed and chosen, the filters' choices (one query: a digest of every
    condition's and piece of equipment's slug and name), the code. Errors follow from
    those."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT md5(string_agg(kind || ':' || slug || ':' || name, E'\n'
                                  ORDER BY kind, slug))
            FROM (SELECT 'condition' AS kind, slug, name FROM exercises_condition
                  UNION ALL SELECT 'equipment', slug, name FROM exercises_equipment) choices
            """
        )
        choices = cursor.fetchone()[0]
    typed = [(name, form.data.getlist(name)) for name in form.fields]
    digest = hashlib.sha256(repr((typed, choices)).encode()).hexdigest()[:32]
    return f"catalogue-search:{release_digest()}:{digest}"
