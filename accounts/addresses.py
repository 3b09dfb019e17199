"""The one rule for comparing e-mail addresses: at sign-up, sign-in, lockout and reset.

Accounts store their address in this form (`User.save`), so every lookup is an exact match
on a unique column. Never compare addresses with `iexact`: PostgreSQL's UPPER follows the
database's locale, which does not agree with this rule (under C.UTF-8 it turns the Turkish
dotless `ı` into `I`, so `alıce@…` would find `alice@…` while the lockout counted it apart).
"""

import unicodedata

# RFC 5321's limit on a whole address (a path of 256 less its angle brackets).
MAX_LENGTH = 254


def normalise(address: str) -> str:
    """`address` as Stride compares it: Unicode NFKC, then case-folded, then NFKC again
    (case folding can undo a composition), without surrounding spaces.

    Full-width letters (`ａｌｉｃｅ`) become `alice`, a combining accent (`e` + U+0301)
    becomes the precomposed `é`, `ALICE` becomes `alice`. The Turkish dotless `ı` stays
    what it is: it is another letter, so `alıce@…` is another address, not alice's.
    For an ASCII address this is just lower case. The result may be longer than the input
    (NFKC expands some characters): check `MAX_LENGTH` on what this returns.
    """
    folded = unicodedata.normalize("NFKC", address).casefold()
    return unicodedata.normalize("NFKC", folded).strip()


def too_long(address: str) -> bool:
    """Longer, once normalised, than any address an account can have."""
    return len(normalise(address)) > MAX_LENGTH
