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
echo "== format" && prettier --check --log-level warn .
echo "== jest"
status=0
jest --ci "$@" || status=$?
leftovers=$(pgrep -af 'image-trust-test-' || true)
if [ -n "$leftovers" ]; then
  echo "image-trust: services left running after the tests:" >&2
  echo "$leftovers" >&2
  status=1
fi
exit $status
