#!/usr/bin/env bash
# bench-http.sh — the public site under load, against nginx serving the same bytes.
#
# Builds gongkai, creates a fresh store with the demo plus N generated
# documents (through `gongkai import`), starts `gongkai serve` on a loopback
# port, saves the benchmark pages as static files served by Debian's nginx on
# another loopback port, then runs wrk against both alternately, one page at
# a time, and prints per page: req/s of both, their ratio, p50/p99 of both,
# errors (non-2xx/3xx responses and socket errors) and gongkai's RSS after
# the page's run. Everything listens on 127.0.0.1 only, every run is
# bounded, and the script removes what it created (also on Ctrl-C).
#
#   make bench-http                  100,000 documents, SQLite
#   make bench-http N=10000          another corpus size
#   make bench-http MILLION=1        1,000,000 documents
#   make bench-http DB=pg            on a throwaway PostgreSQL (scripts/with-postgres.sh)
#   make bench-http DB=postgres://gongkai@127.0.0.1:5432/bench   an existing empty loopback database
#
# Variables: N, MILLION, DB, DURATION (wrk -d, default 10s), CONNS (default 64),
# FETCH_MAX (seconds a page may take to be saved, default 60; slower pages are reported).
# Needs Go; installs the Debian packages nginx and wrk when missing.
set -euo pipefail

cd "$(dirname "$0")/.."
log() { printf 'bench-http: %s\n' "$*" >&2; }

N=${N:-100000}
[[ ${MILLION:-} == 1 ]] && N=1000000
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
DB=${DB:-}

if [[ $DB == pg ]]; then
	exec bash scripts/with-postgres.sh env DB=with-postgres N="$N" DURATION="$DURATION" CONNS="$CONNS" bash "$0"
fi
if [[ $DB == with-postgres ]]; then
	DB=$GONGKAI_TEST_POSTGRES
fi
if [[ -n $DB && ! $DB =~ ^postgres(ql)?://[^@/]*@(127\.0\.0\.1|localhost)[:/] ]]; then
	log "DB must be pg or a postgres:// URL on 127.0.0.1"
	exit 2
fi

# Debian's nginx and wrk, as scripts/setup.sh installs its packages.
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
[[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
if ((${#missing[@]})); then
	sudo=()
	[[ $(id -u) -ne 0 ]] && sudo=(sudo)
	log "installing Debian packages: ${missing[*]}"
	apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	# The package starts a system nginx on port 80; this benchmark has its own.
	if command -v systemctl >/dev/null 2>&1; then "${sudo[@]}" systemctl disable --now nginx >/dev/null 2>&1 || true; fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free loopback port.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 20000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || {
			echo "$p"
			return
		}
	done
}

wait_up() { # URL PID
	for _ in $(seq 1 600); do
		curl -sf -o /dev/null "$1" && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}

log "building"
go build -o "$tmp/gongkai" ./cmd/gongkai
gk=("$tmp/gongkai")
store=(--data "$tmp/data")
[[ -n $DB ]] && store+=(--db "$DB")

start_gongkai() {
	gport=$(free_port)
	"${gk[@]}" serve --demo --addr "127.0.0.1:$gport" "${store[@]}" >"$tmp/serve.log" 2>&1 &
	gpid=$!
	pids+=("$gpid")
	wait_up "http://127.0.0.1:$gport/" "$gpid" || {
		cat "$tmp/serve.log" >&2
		exit 1
	}
}
stop_gongkai() {
	kill "$gpid"
	wait "$gpid" 2>/dev/null || true
}

log "demo data"
start_gongkai
stop_gongkai
log "generating and importing $N documents"
"${gk[@]}" import generate --count "$N" --seed 1 "${store[@]}" >"$tmp/docs.jsonl"
"${gk[@]}" import documents --file "$tmp/docs.jsonl" --as supervisor "${store[@]}" | tee "$tmp/import.txt" >&2
doc=$(sed -n "$((N / 2 + 1))p" "$tmp/docs.jsonl" | sed -E 's/^\{"index_number":"([^"]+)".*/\1/')
rm "$tmp/docs.jsonl"
start_gongkai

pages=(
	"home|/"
	"document|/docs/$doc"
	"column|/columns/tzgg"
	"policies|/policies"
	"policies p50|/policies?page=50"
	"policies theme|/policies?theme=02.05"
	"API list|/api/v1/public/documents"
	"column feed|/columns/tzgg/feed.xml"
	"sitemap|/sitemap.xml"
)

# The same bytes as static files.
mkdir -p "$tmp/static" "$tmp/nginx"
# nginx's workers run as another user when started by root.
chmod a+rx "$tmp" "$tmp/static"
log "saving the pages"
# The first fetch of each page is a single request that renders it (the
# page cache is empty): its time is the "first" column.
first=()
for i in "${!pages[@]}"; do
	path=${pages[$i]#*|}
	first[$i]=-
	# A page slower than FETCH_MAX seconds is reported, not benchmarked.
	if t=$(curl -sf --max-time "${FETCH_MAX:-60}" -o "$tmp/static/p$i" -w '%{time_total}' "http://127.0.0.1:$gport$path"); then
		first[$i]=$(awk -v t="$t" 'BEGIN { printf "%.1fms", t * 1000 }')
	else
		log "${pages[$i]%%|*}: no answer within ${FETCH_MAX:-60} s, not benchmarked"
		rm -f "$tmp/static/p$i"
	fi
done
chmod a+r "$tmp"/static/*
nport=$(free_port)
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $tmp/nginx/body;
	proxy_temp_path $tmp/nginx/proxy;
	fastcgi_temp_path $tmp/nginx/fastcgi;
	uwsgi_temp_path $tmp/nginx/uwsgi;
	scgi_temp_path $tmp/nginx/scgi;
	default_type text/html;
	sendfile on;
	server {
		listen 127.0.0.1:$nport;
		root $tmp/static;
	}
}
EOF
"$NGINX" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' 2>"$tmp/nginx/stderr" &
npid=$!
pids+=("$npid")
wait_up "http://127.0.0.1:$nport/p0" "$npid" || {
	cat "$tmp/nginx/stderr" "$tmp/nginx/error.log" >&2
	exit 1
}

# wrk's figures: req/s, p50, p99, errors.
measure() { # URL
	local out rps p50 p99 non2xx sock
	out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$1" 2>&1)
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
	sock=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
	echo "${rps:-0} ${p50:--} ${p99:--} $((${non2xx:-0} + ${sock:-0}))"
}

engine=SQLite
[[ -n $DB ]] && engine=PostgreSQL
printf '\n%s, demo + %s documents, wrk -t2 -c%s -d%s\n' "$engine" "$N" "$CONNS" "$DURATION"
grep '已导入' "$tmp/import.txt" || true
printf '\n| %-14s | %9s | %12s | %12s | %7s | %9s | %9s | %9s | %9s | %9s | %8s |\n' page "gk first" "gongkai r/s" "nginx r/s" ratio "gk p50" "gk p99" "ngx p50" "ngx p99" "gk errors" "gk RSS"
printf '|%s|\n' "----------------|-----------|--------------|--------------|---------|-----------|-----------|-----------|-----------|-----------|----------"
for i in "${!pages[@]}"; do
	name=${pages[$i]%%|*}
	path=${pages[$i]#*|}
	if [[ ! -e $tmp/static/p$i ]]; then
		printf '| %-14s | %s |\n' "$name" "no answer within ${FETCH_MAX:-60} s"
		continue
	fi
	read -r grps gp50 gp99 gerr <<<"$(measure "http://127.0.0.1:$gport$path")"
	read -r nrps np50 np99 _ <<<"$(measure "http://127.0.0.1:$nport/p$i")"
	rss=$(awk '/^VmRSS:/ {printf "%d MB", $2 / 1024}' "/proc/$gpid/status")
	ratio=$(awk -v g="$grps" -v n="$nrps" 'BEGIN { if (n > 0) printf "%.3f", g / n; else print "-" }')
	printf '| %-14s | %9s | %12s | %12s | %7s | %9s | %9s | %9s | %9s | %9s | %8s |\n' "$name" "${first[$i]}" "$grps" "$nrps" "$ratio" "$gp50" "$gp99" "$np50" "$np99" "$gerr" "$rss"
done
