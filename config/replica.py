"""How far the read replica is behind the primary, read at most once a second per process.

The replica is a streaming hot standby (DATABASE_REPLICA_URL). Its lag is measured against
the primary, not against itself:

- `bytes_behind`: the primary's current WAL position less the replica's replayed one. Zero
  means the replica holds everything the primary had committed when asked, however long ago
  its last transaction was: a quiet system is not a lagging one.
- `seconds`: zero when nothing is behind; otherwise the age (by the primary's clock) of the
  last transaction the replica replayed. Every commit older than that is on the replica, so
  a write more than `seconds` old can be read there. A replica that receives WAL but does
  not replay it (paused, or stuck on a conflict) ages second by second, and so does one
  that receives nothing while the primary writes on.

The primary is asked first: if the replica has replayed what the primary had then, it is
current. A replica that does not answer has no lag (None): the router reads from the primary.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
# How long one reading is trusted: the router asks on every heavy read, the database once a
# second per process.
LAG_CACHE_SECONDS = 1.0
# A replica that did not answer is asked again only after this long: each try may wait for
# the connect timeout, and a heavy page should not pay that every second while it is down.
UNREACHABLE_RETRY_SECONDS = 10.0

_PRIMARY_SQL = "SELECT pg_current_wal_lsn()::text, clock_timestamp()"
_REPLICA_SQL = (
    "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, pg_last_xact_replay_timestamp()"
)


@dataclass(frozen=True)
class ReplicaLag:
    seconds: float | None  # None: the replica did not answer, or is no standby
    bytes_behind: int | None

    @property
    def usable(self) -> bool:
        return self.seconds is not None and self.seconds <= settings.REPLICA_MAX_LAG_SECONDS

    @property
    def status(self) -> str:
        if self.seconds is None:
            return "unreachable"
        return "ok" if self.usable else "lagging"


_reading: tuple[float, ReplicaLag] | None = None


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_lag(*, fresh: bool = False) -> ReplicaLag:
    """The replica's lag, from a reading at most LAG_CACHE_SECONDS old unless `fresh`."""
    global _reading
    now = time.monotonic()
    if fresh or _reading is None or now - _reading[0] > _trusted_for(_reading[1]):
        _reading = (now, measure_lag())
    return _reading[1]


def _trusted_for(lag: ReplicaLag) -> float:
    return UNREACHABLE_RETRY_SECONDS if lag.seconds is None else LAG_CACHE_SECONDS


def forget_lag() -> None:
    """Drop the cached reading (tests; a worker that wants the next one fresh)."""
    global _reading
    _reading = None


def measure_lag() -> ReplicaLag:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute(_PRIMARY_SQL)
            primary_lsn, primary_clock = cursor.fetchone()
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(_REPLICA_SQL)
            in_recovery, replay_lsn, replayed_at = cursor.fetchone()
    except DatabaseError:
        # Closed, so that the next reading reconnects rather than reusing a dead connection.
        connections[REPLICA].close()
        return ReplicaLag(None, None)
    if not in_recovery or replay_lsn is None:
        return ReplicaLag(None, None)  # promoted, or not a standby at all: not a replica
    behind = max(0, lsn_bytes(primary_lsn) - lsn_bytes(replay_lsn))
    if behind == 0:
        return ReplicaLag(0.0, 0)
    if replayed_at is None:  # nothing replayed since it started: its age is unknown
        return ReplicaLag(float("inf"), behind)
    return ReplicaLag(max(0.0, (primary_clock - replayed_at).total_seconds()), behind)


def lsn_bytes(lsn: str) -> int:
    """A WAL position ('16/B374D848') as a byte count."""
    high, low = lsn.split("/")
    return (int(high, 16) << 32) + int(low, 16)
