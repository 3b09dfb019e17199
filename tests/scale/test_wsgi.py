"""The production entry point: what gunicorn workers load."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_freezes_what_startup_loaded():
    # In a process of its own: freezing is for the worker's lifetime.
    result = subprocess.run(  # noqa: S603  (this interpreter, fixed arguments)
        [sys.executable, "-c", "import gc, config.wsgi; print(gc.get_freeze_count())"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(result.stdout) > 50_000  # Django, the apps and the views: ~85,000 objects
