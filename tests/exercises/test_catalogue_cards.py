"""exercises.catalogue_cards: the catalogue list's cards, drawn once for what they show."""

import os
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from config.release import release_digest
from exercises import catalogue_cards
from exercises.models import Condition, Exercise
from exercises.search import search_exercises

URL = reverse("exercise_list")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def drawn_cards():
    """Spy on the drawing of cards (a cache miss draws one)."""
    return mock.patch.object(
        catalogue_cards, "render_to_string", wraps=catalogue_cards.render_to_string
    )


def test_a_card_is_drawn_once_then_read_from_the_cache(client, alice, catalogue):
    client.force_login(alice)
    with drawn_cards() as draw:
        first = client.get(URL).context["cards"]
        assert draw.call_count == 4
        draw.reset_mock()
        assert client.get(URL).context["cards"] == first
        assert draw.call_count == 0


def test_the_cards_are_what_the_card_template_draws(alice, catalogue):
    # The list loads only what a card reads: drawn from it, a card is the same as one
    # drawn from a whole exercise.
    listed = list(catalogue_cards.for_cards(search_exercises(user=alice)))
    whole = Exercise.objects.prefetch_related("equipment").in_bulk()
    assert catalogue_cards.rendered_cards(listed, user=alice) == [
        render_to_string(catalogue_cards.CARD_TEMPLATE, {"exercise": whole[e.pk], "user": alice})
        for e in listed
    ]


def test_an_exercise_changed_anyhow_is_drawn_anew(client, alice, heel_raise, towel):
    client.force_login(alice)
    client.get(URL)
    # Changes that touch no timestamp: a rename in bulk and equipment added.
    Exercise.objects.filter(pk=heel_raise.pk).update(name="Heel raise on a step")
    heel_raise.equipment.add(towel)
    page = client.get(URL).content.decode()
    assert "Heel raise on a step" in page
    assert "Step, Towel" in page


def test_a_new_release_draws_every_card_anew(alice, heel_raise):
    listed = list(catalogue_cards.for_cards(search_exercises(user=alice)))
    before = catalogue_cards.card_key(listed[0])
    with mock.patch.object(catalogue_cards, "release_digest", return_value="another"):
        assert catalogue_cards.card_key(listed[0]) != before


def test_the_release_digest_the_cards_carry_is_stable():
    release_digest.cache_clear()
    version = release_digest()
    assert len(version) == 16 and release_digest() == version


def test_a_page_drawn_from_the_cache_costs_fewer_queries(
    client, alice, catalogue, django_assert_num_queries
):
    client.force_login(alice)
    # Session, user, the count, the page (with its equipment's names) and the digest of
    # the filters' choices; drawing the cards reads their equipment, drawing the form the
    # condition and equipment lists.
    with django_assert_num_queries(8):
        client.get(URL)
    with django_assert_num_queries(5):
        client.get(URL)


def test_the_search_form_follows_what_was_typed_and_the_choices(client, alice, catalogue):
    client.force_login(alice)
    plain = client.get(URL).content.decode()
    assert '<option value="plantar-fasciitis">Plantar fasciitis</option>' in plain
    chosen = client.get(URL, {"condition": "plantar-fasciitis"}).content.decode()
    assert '<option value="plantar-fasciitis" selected>Plantar fasciitis</option>' in chosen
    assert "Clear search and filters" in chosen and "Clear search and filters" not in plain
    Condition.objects.filter(slug="plantar-fasciitis").update(name="Plantar heel pain")
    renamed = client.get(URL).content.decode()
    assert '<option value="plantar-fasciitis">Plantar heel pain</option>' in renamed


REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own


def test_cards_come_back_from_redis_as_html(client, alice, catalogue):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    # A prefix of this test's own, and only its keys deleted: clear() would empty the whole
    # Redis database, whatever else (a queue, another test run) keeps there.
    prefix = f"stride-test-{uuid.uuid4().hex}"
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    client.force_login(alice)
    server = redis.Redis.from_url(REDIS_URL)
    try:
        with override_settings(CACHES=redis_cache):
            drawn = client.get(URL).context["cards"]
            assert list(server.scan_iter(f"{prefix}:*")), "the cards were not stored in Redis"
            cached = client.get(URL)
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)
    assert cached.context["cards"] == drawn
    page = cached.content.decode()
    assert page.count("<article") == 4 and "&lt;article" not in page
