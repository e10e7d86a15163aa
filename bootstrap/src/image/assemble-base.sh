#!/usr/bin/env bash
# Assembles the offline base image: a minimal Debian bookworm root (the Essential set plus
# base-packages.txt) as a docker-save tar that Jib takes as a `tar://` base. Needs root and
# mmdebstrap. The result is cached under $K8S_AGENT_IMAGE_CACHE (default /var/cache/k8s-agent-image),
# keyed by a hash of the package list, the architecture and `layout` below (bump it when the way the
# base is assembled changes).
#
#   assemble-base.sh [--if-possible] OUTPUT_DIR
#
# Writes OUTPUT_DIR/base.tar (a link into the cache) and OUTPUT_DIR/base.properties (its architecture). With --if-possible, a missing prerequisite is
# not an error: the reason goes to OUTPUT_DIR/skipped.txt and the script exits 0.
set -euo pipefail
layout=1

if_possible=false
if [[ ${1:-} == --if-possible ]]; then if_possible=true; shift; fi
if [[ $# -ne 1 ]]; then
  echo "usage: $0 [--if-possible] OUTPUT_DIR" >&2
  exit 64
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
cache=${K8S_AGENT_IMAGE_CACHE:-/var/cache/k8s-agent-image}
mirror=${K8S_AGENT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${K8S_AGENT_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
mkdir -p "$out"
rm -f "$out/base.tar" "$out/base.properties" "$out/skipped.txt"

missing() {
  if $if_possible; then
    echo "Offline image skipped: $1" | tee "$out/skipped.txt" >&2
    exit 0
  fi
  echo "Cannot assemble the offline base image: $1" >&2
  exit 1
}
[[ $(id -u) -eq 0 ]] || missing "it needs root (mmdebstrap, and chroot to run the image); run as root or pass -Dimage.offline.skip"
for tool in mmdebstrap unshare dpkg sha256sum; do
  command -v "$tool" >/dev/null || missing "$tool is not installed (apt-get install -y mmdebstrap; .ci/run does this)"
done

arch=$(dpkg --print-architecture)
packages=$(grep -v '^[[:space:]]*\(#\|$\)' "$here/base-packages.txt" | paste -sd, -)
key=$(printf 'layout %s\narch %s\n%s\n' "$layout" "$arch" "$packages" | sha256sum | cut -c1-16)
base="$cache/base-$key.tar"

if [[ ! -f $base ]]; then
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/.assembling-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  echo "Assembling the base image ($packages on bookworm, $arch) into $base" >&2
  started=$SECONDS
  mmdebstrap --quiet --variant=essential --architectures="$arch" --include="$packages" \
    --skip=output/dev --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
    bookworm "$work/layer.tar" \
    "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
    "deb $security_mirror bookworm-security main" </dev/null
  diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  cat >"$work/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created_by":"mmdebstrap --variant=essential --include=$packages bookworm"}]}
JSON
  echo '[{"Config":"config.json","RepoTags":["k8s-agent-base:'"$key"'"],"Layers":["layer.tar"]}]' \
    >"$work/manifest.json"
  # no ./ entry in the outer tar: Jib refuses it
  tar -C "$work" -cf "$work/base.tar" manifest.json config.json layer.tar
  mv "$work/base.tar" "$base"
  find "$cache" -maxdepth 1 -name 'base-*.tar' ! -name "base-$key.tar" -delete
  echo "Assembled the base image in $((SECONDS - started)) s" >&2
fi
ln -s "$base" "$out/base.tar"
echo "image.offline.architecture=$arch" >"$out/base.properties"
