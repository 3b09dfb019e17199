"""Signed checkpoints of the audit chain's head, kept outside the database.

Seals show a changed or inserted row, but not the newest rows removed: what is left is
still a sealed, linked chain. So every few minutes (`reminder_clock` enqueues
`write_audit_checkpoint`) a JSON line goes to a file in `AUDIT_CHECKPOINT_DIR`: the newest
row's id and hash, how many rows there were, when, and an HMAC of those with the current
key. `verify_audit` then requires each checkpoint's row, with that hash, and at least that
many rows up to it. Rows written after the newest checkpoint can still be removed unseen:
the window is `AUDIT_CHECKPOINT_MINUTES`.
"""

import hmac
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.tasks import task
from django.utils import timezone

from accounts.audit_seal import current_key, keyed_mac

FILE_NAME = "audit-checkpoints.jsonl"
# One statement, so the count and the newest row come from one snapshot. The chain's lock
# orders ids and commits alike, so that snapshot holds every row up to the newest one.
HEAD_SQL = """
SELECT id, hash, (SELECT count(*) FROM accounts_auditevent)
FROM accounts_auditevent ORDER BY id DESC LIMIT 1
"""


class InvalidCheckpoint(Exception):
    """A line of the checkpoint files that the current keys do not vouch for."""


@dataclass(frozen=True)
class Checkpoint:
    head_id: int
    head_hash: str
    count: int
    at: str
    key_id: str

    def describe(self) -> str:
        return f"the checkpoint of {self.at} (event {self.head_id}, {self.count} rows)"


def _message(checkpoint: Checkpoint) -> str:
    fields = json.dumps(asdict(checkpoint), sort_keys=True, separators=(",", ":"))
    return f"stride.audit.checkpoint:{fields}"


def write_checkpoint() -> Checkpoint | None:
    """Append a checkpoint of the chain as it stands; None while the trail is empty."""
    with connection.cursor() as cursor:
        cursor.execute(HEAD_SQL)
        head = cursor.fetchone()
    if head is None:
        return None
    key_id, secret = current_key()
    checkpoint = Checkpoint(
        head_id=head[0],
        head_hash=head[1],
        count=head[2],
        at=timezone.now().isoformat(),
        key_id=key_id,
    )
    line = json.dumps(asdict(checkpoint) | {"mac": keyed_mac(secret, _message(checkpoint))})
    folder = Path(settings.AUDIT_CHECKPOINT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    # One small append per checkpoint, on disk before the task reports success.
    with (folder / FILE_NAME).open("a", encoding="utf-8") as file:
        file.write(line + "\n")
        file.flush()
        os.fsync(file.fileno())
    return checkpoint


@task()
def write_audit_checkpoint() -> int | None:
    """The scheduled checkpoint; returns the head's id."""
    checkpoint = write_checkpoint()
    return checkpoint.head_id if checkpoint else None


def read_checkpoints() -> list[Checkpoint]:
    """Every checkpoint of every `*.jsonl` file in `AUDIT_CHECKPOINT_DIR`, each checked
    against its key; the first that fails raises `InvalidCheckpoint`."""
    checkpoints = []
    for path in sorted(Path(settings.AUDIT_CHECKPOINT_DIR).glob("*.jsonl")):
        with path.open(encoding="utf-8") as file:
            for number, line in enumerate(file, start=1):
                checkpoints.append(_checked(line, f"{path.name}, line {number}"))
    return checkpoints


def _checked(line: str, where: str) -> Checkpoint:
    try:
        fields = json.loads(line)
        mac = fields.pop("mac")
        checkpoint = Checkpoint(**fields)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise InvalidCheckpoint(f"Checkpoint {where} is not a checkpoint.") from None
    secret = settings.AUDIT_MAC_KEYS.get(checkpoint.key_id)
    if secret is None:
        raise InvalidCheckpoint(
            f"Checkpoint {where} is signed with key {checkpoint.key_id!r}, which is not in "
            "AUDIT_MAC_KEYS: keep retired keys listed after the current one."
        )
    if not hmac.compare_digest(str(mac), keyed_mac(secret, _message(checkpoint))):
        raise InvalidCheckpoint(
            f"Checkpoint {where} does not match its MAC: it was edited or forged."
        )
    return checkpoint
