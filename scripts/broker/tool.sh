#!/usr/bin/env bash
# Runs one of the test broker's CLI tools (rabbitmqctl, rabbitmq-queues, rabbitmq-streams,
# rabbitmq-diagnostics, rabbitmqadmin, …) with the project's Erlang cookie and environment, inside
# the broker's Debian root when it has one (scripts/broker/lib.sh; honours RMQ_TEST_BROKER,
# RMQ_STATE_DIR, RMQ_NODE_BASENAME).
#
# Usage: scripts/broker/tool.sh TOOL ARGS...
#   scripts/broker/tool.sh rabbitmqctl -n rmqplan@localhost status
#   scripts/broker/tool.sh rabbitmqadmin --port 15682 list queues
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
(( $# >= 1 )) || die "usage: $0 TOOL ARGS..."
require_installed
common_env
if [[ -n $RMQ_ROOT ]] && ! mountpoint -q "$RMQ_ROOT$RMQ_STATE_DIR"; then
  die "the $RMQ_BROKER test broker is not running (its root is not set up): scripts/broker/start.sh first"
fi
rmq_tool "$@"
