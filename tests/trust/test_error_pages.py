import pytest

from tests.factories import sign_in_as

pytestmark = pytest.mark.django_db

LEAKS = [
    b"Traceback",
    b"SELECT",
    b"no_such_table",
    b"secret_column",
    b"SECRET_KEY",
    b"DEBUG",
    b"settings",
    b"psycopg",
    b"django.db",
]


def test_a_server_error_shows_a_plain_page_and_nothing_technical(client, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.trust.error_urls"
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert b"Sorry, something went wrong" in response.content
    for leak in LEAKS:
        assert leak not in response.content


@pytest.mark.parametrize(
    "person, url, status, text",
    [
        (None, "/no-such-page/", 404, b"We could not find that page"),
        ("bob", "/caseload/", 403, b"This page is not available to you"),
    ],
)
def test_client_errors_show_kind_pages(client, request, person, url, status, text):
    if person:
        sign_in_as(client, request.getfixturevalue(person))
    response = client.get(url)
    assert response.status_code == status
    assert text in response.content
    for leak in LEAKS:
        assert leak not in response.content


def test_a_bad_request_shows_a_kind_page(client):
    response = client.get("/login/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert b"Something in that request was not right" in response.content
