#!/usr/bin/env bash
# Make sure a local PostgreSQL server answers and that the current user has a
# role that may create databases.  Starts Debian's clusters (pg_ctlcluster)
# when none is running; changes nothing when the server is already up.
set -euo pipefail
me=$(id -un)
if ! pg_isready -q 2>/dev/null; then
    if command -v pg_lsclusters >/dev/null 2>&1; then
        pg_lsclusters --no-header | while read -r version cluster _; do
            pg_ctlcluster "$version" "$cluster" start || true
        done
    fi
    for _ in $(seq 1 30); do
        pg_isready -q 2>/dev/null && break
        sleep 1
    done
fi
pg_isready || { echo "PostgreSQL is not reachable: start it, then run again."; exit 1; }
if ! psql -d postgres -Atc "select 1" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
        su postgres -c "createuser --superuser '$me'"
    else
        echo "No PostgreSQL role for $me: create one that may create databases."
        exit 1
    fi
fi
