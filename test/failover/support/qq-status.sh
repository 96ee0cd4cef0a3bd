#!/usr/bin/env bash
# Prints `rabbitmq-queues quorum_status` as JSON for one queue of the local test cluster, for
# `rmq-plan verify failover --status-command`.
#
# Usage: test/failover/support/qq-status.sh NODE_NAME VHOST QUEUE
[[ $# == 3 ]] || { echo "usage: $0 NODE_NAME VHOST QUEUE" >&2; exit 2; }
exec "$(dirname "${BASH_SOURCE[0]}")/rabbitmq-queues.sh" "$1" quorum_status --vhost "$2" "$3" --formatter json
