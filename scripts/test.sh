#!/usr/bin/env bash
# The project's one test command (`npm test` runs it; CI runs `npm ci && npm test`).
#
#   npm test                          build, then every test against a real local broker
#   npm test -- test/foo.test.ts      arguments after `--` go to `vitest run` unchanged
#   RMQ_TEST_CLUSTER=0 npm test       leave out the 3-node cluster (its tests then skip; never in CI)
#   RMQ_TEST_SKIP_BUILD=1 npm test    skip `npm run build` (quick local loop only; CI builds)
#
# Steps: install RabbitMQ and Chromium (Debian packages) if missing -> `npm run build` -> `npm run lint`
# (ESLint; a problem fails the run before any test) -> start the single
# node (and the cluster when enabled) -> export the URLs (scripts/broker/env.sh) -> `vitest run`.
# Whatever this script started is stopped again on exit, Ctrl-C or TERM; a broker that was
# already running before is left running. A broker that fails to start fails the run (non-zero
# exit, log tail printed): tests never run silently without their broker.
# Exit code: vitest's.
set -euo pipefail

# The 3-node cluster (failover and definitions-import tests) is part of the normal suite;
# RMQ_TEST_CLUSTER=0 leaves it out for a quicker local loop (CI always runs it).
START_CLUSTER=${RMQ_TEST_CLUSTER:-1}
if [[ ${CI:-} == true ]]; then START_CLUSTER=1; fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BROKER="$ROOT/scripts/broker"

started=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local mode
  for mode in "${started[@]}"; do
    bash "$BROKER/stop.sh" "$mode" || echo "test.sh: WARNING: stopping the $mode broker failed" >&2
  done
  # The partition cluster's tests stop it themselves; if a killed run left any of its network
  # (namespaces, bridge), take it all down and fail: nothing the run made may outlive it.
  if ip netns list 2>/dev/null | grep -q '^rmqpns' || ip link show rmqpbr0 >/dev/null 2>&1; then
    echo "test.sh: FAILED: the partition cluster's network was left behind; removing it" >&2
    bash "$BROKER/netns-cluster.sh" stop || true
    (( rc != 0 )) || rc=1
  fi
  # Nothing this run started may outlive it: no node, epmd or CLI VM with our environment.
  if (( ${#started[@]} > 0 )); then
    local left
    left=$(source "$BROKER/lib.sh"; leftover_processes)
    if [[ -n $left ]]; then
      echo "test.sh: FAILED: broker processes started by this run are still running after stop.sh:" >&2
      echo "$left" >&2
      (( rc != 0 )) || rc=1
    else
      echo "test.sh: no broker process of this run is left running"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$SECONDS
bash "$BROKER/install.sh"
bash "$ROOT/scripts/install-chromium.sh"

if [[ ${RMQ_TEST_SKIP_BUILD:-0} == 1 ]]; then
  echo "test.sh: RMQ_TEST_SKIP_BUILD=1: not running npm run build"
else
  echo "test.sh: npm run build"
  npm run --silent build
fi

echo "test.sh: npm run lint"
npm run --silent lint

start_mode() { # start_mode single|cluster
  local mode=$1 before=0
  if [[ $mode == single ]]; then
    (source "$BROKER/lib.sh"; common_env; node_running single) && before=1
  else
    (source "$BROKER/lib.sh"; common_env; node_running 1 || node_running 2 || node_running 3) && before=1
  fi
  # Record it first, so even a half-started broker is stopped on the way out.
  (( before )) || started+=("$mode")
  if ! bash "$BROKER/start.sh" "$mode"; then
    echo "test.sh: FAILED to start the $mode RabbitMQ broker; not running the tests." >&2
    exit 1
  fi
}

start_mode single
if [[ $START_CLUSTER == 1 ]]; then
  start_mode cluster
fi

# The broker actually running, from the node itself (not from what was asked for).
version_line=$(curl -sf -m 10 -u guest:guest "http://127.0.0.1:$((15672 + ${RMQ_PORT_OFFSET:-0}))/api/overview" |
  node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const o=JSON.parse(s);console.log(`RabbitMQ ${o.rabbitmq_version} on Erlang ${o.erlang_version}`)})' || echo "unknown (the management API did not answer)")
echo "test.sh: broker under test: $version_line (RMQ_TEST_BROKER=${RMQ_TEST_BROKER:-4.3}; installed: $(source "$BROKER/lib.sh"; broker_version))"

# shellcheck source=broker/env.sh
source "$BROKER/env.sh"
if [[ $START_CLUSTER == 1 ]]; then
  export RMQ_TEST_CLUSTER=1
  echo "test.sh: brokers ready after $((SECONDS - t0))s: RMQ_URL=$RMQ_URL RMQ_CLUSTER_URLS=$RMQ_CLUSTER_URLS"
else
  # No cluster was started: do not advertise its URLs (cluster tests check RMQ_TEST_CLUSTER).
  export RMQ_TEST_CLUSTER=0
  echo "test.sh: broker ready after $((SECONDS - t0))s: RMQ_URL=$RMQ_URL (cluster not started: RMQ_TEST_CLUSTER=0)"
fi

# Unless the caller chose reporters, also write a JSON report and print one plain closing line
# ("Tests: N passed, N failed, N skipped") that any log reader understands.
args=("$@")
report=""
if [[ " $* " != *" --reporter"* && " $* " != *" --outputFile"* ]]; then
  mkdir -p "$ROOT/.tmp"
  report="$ROOT/.tmp/vitest-report.json"
  rm -f "$report"
  args=(--reporter=default --reporter=json "--outputFile.json=$report" "${args[@]}")
fi

set +e
npx vitest run "${args[@]}"
rc=$?
set -e

if [[ -n $report && -s $report ]]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
    console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  ' "$report" || true
fi
exit "$rc"
