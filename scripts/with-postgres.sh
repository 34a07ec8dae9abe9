#!/usr/bin/env bash
# with-postgres.sh CMD [ARG...] — run CMD against a throwaway PostgreSQL cluster.
#
# Creates a fresh cluster in a temporary directory, starts it on a free
# loopback port, creates the database gongkai_test (owner/superuser gongkai,
# trust auth), and runs CMD with
#
#   GONGKAI_TEST_POSTGRES=postgres://gongkai@127.0.0.1:PORT/gongkai_test?sslmode=disable
#
# Afterwards (also on failure or Ctrl-C) it stops the server and deletes the
# directory. Exits with CMD's status.
#
#   bash scripts/with-postgres.sh go test ./internal/store/...
#   bash scripts/with-postgres.sh bash -c 'psql "$GONGKAI_TEST_POSTGRES" -c "select 1"'
#
# Needs the Debian postgresql server package (scripts/setup.sh installs it).
# PG_BINDIR overrides where initdb/pg_ctl are found.
# initdb refuses to run as root, so as root the cluster belongs to the
# system user postgres.
set -euo pipefail

if (($# == 0)); then
	echo "usage: $0 CMD [ARG...]" >&2
	exit 2
fi

log() { printf 'with-postgres: %s\n' "$*" >&2; }

# Highest installed server version, e.g. /usr/lib/postgresql/15/bin.
bindir=${PG_BINDIR:-}
if [[ -z $bindir ]]; then
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
		[[ -x $d/initdb && -x $d/pg_ctl ]] && bindir=$d
	done
fi
if [[ -z $bindir || ! -x $bindir/initdb ]]; then
	log "no PostgreSQL server found under /usr/lib/postgresql/*/bin; run: make setup"
	exit 1
fi

# as_pg runs a server command as the cluster's owner (postgres when we are root),
# from inside the cluster directory so that no unreadable cwd gets in the way.
if [[ $(id -u) -eq 0 ]]; then
	if ! id postgres >/dev/null 2>&1; then
		log "running as root but there is no user postgres (is the postgresql package installed?)"
		exit 1
	fi
	as_pg() { (cd "$tmp" && runuser -u postgres -- "$@"); }
else
	as_pg() { (cd "$tmp" && "$@"); }
fi

# Short path: the Unix socket path must stay under ~107 bytes, and postgres
# must be able to reach it, so always under /tmp (not $TMPDIR).
tmp=$(mktemp -d /tmp/gongkai-pg.XXXXXX)
data=$tmp/data
sock=$tmp/sock
pglog=$tmp/postgres.log
started=

cleanup() {
	if [[ -n $started ]]; then
		as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

[[ $(id -u) -eq 0 ]] && chown postgres: "$tmp"
chmod 700 "$tmp"
as_pg mkdir -m 700 "$sock"

if ! as_pg "$bindir/initdb" -D "$data" --encoding=UTF8 --locale=C.UTF-8 --auth=trust \
	-U gongkai --no-sync >"$tmp/initdb.log" 2>&1; then
	cat "$tmp/initdb.log" >&2
	log "initdb failed"
	exit 1
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Try ports from 54329 up; a port can be taken between the probe and the
# start (another run starting at the same time), so a failed start moves on.
port=${GONGKAI_PG_PORT:-54329}
last=$((port + 100))
while :; do
	if ((port > last)); then
		cat "$pglog" >&2 2>/dev/null || true
		log "could not start PostgreSQL on any port up to $last"
		exit 1
	fi
	if port_busy "$port"; then
		port=$((port + 1))
		continue
	fi
	opts="-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	as_pg rm -f "$pglog"
	if as_pg "$bindir/pg_ctl" -D "$data" -l "$pglog" -w -t 60 -o "$opts" start >"$tmp/pg_ctl.out" 2>&1; then
		started=1
		break
	fi
	if ! grep -qE 'could not bind|already in use|could not create any TCP/IP sockets' "$pglog" 2>/dev/null; then
		cat "$tmp/pg_ctl.out" "$pglog" >&2 2>/dev/null || true
		log "PostgreSQL did not start"
		exit 1
	fi
	port=$((port + 1))
done

if ! "$bindir/createdb" -h 127.0.0.1 -p "$port" -U gongkai gongkai_test; then
	cat "$pglog" >&2
	log "createdb failed"
	exit 1
fi

export GONGKAI_TEST_POSTGRES="postgres://gongkai@127.0.0.1:$port/gongkai_test?sslmode=disable"
version=$("$bindir/postgres" --version | awk '{print $3}')
log "PostgreSQL $version at 127.0.0.1:$port, GONGKAI_TEST_POSTGRES=$GONGKAI_TEST_POSTGRES (data $data, removed on exit)"

status=0
"$@" || status=$?
exit "$status"
