"""The deployment files agree: Dockerfile, docker-compose.yml, nginx template, gunicorn config."""

import re
import runpy

import pytest
import yaml
from django.conf import settings

from benchmarks import production_stack

ROOT = settings.BASE_DIR


def compose_services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_the_dockerfile_runs_the_command_the_benchmarks_run():
    command = re.search(r"^CMD (.+)$", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert (
        command.group(1)
        .rstrip()
        .endswith("exec " + " ".join(production_stack.GUNICORN_COMMAND) + '"]')
    )


def test_gunicorn_is_preloaded_sync_and_recycled_with_jitter():
    config = runpy.run_path(str(ROOT / "config" / "deploy" / "gunicorn.conf.py"))
    assert config["worker_class"] == "sync"
    assert config["preload_app"] is True
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["accesslog"] is None  # raw paths carry patient ids


def test_only_nginx_is_published_and_gunicorn_only_exposed():
    services = compose_services()
    assert "ports" not in services["web"]
    assert services["web"]["expose"] == ["8000"]
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"proxy"}


def test_compose_fills_in_every_placeholder_of_the_nginx_template():
    services = compose_services()
    proxy = services["proxy"]
    assert (
        "./config/deploy/nginx.conf:/etc/nginx/templates/nginx.conf.template:ro" in proxy["volumes"]
    )
    environment = proxy["environment"]
    assert environment["NGINX_ENVSUBST_OUTPUT_DIR"] == "/etc/nginx"
    template = production_stack.NGINX_TEMPLATE.read_text()
    placeholders = set(production_stack.PLACEHOLDER.findall(template))
    assert placeholders
    assert placeholders <= set(environment)
    assert environment["NGINX_UPSTREAM"] == "web:" + services["web"]["expose"][0]


def test_the_template_refuses_to_render_with_a_value_missing():
    with pytest.raises(ValueError, match="NGINX_UPSTREAM"):
        production_stack.render_nginx_conf({"NGINX_RUN_DIR": "/var/cache/nginx"})


@pytest.mark.parametrize(
    "directive",
    [
        "server_tokens off;",
        "client_header_timeout 10s;",
        "client_body_timeout 10s;",
        "send_timeout 10s;",
        "keepalive_timeout 15s;",
        "client_max_body_size 3m;",
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        "proxy_hide_header Server;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
    ],
)
def test_the_nginx_template_has(directive):
    assert directive in production_stack.NGINX_TEMPLATE.read_text()


def test_nginx_refuses_just_above_the_largest_legitimate_body():
    from config.body_limits import PICTURE_BODY_BYTES

    limit = re.search(r"client_max_body_size (\d+)m;", production_stack.NGINX_TEMPLATE.read_text())
    nginx_bytes = int(limit.group(1)) * 1024 * 1024
    assert PICTURE_BODY_BYTES < nginx_bytes <= PICTURE_BODY_BYTES + 1024 * 1024
