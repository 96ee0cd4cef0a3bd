# shellcheck shell=bash
# Shared helpers for scripts/broker/*.sh. Source it; do not run it.
#
# Layout of the state directory ($RMQ_STATE_DIR, default <repo>/.broker, git-ignored):
#   home/.erlang.cookie      shared Erlang cookie (mode 400); HOME points here for nodes and CLI
#   empty-env.conf           RABBITMQ_CONF_ENV_FILE (empty, so /etc/rabbitmq/rabbitmq-env.conf is ignored)
#   epmd.pid, epmd.log       our own epmd (127.0.0.1:4369)
#   <node>/rabbitmq.conf     per-node config (loopback listeners, ports, disk limit)
#   <node>/enabled_plugins   [rabbitmq_management].
#   <node>/pid               node pid file (written by RabbitMQ itself)
#   <node>/mnesia/, <node>/log/
#   tls/ca.pem, tls/server.pem, tls/server.key   a throw-away CA and server certificate
#                            (localhost, 127.0.0.1) for the single node's TLS listener
#
# Nodes (standard set; see RMQ_NODE_BASENAME / RMQ_PORT_OFFSET below for a private second set):
#   single   rmqplan@localhost     AMQP 5672, AMQPS 5671  management 15672  dist 25672
#   cluster  rmqplan1..3@localhost AMQP 5682-5684  management 15682-15684  dist 25682-25684

set -euo pipefail

RMQ_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RMQ_STATE_DIR=${RMQ_STATE_DIR:-$RMQ_REPO_ROOT/.broker}
RMQ_BIN=/usr/lib/rabbitmq/bin

# Which RabbitMQ runs the nodes (RMQ_TEST_BROKER):
#   4.3 (default)  the newest Debian ships (sid: RabbitMQ 4.3.x, Erlang 29), installed into its own
#                  Debian root RMQ_ROOT, because its Erlang needs a newer libc than this host's;
#                  the nodes and every CLI tool run there with `chroot`, sharing loopback.
#   4.0            Debian trixie (RabbitMQ 4.0.x, Erlang 27) in its own root, the same way.
#   3.10           Debian 12's own package on the host (RabbitMQ 3.10.8, Erlang 25): the older
#                  broker, opt in.
# The state dir is bind-mounted into the root at the same path, so pid files, logs, configs, the
# Erlang cookie and the TLS material have one path inside and outside.
RMQ_BROKER=${RMQ_TEST_BROKER:-4.3}
case "$RMQ_BROKER" in
  4.3) RMQ_SUITE=sid ;;
  4.0) RMQ_SUITE=trixie ;;
  3.10) RMQ_SUITE= ;;
  *) echo "broker: RMQ_TEST_BROKER must be 4.3, 4.0 or 3.10, got '$RMQ_BROKER'" >&2; exit 1 ;;
esac
if [[ -n $RMQ_SUITE ]]; then
  RMQ_ROOT=${RMQ_ROOT:-/var/lib/rmq-plan/debian-$RMQ_SUITE}
  RMQ_RUN=(chroot "$RMQ_ROOT")
else
  RMQ_ROOT=
  RMQ_RUN=()
fi
# For a second, private broker set beside the standard one (e.g. for measurements that must not
# share a node with other work): another state dir, node base name and port offset, e.g.
#   RMQ_STATE_DIR=/tmp/rmq-b RMQ_NODE_BASENAME=rmqb RMQ_PORT_OFFSET=100 scripts/broker/start.sh
# gives rmqb@localhost on AMQP 5772, management 15772, dist 25772. Defaults: the standard set.
RMQ_NODE_BASENAME=${RMQ_NODE_BASENAME:-rmqplan}
RMQ_PORT_OFFSET=${RMQ_PORT_OFFSET:-0}
[[ $RMQ_NODE_BASENAME =~ ^[A-Za-z][A-Za-z0-9_-]*$ ]] || { echo "broker: bad RMQ_NODE_BASENAME" >&2; exit 1; }
[[ $RMQ_PORT_OFFSET =~ ^[0-9]+$ ]] || { echo "broker: bad RMQ_PORT_OFFSET" >&2; exit 1; }
# Free disk below which RabbitMQ blocks publishers. 50MB is RabbitMQ's own default; it is set
# explicitly so a CI disk with a few GB free never trips an alarm that would hang publishers.
RMQ_DISK_FREE_LIMIT=${RMQ_DISK_FREE_LIMIT:-50MB}
RMQ_WAIT_TIMEOUT=${RMQ_WAIT_TIMEOUT:-120}   # seconds for `rabbitmqctl wait`
RMQ_STOP_TIMEOUT=${RMQ_STOP_TIMEOUT:-45}    # seconds for a graceful stop before kill -9

log() { printf '%s\n' "$*"; }
die() { printf 'broker: ERROR: %s\n' "$*" >&2; exit 1; }

# --- node table --------------------------------------------------------------------------------
# node_vars KEY  -> sets NODE_SHORT, NODE_NAME, NODE_AMQP, NODE_MGMT, NODE_DIST, NODE_DIR
# KEY is "single" or "1".."3" (cluster members).
node_vars() {
  local key=$1 off=$RMQ_PORT_OFFSET
  case "$key" in
    single) NODE_SHORT=$RMQ_NODE_BASENAME
            NODE_AMQP=$((5672 + off)); NODE_MGMT=$((15672 + off)); NODE_DIST=$((25672 + off))
            NODE_AMQPS=$((5671 + off)) ;;
    1|2|3)  NODE_SHORT=$RMQ_NODE_BASENAME$key
            NODE_AMQP=$((5681 + key + off)); NODE_MGMT=$((15681 + key + off)); NODE_DIST=$((25681 + key + off))
            NODE_AMQPS= ;;
    *) die "unknown node key '$key' (expected single, 1, 2 or 3)" ;;
  esac
  NODE_NAME=$NODE_SHORT@localhost
  NODE_DIR=$RMQ_STATE_DIR/$NODE_SHORT
}

nodes_for_mode() {
  case "$1" in
    single) echo single ;;
    cluster) echo 1 2 3 ;;
    all) echo single 1 2 3 ;;
    *) die "unknown mode '$1' (expected single or cluster)" ;;
  esac
}

require_installed() {
  [[ -x $RMQ_ROOT$RMQ_BIN/rabbitmq-server && -x $RMQ_ROOT$RMQ_BIN/rabbitmqctl ]] ||
    die "RabbitMQ $RMQ_BROKER is not installed ($RMQ_ROOT$RMQ_BIN/rabbitmq-server missing): run scripts/broker/install.sh"
}

# rmq_tool TOOL ARGS... : a RabbitMQ CLI tool (rabbitmqctl, rabbitmq-queues, rabbitmqadmin, …) of
# the selected broker, in its root when it has one. Callers set the environment (common_env).
rmq_tool() {
  local tool=$1; shift
  local path=$RMQ_BIN/$tool
  [[ -x $RMQ_ROOT$path ]] || path=/usr/bin/$tool
  "${RMQ_RUN[@]}" "$path" "$@"
}

# --- the broker's Debian root (4.x) ---------------------------------------------------------------
# The partition cluster's host names (scripts/broker/netns-cluster.sh: one node per network
# namespace on a private bridge), resolvable in the root for its nodes and CLI tools.
RMQ_EXTRA_HOSTS=('10.213.7.11 rmqp1' '10.213.7.12 rmqp2' '10.213.7.13 rmqp3')

# enter_root : make the root usable for nodes: /proc mounted, the state dir bind-mounted at its
# own path, the host's /etc/hosts (without it `localhost` does not resolve there and a node hangs
# silently at boot) plus RMQ_EXTRA_HOSTS. Idempotent.
enter_root() {
  [[ -n $RMQ_ROOT ]] || return 0
  [[ -d $RMQ_ROOT/proc ]] || die "no Debian root at $RMQ_ROOT: run scripts/broker/install.sh"
  mkdir -p "$RMQ_STATE_DIR" "$RMQ_ROOT$RMQ_STATE_DIR"
  { cat /etc/hosts; printf '%s\n' "# rmq-plan partition cluster (scripts/broker/lib.sh)" "${RMQ_EXTRA_HOSTS[@]}"; } >"$RMQ_ROOT/etc/hosts"
  mountpoint -q "$RMQ_ROOT/proc" || mount -t proc proc "$RMQ_ROOT/proc" || die "cannot mount /proc in $RMQ_ROOT (root needed)"
  mountpoint -q "$RMQ_ROOT$RMQ_STATE_DIR" || mount --bind "$RMQ_STATE_DIR" "$RMQ_ROOT$RMQ_STATE_DIR" ||
    die "cannot bind-mount $RMQ_STATE_DIR into $RMQ_ROOT"
}

# root_in_use : 0 when any process runs inside the root (a node, epmd, a CLI tool)
root_in_use() {
  [[ -n $RMQ_ROOT ]] || return 1
  local link root
  root=$(readlink -f "$RMQ_ROOT")
  for link in /proc/[0-9]*/root; do
    [[ $(readlink "$link" 2>/dev/null) == "$root" ]] && return 0
  done
  return 1
}

# leave_root_if_idle : undo enter_root's mounts once nothing runs in the root any more
leave_root_if_idle() {
  [[ -n $RMQ_ROOT ]] || return 0
  root_in_use && return 0
  if mountpoint -q "$RMQ_ROOT$RMQ_STATE_DIR" 2>/dev/null; then
    umount "$RMQ_ROOT$RMQ_STATE_DIR" 2>/dev/null || umount -l "$RMQ_ROOT$RMQ_STATE_DIR" || true
  fi
  # /proc is shared by every state dir using this root: unmount it only when no other is mounted.
  if ! grep -qF " $RMQ_ROOT/" /proc/self/mounts 2>/dev/null || [[ $(grep -cF " $RMQ_ROOT/" /proc/self/mounts) == 1 ]]; then
    if mountpoint -q "$RMQ_ROOT/proc" 2>/dev/null; then
      umount "$RMQ_ROOT/proc" 2>/dev/null || umount -l "$RMQ_ROOT/proc" || true
    fi
  fi
}

# broker_version : "RabbitMQ X on Erlang Y" of the installed broker (from its packages)
broker_version() {
  local rmq erl
  rmq=$("${RMQ_RUN[@]}" dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo unknown)
  erl=$("${RMQ_RUN[@]}" dpkg-query -W -f='${Version}' erlang-base 2>/dev/null || echo unknown)
  erl=${erl#*:}
  echo "RabbitMQ ${rmq%%-*} on Erlang ${erl%%[+-]*}${RMQ_ROOT:+ (Debian $RMQ_SUITE root $RMQ_ROOT)}"
}

# --- environment shared by the nodes and the CLI tools -----------------------------------------
common_env() {
  mkdir -p "$RMQ_STATE_DIR/home"
  local cookie=$RMQ_STATE_DIR/home/.erlang.cookie
  if [[ ! -s $cookie ]]; then
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr 'a-f' 'A-F' >"$cookie")
  fi
  chmod 400 "$cookie"
  : >"$RMQ_STATE_DIR/empty-env.conf"
  export HOME=$RMQ_STATE_DIR/home
  export RABBITMQ_CONF_ENV_FILE=$RMQ_STATE_DIR/empty-env.conf
  export ERL_EPMD_ADDRESS=127.0.0.1
  export ERL_EPMD_PORT=4369
  # Never let a CLI tool or node read the package's /etc/rabbitmq files.
  unset RABBITMQ_CONFIG_FILE RABBITMQ_ENABLED_PLUGINS_FILE RABBITMQ_NODENAME || true
}

ctl() { # ctl NODE_NAME args... (rabbitmqctl against one of our nodes)
  local node=$1; shift
  rmq_tool rabbitmqctl -q -n "$node" "$@"
}

# --- processes ---------------------------------------------------------------------------------
read_pid() { # read_pid FILE -> prints pid or nothing
  [[ -f $1 ]] && tr -dc '0-9' <"$1" || true
}

# node_pid KEY -> pid of our running node KEY (checked against /proc so a reused pid is ignored)
node_pid() {
  node_vars "$1"
  local pid
  pid=$(read_pid "$NODE_DIR/pid")
  [[ -n $pid && -r /proc/$pid/comm ]] || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == beam.smp ]] || return 1
  # The node name is not on beam's command line, but in its environment (set by launch_node).
  # grep reads the NUL-separated file itself (-z): no pipe, so no SIGPIPE under pipefail (a
  # `tr | grep -q` here read a running node as stopped ~3% of the time, and stop.sh left it running).
  grep -qxzF -- "RABBITMQ_NODENAME=$NODE_NAME" "/proc/$pid/environ" 2>/dev/null || return 1
  echo "$pid"
}

node_running() { node_pid "$1" >/dev/null; }

# leftover_processes : "pid comm" of every Erlang process (node, epmd, helpers, CLI tool) started
# with this state dir's environment (HOME=$RMQ_STATE_DIR/home, set by common_env), or a private
# broker set's below it (e.g. the fault tests' .broker/faults) — i.e. by these scripts — that is
# still alive. Empty output means nothing of ours is left running.
leftover_processes() {
  local dir comm
  for dir in /proc/[0-9]*; do
    comm=$(cat "$dir/comm" 2>/dev/null) || continue
    case "$comm" in beam.smp|epmd|erl_child_setup|inet_gethost|heart|erl) ;; *) continue ;; esac
    grep -qz -- "^HOME=$RMQ_STATE_DIR/\(.*/\)\?home\$" "$dir/environ" 2>/dev/null && echo "${dir#/proc/} $comm"
  done
  return 0
}

epmd_pid() {
  local pid
  pid=$(read_pid "$RMQ_STATE_DIR/epmd.pid")
  [[ -n $pid && -r /proc/$pid/comm ]] || return 1
  [[ $(cat "/proc/$pid/comm") == epmd ]] || return 1
  echo "$pid"
}

# Close every inherited fd above 2 in the current (sub)shell, so a daemon started from it holds
# no pipe of its caller (a CI runner waits for EOF on its pipes; a daemon holding one hangs it).
close_extra_fds() {
  local fd
  for fd in $(ls /proc/$BASHPID/fd); do
    (( fd > 2 )) && eval "exec $fd>&-" 2>/dev/null || true
  done
}

port_open() { # port_open PORT -> 0 if something accepts on 127.0.0.1:PORT
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# epmd_bin : path of the broker's epmd (inside its root when it has one; run it with RMQ_RUN)
epmd_bin() {
  local e
  if [[ -x $RMQ_ROOT/usr/bin/epmd ]]; then e=/usr/bin/epmd
  else e=$(ls "$RMQ_ROOT"/usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | head -n1 || true); e=${e#"$RMQ_ROOT"}
  fi
  echo "$e"
}

start_epmd() {
  if epmd_pid >/dev/null; then return 0; fi
  if port_open 4369; then
    # Someone else's epmd (e.g. a system one) already listens; nodes can register with it.
    log "epmd: using the epmd already listening on 127.0.0.1:4369 (not ours; will not stop it)"
    return 0
  fi
  local epmd
  epmd=$(epmd_bin)
  [[ -n $epmd && -x $RMQ_ROOT$epmd ]] || die "epmd not found (is erlang-base installed?)"
  # Own session, stdio closed: it must neither hold a CI pipe open nor be killed with our shell.
  ( close_extra_fds
    exec setsid "${RMQ_RUN[@]}" "$epmd" -address 127.0.0.1 -port 4369 </dev/null >"$RMQ_STATE_DIR/epmd.log" 2>&1 ) &
  echo $! >"$RMQ_STATE_DIR/epmd.pid"
  local i
  for i in $(seq 1 50); do
    if port_open 4369; then
      # setsid execs in place unless it is a process-group leader; if it forked, record the real pid.
      if ! epmd_pid >/dev/null; then
        local real
        real=$(ss -Hltnp 'sport = :4369' 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)
        [[ -n $real ]] && echo "$real" >"$RMQ_STATE_DIR/epmd.pid"
      fi
      return 0
    fi
    sleep 0.1
  done
  die "epmd did not start listening on 127.0.0.1:4369 (see $RMQ_STATE_DIR/epmd.log)"
}

stop_epmd_if_idle() {
  local key
  for key in single 1 2 3; do
    if node_running "$key"; then return 0; fi
  done
  local pid
  if pid=$(epmd_pid); then
    # Another broker set (other RMQ_STATE_DIR) may share this epmd: leave it while any node,
    # ours or not, is still registered.
    if "${RMQ_RUN[@]}" "$(epmd_bin)" -names 2>/dev/null | grep -q '^name '; then
      log "epmd: left running (pid $pid): other nodes are still registered"
      return 0
    fi
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
    [[ -d /proc/$pid ]] && kill -9 "$pid" 2>/dev/null || true
    log "epmd: stopped (pid $pid)"
  fi
  rm -f "$RMQ_STATE_DIR/epmd.pid"
}

# --- TLS material --------------------------------------------------------------------------------
# ensure_tls_material : a CA and a server certificate for localhost / 127.0.0.1 under
# $RMQ_STATE_DIR/tls (made once, kept across restarts), so amqps:// can be tested on loopback.
ensure_tls_material() {
  local dir=$RMQ_STATE_DIR/tls
  [[ -s $dir/ca.pem && -s $dir/server.pem && -s $dir/server.key ]] && return 0
  command -v openssl >/dev/null || die "openssl is needed for the test broker's TLS listener (apt-get install openssl)"
  mkdir -p "$dir"
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=rmq-plan test CA' \
      -keyout ca.key -out ca.pem >/dev/null 2>&1
    openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' -keyout server.key -out server.csr >/dev/null 2>&1
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile server.ext -out server.pem >/dev/null 2>&1
    chmod 644 ca.pem server.pem server.key
  ) || die "could not create the TLS test certificates in $dir"
}

# --- node lifecycle ----------------------------------------------------------------------------
# write_node_config KEY [SEED_NODE_NAME]
write_node_config() {
  node_vars "$1"
  local seed=${2:-}
  mkdir -p "$NODE_DIR/log" "$NODE_DIR/mnesia"
  [[ -z $NODE_AMQPS ]] || ensure_tls_material
  {
    echo "# generated by scripts/broker/lib.sh - do not edit"
    echo "listeners.tcp.default = 127.0.0.1:$NODE_AMQP"
    if [[ -n $NODE_AMQPS ]]; then
      # amqps:// for the bench's TLS test: server authentication only (no client certificates).
      echo "listeners.ssl.default = 127.0.0.1:$NODE_AMQPS"
      echo "ssl_options.cacertfile = $RMQ_STATE_DIR/tls/ca.pem"
      echo "ssl_options.certfile = $RMQ_STATE_DIR/tls/server.pem"
      echo "ssl_options.keyfile = $RMQ_STATE_DIR/tls/server.key"
      echo "ssl_options.verify = verify_none"
      echo "ssl_options.fail_if_no_peer_cert = false"
    fi
    echo "management.tcp.ip = 127.0.0.1"
    echo "management.tcp.port = $NODE_MGMT"
    echo "distribution.listener.interface = 127.0.0.1"
    echo "disk_free_limit.absolute = $RMQ_DISK_FREE_LIMIT"
    echo "log.console = false"
    echo "log.file.level = info"
    if [[ -n $seed ]]; then
      # Join the seed node at first boot (ignored once the node has data of its own).
      echo "cluster_formation.peer_discovery_backend = classic_config"
      echo "cluster_formation.classic_config.nodes.1 = $seed"
    fi
  } >"$NODE_DIR/rabbitmq.conf"
  echo '[rabbitmq_management].' >"$NODE_DIR/enabled_plugins"
}

# launch_node KEY : start the node detached (config must exist), does not wait
launch_node() {
  node_vars "$1"
  local p
  for p in "$NODE_AMQP" "$NODE_MGMT" "$NODE_DIST" ${NODE_AMQPS:+"$NODE_AMQPS"}; do
    port_open "$p" && die "port 127.0.0.1:$p is already in use by another process; cannot start $NODE_NAME"
  done
  rm -f "$NODE_DIR/pid"
  (
    cd "$NODE_DIR"   # an erl_crash.dump, if any, lands here
    close_extra_fds
    env RABBITMQ_NODENAME="$NODE_NAME" \
        RABBITMQ_USE_LONGNAME=false \
        RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
        RABBITMQ_NODE_PORT="$NODE_AMQP" \
        RABBITMQ_DIST_PORT="$NODE_DIST" \
        RABBITMQ_MNESIA_BASE="$NODE_DIR/mnesia" \
        RABBITMQ_MNESIA_DIR="$NODE_DIR/mnesia/$NODE_NAME" \
        RABBITMQ_LOG_BASE="$NODE_DIR/log" \
        RABBITMQ_PID_FILE="$NODE_DIR/pid" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$NODE_DIR/enabled_plugins" \
        RABBITMQ_CONFIG_FILE="$NODE_DIR/rabbitmq.conf" \
        RABBITMQ_ADVANCED_CONFIG_FILE="$NODE_DIR/advanced.config" \
        setsid "${RMQ_RUN[@]}" "$RMQ_BIN/rabbitmq-server" -detached </dev/null >>"$NODE_DIR/log/startup.log" 2>&1
  ) || die "rabbitmq-server -detached failed for $NODE_NAME (see $NODE_DIR/log/startup.log)"
}

show_node_logs() {
  node_vars "$1"
  {
    echo "---- last lines of $NODE_DIR/log/startup.log"
    tail -n 30 "$NODE_DIR/log/startup.log" 2>/dev/null || true
    echo "---- last lines of $NODE_DIR/log/$NODE_NAME.log"
    tail -n 40 "$NODE_DIR/log/$NODE_NAME.log" 2>/dev/null || true
  } >&2
}

# await_node KEY : wait until booted, AMQP accepts, management answers (bounded)
await_node() {
  node_vars "$1"
  local t0=$SECONDS
  if ! ctl "$NODE_NAME" wait "$NODE_DIR/pid" --timeout "$RMQ_WAIT_TIMEOUT" >/dev/null 2>"$NODE_DIR/log/wait.err"; then
    cat "$NODE_DIR/log/wait.err" >&2 || true
    show_node_logs "$1"
    die "$NODE_NAME did not boot within ${RMQ_WAIT_TIMEOUT}s"
  fi
  local deadline=$((SECONDS + 30)) ok_amqp=0 ok_mgmt=0
  while (( SECONDS < deadline )); do
    (( ok_amqp )) || { port_open "$NODE_AMQP" && ok_amqp=1; } || true
    (( ok_mgmt )) || { curl -sf -m 3 -u guest:guest "http://127.0.0.1:$NODE_MGMT/api/overview" >/dev/null && ok_mgmt=1; } || true
    (( ok_amqp && ok_mgmt )) && break
    sleep 0.5
  done
  (( ok_amqp )) || { show_node_logs "$1"; die "$NODE_NAME booted but AMQP 127.0.0.1:$NODE_AMQP does not accept connections"; }
  if [[ -n $NODE_AMQPS ]] && ! port_open "$NODE_AMQPS"; then
    show_node_logs "$1"; die "$NODE_NAME booted but AMQPS 127.0.0.1:$NODE_AMQPS does not accept connections"
  fi
  (( ok_mgmt )) || { show_node_logs "$1"; die "$NODE_NAME booted but the management API on 127.0.0.1:$NODE_MGMT does not answer"; }
  AWAIT_SECONDS=$((SECONDS - t0))
}

node_status_line() {
  node_vars "$1"
  local pid
  pid=$(node_pid "$1" || echo '?')
  node_vars "$1"
  printf '%-22s pid %-7s amqp://127.0.0.1:%s  http://127.0.0.1:%s  %s\n' \
    "$NODE_NAME" "$pid" "$NODE_AMQP" "$NODE_MGMT" "$2"
}

# stop_node KEY : graceful stop with timeout, then kill -9; only ever by the recorded pid
stop_node() {
  local key=$1 pid
  if ! pid=$(node_pid "$key"); then
    node_vars "$key"
    rm -f "$NODE_DIR/pid"
    return 0
  fi
  node_vars "$key"
  local t0=$SECONDS how=graceful
  timeout "$RMQ_STOP_TIMEOUT" "${RMQ_RUN[@]}" "$RMQ_BIN/rabbitmqctl" -q -n "$NODE_NAME" stop "$NODE_DIR/pid" \
    >/dev/null 2>&1 || true
  # `rabbitmqctl stop PIDFILE` returns once the OS process is gone; double check by pid.
  for _ in $(seq 1 20); do [[ -d /proc/$pid ]] || break; sleep 0.25; done
  if [[ -d /proc/$pid ]]; then
    kill -9 "$pid" 2>/dev/null || true
    how=kill-9
    for _ in $(seq 1 20); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
  fi
  rm -f "$NODE_DIR/pid"
  log "$NODE_NAME stopped (pid $pid, $how, $((SECONDS - t0))s)"
}
