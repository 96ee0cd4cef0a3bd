#!/usr/bin/env bash
# Install the test broker chosen by RMQ_TEST_BROKER (scripts/broker/lib.sh) if it is missing.
#
# Usage: scripts/broker/install.sh
#   RMQ_TEST_BROKER=4.3 (default)  RabbitMQ 4.3.x from Debian sid, in its own Debian root
#                                  (RMQ_ROOT, default /var/lib/rmq-plan/debian-sid)
#   RMQ_TEST_BROKER=4.0            RabbitMQ 4.0.x from Debian trixie, the same way
#   RMQ_TEST_BROKER=3.10           Debian 12's own rabbitmq-server (3.10.8) on the host
#
# Why a separate root: sid's and trixie's Erlang need a newer libc than this Debian 12 host has,
# so their packages cannot be mixed into it. `debootstrap --variant=minbase` builds a minimal
# root from the same Debian mirror the host's apt already uses (read from its sources, not
# written here), then apt installs rabbitmq-server inside it (~35 s on a fresh machine, ~500 MB).
#
# Idempotent and quiet: prints nothing when the broker is already installed (a marker file in the
# root says the install finished), one line when it installs it, the tool output only on failure.
# A half-built root is never used: it is built beside the final path and renamed when complete.
# No service is left running: a policy-rc.d that denies starts is in place during every install.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(( $(id -u) == 0 )) || { command -v sudo >/dev/null && exec sudo -n -E bash "$0" "$@"; die "installing the test broker needs root (apt-get, debootstrap, chroot)"; }

log_file=$(mktemp "${TMPDIR:-/tmp}/rmq-install.XXXXXX.log")
fail() { echo "install.sh: $*; output follows" >&2; cat "$log_file" >&2; exit 1; }
start=$SECONDS
export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
DENY_STARTS='#!/bin/sh
# rmq-plan: never start services during package installs
exit 101
'

# The partition cluster of the 4.x broker (netns-cluster.sh) runs on the host's `ip` (iproute2)
# and `nsenter` (util-linux, always installed): a minimal host may lack iproute2.
if [[ -n $RMQ_ROOT ]] && ! command -v ip >/dev/null; then
  { apt-get update -q && apt-get install "${APT_OPTS[@]}" iproute2; } >"$log_file" 2>&1 || fail "installing iproute2 (for the partition cluster) failed"
fi

# --- 3.10: Debian 12's package on the host --------------------------------------------------------
if [[ -z $RMQ_ROOT ]]; then
  [[ -x $RMQ_BIN/rabbitmq-server && -x $RMQ_BIN/rabbitmqctl ]] && exit 0
  policy=/usr/sbin/policy-rc.d backup=""
  if [[ -e $policy ]]; then backup=$(mktemp); cp -p "$policy" "$backup"; fi
  printf '%s' "$DENY_STARTS" >"$policy"; chmod 755 "$policy"
  restore() { if [[ -n $backup ]]; then mv -f "$backup" "$policy"; else rm -f "$policy"; fi; }
  trap restore EXIT
  before_pids=" $({ ps -u rabbitmq -o pid= 2>/dev/null || true; } | tr -s ' \n' ' ') "
  { apt-get update -q && apt-get install "${APT_OPTS[@]}" rabbitmq-server; } >"$log_file" 2>&1 ||
    fail "installing rabbitmq-server failed"
  # If the package started its own broker anyway, stop it by pid (only the `rabbitmq` user's new processes).
  for pid in $(ps -u rabbitmq -o pid= 2>/dev/null || true); do
    [[ $before_pids == *" $pid "* ]] || kill -9 "$pid" 2>/dev/null || true
  done
  [[ -x $RMQ_BIN/rabbitmq-server ]] || fail "apt-get succeeded but $RMQ_BIN/rabbitmq-server is still missing"
  rm -f "$log_file"
  echo "install.sh: installed $(broker_version) in $((SECONDS - start))s"
  exit 0
fi

# --- 4.x: a Debian root of its own ------------------------------------------------------------------
MARKER=$RMQ_ROOT/.rmq-plan-installed
# Packages of the root: the broker (which brings rabbitmqadmin v2 on 4.x) and the CA bundle
# rabbitmqadmin v2 needs to build its HTTP client at all ("Failed to build HTTP client" without it).
ROOT_PACKAGES=(rabbitmq-server ca-certificates)
# Bump when ROOT_PACKAGES or the recipe changes: an existing root then gets the missing packages
# installed in place (seconds) instead of being rebuilt.
RECIPE=2
if [[ -f $MARKER && -x $RMQ_ROOT$RMQ_BIN/rabbitmq-server ]]; then
  grep -qx "recipe $RECIPE" "$MARKER" && exit 0
  mountpoint -q "$RMQ_ROOT/proc" || { mount -t proc proc "$RMQ_ROOT/proc"; unmount_proc=1; }
  chroot "$RMQ_ROOT" apt-get install "${APT_OPTS[@]}" "${ROOT_PACKAGES[@]}" >"$log_file" 2>&1 || ok=0
  [[ ${unmount_proc:-0} == 1 ]] && umount "$RMQ_ROOT/proc"
  [[ ${ok:-1} == 1 ]] || fail "updating the $RMQ_SUITE root ($RMQ_ROOT) failed"
  printf '%s\nrecipe %s\n' "$(broker_version)" "$RECIPE" >"$MARKER"
  rm -f "$log_file"
  echo "install.sh: updated the $RMQ_SUITE root to recipe $RECIPE in $((SECONDS - start))s"
  exit 0
fi

# The Debian mirror the host's apt already uses (deb822 .sources or one-line sources.list).
mirror=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[[ -n $mirror ]] || mirror=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
[[ -n $mirror ]] || die "cannot find the Debian mirror in /etc/apt/sources.list(.d): needed to build the $RMQ_SUITE root"

if ! command -v debootstrap >/dev/null; then
  { apt-get update -q && apt-get install "${APT_OPTS[@]}" debootstrap; } >"$log_file" 2>&1 || fail "installing debootstrap failed"
fi

build=$RMQ_ROOT.partial
# A partial root from an interrupted install: unmount anything left in it, then start over.
for m in $(awk -v r="$build/" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r); do umount -l "$m" || true; done
rm -rf --one-file-system "$build"
mkdir -p "$(dirname "$RMQ_ROOT")"
debootstrap --variant=minbase "$RMQ_SUITE" "$build" "$mirror" >"$log_file" 2>&1 ||
  fail "debootstrap $RMQ_SUITE from $mirror failed"
cp /etc/hosts "$build/etc/hosts"
printf '%s' "$DENY_STARTS" >"$build/usr/sbin/policy-rc.d"
chmod 755 "$build/usr/sbin/policy-rc.d"
mount -t proc proc "$build/proc"
ok=1
{ chroot "$build" apt-get install "${APT_OPTS[@]}" "${ROOT_PACKAGES[@]}"; } >>"$log_file" 2>&1 || ok=0
# The package's postinst may still have spawned an epmd inside the root: end whatever runs there.
broot=$(readlink -f "$build")
for link in /proc/[0-9]*/root; do
  if [[ $(readlink "$link" 2>/dev/null) == "$broot" ]]; then
    pid=${link#/proc/}; pid=${pid%/root}
    kill -9 "$pid" 2>/dev/null || true
  fi
done
umount "$build/proc" 2>/dev/null || umount -l "$build/proc" || true
(( ok )) || fail "apt-get install rabbitmq-server in the $RMQ_SUITE root failed"
[[ -x $build$RMQ_BIN/rabbitmq-server ]] || fail "rabbitmq-server is missing from the $RMQ_SUITE root after its install"
# An older root at the final path (no marker: unfinished or from an older recipe) is replaced,
# after unmounting whatever is mounted in it, so rm never follows a bind mount into live data.
for m in $(awk -v r="$RMQ_ROOT/" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r); do umount "$m" 2>/dev/null || umount -l "$m" || true; done
if awk -v r="$RMQ_ROOT/" 'index($2, r) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
  die "cannot replace $RMQ_ROOT: something is still mounted in it"
fi
rm -rf --one-file-system "$RMQ_ROOT"
mv "$build" "$RMQ_ROOT"
version=$(broker_version)
printf '%s\nrecipe %s\n' "$version" "$RECIPE" >"$MARKER"
rm -f "$log_file"
echo "install.sh: installed $version in $((SECONDS - start))s"
