#!/usr/bin/env bash
# Saturation benchmark of one order instance of a running local stack (./run-local.sh):
# create-order throughput and latency with hey at rising concurrency, time from 201 to COMPLETED
# from the orders' status history, and the orders role's PostgreSQL connections sampled from
# pg_stat_activity (pool total, active, and active statements of the worker).
#
#   ORDER_PORT=8083 DB_PORT=15432 VELURE_HOME=.velure order-war/benchmark/order-benchmark.sh [seconds] [concurrency...]
#
# Needs hey, psql, a JDK and nimbus-jose-jwt in ~/.m2 (any build of this project puts it there).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ORDER_PORT="${ORDER_PORT:-8083}"; DB_PORT="${DB_PORT:-15432}"; VELURE_HOME="${VELURE_HOME:-$here/../../.velure}"
SECONDS_PER_RUN="${1:-20}"; shift || true
LEVELS=("${@:-8 16 32 64}"); LEVELS=(${LEVELS[*]})
URL="http://localhost:$ORDER_PORT/api/order/create-order"
BODY='{"items":[{"product_id":"1","quantity":1},{"product_id":"2","quantity":2}]}'
PSQL=(psql -h localhost -p "$DB_PORT" -U postgres -d velure -qAt)

nimbus="$(find ~/.m2/repository/com/nimbusds/nimbus-jose-jwt -name 'nimbus-jose-jwt-*.jar' | sort | tail -1)"
token="$(java -cp "$nimbus" "$here/Token.java" "$VELURE_HOME/secrets/jwt-private.pem" "bench-$$" customer)"

drain() { until [ "$("${PSQL[@]}" -c 'SELECT count(*) FROM orders.order_outbox')" = 0 ]; do sleep 0.5; done; }

sample_connections() { # one psql session, a sample every 100 ms: total, active, active worker statements
  printf '%s\n' "SELECT count(*), count(*) FILTER (WHERE state = 'active'), count(*) FILTER (WHERE state = 'active' AND (query LIKE '%order_outbox o SET%' OR query LIKE 'UPDATE customer_order SET status%' OR query LIKE 'DELETE FROM order_outbox%' OR query LIKE '%FROM customer_order WHERE id%' OR query LIKE '%FROM order_line WHERE order_id%')) FROM pg_stat_activity WHERE application_name = 'velure-orders'" '\watch 0.1' \
    | "${PSQL[@]}" -F ' ' > "$1" 2>/dev/null
}

echo "warm-up (10 s, 16 clients)"; hey -z 10s -c 16 -m POST -T application/json -H "Authorization: Bearer $token" -d "$BODY" "$URL" > /dev/null; drain
printf '%-6s %9s %9s %9s %9s %8s %10s %10s %7s %7s %7s\n' clients "orders/s" "p50 ms" "p95 ms" "p99 ms" non-201 "201→done50" "201→done95" "conns" active worker
for clients in "${LEVELS[@]}"; do
  start="$("${PSQL[@]}" -c 'SELECT now()')"
  sample_connections "/tmp/order-bench-conns.$$" & sampler=$!
  report="$(hey -z "${SECONDS_PER_RUN}s" -c "$clients" -m POST -T application/json -H "Authorization: Bearer $token" -d "$BODY" "$URL")"
  drain; kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  rps="$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$report")"
  pct() { awk -v p="$1%" '$1 == p && $2 == "in" {printf "%.0f", $3 * 1000}' <<<"$report"; }
  non201="$(awk '/Status code distribution/ {on=1; next} on && /\[/ {gsub(/[\[\]]/, "", $1); if ($1 != 201) n += $2} END {print n + 0}' <<<"$report")"
  read -r done50 done95 < <("${PSQL[@]}" -F ' ' -c "SELECT round(1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY d))),
      round(1000 * extract(epoch FROM percentile_cont(0.95) WITHIN GROUP (ORDER BY d)))
      FROM (SELECT f.changed_at - c.changed_at AS d FROM orders.order_status_change c
            JOIN orders.order_status_change f ON f.order_id = c.order_id AND f.status IN ('COMPLETED', 'FAILED')
            WHERE c.status = 'CREATED' AND c.changed_at >= '$start') t")
  read -r conns active worker < <(awk 'NF == 3 {if ($1 > a) a = $1; if ($2 > b) b = $2; if ($3 > c) c = $3} END {print a + 0, b + 0, c + 0}' "/tmp/order-bench-conns.$$")
  printf '%-6s %9s %9s %9s %9s %8s %10s %10s %7s %7s %7s\n' "$clients" "$rps" "$(pct 50)" "$(pct 95)" "$(pct 99)" "$non201" "$done50" "$done95" "$conns" "$active" "$worker"
done
rm -f "/tmp/order-bench-conns.$$"
