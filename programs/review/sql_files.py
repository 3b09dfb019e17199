"""The review SQL, kept as named `.sql` files next to the modules that run them.

The statements compose: `due_rows.sql` (adherence) → `window.sql` (flags) → `caseload.sql`.
Each file is a `str.format` template: `{NAME}` is a number from `programs.rules` (or an
argument, such as an inner statement), `{{`/`}}` a literal brace; values from users are
never formatted in, they are `%(name)s` parameters of the query.
"""

from functools import cache
from pathlib import Path

from programs import rules

HERE = Path(__file__).resolve().parent


@cache
def _text(name: str) -> str:
    return (HERE / name).read_text()


def read_sql(name: str, **parts: str) -> str:
    """The statement in `name` with the rules' numbers and `parts` filled in."""
    return _text(name).format(**rules.sql_constants(), **parts)
