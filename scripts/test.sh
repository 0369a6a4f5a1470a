#!/usr/bin/env bash
# The one test command (npm test): installs what the tests need, then typecheck, lint, format, and
# jest (unit, integration against real services, infrastructure). Fails if a run leaves services behind.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/bootstrap.sh
export PATH="$root/node_modules/.bin:$PATH"
echo "image-trust: node $(node --version)"
echo "== typecheck" && tsc --noEmit -p tsconfig.json
echo "== lint" && eslint --max-warnings 0 .
echo "== dependencies" && depcruise --config .dependency-cruiser.cjs functions lib bin bench test
echo "== format" && prettier --check --log-level warn .
echo "== jest"
status=0
results="$root/node_modules/.cache/image-trust-jest.json"
mkdir -p "$(dirname "$results")" && rm -f "$results"
# The whole suite runs with coverage, held to jest.config.js's thresholds; a part of it (arguments given) without.
coverage=()
[ $# -eq 0 ] && coverage=(--coverage)
jest --ci "${coverage[@]}" --json --outputFile="$results" "$@" || status=$?
leftovers=$(pgrep -af 'image-trust-test-' || true)
if [ -n "$leftovers" ]; then
  echo "image-trust: services left running after the tests:" >&2
  echo "$leftovers" >&2
  status=1
fi
# The plain closing line: N passed, N failed.
node -e 'const r = require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$results" || status=1
[ $status -ne 0 ] && echo "image-trust: the test run failed (a failed test, a suite that did not run, or coverage below its threshold: see above)" >&2
exit $status
