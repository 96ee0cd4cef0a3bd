#!/usr/bin/env bash
# Stop the local test broker(s) started by start.sh.
#
# Usage: scripts/broker/stop.sh [single|cluster|all]   (default: single)
#
# Only processes recorded in $RMQ_STATE_DIR pid files are touched (never by name): each node gets
# a graceful `rabbitmqctl stop` bounded by RMQ_STOP_TIMEOUT seconds, then kill -9. Our epmd is
# stopped (by its pid) once no node of either mode is left. Idempotent: exits 0 when nothing runs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode=${1:-single}
[[ $mode == single || $mode == cluster || $mode == all ]] || die "usage: $0 [single|cluster|all]"
[[ -d $RMQ_STATE_DIR ]] || { log "broker: nothing to stop ($RMQ_STATE_DIR does not exist)"; exit 0; }
common_env

stopped_any=0
running=()
for k in $(nodes_for_mode "$mode"); do
  node_running "$k" && running+=("$k")
done

if (( ${#running[@]} == 0 )); then
  log "broker: no $mode node running"
else
  stopped_any=1
  if [[ -x $RMQ_ROOT$RMQ_BIN/rabbitmqctl ]]; then
    # Cluster members are stopped in parallel: their data is wiped at the next fresh start anyway.
    pids=()
    for k in "${running[@]}"; do stop_node "$k" & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p" || true; done
  else
    for k in "${running[@]}"; do
      pid=$(node_pid "$k") && kill -9 "$pid" 2>/dev/null || true
      node_vars "$k"; rm -f "$NODE_DIR/pid"; log "$NODE_NAME killed (pid $pid)"
    done
  fi
fi

# Double-check nothing we recorded survived.
for k in "${running[@]}"; do
  if pid=$(node_pid "$k"); then die "node $k (pid $pid) is still running"; fi
done
stop_epmd_if_idle
leave_root_if_idle
exit 0
