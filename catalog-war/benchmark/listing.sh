#!/usr/bin/env bash
# Load on the hottest read, GET /api/product/products?page=1&limit=20, against ONE running catalog
# instance (e.g. started by ./run-local.sh), with hey at each concurrency given, while sampling
# every 100 ms PostgreSQL's view of the catalog role's connections (pg_stat_activity: "open" is
# every connection, "busy" one running a statement) and the pool's own (db_pool_connections_in_use
# on /metrics: connections lent to requests).
#
#   catalog-war/benchmark/listing.sh [concurrency...]      default: 50 200
#
# Environment: CATALOG_URL (http://localhost:8082), DB_PORT (15432), DURATION (20s),
# DB_ADMIN_USER (postgres), APPLICATION_NAME (velure-catalog: the pool's name in pg_stat_activity).
# Needs hey and psql.
set -euo pipefail
base="${CATALOG_URL:-http://localhost:8082}"
url="$base/api/product/products?page=1&limit=20"
duration="${DURATION:-20s}"
psql_cmd=(psql -h localhost -p "${DB_PORT:-15432}" -U "${DB_ADMIN_USER:-postgres}" -d velure -Atq)
levels=("$@")
[ ${#levels[@]} -gt 0 ] || levels=(50 200)

curl -fsS "$base/metrics" | grep -E '^db_pool_connections_max\{[^}]*catalog-pool' || true
hey -n 3000 -c 20 "$url" > /dev/null   # warm-up: JIT, pool at its steady size

for c in "${levels[@]}"; do
  samples=$(mktemp)
  (
    while :; do
      lent=$(curl -fsS "$base/metrics" | awk '/^db_pool_connections_in_use\{[^}]*catalog-pool/ {print int($2)}')
      pg=$("${psql_cmd[@]}" -c "SELECT count(*) FILTER (WHERE state = 'active'), count(*) FROM pg_stat_activity WHERE application_name = '${APPLICATION_NAME:-velure-catalog}'")
      echo "$pg|${lent:-0}" >> "$samples"
      sleep 0.1
    done
  ) &
  sampler=$!
  report=$(hey -z "$duration" -c "$c" "$url")
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$report")
  p50=$(awk '/ 50% in/ {print $3}' <<< "$report")
  p95=$(awk '/ 95% in/ {print $3}' <<< "$report")
  p99=$(awk '/ 99% in/ {print $3}' <<< "$report")
  codes=$(sed -n '/Status code distribution/,/^$/p' <<< "$report" | tail -n +2 | xargs)
  connections=$(awk -F'|' '{ if ($1 > busy) busy = $1; if ($2 > open) open = $2; if ($3 > lent) lent = $3; sum += $3; n++ }
    END { printf "lent by the pool max %d (mean %.1f), busy in PostgreSQL max %d, open max %d (%d samples)", lent, sum / n, busy, open, n }' "$samples")
  echo "c=$c  requests/s=$rps  p50=${p50}s p95=${p95}s p99=${p99}s  [$codes]  catalog connections: $connections"
  rm -f "$samples"
done
