#!/usr/bin/env bash
# crash-test.sh — the crash-safety harness (cmd/crashtest): cycles of
# concurrent writes against a real `gongkai serve`, each ended by kill -9
# at a random moment, a restart on the same data and a read-back (lost
# acknowledged writes, half-written transactions, `gongkai audit verify`).
#
#   bash scripts/crash-test.sh                      # 50 cycles on SQLite, then on PostgreSQL
#   CYCLES=5 DB=sqlite bash scripts/crash-test.sh   # DB: sqlite, pg or both
#   SEED=123 bash scripts/crash-test.sh             # replay the kill moments of a run
#
# PostgreSQL comes from scripts/with-postgres.sh (a throwaway cluster). The
# data directories and server logs are kept if a run fails. Exits non-zero
# if any engine lost or half-wrote something or its trail does not verify.
set -euo pipefail
cd "$(dirname "$0")/.."

CYCLES=${CYCLES:-50}
DB=${DB:-both}
SEED=${SEED:-}
GO=${GO:-go}
case $DB in
sqlite | pg | both) ;;
*)
	echo "crash-test: DB must be sqlite, pg or both, not '$DB'" >&2
	exit 2
	;;
esac
# One seed for both engines, printed by the harness.
if [[ -z $SEED || $SEED == 0 ]]; then
	SEED=$((($(date +%s%N) % 1000000000000) + 1))
fi

"$GO" build -o bin/gongkai ./cmd/gongkai
"$GO" build -o bin/crashtest ./cmd/crashtest

tmp=$(mktemp -d /tmp/gongkai-crash.XXXXXX)
status=0
if [[ $DB == sqlite || $DB == both ]]; then
	./bin/crashtest -gongkai bin/gongkai -data "$tmp/sqlite" -cycles "$CYCLES" -seed "$SEED" || status=1
fi
if [[ $DB == pg || $DB == both ]]; then
	# The key (and the server log) stay in the data directory; the rows go to PostgreSQL.
	bash scripts/with-postgres.sh bash -c './bin/crashtest -gongkai bin/gongkai -data "$1" -db "$GONGKAI_TEST_POSTGRES" -cycles "$2" -seed "$3"' \
		_ "$tmp/pg" "$CYCLES" "$SEED" || status=1
fi
if ((status == 0)); then
	rm -rf "$tmp"
else
	echo "crash-test: FAILED; data directories and server logs kept in $tmp" >&2
fi
exit "$status"
