#!/usr/bin/env bash
# Install Debian's rabbitmq-server package (RabbitMQ 3.10.x on Erlang/OTP 25) if it is missing.
#
# Usage: scripts/broker/install.sh
#
# Idempotent and quiet: prints nothing when the broker is already installed, one line when it
# installs it, and the apt output only when something fails. The package's own service is never
# left running: a temporary policy-rc.d (exit 101) stops invoke-rc.d from starting it during the
# install, and any broker the package still managed to start (it would run as the `rabbitmq`
# user; our own nodes never do) is stopped by its pid afterwards.
set -euo pipefail

RMQ_BIN=/usr/lib/rabbitmq/bin
if [[ -x "$RMQ_BIN/rabbitmq-server" && -x "$RMQ_BIN/rabbitmqctl" ]]; then
  exit 0
fi

SUDO=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else
    echo "install.sh: rabbitmq-server is missing and we are not root (and have no sudo)" >&2
    exit 1
  fi
fi

log=$(mktemp "${TMPDIR:-/tmp}/rmq-install.XXXXXX.log")
policy=/usr/sbin/policy-rc.d
backup=""

restore_policy() {
  if [[ -n "$backup" ]]; then
    "${SUDO[@]}" mv -f "$backup" "$policy"
  else
    "${SUDO[@]}" rm -f "$policy"
  fi
}

# Forbid service starts for the duration of the install, then put back whatever was there.
if [[ -e "$policy" ]]; then
  backup=$(mktemp "${TMPDIR:-/tmp}/policy-rc.d.XXXXXX")
  "${SUDO[@]}" cp -p "$policy" "$backup"
fi
printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
"${SUDO[@]}" chmod 755 "$policy"
trap restore_policy EXIT

# Processes the `rabbitmq` user already ran before this install are never touched below.
before_pids=" $({ ps -u rabbitmq -o pid= 2>/dev/null || true; } | tr -s ' \n' ' ') "

start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
if ! { "${SUDO[@]}" apt-get update -q &&
       "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
         -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
         rabbitmq-server; } >"$log" 2>&1; then
  echo "install.sh: installing rabbitmq-server failed; apt output follows" >&2
  cat "$log" >&2
  exit 1
fi

# Belt and braces: if the package started its own broker anyway (e.g. no policy-rc.d honoured),
# stop it by pid. Only processes owned by the package's `rabbitmq` user are touched.
if id rabbitmq >/dev/null 2>&1; then
  # The node (beam.smp) and the epmd it spawned run as `rabbitmq`; kill each new one by its pid.
  for pid in $(ps -u rabbitmq -o pid= 2>/dev/null); do
    [[ $before_pids == *" $pid "* ]] && continue
    echo "install.sh: stopping process $pid ($(ps -o comm= -p "$pid" 2>/dev/null)) started by the package" >&2
    "${SUDO[@]}" kill -9 "$pid" 2>/dev/null || true
  done
fi

if [[ ! -x "$RMQ_BIN/rabbitmq-server" ]]; then
  echo "install.sh: apt-get succeeded but $RMQ_BIN/rabbitmq-server is still missing" >&2
  cat "$log" >&2
  exit 1
fi
rm -f "$log"
echo "install.sh: installed rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server) in $(( $(date +%s) - start ))s"
