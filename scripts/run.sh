#!/usr/bin/env bash
# Runs a TypeScript entry point (npm start, npm run demo, npm run bench) on the project's Node after bootstrap.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/bootstrap.sh"
export PATH="$root/node_modules/.bin:$PATH"
exec tsx "$@"
