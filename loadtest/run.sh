#!/usr/bin/env bash
# Runs the load test and prints where its report is. See README.md, "Load test".
#
#   loadtest/run.sh                                   smoke profile against the local stack (started if none runs)
#   loadtest/run.sh --profile seed --hashing reduced  the original 11-minute profile, cheaper password hashing
#   loadtest/run.sh --profile seed --pools unbounded  the reproduction: pools as large as the original's
#   loadtest/run.sh --profile seed --replicas auth=3,catalog=2,order=2 --pgbouncer   a fleet behind PgBouncer
#   loadtest/run.sh --profile seed --base-url https://shop.example   any deployment; starts nothing
#   loadtest/run.sh --profile hold --users 60                        issue 15's fixed loads (production hashing)
#   loadtest/run.sh --profile hold --users 40 --neighbour            ... beside a busy loop on one core
#   loadtest/run.sh --profile knee --hashing reduced                 issue 15's ramp to 1000 users
#   loadtest/run.sh --profile knee --users 1350 --hold-seconds 180 --hashing reduced  1.5 x the knee (901-988 users), held
#
# Options:
#   --profile smoke|seed|stress|hold|knee|custom   load profile (default smoke); custom takes --stages 30:10,60:10,10:0
#   --stress-step N                      users added per minute after 150 in the stress profile (default 50)
#   --users N                            hold: the users, reached in 30 s; knee: the ramp's top (default 1000),
#                                        100 users a minute after the seed's 150
#   --hold-seconds S                     hold and knee: how long the users are held (defaults 540 and 60)
#   --neighbour                          a busy loop on one core for the whole run, a neighbour's share of the machine
#   --base-url URL                       target this deployment and start nothing (BASE_URL works too)
#   --metrics auth=URL,catalog=URL,...   /metrics of each service to sample (with --base-url; /metrics?scope=application
#                                        is enough and cheaper: the db_pool gauges)
#   --db-url JDBC-URL --db-user NAME     PostgreSQL to sample pg_stat_activity from (password: LOADTEST_DB_PASSWORD)
#   --hashing production|reduced         password hashing of the started stack's auth service (default production)
#   --pools budgeted|unbounded           pool configuration of the started stack (default budgeted, from server-config/)
#   --replicas auth=N,catalog=N,order=N  Payara Micro instances per service of the started stack (default one each)
#   --pgbouncer                          the started stack puts PgBouncer between the services and PostgreSQL
#   --request-p95-ms N --journey-p95-ms N --failure-percent X   thresholds (defaults 1000, 6000, 0.1)
#   --warmup N                           journeys run one after another before the load, not counted (default 30)
#   --save NAME                          also copy report.md, chart.png and summary.properties to loadtest/reports/NAME/
#   --compare OUT.md LABEL=DIR ...       no run: put finished runs (run or saved directories) side by side in OUT.md
#
# The started stack uses VELURE_PORT, AUTH_PORT, CATALOG_PORT, ORDER_PORT, DB_PORT (defaults 8080-8083,
# 15432; replica i of a service listens on its port + 100·i; PGBOUNCER_PORT, VELURE_INTERNAL_PORT and the
# console's ports as the launcher takes them) and keeps its data in LOADTEST_STACK_HOME (default
# loadtest/target/loadtest/stack), fresh each run.
# LOADTEST_RUN_DIR names the run directory (default loadtest/target/loadtest/<profile>-<time>).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# Reduced hashing: Argon2id at a fraction of the production cost, so two cores can measure the rest of
# the stack. The launcher passes AUTH_<X> to the auth service as <X>.
REDUCED_HASHING_ENV="AUTH_VELURE_AUTH_ARGON2_MEMORY_KIB=1024,AUTH_VELURE_AUTH_ARGON2_ITERATIONS=1,AUTH_VELURE_AUTH_ARGON2_PARALLELISM=1"
REDUCED_HASHING_LABEL="reduced for the load test: Argon2id m=1024 KiB, t=1, p=1"
PRODUCTION_HASHING_LABEL="production (auth service defaults)"
# The reproduction: pools effectively unbounded (1000 connections each, 2 min wait), as the original's were.
UNBOUNDED_POOLS_ENV="AUTH_DB_POOL_MAX_SIZE=1000,CATALOG_DB_POOL_MAX_SIZE=1000,ORDER_DB_POOL_MAX_SIZE=1000,AUTH_DB_POOL_MAX_WAIT_MS=120000,CATALOG_DB_POOL_MAX_WAIT_MS=120000,ORDER_DB_POOL_MAX_WAIT_MS=120000"

profile=smoke stages="" stress_step=50 users="" hold_seconds="" neighbour=false base_url="${BASE_URL:-}" metrics="" db_url="" db_user=postgres
hashing=production pools=budgeted save="" replicas="" pgbouncer=false extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile=$2; shift 2 ;;
    --stages) stages=$2; shift 2 ;;
    --stress-step) stress_step=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --hold-seconds) hold_seconds=$2; shift 2 ;;
    --neighbour) neighbour=true; shift ;;
    --base-url) base_url=$2; shift 2 ;;
    --metrics) metrics=$2; shift 2 ;;
    --db-url) db_url=$2; shift 2 ;;
    --db-user) db_user=$2; shift 2 ;;
    --hashing) hashing=$2; shift 2 ;;
    --pools) pools=$2; shift 2 ;;
    --replicas) replicas=$2; shift 2 ;;
    --pgbouncer) pgbouncer=true; shift ;;
    --request-p95-ms) extra+=("-Dloadtest.threshold.requestP95Ms=$2"); shift 2 ;;
    --journey-p95-ms) extra+=("-Dloadtest.threshold.journeyP95Ms=$2"); shift 2 ;;
    --failure-percent) extra+=("-Dloadtest.threshold.failurePercent=$2"); shift 2 ;;
    --save) save=$2; shift 2 ;;
    --warmup) extra+=("-Dloadtest.warmup.journeys=$2"); shift 2 ;;
    --compare) shift; out=$1; shift
      # exec.args is split on spaces unless quoted, and labels may have spaces
      quoted=$(printf '"%s" ' "$out" "$@")
      mvn -q -pl loadtest compile exec:java -Dexec.mainClass=com.velure.loadtest.report.Comparison "-Dexec.args=$quoted"
      exit $? ;;
    -h|--help) sed -n '2,/^set -e/{/^set -e/!p}' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

# --users and --hold-seconds shape the hold and knee profiles only: refuse them elsewhere rather than ignore them.
if [ -n "$users$hold_seconds" ]; then
  case "$profile" in
    hold|knee) ;;
    *) echo "--users and --hold-seconds go with --profile hold or knee, not $profile" >&2; exit 2 ;;
  esac
  for value in $users $hold_seconds; do
    [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "--users and --hold-seconds take a whole number above 0, got '$value'" >&2; exit 2; }
  done
fi
[ "$profile" = hold ] && [ -z "$users" ] && { echo "--profile hold needs --users N" >&2; exit 2; }

stack_env=() configuration=() hashing_label=$PRODUCTION_HASHING_LABEL
case "$hashing" in
  production) ;;
  reduced) stack_env+=("$REDUCED_HASHING_ENV"); hashing_label=$REDUCED_HASHING_LABEL ;;
  *) echo "--hashing is production or reduced" >&2; exit 2 ;;
esac
case "$pools" in
  budgeted) configuration+=("budgeted pools (server-config/)") ;;
  unbounded) stack_env+=("$UNBOUNDED_POOLS_ENV"); configuration+=("unbounded pools (max 1000 each and a 2 min wait against max_connections 100)") ;;
  *) echo "--pools is budgeted or unbounded" >&2; exit 2 ;;
esac
[ -n "$replicas" ] && configuration+=("replicas ${replicas//,/ }")
[ "$pgbouncer" = true ] && configuration+=("PgBouncer")
[ "$hashing" = reduced ] && configuration+=("reduced hashing")
[ "$neighbour" = true ] && configuration+=("a busy loop on one core beside the stack")
# The launcher's own stack options: only for a stack this script starts.
stack_options=$([ -n "$replicas" ] || [ "$pgbouncer" = true ] && echo yes || true)
label=$(IFS=','; echo "${configuration[*]}" | sed 's/,/, /g')

ingress=${VELURE_PORT:-8080} auth=${AUTH_PORT:-8081} catalog=${CATALOG_PORT:-8082} order=${ORDER_PORT:-8083} db=${DB_PORT:-15432}
run_dir="${LOADTEST_RUN_DIR:-$root/loadtest/target/loadtest/$profile-$(date -u +%Y%m%d-%H%M%S)}"
args=(-Dloadtest.skip=false -DskipTests "-Dloadtest.profile=$profile" -Dloadtest.threshold.requestP95Ms=1000
      -Dloadtest.threshold.journeyP95Ms=6000 -Dloadtest.threshold.failurePercent=0.1 "-Dloadtest.stages=$stages"
      "-Dloadtest.stress.step=$stress_step" "-Dloadtest.users=$users" "-Dloadtest.hold.seconds=$hold_seconds" "-Dloadtest.runDir=$run_dir" "-Dloadtest.configuration=$label"
      "${extra[@]}")

if [ -n "$base_url" ]; then
  # Someone else's deployment: start nothing, sample what we were told to.
  [ ${#stack_env[@]} -eq 0 ] && [ -z "$stack_options" ] || { echo "--hashing/--pools/--replicas/--pgbouncer configure a stack this script starts; with --base-url configure the deployment itself" >&2; exit 2; }
  args+=(-Dloadtest.stack=none "-Dloadtest.baseUrl=$base_url" "-Dloadtest.metrics=$metrics" "-Dloadtest.db.url=$db_url"
         "-Dloadtest.db.user=$db_user" "-Dloadtest.stack.home=" "-Dloadtest.hashing=as deployed")
elif curl -s -o /dev/null --max-time 2 "http://localhost:$ingress/api/auth/status"; then
  # A local stack already runs: use it as it is.
  [ ${#stack_env[@]} -eq 0 ] && [ -z "$stack_options" ] || { echo "a stack already runs on port $ingress; stop it so that --hashing/--pools/--replicas/--pgbouncer can start one configured for the run" >&2; exit 2; }
  echo "[loadtest] using the stack already running on http://localhost:$ingress"
  args+=(-Dloadtest.stack=none "-Dloadtest.baseUrl=http://localhost:$ingress"
         "-Dloadtest.metrics=auth=http://localhost:$auth/metrics?scope=application,catalog=http://localhost:$catalog/metrics?scope=application,order=http://localhost:$order/metrics?scope=application"
         "-Dloadtest.db.url=jdbc:postgresql://localhost:$db/velure" "-Dloadtest.stack.home=${VELURE_HOME:-$root/.velure}"
         "-Dloadtest.hashing=as the running stack was started")
else
  echo "[loadtest] building the local stack"
  mvn -q -DskipTests -pl local-stack -am package
  args+=(-Dloadtest.stack=local "-Dloadtest.stack.home=${LOADTEST_STACK_HOME:-$root/loadtest/target/loadtest/stack}"
         "-Dloadtest.port.ingress=$ingress" "-Dloadtest.port.auth=$auth" "-Dloadtest.port.catalog=$catalog"
         "-Dloadtest.port.order=$order" "-Dloadtest.port.db=$db" "-Dloadtest.hashing=$hashing_label"
         "-Dloadtest.stack.env=$(IFS=','; echo "${stack_env[*]}")" "-Dloadtest.replicas=$replicas" "-Dloadtest.pgbouncer=$pgbouncer")
fi

if [ "$neighbour" = true ]; then
  # Issue 15's "neighbour busy on one core": a loop that never sleeps, from the build and boot to the report.
  bash -c 'while :; do :; done' & neighbour_pid=$!
  trap 'kill $neighbour_pid 2>/dev/null || true' EXIT
  echo "[loadtest] neighbour: a busy loop on one core (pid $neighbour_pid)"
fi
status=0
mvn -pl loadtest verify "${args[@]}" || status=$?
if [ ! -f "$run_dir/report.md" ]; then
  echo "[loadtest] the run left no report (see the output above)" >&2
  exit $(( status == 0 ? 1 : status ))
fi
if [ -n "$save" ]; then
  mkdir -p "loadtest/reports/$save"
  cp "$run_dir/chart.png" "$run_dir/summary.properties" "loadtest/reports/$save/"
  # Gatling's HTML report and the CSVs stay in the run directory (target/): say so instead of a dead link.
  sed -e "s|^- Gatling's HTML report: .*|- Gatling's HTML report and the CSV files stayed in the run directory $(basename "$run_dir") (not committed)|" \
      -e '/^- every request: /d' -e '/^- per second: /d' "$run_dir/report.md" > "loadtest/reports/$save/report.md"
  echo "[loadtest] saved to loadtest/reports/$save/"
fi
echo "[loadtest] report: $run_dir/report.md ($( [ $status -eq 0 ] && echo 'every threshold met' || echo 'THRESHOLDS MISSED' ))"
exit $status
