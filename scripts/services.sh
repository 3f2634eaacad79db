#!/usr/bin/env bash
# Starts (or stops) the services the tests and local runs need: RabbitMQ with its management UI on
# 127.0.0.1:5672/:15672, PostgreSQL 15 on 127.0.0.1:5432 and Prometheus on 127.0.0.1:9090, their data under
# .local/ (ignored). Installs RabbitMQ and Prometheus with apt when missing. Safe to run twice: what already
# answers is left alone. Prometheus scrapes every second the targets listed in the JSON files of
# .local/prometheus/targets/ (file_sd: the tests write one per target simulator, with its port).
#   scripts/services.sh start | stop | status
# The fault tests also run brokers and databases of their own, which they stop and start (the shared ones are never
# stopped under other tests): a RabbitMQ node named NAME on AMQP port PORT (management on PORT+10000, distribution on
# PORT+20000), and a PostgreSQL cluster named NAME on PORT, their data under .local/ too:
#   scripts/services.sh rabbit-node start|stop NAME PORT [kill]   (kill: SIGKILL instead of a clean stop)
#   scripts/services.sh postgres-cluster start|stop NAME PORT
# and a RabbitMQ cluster of three such nodes, cluster1..cluster3 on AMQP ports 5681..5683 (management 15681..15683),
# joined to cluster1, one of which they kill and start again (it rejoins on its own):
#   scripts/services.sh cluster start|stop | kill-node N | start-node N   (N: 1, 2 or 3)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
local_dir="$root/.local"
rabbit_dir="$local_dir/rabbitmq"
pg_dir="$local_dir/postgres"
# PostgreSQL runs as the postgres user, who cannot reach a checkout inside a private folder (e.g. under /root):
# its data then goes to a folder of its own under /var/tmp, named after the checkout.
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$root"; then
  pg_dir="/var/tmp/deployqueue-postgres-$(printf '%s' "$root" | md5sum | cut -c1-12)"
fi
pg_bin=/usr/lib/postgresql/15/bin
prom_dir="$local_dir/prometheus"
prom_port="${DEPLOYQUEUE_PROMETHEUS_PORT:-9090}"
pg_port="${DEPLOYQUEUE_PG_PORT:-5432}"

log() { printf '[services] %s\n' "$*" >&2; }

# Closes, in this (sub)shell, the files it was handed beyond stdin/out/err; every daemon is started from a subshell that
# called it first. A daemon outlives its caller, and one that kept, say, the lock a test run holds
# (`flock /tmp/dq-integration.lock ...`) would keep every later run waiting for as long as it runs.
close_inherited_files() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd="${fd##*/}"
    [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null || true
  done
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

rabbit_env() {
  export HOME="$rabbit_dir/home"
  export RABBITMQ_NODENAME=rabbit@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_MNESIA_BASE="$rabbit_dir/mnesia"
  export RABBITMQ_LOG_BASE="$rabbit_dir/log"
  export RABBITMQ_PID_FILE="$rabbit_dir/rabbit.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$rabbit_dir/enabled_plugins"
  export RABBITMQ_MANAGEMENT_LISTENER_IP=127.0.0.1
  # Erlang writes its crash dump to the working directory unless told otherwise.
  export ERL_CRASH_DUMP="$rabbit_dir/log/erl_crash.dump"
}

rabbit_up() { rabbit_env; /usr/lib/rabbitmq/bin/rabbitmqctl -n rabbit@localhost -q status >/dev/null 2>&1; }
# A broker started from another checkout has another Erlang cookie: rabbitmqctl cannot see it, its management API can.
rabbit_answers() { curl -fsS -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null 2>&1; }

install_rabbitmq() {
  local missing=()
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v curl >/dev/null || missing+=(curl)
  # libfaketime: the clock-skew tests run an instance whose clock is shifted (only that process sees it).
  command -v faketime >/dev/null || missing+=(faketime)
  # Debian's chromium: the status page's browser tests drive it with Playwright (whose own browser download cannot work here).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The Erlang cookie in HOME_DIR, made once; private to its owner, or the CLI tools refuse it.
erlang_cookie() {
  [ -f "$1/.erlang.cookie" ] || { head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$1/.erlang.cookie"; }
  chmod 400 "$1/.erlang.cookie"
}

start_rabbitmq() {
  install_rabbitmq
  if rabbit_up || rabbit_answers; then log "RabbitMQ already running"; return; fi
  mkdir -p "$rabbit_dir/home" "$rabbit_dir/mnesia" "$rabbit_dir/log"
  echo '[rabbitmq_management].' > "$rabbit_dir/enabled_plugins"
  erlang_cookie "$rabbit_dir/home"
  rabbit_env
  log "starting RabbitMQ"
  (close_inherited_files; exec nohup /usr/lib/rabbitmq/bin/rabbitmq-server) > "$rabbit_dir/log/console.log" 2>&1 &
  /usr/lib/rabbitmq/bin/rabbitmqctl -n rabbit@localhost -q wait --timeout 120 "$RABBITMQ_PID_FILE" >/dev/null
  # The management listener comes up a moment after the broker.
  for _ in $(seq 1 60); do
    curl -fsS -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fsS -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null || { log "RabbitMQ management API did not answer"; exit 1; }
  log "RabbitMQ up on 127.0.0.1:5672 (management on :15672)"
}

stop_rabbitmq() {
  if rabbit_up; then rabbit_env; /usr/lib/rabbitmq/bin/rabbitmqctl -n rabbit@localhost -q stop "$RABBITMQ_PID_FILE" || true; log "RabbitMQ stopped"; fi
}

pg_up() { "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; }

# A PostgreSQL cluster in DIR on PORT, initialised on its first start.
start_postgres_cluster() {
  local dir="$1" port="$2"
  mkdir -p "$dir"
  chown postgres:postgres "$dir" 2>/dev/null || true
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $dir/data"
    # Local and CI only: trust on loopback, as the design's connection string has no password.
    as_postgres "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  (close_inherited_files; as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k /tmp -c max_connections=300 -c fsync=off -c synchronous_commit=off" start >/dev/null)
}

start_postgres() {
  if pg_up; then log "PostgreSQL already running"; return; fi
  log "starting PostgreSQL"
  start_postgres_cluster "$pg_dir" "$pg_port"
  pg_up || { log "PostgreSQL did not answer"; exit 1; }
  log "PostgreSQL up on 127.0.0.1:$pg_port"
}

stop_postgres() {
  if [ -f "$pg_dir/data/postmaster.pid" ]; then as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null || true; log "PostgreSQL stopped"; fi
}

prom_up() { curl -fsS "http://127.0.0.1:$prom_port/-/ready" >/dev/null 2>&1; }

start_prometheus() {
  if ! command -v prometheus >/dev/null; then
    log "installing prometheus with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  fi
  # The tests write the files of targets/; the folder must exist however Prometheus was started.
  mkdir -p "$prom_dir/targets" "$prom_dir/data"
  if prom_up; then log "Prometheus already running"; return; fi
  cat > "$prom_dir/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: targets
    file_sd_configs:
      - files: ['$prom_dir/targets/*.json']
        refresh_interval: 1s
YAML
  log "starting Prometheus"
  (close_inherited_files; exec nohup prometheus --config.file="$prom_dir/prometheus.yml" --storage.tsdb.path="$prom_dir/data" \
    --storage.tsdb.retention.time=1d --web.listen-address="127.0.0.1:$prom_port") > "$prom_dir/prometheus.log" 2>&1 &
  echo $! > "$prom_dir/prometheus.pid"
  for _ in $(seq 1 60); do prom_up && break; sleep 1; done
  prom_up || { log "Prometheus did not answer"; exit 1; }
  log "Prometheus up on 127.0.0.1:$prom_port (targets from $prom_dir/targets/*.json)"
}

stop_prometheus() {
  if [ -f "$prom_dir/prometheus.pid" ] && kill "$(cat "$prom_dir/prometheus.pid")" 2>/dev/null; then log "Prometheus stopped"; fi
  rm -f "$prom_dir/prometheus.pid"
}

# A RabbitMQ node of its own (fault tests): the same installation, another node name, ports and data. The extra nodes share
# one Erlang cookie, so that they can form a cluster.
node_env() {
  local name="$1" port="$2" dir="$local_dir/rabbit-nodes"
  export HOME="$dir/home"
  export RABBITMQ_NODENAME="$name@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$port"
  export RABBITMQ_DIST_PORT="$((port + 20000))"
  export RABBITMQ_MNESIA_BASE="$dir/$name/mnesia"
  export RABBITMQ_LOG_BASE="$dir/$name/log"
  export RABBITMQ_PID_FILE="$dir/$name/rabbit.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
  export RABBITMQ_CONFIG_FILE="$dir/$name/rabbitmq.conf"
  export ERL_CRASH_DUMP="$dir/$name/log/erl_crash.dump"
  mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
  echo '[rabbitmq_management].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  erlang_cookie "$HOME"
  printf 'management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\n' "$((port + 10000))" > "$RABBITMQ_CONFIG_FILE"
}

rabbit_node() {
  local action="$1" name="$2" port="$3"
  install_rabbitmq
  node_env "$name" "$port"
  # The management API rather than rabbitmqctl, whose start alone takes seconds: the tests stop and start nodes mid-run.
  local api="http://127.0.0.1:$((port + 10000))/api/overview"
  case "$action" in
    start)
      if curl -fsS -u guest:guest "$api" >/dev/null 2>&1; then log "RabbitMQ node $name already running"; return; fi
      (close_inherited_files; exec nohup /usr/lib/rabbitmq/bin/rabbitmq-server) > "$RABBITMQ_LOG_BASE/console.log" 2>&1 &
      for _ in $(seq 1 240); do
        curl -fsS -u guest:guest "$api" >/dev/null 2>&1 && break
        sleep 0.5
      done
      curl -fsS -u guest:guest "$api" >/dev/null || { log "RabbitMQ node $name did not start"; exit 1; }
      log "RabbitMQ node $name up on 127.0.0.1:$port (management on :$((port + 10000)))" ;;
    stop)
      # SIGTERM: RabbitMQ shuts down as rabbitmqctl stop would; a kill -9 of the whole node is `kill`.
      local pid signal=TERM
      [ "${4:-}" = kill ] && signal=KILL
      pid="$(cat "$RABBITMQ_PID_FILE" 2>/dev/null || true)"
      if [ -n "$pid" ] && kill -s "$signal" "$pid" 2>/dev/null; then
        for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      fi
      log "RabbitMQ node $name stopped" ;;
    *) echo "usage: $0 rabbit-node start|stop NAME PORT" >&2; exit 2 ;;
  esac
}

# A PostgreSQL cluster of its own (fault tests), initialised on first start; stopped fast (connections cut).
postgres_cluster() {
  local action="$1" name="$2" port="$3" dir="$pg_dir-$2"
  case "$action" in
    start)
      if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then log "PostgreSQL $name already running"; return; fi
      start_postgres_cluster "$dir" "$port"
      log "PostgreSQL $name up on 127.0.0.1:$port" ;;
    stop)
      [ -f "$dir/data/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
      log "PostgreSQL $name stopped" ;;
    *) echo "usage: $0 postgres-cluster start|stop NAME PORT" >&2; exit 2 ;;
  esac
}

# The fault tests' RabbitMQ cluster: three rabbit-node nodes, joined to the first.
cluster_nodes=(1 2 3)
cluster_port() { echo $((5680 + $1)); }

# How many nodes the cluster's management API (asked on node N) reports running.
cluster_running() {
  curl -fsS -u guest:guest "http://127.0.0.1:$(($(cluster_port "$1") + 10000))/api/nodes?columns=name,running" 2>/dev/null \
    | grep -o '"running":true' | wc -l
}

cluster_wait_running() {
  local node="$1"
  for _ in $(seq 1 120); do
    [ "$(cluster_running "$node")" = "${#cluster_nodes[@]}" ] && return
    sleep 0.5
  done
  log "RabbitMQ cluster: ${#cluster_nodes[@]} nodes not running after 60 s (node $node sees $(cluster_running "$node"))"
  exit 1
}

# Node N joined to cluster1, unless it already is: the join resets the node (it has nothing of its own yet).
cluster_join() {
  local n="$1"
  curl -fsS -u guest:guest "http://127.0.0.1:$(($(cluster_port "$n") + 10000))/api/nodes?columns=name" | grep -q '"cluster1@localhost"' \
    && return
  log "joining cluster$n to cluster1"
  (node_env "cluster$n" "$(cluster_port "$n")"
   ctl() { /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "cluster$n@localhost" "$@" >/dev/null; }
   ctl stop_app && ctl join_cluster cluster1@localhost && ctl start_app)
}

cluster() {
  local action="$1" n="${2:-}"
  case "$action" in
    start)
      install_rabbitmq
      # Side by side: a node that was not the last to stop waits for its peers before it answers.
      local pids=() pid
      for n in "${cluster_nodes[@]}"; do rabbit_node start "cluster$n" "$(cluster_port "$n")" & pids+=($!); done
      for pid in "${pids[@]}"; do wait "$pid"; done
      for n in "${cluster_nodes[@]:1}"; do cluster_join "$n"; done
      cluster_wait_running 1
      log "RabbitMQ cluster up: ${#cluster_nodes[@]} nodes on 127.0.0.1:$(cluster_port 1)..$(cluster_port "${#cluster_nodes[@]}")" ;;
    stop)
      for n in "${cluster_nodes[@]}"; do rabbit_node stop "cluster$n" "$(cluster_port "$n")"; done ;;
    kill-node)
      rabbit_node stop "cluster${n:?N}" "$(cluster_port "$n")" kill ;;
    start-node)
      rabbit_node start "cluster${n:?N}" "$(cluster_port "$n")"
      cluster_wait_running "$n" ;;
    *) echo "usage: $0 cluster start|stop | kill-node N | start-node N" >&2; exit 2 ;;
  esac
}

case "${1:-start}" in
  rabbit-node) rabbit_node "${2:?start|stop}" "${3:?NAME}" "${4:?PORT}" "${5:-}" ;;
  postgres-cluster) postgres_cluster "${2:?start|stop}" "${3:?NAME}" "${4:?PORT}" ;;
  cluster) cluster "${2:?start|stop|kill-node|start-node}" "${3:-}" ;;
  start) start_postgres; start_rabbitmq; start_prometheus ;;
  stop) stop_prometheus; stop_rabbitmq; stop_postgres ;;
  status)
    if rabbit_up || rabbit_answers; then echo "rabbitmq: up"; else echo "rabbitmq: down"; fi
    if pg_up; then echo "postgres: up"; else echo "postgres: down"; fi
    if prom_up; then echo "prometheus: up"; else echo "prometheus: down"; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
