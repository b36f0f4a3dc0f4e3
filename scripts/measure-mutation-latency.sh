#!/usr/bin/env bash
# Times GraphQL mutations end to end, read-your-writes included: starts the server jar on a fresh data
# directory, sends 10 warm-up and then N `registerDataset` mutations one after another, and prints the
# median and 90th percentile, as the bootstrap admin token (or, with --custody.security.enabled=false as
# the third argument, with authentication off).
# Usage: scripts/measure-mutation-latency.sh [n=40] [port] [extra server argument]
# (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-40}"
port="${2:-18098}"
data=$(mktemp -d)/custody-data
trap 'kill "${pid:-0}" 2>/dev/null || true' EXIT
java -jar infra/target/custody.jar --server.port="$port" --custody.data-dir="$data" ${3:-} >"$data.log" 2>&1 &
pid=$!
until curl -sf "localhost:$port/actuator/health/readiness" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { echo "server died, see $data.log"; exit 1; }
  sleep 0.5
done
token=$(sed -n 's/.*Bootstrap admin token: \(cst_[^ ]*\).*/\1/p' "$data.log" | tail -1)
if [ -n "$token" ]; then auth="Authorization: Bearer $token"; else auth="X-Custody-Actor: bench"; fi
mutate() {
  curl -s -o /dev/null -w '%{time_total}\n' "localhost:$port/graphql" -H 'Content-Type: application/json' \
    -H "$auth" -d "{\"query\":\"mutation { registerDataset(input: {name: \\\"latency/ds-$1\\\", owner: \\\"bench\\\"}) { dataset { name } } }\"}"
}
for i in $(seq 1 10); do mutate "warm-$i" >/dev/null; done
for i in $(seq 1 "$n"); do mutate "$i"; done | sort -n | awk '{ t[NR] = $1 * 1000 }
  END { printf "%d mutations: median %.1f ms, p90 %.1f ms, min %.1f ms\n", NR, t[int((NR + 1) / 2)], t[int(NR * 0.9)], t[1] }'
