#!/usr/bin/env bash
# The Docker test (README "Docker"): on a private Docker engine, builds the stand-in base and every
# image from the Dockerfiles users build, starts the compose stack on the host network (loopback
# only), runs the user journey through the gateway, checks that the gateway hides internal
# endpoints, that PostgreSQL never had more connections than the budget and that Prometheus has
# data for every dashboard query, then removes everything, the engine included, whatever happened.
#
# Needs root (the engine). Installs docker.io, docker-compose, debootstrap, curl, jq, psql and
# openssl when missing, and builds the WARs when they are missing.
# Settings: VELURE_DOCKER_HOME (engine data, kept when given: the base images are then reused;
# otherwise a temporary folder that is removed), ports VELURE_PORT (18080), AUTH_PORT (18081),
# CATALOG_PORT (18082), ORDER_PORT (18083), POSTGRES_PORT (25432), PGBOUNCER_PORT (26432),
# PROMETHEUS_PORT (19090), JOURNEYS (parallel journeys, 20), DEBIAN_MIRROR.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
log() { echo "[docker-test +$(( $(date +%s) - started ))s] $*"; }
fail() { log "FAILED: $*"; exit 1; }

export VELURE_PORT=${VELURE_PORT:-18080} AUTH_PORT=${AUTH_PORT:-18081} CATALOG_PORT=${CATALOG_PORT:-18082} \
    ORDER_PORT=${ORDER_PORT:-18083} POSTGRES_PORT=${POSTGRES_PORT:-25432} PGBOUNCER_PORT=${PGBOUNCER_PORT:-26432} \
    PROMETHEUS_PORT=${PROMETHEUS_PORT:-19090} VELURE_TAG=test
journeys=${JOURNEYS:-20}
home=${VELURE_DOCKER_HOME:-}
remove_home=
if [[ -z $home ]]; then
    home=$(mktemp -d /var/tmp/velure-docker.XXXXXX)
    remove_home=yes
fi
mkdir -p "$home"
home=$(cd "$home" && pwd)
export DOCKER_HOST=unix://$home/docker.sock
work=$home/run
rm -rf "$work" && mkdir -p "$work" && chmod 700 "$work"
compose=(docker-compose -p veluretest -f docker/docker-compose.yml -f docker/docker-compose.host.yml)
dockerd_pid=
sampler_pid=

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null
    if [[ -n $dockerd_pid ]]; then
        if [[ $rc != 0 ]]; then
            for c in $(docker ps -a --format '{{.Names}}' 2>/dev/null); do
                echo "----- last lines of $c ($(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$c"))"
                docker logs --tail 40 "$c" 2>&1 | cut -c1-400
            done
        fi
        log "removing the stack"
        "${compose[@]}" down -v --timeout 40 >"$work/compose-down.log" 2>&1
        log "stopping the engine (pid $dockerd_pid)"
        kill "$dockerd_pid" 2>/dev/null
        for _ in $(seq 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$dockerd_pid" 2>/dev/null
        # dockerd leaves its network namespace mounted.
        grep -o " $home/[^ ]*" /proc/mounts | xargs -r -n1 umount -l
    fi
    if [[ -n $remove_home ]]; then
        rm -rf "$home"
    fi
    log "done in $(( $(date +%s) - started )) s: $([[ $rc == 0 ]] && echo passed || echo "FAILED ($rc)")"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools --------------------------------------------------------------------------------------
missing=()
for tool in dockerd:docker.io docker-compose:docker-compose debootstrap:debootstrap curl:curl jq:jq \
            psql:postgresql-client openssl:openssl; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if (( ${#missing[@]} )); then
    log "installing ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ ! -f order-war/target/order.war || ! -f auth-war/target/payara/MICRO-INF/runtime/flashlight-agent.jar \
      || ! -f auth-war/target/auth.war || ! -f catalog-war/target/catalog.war ]]; then
    log "building the WARs"
    mvn -q -DskipTests package -pl auth-war,catalog-war,order-war -am
fi

# --- engine: no bridge, no iptables, its own data, sockets and containerd namespace --------------
log "starting dockerd in $home"
mkdir -p "$home/exec"
dockerd --data-root "$home/data" --exec-root "$home/exec" --pidfile "$home/docker.pid" -H "$DOCKER_HOST" \
    --bridge=none --iptables=false --ip-masq=false \
    --containerd-namespace velure-test --containerd-plugins-namespace velure-test-plugins \
    >"$home/dockerd.log" 2>&1 &
dockerd_pid=$!
deadline=$(( $(date +%s) + 60 ))
until docker info >/dev/null 2>&1; do
    kill -0 "$dockerd_pid" 2>/dev/null || fail "dockerd exited: $(tail -5 "$home/dockerd.log")"
    (( $(date +%s) < deadline )) || fail "dockerd not up after 60 s"
    sleep 1
done

# --- images ---------------------------------------------------------------------------------------
build() { # tag dockerfile [build args...]
    local tag=$1 file=$2; shift 2
    docker build -q --network host -f "$file" "$@" -t "$tag" . >"$work/build-${tag//[\/:]/-}.log" 2>&1 \
        || fail "docker build $tag: $(tail -20 "$work/build-${tag//[\/:]/-}.log")"
}
if ! docker image inspect velure/bookworm-minbase >/dev/null 2>&1; then
    rootfs=$home/rootfs
    if [[ ! -x $rootfs/bin/bash ]]; then
        log "debootstrap --variant=minbase bookworm"
        rm -rf "$rootfs"
        debootstrap --variant=minbase bookworm "$rootfs" ${DEBIAN_MIRROR:-} >"$work/debootstrap.log" 2>&1 \
            || fail "debootstrap: $(tail -5 "$work/debootstrap.log")"
    fi
    tar -C "$rootfs" --exclude='./var/cache/apt/archives/*.deb' --exclude='./var/cache/apt/*.bin' \
        --exclude='./var/lib/apt/lists/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . \
        | docker import - velure/bookworm-minbase >/dev/null
fi
log "building the stand-in base images"
build velure/standin-debian docker/standin/Dockerfile --target debian
build velure/standin-jre docker/standin/Dockerfile --target jre
log "building the images"
pids=()
for image in postgres pgbouncer gateway prometheus; do
    build "velure/$image:test" "docker/$image/Dockerfile" --build-arg BASE_IMAGE=velure/standin-debian & pids+=($!)
done
for service in auth catalog order; do
    database=$service; [[ $service == order ]] && database=orders
    build "velure/$service:test" docker/service/Dockerfile --build-arg BASE_IMAGE=velure/standin-jre \
        --build-arg SERVICE=$service --build-arg DATABASE=$database & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || fail "an image did not build"; done
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep ':test ' | sort | sed 's/^/    /'

# --- secrets, generated for this run only -----------------------------------------------------------
random() { od -An -tx1 -N18 /dev/urandom | tr -d ' \n'; }
export POSTGRES_PASSWORD=$(random) AUTH_DB_PASSWORD=$(random) CATALOG_DB_PASSWORD=$(random) \
    ORDERS_DB_PASSWORD=$(random) VELURE_SERVICE_TOKEN=$(random)
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jwt-private.pem" 2>/dev/null
export VELURE_JWT_PRIVATE_KEY=$(cat "$work/jwt-private.pem")
export VELURE_JWT_PUBLIC_KEY=$(openssl pkey -in "$work/jwt-private.pem" -pubout)
# The journey proves the deployment, not hashing capacity: cheap Argon2id, as the build's smoke run.
export VELURE_AUTH_ARGON2_MEMORY_KIB=1024 VELURE_AUTH_ARGON2_ITERATIONS=1

# --- the stack --------------------------------------------------------------------------------------
# The file users start (with its port-publishing override) must be valid too, though only the
# host-network variant can run here.
docker-compose -f docker/docker-compose.yml -f docker/docker-compose.override.yml config -q \
    || fail "docker/docker-compose.yml with docker-compose.override.yml is not a valid compose file"
# So must the console's override (console/README.md), whose paths compose reads from docker/.
docker-compose -f docker/docker-compose.yml -f docker/docker-compose.override.yml -f docker/console/compose.yaml config \
    >"$work/console-config.yaml" || fail "docker/console/compose.yaml is not a valid override of docker/docker-compose.yml"
python3 - "$work/console-config.yaml" "$PWD" <<'PY' || fail "docker/console/compose.yaml: paths outside the repository"
import sys, yaml  # PyYAML comes with docker-compose
config, root = yaml.safe_load(open(sys.argv[1])), sys.argv[2]
assert config['services']['console']['build']['context'] == root, config['services']['console']['build']
assert config['secrets']['console-agent']['file'] == root + '/.velure/secrets/console-agent.properties', config['secrets']
for service in ('auth', 'catalog', 'order'):
    assert '-javaagent:' in config['services'][service]['environment']['JDK_JAVA_OPTIONS'], service
PY
log "starting the stack"
boot_started=$(date +%s)
"${compose[@]}" up -d --no-build postgres pgbouncer auth catalog order gateway prometheus >"$work/compose-up.log" 2>&1 \
    || fail "docker-compose up: $(tail -20 "$work/compose-up.log")"
gateway=http://127.0.0.1:$VELURE_PORT
deadline=$(( $(date +%s) + 120 ))
until curl -fs -o /dev/null "$gateway/api/product/products?page=1&limit=1"; do
    (( $(date +%s) < deadline )) || fail "gateway not answering"
    sleep 1
done
boot_seconds=$(( $(date +%s) - boot_started ))
log "stack ready in $boot_seconds s (docker-compose up until every service is healthy)"

# PostgreSQL's own view, twice a second, for the budget check below.
export PGPASSWORD=$POSTGRES_PASSWORD
(
    while true; do
        psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres -Atq -F ' ' -c \
            "SELECT count(*) FILTER (WHERE usename = 'auth'), count(*) FILTER (WHERE usename = 'catalog'),
                    count(*) FILTER (WHERE usename = 'orders'), count(*)
               FROM pg_stat_activity WHERE backend_type = 'client backend'" >>"$work/pg_activity" 2>/dev/null
        sleep 0.5
    done
) &
sampler_pid=$!

# --- the journey through the gateway ------------------------------------------------------------------
# What a client does with 503 + Retry-After (overload, nothing changed): wait and try again, five
# times at most. Any other status outside 2xx fails. Prints the body; counts the retries.
call() {
    local attempt response code
    for attempt in 1 2 3 4 5 6; do
        response=$(curl -sS -w '\n%{http_code}' "$@") || return 1
        code=${response##*$'\n'}
        response=${response%$'\n'*}
        if [[ $code == 503 && $attempt -lt 6 ]]; then
            echo "$*" >>"$work/retries-503"
            sleep 1
            continue
        fi
        [[ $code == 2?? ]] || { echo "HTTP $code for $*: $response" >&2; return 1; }
        printf '%s' "$response"
        return 0
    done
}

journey() { # n: register -> login -> list products -> create order -> COMPLETED, and its status stream
    local n=$1 email password token products order status deadline events
    email="docker-test-$n-$(random)@example.com" password="pw-$(random)"
    call -X POST "$gateway/api/auth/register" -H 'Content-Type: application/json' \
        -d "{\"name\":\"Docker Test $n\",\"email\":\"$email\",\"password\":\"$password\"}" >/dev/null || { echo "register failed"; return 1; }
    token=$(call -X POST "$gateway/api/auth/login" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$email\",\"password\":\"$password\"}" | jq -er .accessToken) || { echo "login failed"; return 1; }
    products=$(call "$gateway/api/product/products?page=1&limit=20" | jq -ec '[.products[]._id] | select(length > 0)') \
        || { echo "product list failed or empty"; return 1; }
    order=$(call -X POST "$gateway/api/order/create-order" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"items\":[{\"product_id\":$(jq -c ".[$(( n % 20 ))] // .[0]" <<<"$products"),\"quantity\":1}]}" | jq -er .order_id) \
        || { echo "create-order failed"; return 1; }
    deadline=$(( $(date +%s) + 120 ))
    while (( $(date +%s) < deadline )); do
        status=$(call "$gateway/api/order/user/order?id=$order" -H "Authorization: Bearer $token" | jq -er .status) || status=?
        case $status in
            COMPLETED)
                # Its status stream, through the gateway's own location for streams: the final
                # Order at once, then the end of the stream.
                events=$(curl -sS -N --max-time 30 "$gateway/api/order/user/order/status?id=$order" \
                    -H "Authorization: Bearer $token") || { echo "status stream of $order: curl failed"; return 1; }
                grep -q '^data:.*"status": *"COMPLETED"' <<<"$events" \
                    || { echo "status stream of $order did not deliver COMPLETED: $events"; return 1; }
                return 0 ;;
            FAILED) echo "order $order FAILED"; return 1 ;;
        esac
        sleep 0.5
    done
    echo "order $order still $status after 120 s"; return 1
}
log "running $journeys journeys at once through the gateway"
pids=()
for n in $(seq "$journeys"); do journey "$n" >"$work/journey-$n.log" 2>&1 & pids+=($!); done
failed=0
for i in "${!pids[@]}"; do wait "${pids[$i]}" || { failed=$((failed + 1)); echo "    journey $((i + 1)): $(cat "$work/journey-$((i + 1)).log")"; }; done
(( failed == 0 )) || fail "$failed of $journeys journeys failed"
log "all $journeys journeys completed (register, login, products, order COMPLETED);" \
    "$(cat "$work/retries-503" 2>/dev/null | wc -l) requests answered 503 first and retried"

# --- the gateway routes only the public API ----------------------------------------------------------------
# Also paths that climb out of a public prefix, plain or encoded: nginx resolves what it decodes
# before matching, and passes the rest to Payara, which refuses them (400) or keeps them in the API (404).
for path in /internal/products/lookup /metrics /health/ready /health/live /openapi /api/../internal/stock/reservations/x \
        /api/product/../../metrics /api/product/%2e%2e/%2e%2e/metrics /api/product/..%2f..%2fmetrics \
        /api/product/..%5c..%5cmetrics /api/product/%252e%252e/%252e%252e/metrics /api/product/..\;/..\;/health/ready \
        /api/order/..\;/..\;/internal/products/lookup; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$gateway$path")
    [[ $code == 404 || $code == 400 ]] || fail "gateway answered $code for $path"
done
log "gateway hides /internal/, /metrics, /health, /openapi"

# --- the connection budget, as PostgreSQL saw it ---------------------------------------------------------------
kill "$sampler_pid"; sampler_pid=
ini=server-config/pgbouncer/pgbouncer.ini
setting() { awk -F' *= *' -v key="$1" '$1 == key { print $2 }' "$2"; }
max_db=$(setting max_db_connections "$ini")
max_connections=$(setting max_connections server-config/postgresql.conf)
reserved=$(setting superuser_reserved_connections server-config/postgresql.conf)
samples=$(wc -l <"$work/pg_activity")
read -r auth_max catalog_max orders_max total_max < <(awk '
    { for (i = 1; i <= 4; i++) if ($i > m[i]) m[i] = $i }
    END { print m[1] + 0, m[2] + 0, m[3] + 0, m[4] + 0 }' "$work/pg_activity")
log "pg_stat_activity, $samples samples: at most auth $auth_max, catalog $catalog_max, orders $orders_max, all clients $total_max"
(( samples >= 3 )) || fail "too few pg_stat_activity samples ($samples)"
(( auth_max > 0 && catalog_max > 0 && orders_max > 0 )) || fail "a service never showed up in pg_stat_activity"
for role in auth catalog orders; do
    limit=$(awk -v role="$role" '$1 == role { sub(/.*max_user_connections=/, ""); print $1 + 0 }' "$ini")
    value=${role}_max
    (( ${!value} <= limit )) || fail "$role had ${!value} connections, PgBouncer allows $limit"
done
(( auth_max + catalog_max + orders_max <= max_db )) || fail "services had more connections than max_db_connections ($max_db)"
(( total_max <= max_connections - reserved )) || fail "PostgreSQL had $total_max clients, budget $((max_connections - reserved))"
log "within the budget: services ≤ max_db_connections $max_db, all ≤ $max_connections - $reserved"

# --- Prometheus scrapes every service, every dashboard query has data -----------------------------------------
prometheus=http://127.0.0.1:$PROMETHEUS_PORT
query() { curl -fsS --get "$prometheus/api/v1/query" --data-urlencode "query=$1"; }
deadline=$(( $(date +%s) + 90 ))
until [[ $(query 'sum(up{job="velure"})' 2>/dev/null | jq -r '.data.result[0].value[1] // 0') == 3 ]]; do
    (( $(date +%s) < deadline )) || fail "Prometheus does not see all three services up"
    sleep 2
done
dashboard=k8s/base/monitoring/velure-dashboard.json
if [[ -f $dashboard ]]; then
    # Grafana's variables as the dashboard's defaults would set them: every service, 1m rate windows.
    empty=()
    count=0
    while IFS= read -r expr; do
        count=$((count + 1))
        promql=$(sed -e 's/\$__rate_interval/1m/g; s/\$__interval/1m/g; s/\${\?service}\?/.+/g' <<<"$expr")
        deadline=$(( $(date +%s) + 60 ))
        until [[ $(query "$promql" | jq '.data.result | length') -gt 0 ]]; do
            (( $(date +%s) < deadline )) || { empty+=("$expr"); break; }
            sleep 5
        done
    done < <(jq -r '.. | objects | select(has("expr")) | .expr' "$dashboard")
    (( ${#empty[@]} == 0 )) || fail "dashboard queries without data: ${empty[*]}"
    log "Prometheus: all three services up, all $count dashboard queries return data"
fi

# --- a stopped service: the API's JSON 503 with Retry-After from the gateway, not nginx's 502 page -------------
# Last, since it takes catalog away (the stack is removed on exit). Issue 14: no bare error during a fault.
"${compose[@]}" stop catalog >"$work/compose-stop.log" 2>&1 || fail "could not stop catalog: $(tail -5 "$work/compose-stop.log")"
code=$(curl -sS -D "$work/stopped.headers" -o "$work/stopped.body" -w '%{http_code}' "$gateway/api/product/products?page=1&limit=1")
[[ $code == 503 ]] || fail "gateway answered $code for a stopped catalog"
grep -qi '^Retry-After: 5' "$work/stopped.headers" || fail "no Retry-After: 5 on the gateway's 503: $(cat "$work/stopped.headers")"
[[ $(jq -r .status "$work/stopped.body") == 503 ]] || fail "the gateway's 503 is not the API's JSON: $(cat "$work/stopped.body")"
log "catalog stopped: the gateway answers the API's JSON 503 with Retry-After: 5"
log "compose stack boot: $boot_seconds s"
