#!/usr/bin/env bash
# Connection URLs of the local test broker(s).
#
#   source scripts/broker/env.sh        exports the variables into the current shell
#   eval "$(scripts/broker/env.sh)"     same, from a subshell
#   scripts/broker/env.sh               prints `export NAME=value` lines
#
# Values already set in the environment are kept (point tests at another broker that way).
# RMQ_PORT_OFFSET (see lib.sh) shifts the default ports like it shifts the nodes' ports.
_off=${RMQ_PORT_OFFSET:-0}
RMQ_URL=${RMQ_URL:-amqp://guest:guest@127.0.0.1:$((5672 + _off))}
RMQ_MGMT_URL=${RMQ_MGMT_URL:-http://guest:guest@127.0.0.1:$((15672 + _off))}
# amqps:// on the single node; the certificate names localhost (and 127.0.0.1), signed by RMQ_TLS_CA.
RMQ_TLS_URL=${RMQ_TLS_URL:-amqps://guest:guest@localhost:$((5671 + _off))}
RMQ_TLS_CA=${RMQ_TLS_CA:-${RMQ_STATE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.broker}/tls/ca.pem}
RMQ_CLUSTER_URLS=${RMQ_CLUSTER_URLS:-amqp://guest:guest@127.0.0.1:$((5682 + _off)),amqp://guest:guest@127.0.0.1:$((5683 + _off)),amqp://guest:guest@127.0.0.1:$((5684 + _off))}
RMQ_CLUSTER_MGMT_URL=${RMQ_CLUSTER_MGMT_URL:-http://guest:guest@127.0.0.1:$((15682 + _off))}
unset _off
export RMQ_URL RMQ_MGMT_URL RMQ_TLS_URL RMQ_TLS_CA RMQ_CLUSTER_URLS RMQ_CLUSTER_MGMT_URL

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  for v in RMQ_URL RMQ_MGMT_URL RMQ_TLS_URL RMQ_TLS_CA RMQ_CLUSTER_URLS RMQ_CLUSTER_MGMT_URL; do
    printf "export %s='%s'\n" "$v" "${!v}"
  done
fi
