#!/usr/bin/env bash
# (Re)start one cluster node with its existing data, so it rejoins the cluster (after
# kill-node.sh, or to bounce a running node gracefully).
#
# Usage: scripts/broker/restart-node.sh N   (N = 1, 2 or 3: rmqplanN@localhost)
# A running node is first stopped gracefully (bounded, then kill -9). Waits until the node has
# booted, answers on AMQP and management, and (when other members run) is back in the cluster.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

n=${1:-}
[[ $n == 1 || $n == 2 || $n == 3 ]] || die "usage: $0 N   (N = 1, 2 or 3)"
require_installed
common_env
enter_root
start_epmd

if node_running "$n"; then stop_node "$n"; fi
node_vars "$n"
[[ -d $NODE_DIR/mnesia/$NODE_NAME ]] || die "$NODE_NAME has no data in $NODE_DIR; use start.sh cluster"
launch_node "$n"
await_node "$n"

others=0
for k in 1 2 3; do [[ $k != "$n" ]] && node_running "$k" && others=$((others + 1)); done
if (( others > 0 )); then
  node_vars "$n"
  want=$((others + 1))
  deadline=$((SECONDS + 60))
  while :; do
    got=$(ctl "$NODE_NAME" eval 'length(rabbit_nodes:all_running()).' 2>/dev/null || echo 0)
    [[ $got == "$want" ]] && break
    (( SECONDS < deadline )) || die "$NODE_NAME sees $got running members, expected $want"
    sleep 1
  done
fi
node_status_line "$n" "restarted in ${AWAIT_SECONDS}s"
