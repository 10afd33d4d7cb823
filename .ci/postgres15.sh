#!/usr/bin/env bash
# The database tests again, on Debian's PostgreSQL 15 (Supabase runs 15 and 17; the normal
# test run uses the embedded 17), plus the psql entry point applied twice to a fresh database.
# Where the machine has no such cluster, say so and succeed: it is an extra pass, not a gate.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=15
CLUSTER=main
PNPM=(npx -y pnpm@10.34.9)

skip() {
  echo "PostgreSQL 15 pass skipped: $1"
  exit 0
}

command -v pg_ctlcluster >/dev/null 2>&1 || skip "pg_ctlcluster not found (Debian's postgresql-common is not installed)"
command -v pg_lsclusters >/dev/null 2>&1 || skip "pg_lsclusters not found"
cluster_line=$(pg_lsclusters --no-header 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c')
[ -n "$cluster_line" ] || skip "no '$VERSION $CLUSTER' cluster on this machine (pg_lsclusters lists none)"
port=$(awk '{ print $3 }' <<<"$cluster_line")

# The cluster belongs to the postgres OS user; root (CI containers) or postgres can act as it.
if [ "$(id -u)" = 0 ]; then
  as_postgres() { runuser -u postgres -- "$@"; }
elif [ "$(id -un)" = postgres ]; then
  as_postgres() { "$@"; }
elif sudo -n -u postgres true >/dev/null 2>&1; then
  as_postgres() { sudo -n -u postgres -- "$@"; }
else
  skip "cannot act as the postgres OS user (run as root or postgres)"
fi

# Leave the machine as we found it: stop the cluster only if this script started it.
if as_postgres pg_ctlcluster "$VERSION" "$CLUSTER" status >/dev/null 2>&1; then
  echo "PostgreSQL $VERSION/$CLUSTER is already running on port $port"
else
  echo "Starting PostgreSQL $VERSION/$CLUSTER on port $port"
  as_postgres pg_ctlcluster "$VERSION" "$CLUSTER" start
  trap 'as_postgres pg_ctlcluster "$VERSION" "$CLUSTER" stop || true' EXIT
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || { echo "PostgreSQL $VERSION/$CLUSTER is not accepting connections on port $port" >&2; exit 1; }

# A fresh password each run: Debian's pg_hba.conf asks for one over TCP (scram-sha-256).
password=$(node -e "process.stdout.write(require('node:crypto').randomBytes(18).toString('hex'))")
echo "alter role postgres password :'password';" |
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres -v password="$password"
export PGPASSWORD="$password"

# The psql entry point (as the original setup guide uses it), twice: it must be re-runnable.
check_db="voiceagent_psql_check_$$"
psql_tcp() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
psql_tcp -d postgres -c "create database $check_db"
drop_check_db() { psql_tcp -d postgres -c "drop database if exists $check_db with (force)" || true; }
for run in 1 2; do
  if ! psql_tcp -d "$check_db" -f backend/database/create-crm-integration-schema.sql; then
    echo "create-crm-integration-schema.sql failed on PostgreSQL $VERSION (run $run)" >&2
    drop_check_db
    exit 1
  fi
done
drop_check_db
echo "create-crm-integration-schema.sql applies twice cleanly on PostgreSQL $VERSION"

echo "Running the backend database tests on PostgreSQL $VERSION"
TEST_DATABASE_URL="postgres://postgres:${password}@127.0.0.1:${port}/postgres" \
  "${PNPM[@]}" exec vitest run --project backend test/db
