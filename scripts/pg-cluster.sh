#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS server for the PostGIS tests: listens only
# on a Unix socket in DIR, holds the shipped dataset's layers in database
# "footprint", and is stopped and deleted by "stop".
#
#   scripts/pg-cluster.sh start DIR    # prints the PG: connection string
#   scripts/pg-cluster.sh stop DIR
#
# Roles: "postgres" (superuser, trusted on the socket) and "footprint"
# (password "footprint", checked), so that tests can also get credentials
# wrong. Needs Debian's postgresql and postgis packages. As root the server
# runs as the postgres system user.
set -euo pipefail
action=${1:?usage: pg-cluster.sh start|stop DIR}
dir=${2:?usage: pg-cluster.sh start|stop DIR}
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "pg-cluster: PostgreSQL server not installed (apt-get install postgresql postgis)" >&2; exit 77; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $action in
start)
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    # The footprint role must give its password; everyone else is trusted.
    printf 'local all footprint scram-sha-256\nlocal all all trust\n' | as_owner tee "$dir/data/pg_hba.conf" >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null ||
        { cat "$dir/server.log" >&2; exit 1; }
    psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -U postgres)
    "${psql[@]}" -d postgres -c "CREATE DATABASE footprint" \
        -c "CREATE ROLE footprint LOGIN PASSWORD 'footprint'"
    "${psql[@]}" -d footprint -c "CREATE EXTENSION postgis" -c "GRANT ALL ON SCHEMA public TO footprint"
    connection="PG:host=$dir dbname=footprint user=postgres"
    data=$repo/data/england-2016.gpkg
    for layer in $(ogrinfo -ro -q "$data" | sed -n 's/^[0-9]*: \([a-z0-9_]*\).*/\1/p'); do
        ogr2ogr -f PostgreSQL "$connection" "$data" "$layer" -lco GEOMETRY_NAME=geom -lco FID=fid
    done
    "${psql[@]}" -d footprint -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO footprint"
    echo "$connection"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg-cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
