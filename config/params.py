"""Free text read straight from a query string or a post, where no form field checks it."""


def typed_text(params, name: str, *, max_length: int = 100) -> str:
    """What was typed into `name`, cut to `max_length`. NUL characters are dropped: no
    keyboard types them, and PostgreSQL text cannot hold them (a query would fail)."""
    return params.get(name, "").replace("\x00", "")[:max_length]
