#!/usr/bin/env bash
# Start the local test broker(s). Loopback only, all state under $RMQ_STATE_DIR (<repo>/.broker).
#
# Usage: scripts/broker/start.sh [single|cluster]      (default: single)
#   single   rmqplan@localhost            amqp://guest:guest@127.0.0.1:5672, management :15672
#   cluster  rmqplan1..3@localhost        AMQP 5682-5684, management 15682-15684, one cluster
#
# Idempotent: nodes already running are reported and left alone. A fresh start (no node of that
# mode running) wipes that mode's old data, so every run begins from an empty broker
# (RMQ_KEEP_DATA=1 keeps it). When some cluster nodes run and others do not (e.g. after
# kill-node.sh), the missing ones are started with their data and rejoin.
# Exits non-zero, with the node's log tail, if anything does not come up.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode=${1:-single}
[[ $mode == single || $mode == cluster ]] || die "usage: $0 [single|cluster]"
require_installed
common_env
enter_root
start_epmd

t_start=$SECONDS
keys=$(nodes_for_mode "$mode")

any_running=0
for k in $keys; do node_running "$k" && any_running=1; done

if [[ $mode == single ]]; then
  if node_running single; then
    await_node single
    node_status_line single "already running"
  else
    node_vars single
    [[ ${RMQ_KEEP_DATA:-0} == 1 ]] || rm -rf "$NODE_DIR/mnesia"
    write_node_config single
    launch_node single
    await_node single
    node_status_line single "started in ${AWAIT_SECONDS}s"
  fi
  exit 0
fi

# ---- cluster ----
seed=${RMQ_NODE_BASENAME}1@localhost

in_cluster() { # in_cluster NODE_NAME -> 0 if the seed (or any running member) lists it as running
  local via
  for via in "${RMQ_NODE_BASENAME}"{1,2,3}@localhost; do
    [[ $via == "$1" ]] && continue
    if ctl "$via" eval "lists:member('$1', rabbit_nodes:all_running())." 2>/dev/null | grep -qx true; then
      return 0
    fi
  done
  return 1
}

join_explicitly() { # fallback when first-boot discovery did not join: reset and join the seed
  node_vars "$1"
  log "$NODE_NAME: did not join at boot; joining $seed explicitly"
  ctl "$NODE_NAME" stop_app >/dev/null
  ctl "$NODE_NAME" reset >/dev/null
  ctl "$NODE_NAME" join_cluster "$seed" >/dev/null
  ctl "$NODE_NAME" start_app >/dev/null
  ctl "$NODE_NAME" await_startup --timeout "$RMQ_WAIT_TIMEOUT" >/dev/null
}

if (( ! any_running )) && [[ ${RMQ_KEEP_DATA:-0} != 1 ]]; then
  for k in $keys; do node_vars "$k"; rm -rf "$NODE_DIR/mnesia"; done
fi

for k in $keys; do
  if node_running "$k"; then
    await_node "$k"
    node_status_line "$k" "already running"
    continue
  fi
  # Node 1 is the seed. Nodes 2 and 3 join it at first boot via classic_config peer discovery;
  # a node that already has data rejoins its cluster by itself. If the seed is not running (only
  # possible with RMQ_KEEP_DATA=1 or after killing node 1), the node is started as is.
  if [[ $k == 1 ]]; then write_node_config 1; else write_node_config "$k" "$seed"; fi
  launch_node "$k"
  await_node "$k"
  node_vars "$k"
  if [[ $k != 1 ]] && node_running 1 && ! in_cluster "$NODE_NAME"; then
    join_explicitly "$k"
    in_cluster "$NODE_NAME" || die "$NODE_NAME could not join the cluster of $seed"
  fi
  node_status_line "$k" "started in ${AWAIT_SECONDS}s"
done

# Final check: every member sees all three running.
for k in $keys; do
  node_vars "$k"
  n=$(ctl "$NODE_NAME" eval 'length(rabbit_nodes:all_running()).' 2>/dev/null || echo 0)
  [[ $n == 3 ]] || die "$NODE_NAME sees $n running cluster members, expected 3 (run rabbitmqctl -n $NODE_NAME cluster_status)"
done
log "cluster: 3 nodes running (${RMQ_NODE_BASENAME}1..3@localhost) in $((SECONDS - t_start))s"
