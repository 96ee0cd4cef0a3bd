#!/usr/bin/env bash
# Runs `rabbitmq-queues -n NODE_NAME ARGS...` against the local test cluster with its own Erlang
# cookie and environment (scripts/broker/lib.sh; honours RMQ_STATE_DIR / RMQ_NODE_BASENAME).
#
# Usage: test/failover/support/rabbitmq-queues.sh NODE_NAME ARGS...
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/broker/lib.sh"
(( $# >= 2 )) || die "usage: $0 NODE_NAME ARGS..."
common_env
node=$1
shift
rmq_tool rabbitmq-queues -q -n "$node" "$@"
