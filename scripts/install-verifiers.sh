#!/usr/bin/env bash
# Installs cosign 2.5 and skopeo 1.18 from Debian trixie into .tools/trixie without touching the
# system's apt state: a private APT_CONFIG whose sources reuse this machine's own Debian mirror.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.tools/trixie"
[ -x "$dest/root/usr/bin/cosign" ] && [ -x "$dest/root/usr/bin/skopeo" ] && exit 0

mirror=$(grep -hoE '^URIs:[[:space:]]*\S+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | awk '{print $2}')
[ -n "$mirror" ] || mirror=$(grep -hoE '^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?\S+/debian/?[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1 | awk '{print $NF}')
if [ -z "$mirror" ]; then
  echo "install-verifiers: no Debian mirror found in /etc/apt/sources.list(.d); cannot fetch cosign and skopeo from trixie" >&2
  exit 1
fi
work="$root/.tools/apt-trixie"
rm -rf "$work" && mkdir -p "$work"/{lists/partial,archives/partial,debs} "$dest"
cat >"$work/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} trixie main
SRC
cat >"$work/apt.conf" <<CONF
Dir::Etc::SourceList "$work/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$work/lists";
Dir::Cache::Archives "$work/archives";
Dir::State::Status "$work/status";
APT::Architecture "amd64";
Debug::NoLocking "true";
CONF
: >"$work/status"
export APT_CONFIG="$work/apt.conf"
echo "install-verifiers: fetching cosign and skopeo from trixie (${mirror%/})"
apt-get -q update >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; exit 1; }
(cd "$work/debs" && apt-get -q download cosign skopeo libc6 libgpgme11t64 libsqlite3-0 libassuan9 libgpg-error0 >"$work/download.log" 2>&1) || { cat "$work/download.log" >&2; exit 1; }
for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$dest/root"; done
rm -rf "$work"
"$dest/root/usr/bin/cosign" version 2>/dev/null | grep -E '^GitVersion' || true
