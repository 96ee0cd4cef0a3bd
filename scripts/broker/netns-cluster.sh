#!/usr/bin/env bash
# A 3-node RabbitMQ 4.x cluster whose nodes live in three network namespaces joined by a bridge,
# so a network partition can be made (and healed) between them: for `rmq-plan verify partition`.
# Everything stays on this machine: the bridge has no uplink; the host reaches every node on it.
#
# Usage: scripts/broker/netns-cluster.sh start | stop | isolate N | heal | status | urls
#   start      network (bridge rmqpbr0 10.213.7.1/24; namespaces rmqpns1..3 with 10.213.7.11..13),
#              one epmd per namespace, nodes rmqpart1@rmqp1 .. rmqpart3@rmqp3 (AMQP :5672,
#              management :15672 on each address), one cluster. A fresh start wipes old data.
#   stop       nodes (graceful, bounded, then kill -9), epmds, namespaces, bridge, routes: everything
#              this script makes, whatever state it is in (idempotent; run it on any failure).
#   isolate N  cut node N off from the other two, both ways (blackhole routes inside the
#              namespaces); the host still reaches all three, so clients of node N see a node that
#              answers but is in the minority.
#   heal       remove every route `isolate` added.
#   status     what exists and runs.
#   urls       `export` lines: RMQ_PARTITION_URLS (AMQP, node 1..3) and RMQ_PARTITION_MGMT_URL.
#
# Needs root (namespaces, chroot) and a RabbitMQ 4.x root (RMQ_TEST_BROKER 4.3 or 4.0; 3.10 runs
# on the host and cannot be split this way). State: $RMQ_STATE_DIR/partition (<repo>/.broker/partition).
# Erlang's net_ticktime is 10 s here (RabbitMQ's default 60 s) so a 20 s partition is detected
# by the distribution layer too, not only by the quorum queues' own failure detector.
RMQ_STATE_DIR=${RMQ_PARTITION_STATE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.broker/partition}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NET_PREFIX=10.213.7
BRIDGE=rmqpbr0
HOST_ADDR=$NET_PREFIX.1
NODE_BASENAME=rmqpart
NET_TICKTIME_SECONDS=10
KEYS=(1 2 3)

ns_of() { echo "rmqpns$1"; }
veth_of() { echo "rmqpv$1"; }                 # host end; the namespace end is eth0
addr_of() { echo "$NET_PREFIX.1$1"; }
host_of() { echo "rmqp$1"; }                  # resolved by the root's /etc/hosts (lib.sh RMQ_EXTRA_HOSTS)
node_of() { echo "$NODE_BASENAME$1@$(host_of "$1")"; }
dir_of() { echo "$RMQ_STATE_DIR/$NODE_BASENAME$1"; }

# in_ns N CMD... : run CMD in node N's network namespace (same mount namespace: the root's mounts hold)
in_ns() { local n=$1; shift; nsenter --net="/run/netns/$(ns_of "$n")" "$@"; }
ns_exists() { [[ -e /run/netns/$(ns_of "$1") ]]; }

ns_ctl() { # ns_ctl N args... : rabbitmqctl against node N, from inside its namespace
  local n=$1; shift
  in_ns "$n" "${RMQ_RUN[@]}" "$RMQ_BIN/rabbitmqctl" -q -n "$(node_of "$n")" "$@"
}

require_4x() {
  [[ -n $RMQ_ROOT ]] || die "the partition cluster needs a RabbitMQ 4.x root (RMQ_TEST_BROKER=4.3 or 4.0), not $RMQ_BROKER on the host"
  command -v ip >/dev/null && command -v nsenter >/dev/null || die "ip (iproute2) and nsenter (util-linux) are needed"
  [[ $(id -u) == 0 ]] || die "root is needed for network namespaces"
}

# --- network ------------------------------------------------------------------------------------
net_up() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$HOST_ADDR/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  local n ns veth
  for n in "${KEYS[@]}"; do
    ns=$(ns_of "$n") veth=$(veth_of "$n")
    ns_exists "$n" || ip netns add "$ns"
    if ! ip link show "$veth" >/dev/null 2>&1; then
      ip link add "$veth" type veth peer name eth0 netns "$ns"
    fi
    ip link set "$veth" master "$BRIDGE" up
    in_ns "$n" ip link set lo up
    in_ns "$n" ip addr replace "$(addr_of "$n")/24" dev eth0
    in_ns "$n" ip link set eth0 up
  done
}

net_down() {
  local n
  for n in "${KEYS[@]}"; do
    ns_exists "$n" && { ip netns del "$(ns_of "$n")" || log "partition: WARNING: could not delete namespace $(ns_of "$n")"; }
    # Deleting the namespace deletes its veth end, and with it the host end; this catches a half-made pair.
    ip link show "$(veth_of "$n")" >/dev/null 2>&1 && ip link del "$(veth_of "$n")"
  done
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link del "$BRIDGE"
  return 0
}

# --- partition ----------------------------------------------------------------------------------
isolate() {
  local n=$1 m
  for m in "${KEYS[@]}"; do
    [[ $m == "$n" ]] && continue
    in_ns "$n" ip route replace blackhole "$(addr_of "$m")/32"
    in_ns "$m" ip route replace blackhole "$(addr_of "$n")/32"
  done
  log "partition: $(node_of "$n") isolated from the other two nodes (blackhole routes both ways)"
}

heal() {
  local n m removed=0
  for n in "${KEYS[@]}"; do
    ns_exists "$n" || continue
    for m in "${KEYS[@]}"; do
      [[ $m == "$n" ]] && continue
      in_ns "$n" ip route del blackhole "$(addr_of "$m")/32" 2>/dev/null && removed=$((removed + 1))
    done
  done
  log "partition: healed ($removed blackhole routes removed)"
}

# --- nodes --------------------------------------------------------------------------------------
epmd_pid_of() { # the epmd of namespace N, if ours and alive
  local pid
  pid=$(read_pid "$RMQ_STATE_DIR/epmd$1.pid")
  [[ -n $pid && $(cat "/proc/$pid/comm" 2>/dev/null) == epmd ]] && echo "$pid"
}

start_epmd_in() {
  local n=$1 epmd
  epmd_pid_of "$n" >/dev/null && return 0
  epmd=$(epmd_bin)
  ( close_extra_fds
    exec setsid nsenter --net="/run/netns/$(ns_of "$n")" "${RMQ_RUN[@]}" "$epmd" -address "127.0.0.1,$(addr_of "$n")" -port 4369 \
      </dev/null >"$RMQ_STATE_DIR/epmd$n.log" 2>&1 ) &
  echo $! >"$RMQ_STATE_DIR/epmd$n.pid"
  local i
  for i in $(seq 1 50); do
    if in_ns "$n" bash -c "exec 3<>/dev/tcp/$(addr_of "$n")/4369" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  die "epmd in $(ns_of "$n") did not start listening (see $RMQ_STATE_DIR/epmd$n.log)"
}

node_pid_of() { # pid of our running node N
  local pid dir
  dir=$(dir_of "$1")
  pid=$(read_pid "$dir/pid")
  [[ -n $pid && $(cat "/proc/$pid/comm" 2>/dev/null) == beam.smp ]] || return 1
  grep -qxzF -- "RABBITMQ_NODENAME=$(node_of "$1")" "/proc/$pid/environ" 2>/dev/null || return 1
  echo "$pid"
}

write_config() {
  local n=$1 dir m
  dir=$(dir_of "$n")
  mkdir -p "$dir/log" "$dir/mnesia"
  {
    echo "# generated by scripts/broker/netns-cluster.sh - do not edit"
    echo "listeners.tcp.default = $(addr_of "$n"):5672"
    echo "management.tcp.ip = $(addr_of "$n")"
    echo "management.tcp.port = 15672"
    echo "distribution.listener.interface = $(addr_of "$n")"
    # The clients reach the nodes over the private bridge, not loopback.
    echo "loopback_users = none"
    echo "disk_free_limit.absolute = $RMQ_DISK_FREE_LIMIT"
    echo "log.console = false"
    echo "log.file.level = info"
    if [[ $n != 1 ]]; then
      # Join node 1 (the seed) at first boot. The seed itself lists no peers: listing nodes not
      # started yet makes a virgin node retry discovery for ~100 s before it boots alone.
      echo "cluster_formation.peer_discovery_backend = classic_config"
      echo "cluster_formation.classic_config.nodes.1 = $(node_of 1)"
    fi
  } >"$dir/rabbitmq.conf"
  echo "[{kernel, [{net_ticktime, $NET_TICKTIME_SECONDS}]}]." >"$dir/advanced.config"
  echo '[rabbitmq_management].' >"$dir/enabled_plugins"
}

launch() {
  local n=$1 dir
  dir=$(dir_of "$n")
  rm -f "$dir/pid"
  (
    cd "$dir"
    close_extra_fds
    env RABBITMQ_NODENAME="$(node_of "$n")" \
        RABBITMQ_USE_LONGNAME=false \
        RABBITMQ_NODE_IP_ADDRESS="$(addr_of "$n")" \
        RABBITMQ_NODE_PORT=5672 \
        RABBITMQ_DIST_PORT=25672 \
        RABBITMQ_MNESIA_BASE="$dir/mnesia" \
        RABBITMQ_MNESIA_DIR="$dir/mnesia/$(node_of "$n")" \
        RABBITMQ_LOG_BASE="$dir/log" \
        RABBITMQ_PID_FILE="$dir/pid" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
        RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
        setsid nsenter --net="/run/netns/$(ns_of "$n")" "${RMQ_RUN[@]}" "$RMQ_BIN/rabbitmq-server" -detached \
          </dev/null >>"$dir/log/startup.log" 2>&1
  ) || die "rabbitmq-server -detached failed for $(node_of "$n") (see $dir/log/startup.log)"
}

await() {
  local n=$1 dir
  dir=$(dir_of "$n")
  if ! ns_ctl "$n" wait "$dir/pid" --timeout "$RMQ_WAIT_TIMEOUT" >/dev/null 2>"$dir/log/wait.err"; then
    { cat "$dir/log/wait.err"; tail -n 40 "$dir/log/$(node_of "$n").log"; } >&2 2>/dev/null || true
    die "$(node_of "$n") did not boot within ${RMQ_WAIT_TIMEOUT}s"
  fi
  local deadline=$((SECONDS + 30))
  until curl -sf -m 3 -u guest:guest "http://$(addr_of "$n"):15672/api/overview" >/dev/null; do
    (( SECONDS < deadline )) || die "$(node_of "$n") booted but its management API on $(addr_of "$n"):15672 does not answer"
    sleep 0.5
  done
}

stop_nodes() {
  local n pid pids=()
  for n in "${KEYS[@]}"; do
    pid=$(node_pid_of "$n") || continue
    (
      ns_exists "$n" &&
        timeout "$RMQ_STOP_TIMEOUT" nsenter --net="/run/netns/$(ns_of "$n")" "${RMQ_RUN[@]}" "$RMQ_BIN/rabbitmqctl" -q -n "$(node_of "$n")" stop "$(dir_of "$n")/pid" >/dev/null 2>&1
      for _ in $(seq 1 20); do [[ -d /proc/$pid ]] || break; sleep 0.25; done
      [[ -d /proc/$pid ]] && kill -9 "$pid" 2>/dev/null
      log "$(node_of "$n") stopped (pid $pid)"
    ) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  for n in "${KEYS[@]}"; do
    if pid=$(epmd_pid_of "$n"); then kill "$pid" 2>/dev/null; sleep 0.2; kill -9 "$pid" 2>/dev/null; fi
    rm -f "$RMQ_STATE_DIR/epmd$n.pid" "$(dir_of "$n")/pid"
  done
  # Anything else of ours still alive (a CLI VM, erl_child_setup) goes too: nothing outlives stop.
  local left
  left=$(leftover_processes | cut -d' ' -f1)
  [[ -z $left ]] || kill -9 $left 2>/dev/null || true
  return 0
}

cmd_start() {
  require_installed
  require_4x
  local n running=0
  for n in "${KEYS[@]}"; do node_pid_of "$n" >/dev/null && running=1; done
  if (( running )); then log "partition cluster: already running"; cmd_status; return 0; fi
  mkdir -p "$RMQ_STATE_DIR"
  common_env
  enter_root
  net_up
  for n in "${KEYS[@]}"; do start_epmd_in "$n"; done
  [[ ${RMQ_KEEP_DATA:-0} == 1 ]] || for n in "${KEYS[@]}"; do rm -rf "$(dir_of "$n")/mnesia"; done
  local t0=$SECONDS
  for n in "${KEYS[@]}"; do write_config "$n"; done
  # Node 1 first (the seed); 2 and 3 join it at first boot by classic_config peer discovery.
  for n in "${KEYS[@]}"; do
    launch "$n"
    await "$n"
  done
  local got
  for n in "${KEYS[@]}"; do
    got=$(ns_ctl "$n" eval 'length(rabbit_nodes:all_running()).' 2>/dev/null || echo 0)
    [[ $got == 3 ]] || die "$(node_of "$n") sees $got running cluster members, expected 3"
  done
  log "partition cluster: 3 nodes running ($(node_of 1), $(node_of 2), $(node_of 3)) in $((SECONDS - t0))s"
}

cmd_stop() {
  [[ -d $RMQ_STATE_DIR ]] || mkdir -p "$RMQ_STATE_DIR"
  common_env
  heal >/dev/null 2>&1 || true
  stop_nodes
  net_down
  leave_root_if_idle
  log "partition cluster: stopped; namespaces, bridge and routes removed"
}

cmd_status() {
  local n
  ip link show "$BRIDGE" >/dev/null 2>&1 && log "bridge $BRIDGE: up" || log "bridge $BRIDGE: absent"
  for n in "${KEYS[@]}"; do
    local state=absent routes=''
    if ns_exists "$n"; then
      state="namespace $(ns_of "$n")"
      routes=$(in_ns "$n" ip route show type blackhole 2>/dev/null | tr '\n' ' ')
    fi
    local pid
    pid=$(node_pid_of "$n" || echo '-')
    log "$(node_of "$n")  $(addr_of "$n")  pid $pid  $state${routes:+  blackhole: $routes}"
  done
}

cmd_urls() {
  local n urls=()
  for n in "${KEYS[@]}"; do urls+=("amqp://guest:guest@$(addr_of "$n"):5672"); done
  printf "export RMQ_PARTITION_URLS='%s'\n" "$(IFS=,; echo "${urls[*]}")"
  printf "export RMQ_PARTITION_MGMT_URL='http://guest:guest@%s:15672'\n" "$(addr_of 1)"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  isolate)
    [[ ${2:-} == 1 || ${2:-} == 2 || ${2:-} == 3 ]] || die "usage: $0 isolate N   (N = 1, 2 or 3)"
    for n in "${KEYS[@]}"; do ns_exists "$n" || die "namespace $(ns_of "$n") does not exist: run $0 start"; done
    isolate "$2" ;;
  heal) heal ;;
  status) cmd_status ;;
  urls) cmd_urls ;;
  *) die "usage: $0 start | stop | isolate N | heal | status | urls" ;;
esac
