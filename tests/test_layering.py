"""The apps stay layered: programs over exercises over accounts over config.

The contract lives in pyproject.toml (`[tool.importlinter]`) and `make lint` runs it too;
this test makes CI fail on a new upward import (say, `accounts` importing `programs`).
lint-imports runs as its own process: it reads the source without importing the apps, and
its configuration of logging stays out of the test process.
"""

import subprocess  # nosec B404  (runs the linter installed next to this interpreter)
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_no_app_imports_a_higher_one():
    result = subprocess.run(  # noqa: S603  (a fixed command, no user input)
        [LINT_IMPORTS, "--no-cache", "--no-logo", ROOT / "pyproject.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
