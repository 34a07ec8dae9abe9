#!/usr/bin/env bash
# setup.sh — install what the tests and the demo need, if it is missing.
#
# Idempotent and fast when everything is present (a few dpkg-query calls and
# one file-date comparison). Run by `make setup` and so by `make test` / CI.
#
#   Debian packages: postgresql (15), chromium, CJK fonts, poppler-utils,
#                    a Java runtime, and gcc/make if a machine lacks them
#                    (go test -race needs cgo)
#   npm packages:    node_modules/ from package-lock.json (axe-core, vnu-jar,
#                    @redocly/cli, @apidevtools/swagger-parser)
#
# apt-get update runs once, and only when something has to be installed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'setup: %s\n' "$*" >&2; }

# Debian packages the tests use:
#   postgresql            server for the PostgreSQL store tests (scripts/with-postgres.sh)
#   chromium              headless browser for internal/browsertest
#   fonts-noto-cjk        Chinese glyphs in screenshots and PDFs
#   fonts-arphic-gbsn00lp a second (Song/Ming style) CJK font
#   poppler-utils         pdftotext / pdftoppm to check generated PDFs
#   default-jre-headless  Java for the Nu Html Checker (node_modules/vnu-jar),
#                         which validates the rendered pages; installed before
#                         `npm ci` so vnu-jar's install script finds it instead
#                         of trying to download a JDK
apt_packages=(postgresql chromium fonts-noto-cjk fonts-arphic-gbsn00lp poppler-utils default-jre-headless)
command -v gcc >/dev/null 2>&1 || apt_packages+=(gcc libc6-dev)
command -v make >/dev/null 2>&1 || apt_packages+=(make)

installed() {
	[[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
	missing=()
	for p in "${apt_packages[@]}"; do
		installed "$p" || missing+=("$p")
	done
	if ((${#missing[@]})); then
		sudo=()
		if [[ $(id -u) -ne 0 ]]; then
			sudo=(sudo)
		fi
		log "installing Debian packages: ${missing[*]}"
		# Wait for a concurrent apt/dpkg run instead of failing on its lock.
		apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update -qq
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq "${missing[@]}" >/dev/null
		log "installed: ${missing[*]}"
	fi
else
	log "WARNING: no apt-get/dpkg here; install yourself: ${apt_packages[*]}"
fi

# npm: node_modules/ for the accessibility checks (axe-core), the HTML
# validator (vnu-jar) and the OpenAPI validators (scripts/lint-openapi.sh).
# npm writes node_modules/.package-lock.json on every install, so it is the stamp to
# compare with package-lock.json (the files inside a package keep npm's fixed
# 1985 dates and cannot be used for that).
stamp=node_modules/.package-lock.json
if [[ ! -f node_modules/axe-core/axe.min.js || ! -f node_modules/vnu-jar/build/dist/vnu.jar ||
	! -x node_modules/.bin/redocly || ! -f $stamp || package-lock.json -nt $stamp ]]; then
	if ! command -v npm >/dev/null 2>&1; then
		log "ERROR: npm not found; install Node.js and npm, then run: npm ci"
		exit 1
	fi
	log "npm ci"
	npm ci --no-audit --no-fund --loglevel=error
fi

log "ok"
