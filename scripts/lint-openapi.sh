#!/usr/bin/env bash
# lint-openapi.sh — check internal/web/openapi.json with two independent
# validators, from the pinned npm packages (package-lock.json, `npm ci`):
#
#   @apidevtools/swagger-parser  the OpenAPI 3.0 schema and $ref resolution
#   @redocly/cli                 `redocly lint`, the recommended ruleset
#                                (redocly.yaml; accepted single findings with
#                                their reasons in .redocly.lint-ignore.yaml)
#
# Any error or warning fails. Run by `make lint`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

spec=${1:-internal/web/openapi.json}
bin=node_modules/.bin

if [[ ! -x $bin/redocly || ! -d node_modules/@apidevtools/swagger-parser ]]; then
	echo "lint-openapi: the npm packages are missing; run: make setup (or npm ci)" >&2
	exit 1
fi

node -e '
require("@apidevtools/swagger-parser").validate(process.argv[1]).then(
	() => console.log("swagger-parser: " + process.argv[1] + " is valid"),
	(e) => { console.error("swagger-parser: " + e.message); process.exit(1); });
' "$spec"

# redocly exits non-zero on errors only; warnings fail here too. Its stderr
# (a notice about the Node.js version, progress) is shown only on failure.
report=$(mktemp)
trap 'rm -f "$report" "$report.err"' EXIT
if ! "$bin/redocly" lint --format=json "$spec" >"$report" 2>"$report.err"; then
	cat "$report.err" >&2
fi
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const t = r.totals;
for (const p of r.problems) {
	const loc = (p.location || []).map((l) => l.pointer).join(" ");
	console.error(`redocly: ${p.severity} ${p.ruleId}: ${p.message} at ${loc}`);
}
if (t.errors || t.warnings) {
	console.error(`redocly: ${t.errors} errors, ${t.warnings} warnings`);
	process.exit(1);
}
console.log(`redocly: ${process.argv[2]} passes the recommended rules (${t.ignored} accepted in .redocly.lint-ignore.yaml)`);
' "$report" "$spec"
