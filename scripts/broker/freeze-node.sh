#!/usr/bin/env bash
# Freeze one cluster node (SIGSTOP: the process stays, answers nothing) or thaw it (SIGCONT), by
# its recorded pid: a broker that stops answering, for fault tests (`verify failover
# --kill-command 'scripts/broker/freeze-node.sh {node}' --restart-command 'scripts/broker/freeze-node.sh {node} --thaw'`).
#
# Usage: scripts/broker/freeze-node.sh N [--thaw]     (N = 1, 2 or 3: rmqplanN@localhost)
# Exits 1 if that node is not running. Its Erlang helper processes are frozen and thawed with it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

n=${1:-}
[[ $n == 1 || $n == 2 || $n == 3 ]] || die "usage: $0 N [--thaw]   (N = 1, 2 or 3)"
signal=STOP what=frozen
if [[ ${2:-} == --thaw ]]; then signal=CONT what=thawed; fi
common_env
pid=$(node_pid "$n") || { node_vars "$n"; die "$NODE_NAME is not running"; }
node_vars "$n"
# The VM and its children (erl_child_setup, inet_gethost): a half-frozen node would still answer some.
children=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -s ' \n' ' ')
kill "-$signal" "$pid" $children
log "$NODE_NAME $what (SIG$signal, pid $pid)"
