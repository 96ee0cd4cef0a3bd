#!/usr/bin/env bash
# kill -9 one cluster node (for failover tests), by its recorded pid.
#
# Usage: scripts/broker/kill-node.sh N      (N = 1, 2 or 3: rmqplanN@localhost)
# Exits 0 after the process is gone; exits 1 if that node was not running.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

n=${1:-}
[[ $n == 1 || $n == 2 || $n == 3 ]] || die "usage: $0 N   (N = 1, 2 or 3)"
common_env
pid=$(node_pid "$n") || { node_vars "$n"; die "$NODE_NAME is not running"; }
node_vars "$n"
kill -9 "$pid"
for _ in $(seq 1 50); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
[[ -d /proc/$pid ]] && die "$NODE_NAME (pid $pid) survived kill -9"
log "$NODE_NAME killed (kill -9, pid $pid)"
