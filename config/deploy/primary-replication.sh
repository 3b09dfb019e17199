#!/bin/bash
# Run once by the postgres image when the primary's data directory is made (mounted into
# /docker-entrypoint-initdb.d by docker-compose.yml): a role the standby streams WAL with,
# and a pg_hba.conf line that lets it (the image's own lines do not cover replication).
# wal_level (replica) and max_wal_senders (10) are already PostgreSQL's defaults.
set -euo pipefail

psql -v ON_ERROR_STOP=1 -v password="$REPLICATION_PASSWORD" \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
