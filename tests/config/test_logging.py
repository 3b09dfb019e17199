"""Under runserver, each request prints one line: the JSON line of config/request_logging."""

import io
import json
import logging
import threading
import urllib.error
import urllib.request

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer


@pytest.fixture
def console(monkeypatch):
    """Everything the configured logging prints, in one buffer."""
    out = io.StringIO()
    loggers = [logging.root, *logging.root.manager.loggerDict.values()]
    for logger in loggers:
        # Exactly StreamHandler: pytest's own capturing handlers subclass it.
        for handler in getattr(logger, "handlers", []):
            if type(handler) is logging.StreamHandler:
                monkeypatch.setattr(handler, "stream", out)
    monkeypatch.setattr(logging, "lastResort", logging.StreamHandler(out))
    return out


@pytest.fixture
def runserver(settings):
    """runserver's own server and request handler, serving the app as under `make run`."""
    settings.DEBUG = True
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    # Not get_wsgi_application(): its django.setup() would configure logging anew.
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_request_prints_one_line(console, runserver):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{runserver}/no-such-page")  # noqa: S310  (our own test server)
    assert refused.value.code == 404
    lines = console.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert json.loads(lines[0])["status"] == 404
