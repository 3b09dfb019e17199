"""Seals: an HMAC-SHA256 of each audit row's id and hash, made with a key the database
never holds (`AUDIT_MAC_KEYS`, on the app servers only).

The hash chain shows a change only to someone who trusts the hashes, and whoever can write
the table can recompute them (`chain_hash` is public). A seal cannot be remade without the
key: re-hashing a row after an edit, or a row inserted behind the app's back, leaves a seal
that does not match, or none. `record()` writes the seal in the same transaction as its row.

Keys are `id: secret` pairs, newest first: rows get the newest, and each seal names its
key, so a retired key kept in the list still verifies the rows it sealed.
"""

import hashlib
import hmac

from django.conf import settings

INSERT_SEAL_SQL = "INSERT INTO accounts_auditseal (event_id, key_id, mac) VALUES (%s, %s, %s)"


def keyed_mac(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def current_key() -> tuple[str, str]:
    """(id, secret) of the key new seals and checkpoints use: the first listed."""
    return next(iter(settings.AUDIT_MAC_KEYS.items()))


def _message(event_id: int, event_hash: str) -> str:
    # The id too, so a seal vouches for the row's place as well as its content; the prefix
    # keeps a seal from ever passing for a checkpoint's MAC.
    return f"stride.audit.seal:{event_id}:{event_hash}"


def seal(event_id: int, event_hash: str) -> tuple[str, str]:
    """(key id, mac) for a row just written."""
    key_id, secret = current_key()
    return key_id, keyed_mac(secret, _message(event_id, event_hash))


def seal_problem(event_id: int, event_hash: str, key_id: str | None, mac: str | None) -> str:
    """Why a row's seal does not vouch for it; "" when it does."""
    if key_id is None:
        return "it has no seal: it was inserted behind the app's back, or its seal removed"
    secret = settings.AUDIT_MAC_KEYS.get(key_id)
    if secret is None:
        return (
            f"it is sealed with key {key_id!r}, which is not in AUDIT_MAC_KEYS: keep retired "
            "keys listed after the current one"
        )
    if not hmac.compare_digest(mac, keyed_mac(secret, _message(event_id, event_hash))):
        return (
            "its seal does not match its hash: the row was changed and re-hashed, or the seal "
            "was copied from another row"
        )
    return ""
