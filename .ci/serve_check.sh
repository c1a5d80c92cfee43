#!/usr/bin/env bash
# The production shape: `make serve` (nginx in front of gunicorn, + Celery worker + beat) against PostgreSQL and a private
# redis-server on a free port; /readyz must turn ready, and a platform report requested through the API must be
# built by the real worker, every request answered through nginx. Stops only what it started: make serve's own process
# group (nginx included) and its redis-server.
# Usage: .ci/serve_check.sh [database name]   (PostgreSQL on 127.0.0.1:5432, user postgres)
set -euo pipefail
cd "$(dirname "$0")/.."

db="${1:-sangaku_ci_serve}"
free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
web_port=$(free_port)
redis_port=$(free_port)
logs=$(mktemp -d)
serve_pid=""
redis_pid=""

stop() {
  if [ -n "$serve_pid" ]; then
    kill -TERM -- "-$serve_pid" 2>/dev/null || true   # make serve's process group only (it was started with setsid)
    for _ in $(seq 20); do kill -0 -- "-$serve_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$serve_pid" 2>/dev/null || true
  fi
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
}
trap stop EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$logs/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 30); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.2; done

dropdb -h 127.0.0.1 -U postgres --if-exists "$db"
createdb -h 127.0.0.1 -U postgres "$db"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" REDIS_URL="redis://127.0.0.1:$redis_port/0"

setsid make serve PORT="$web_port" >"$logs/serve.log" 2>&1 &
serve_pid=$!   # setsid: the process group of make serve (gunicorn, worker, beat) has this id

.venv/bin/python .ci/serve_smoke.py "http://127.0.0.1:$web_port" || { tail -80 "$logs/serve.log"; exit 1; }
grep -q "beat: Starting" "$logs/serve.log" || { echo "celery beat did not start"; tail -40 "$logs/serve.log"; exit 1; }
stop
serve_pid=""
redis_pid=""
dropdb -h 127.0.0.1 -U postgres --if-exists "$db"
rm -rf "$logs"
echo "make serve check passed"
