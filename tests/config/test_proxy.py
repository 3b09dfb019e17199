"""nginx in front of gunicorn, both as production runs them (benchmarks/production_stack.py).

Needs Debian's nginx and openssl: skipped with a hint without them, a failure under CI=true
(.ci/run installs them).
"""

import http.client
import os
import re
import secrets
import socket
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from accounts.audit_actions import AuditAction
from accounts.models import AuditEvent
from benchmarks import production_stack, slow_clients
from benchmarks.production_stack import HOST

MB = 1024 * 1024


def database_url(db: dict) -> str:
    """The test database, for gunicorn's workers."""
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    if db["HOST"].startswith("/"):  # the embedded server's socket folder
        return f"postgres://{credentials}@/{db['NAME']}?host={quote(db['HOST'], safe='')}"
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def stack(django_db_setup):
    missing = production_stack.missing_tools()
    if missing:
        hint = f"install {' and '.join(missing)} (apt-get install -y {' '.join(missing)})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"The proxy tests need nginx and openssl: {hint}")
        pytest.skip(f"The proxy tests need nginx and openssl: {hint}")
    environment = {
        "DATABASE_URL": database_url(connection.settings_dict),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "AUDIT_MAC_KEYS": f"test:{secrets.token_urlsafe(40)}",
        "DEBUG": "false",
        "WEB_CONCURRENCY": "2",
        "TRUSTED_PROXY_COUNT": "1",
        "CONN_MAX_AGE": "0",  # nothing left open when the test database is dropped
        "LOG_LEVEL": "WARNING",
    }
    with tempfile.TemporaryDirectory(prefix="stride-proxy-test-") as directory:
        gunicorn_port = production_stack.free_port()
        gunicorn = production_stack.start_gunicorn(
            gunicorn_port, Path(directory) / "gunicorn.log", environment
        )
        try:
            nginx, http_port, https_port = production_stack.start_nginx(
                Path(directory) / "nginx", gunicorn_port
            )
            try:
                yield {"gunicorn": gunicorn_port, "http": http_port, "https": https_port}
            finally:
                production_stack.stop(nginx)
        finally:
            production_stack.stop(gunicorn)


def https(port: int) -> http.client.HTTPSConnection:
    return http.client.HTTPSConnection(
        HOST, port, timeout=10, context=production_stack.tls_client()
    )


def fetch(connection, method="GET", path="/login/", body=None, headers=None):
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read().decode()
    finally:
        connection.close()


def test_health_checks_answer_within_100_ms_while_slow_clients_hold_on(stack):
    figures = slow_clients.attack(stack["https"], tls=True, clients=10, seconds=4)
    assert figures["connected_before_probing"] == 10
    assert figures["probes"] >= 10
    assert figures["within_budget"] == figures["probes"], figures


def test_through_nginx_django_sees_https_and_the_client_no_gunicorn(stack):
    response, _ = fetch(https(stack["https"]))
    # X-Forwarded-Proto reached Django: no redirect, and HSTS.
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers.get_all("Server") == ["nginx"]  # no version, no gunicorn
    direct, _ = fetch(http.client.HTTPConnection(HOST, stack["gunicorn"], timeout=10))
    assert direct.headers["Server"] == "gunicorn"  # what nginx keeps from the client
    assert direct.status == 301  # plain HTTP straight to gunicorn: sent to HTTPS


def test_plain_http_is_sent_to_https_except_the_health_check(stack):
    plain = http.client.HTTPConnection(HOST, stack["http"], timeout=10)
    response, _ = fetch(plain, path="/login/?next=/today/")
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/login/?next=/today/"
    health, _ = fetch(http.client.HTTPConnection(HOST, stack["http"], timeout=10), path="/healthz")
    assert health.status == 200


def test_a_body_over_3_mb_is_refused_by_nginx_and_one_over_512_kb_by_django(stack):
    # nginx answers from the declared length alone: no body is sent.
    sock = socket.create_connection((HOST, stack["https"]), timeout=10)
    with production_stack.tls_client().wrap_socket(sock) as tls:
        tls.sendall(
            f"POST /login/ HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: {50 * MB}\r\n\r\n".encode()
        )
        answer = tls.recv(65536).decode()
    assert answer.startswith("HTTP/1.1 413")
    assert "Too large to send" in answer
    response, page = fetch(https(stack["https"]), "POST", body=b"a" * MB)
    assert response.status == 413
    assert "Too large to send" in page and "Stride" in page


@pytest.mark.django_db(transaction=True)
def test_the_audit_trail_gets_the_address_nginx_saw_not_a_forged_one(stack):
    response, page = fetch(https(stack["https"]))
    cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    origin = f"https://{HOST}:{stack['https']}"
    response, _ = fetch(
        https(stack["https"]),
        "POST",
        body=f"csrfmiddlewaretoken={token}&username=nobody%40example.org&password=wrong",
        headers={
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + "/login/",
            "X-Forwarded-For": "203.0.113.66",
        },
    )
    assert response.status == 200  # the form again, with its error
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.ip == "127.0.0.1"


def test_straight_at_gunicorn_the_same_slow_clients_stop_it_answering(stack):
    # Last: gunicorn's workers are freed once these clients hang up.
    figures = slow_clients.attack(stack["gunicorn"], tls=False, clients=10, seconds=2)
    assert figures["probes"] >= 1
    assert figures["answered"] == 0
