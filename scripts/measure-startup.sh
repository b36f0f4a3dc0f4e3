#!/usr/bin/env bash
# Times the embedded default from `java -jar` to /actuator/health/readiness UP: once on an empty data directory
# (cold: initdb, index creation) and once more on the same directory (restart).
# Usage: scripts/measure-startup.sh [port]   (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-18099}"
jar=infra/target/custody.jar
data=$(mktemp -d)/custody-data
trap 'kill "${pid:-0}" 2>/dev/null || true' EXIT

start() {
  local t0 t1
  t0=$(date +%s%N)
  java -jar "$jar" --server.port="$port" --custody.data-dir="$data" >"$data.log" 2>&1 &
  pid=$!
  until curl -sf "localhost:$port/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "server died, see $data.log"; exit 1; }
    sleep 0.2
  done
  t1=$(date +%s%N)
  echo "$1: $(( (t1 - t0) / 1000000 )) ms to health UP"
}

stop() {
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

start "cold start (empty data dir)"
stop
start "restart (same data dir)"
stop
echo "jar size: $(du -m "$jar" | cut -f1) MB"
