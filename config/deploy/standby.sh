#!/bin/bash
# Entrypoint of docker-compose's `replica` service: a streaming hot standby of `db`.
#
# On its first start (an empty data directory) it takes a base backup of the primary with
# a recovery configuration (`pg_basebackup --write-recovery-conf`: standby.signal and
# primary_conninfo) through a replication slot, so a standby that was down catches up;
# after that, and on every later start, it runs PostgreSQL, which then follows the primary.
# The primary lets it in with config/deploy/primary-replication.sh.
set -euo pipefail

: "${PRIMARY_HOST:=db}"
: "${REPLICATION_USER:=replicator}"
: "${REPLICATION_SLOT:=replica}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  until pg_isready --host="$PRIMARY_HOST" --quiet; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres pg_basebackup \
    --host="$PRIMARY_HOST" --username="$REPLICATION_USER" --pgdata="$PGDATA" \
    --write-recovery-conf --wal-method=stream --checkpoint=fast \
    --create-slot --slot="$REPLICATION_SLOT" --progress
  # Long reports on the standby are not cancelled by the cleanup the primary replays.
  echo "hot_standby_feedback = on" >> "$PGDATA/postgresql.auto.conf"
fi

# The image's own entrypoint: with a data directory in place it only starts the server.
exec docker-entrypoint.sh postgres
