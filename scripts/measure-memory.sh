#!/usr/bin/env bash
# Reproducible memory measurement for docs/measurements/memory.md.
#
# Usage: bash scripts/measure-memory.sh [RUNS]          (default 3 runs)
#        extra options for scripts/measure-memory.mjs via MEASURE_ARGS, e.g.
#        MEASURE_ARGS="--messages 50000" bash scripts/measure-memory.sh 1
#
# Uses a private, empty node (rmqmeasure@localhost, AMQP 5772, management 15772, state in
# <repo>/.broker/measure) so no other work on the shared test node disturbs the node-wide
# readings. For every step group of every run the node is booted afresh, left idle for
# IDLE_SECONDS (default 15), and scripts/measure-memory.mjs measures that group. Finally prints
# the Markdown table of medians over the runs.
# MEASURE_GROUPS overrides the step groups (space separated; a comma joins steps run on one
# node), e.g. MEASURE_GROUPS="qq-wal". MEASURE_OUT sets the result folder.
# Results: .tmp/memory/run-N-STEP.json and .tmp/memory/table.md (about 25 min for 3 runs).
set -euo pipefail

RUNS=${1:-3}
IDLE_SECONDS=${IDLE_SECONDS:-15}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

export RMQ_STATE_DIR="$ROOT/.broker/measure"
export RMQ_NODE_BASENAME=rmqmeasure
export RMQ_PORT_OFFSET=100
export RMQ_URL="amqp://guest:guest@127.0.0.1:$((5672 + RMQ_PORT_OFFSET))"
export RMQ_MGMT_URL="http://guest:guest@127.0.0.1:$((15672 + RMQ_PORT_OFFSET))"

out=${MEASURE_OUT:-"$ROOT/.tmp/memory"}
mkdir -p "$out"
rm -f "$out"/run-*.json

stop() { bash scripts/broker/stop.sh single || true; }
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One freshly booted node per step group: memory freed by an earlier step stays cached in the
# Erlang allocators (and in RSS) and would hide part of the next step's growth.
STEP_GROUPS=${MEASURE_GROUPS:-"idle,connections classic-queues quorum-queues msg-quorum-16 msg-classic-16 msg-quorum-1024 msg-classic-1024 qq-wal"}

bash scripts/broker/install.sh
t0=$SECONDS
for i in $(seq 1 "$RUNS"); do
  g=0
  for group in $STEP_GROUPS; do
    g=$((g + 1))
    echo "== run $i/$RUNS, step $group: fresh node"
    bash scripts/broker/stop.sh single >/dev/null
    bash scripts/broker/start.sh single
    sleep "$IDLE_SECONDS"
    # shellcheck disable=SC2086
    node scripts/measure-memory.mjs --only "$group" --out "$out/run-$i-$(printf %02d $g).json" \
      ${MEASURE_ARGS:-} >/dev/null
  done
done
bash scripts/broker/stop.sh single
echo "== measured in $((SECONDS - t0))s"

node scripts/measure-memory.mjs --aggregate "$out"/run-*.json | tee "$out/table.md"
