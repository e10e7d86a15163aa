#!/usr/bin/env bash
# Runs a command in an unpacked image root filesystem the way a container runtime would: its own
# mount and PID namespaces, /proc, /dev/{null,zero,random,urandom}, an empty /tmp, the root
# changed to ROOT, the working directory and user set. The host network is kept (loopback only is
# used). The command gets exactly this script's environment, so pass the image's with `env -i`.
#
#   run-in-image.sh ROOT UID:GID WORKDIR COMMAND [ARG...]     (as root)
set -euo pipefail

inside=false
if [[ ${1:-} == --inside-namespaces ]]; then inside=true; shift; fi
if [[ $# -lt 4 ]]; then
  echo "usage: $0 ROOT UID:GID WORKDIR COMMAND [ARG...]" >&2
  exit 64
fi
root=$1 user=$2 workdir=$3
shift 3

if ! $inside; then
  [[ $(id -u) -eq 0 ]] || { echo "run-in-image: needs root (mount, chroot)" >&2; exit 77; }
  [[ $user =~ ^[0-9]+:[0-9]+$ ]] || { echo "run-in-image: user must be numeric UID:GID, got '$user'" >&2; exit 64; }
  [[ -d $root ]] || { echo "run-in-image: no root filesystem at $root" >&2; exit 66; }
  for tool in unshare mount; do
    command -v "$tool" >/dev/null || { echo "run-in-image: $tool is missing (util-linux, mount)" >&2; exit 69; }
  done
  exec unshare --mount --pid --fork --kill-child --propagation private -- \
    "$0" --inside-namespaces "$root" "$user" "$workdir" "$@"
fi

mount --bind "$root" "$root" # so that / is a mount point inside, as in a container
mkdir -p "$root/proc" "$root/dev" "$root/tmp"
mount -t proc proc "$root/proc"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/tmp"
for node in null zero random urandom; do
  touch "$root/dev/$node"
  mount --bind "/dev/$node" "$root/dev/$node"
done
exec unshare --root="$root" --wd="$workdir" --setgid "${user#*:}" --setuid "${user%:*}" -- "$@"
