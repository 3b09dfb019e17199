"""Free text read straight from a query string or a post, where no form field checks it."""


def typed_text(params, name: str, *, max_length: int = 100) -> str:
    """What was typed into `name`, cut to `max_length`. NUL characters are dropped: no
    keyboard types them, and PostgreSQL text cannot hold them (a query would fail)."""
    return params.get(name, "").replace("\x00", "")[:max_length]


def switch(params, name: str) -> bool | None:
    """A yes-or-no a form posts as "1" or "0": True or False, and None for anything else
    (missing too), which the view refuses rather than guessing."""
    return {"1": True, "0": False}.get(params.get(name))
