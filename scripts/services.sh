#!/usr/bin/env bash
# Starts (or stops) the services the tests and local runs need: RabbitMQ with its management UI on
# 127.0.0.1:5672/:15672, PostgreSQL 15 on 127.0.0.1:5432 and Prometheus on 127.0.0.1:9090, their data under
# .local/ (ignored). Installs RabbitMQ and Prometheus with apt when missing. Safe to run twice: what already
# answers is left alone. Prometheus scrapes every second the targets listed in the JSON files of
# .local/prometheus/targets/ (file_sd: the tests write one per target simulator, with its port).
#   scripts/services.sh start | stop | status
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

start_rabbitmq() {
  install_rabbitmq
  if rabbit_up || rabbit_answers; then log "RabbitMQ already running"; return; fi
  mkdir -p "$rabbit_dir/home" "$rabbit_dir/mnesia" "$rabbit_dir/log"
  echo '[rabbitmq_management].' > "$rabbit_dir/enabled_plugins"
  # The Erlang cookie must be private to its owner or the CLI tools refuse it.
  [ -f "$rabbit_dir/home/.erlang.cookie" ] || { head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$rabbit_dir/home/.erlang.cookie"; }
  chmod 400 "$rabbit_dir/home/.erlang.cookie"
  rabbit_env
  log "starting RabbitMQ"
  nohup /usr/lib/rabbitmq/bin/rabbitmq-server > "$rabbit_dir/log/console.log" 2>&1 &
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

start_postgres() {
  if pg_up; then log "PostgreSQL already running"; return; fi
  mkdir -p "$pg_dir"
  chown postgres:postgres "$pg_dir" 2>/dev/null || true
  if [ ! -f "$pg_dir/data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $pg_dir/data"
    # Local and CI only: trust on loopback, as the design's connection string has no password.
    as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  log "starting PostgreSQL"
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $pg_port -k /tmp -c max_connections=300 -c fsync=off -c synchronous_commit=off" start >/dev/null
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
  nohup prometheus --config.file="$prom_dir/prometheus.yml" --storage.tsdb.path="$prom_dir/data" \
    --storage.tsdb.retention.time=1d --web.listen-address="127.0.0.1:$prom_port" > "$prom_dir/prometheus.log" 2>&1 &
  echo $! > "$prom_dir/prometheus.pid"
  for _ in $(seq 1 60); do prom_up && break; sleep 1; done
  prom_up || { log "Prometheus did not answer"; exit 1; }
  log "Prometheus up on 127.0.0.1:$prom_port (targets from $prom_dir/targets/*.json)"
}

stop_prometheus() {
  if [ -f "$prom_dir/prometheus.pid" ] && kill "$(cat "$prom_dir/prometheus.pid")" 2>/dev/null; then log "Prometheus stopped"; fi
  rm -f "$prom_dir/prometheus.pid"
}

case "${1:-start}" in
  start) start_postgres; start_rabbitmq; start_prometheus ;;
  stop) stop_prometheus; stop_rabbitmq; stop_postgres ;;
  status)
    if rabbit_up || rabbit_answers; then echo "rabbitmq: up"; else echo "rabbitmq: down"; fi
    if pg_up; then echo "postgres: up"; else echo "postgres: down"; fi
    if prom_up; then echo "prometheus: up"; else echo "prometheus: down"; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
