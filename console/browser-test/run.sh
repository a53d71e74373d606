#!/usr/bin/env bash
# The console's browser test: starts the local stack (built by `mvn verify` or ./run-local.sh) on
# its own ports and home, runs console.test.mjs in headless Debian Chromium, stops the stack.
# Installs chromium (apt) and the test's npm packages (npm ci, from package-lock.json) when missing.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v npm >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
[ -d node_modules ] || npm ci --no-audit --no-fund

export VELURE_PORT="${VELURE_PORT:-28080}" AUTH_PORT="${AUTH_PORT:-28081}" CATALOG_PORT="${CATALOG_PORT:-28082}" \
  ORDER_PORT="${ORDER_PORT:-28083}" DB_PORT="${DB_PORT:-35432}" CONSOLE_PORT="${CONSOLE_PORT:-28090}" \
  CONSOLE_AGENT_PORT_BASE="${CONSOLE_AGENT_PORT_BASE:-28770}"
export VELURE_HOME="${VELURE_HOME:-$PWD/target/velure}"
export CONSOLE_URL="http://localhost:$CONSOLE_PORT/hawtio/" AUTH_URL="http://localhost:$AUTH_PORT" \
  CATALOG_URL="http://localhost:$CATALOG_PORT" SCREENSHOTS="${SCREENSHOTS:-$PWD/target/screenshots}"
rm -rf "$SCREENSHOTS"
mkdir -p "$VELURE_HOME"

stack_log="$VELURE_HOME/local-stack.log"
# The background shell truncates the log only when it gets to run: remove the last run's log first,
# or the wait below can find its "ready" line and start the test against no stack.
rm -f "$stack_log"
(cd "$ROOT" && exec java -jar local-stack/target/local-stack.jar --fresh) >"$stack_log" 2>&1 &
stack=$!
trap 'kill -TERM $stack 2>/dev/null; wait $stack 2>/dev/null || true' EXIT

deadline=$((SECONDS + 600))
until grep -q "Ctrl-C stops everything" "$stack_log" 2>/dev/null; do
  if ! kill -0 $stack 2>/dev/null || [ $SECONDS -gt $deadline ]; then
    echo "local stack did not start:"; cat "$stack_log"; exit 1
  fi
  sleep 2
done
grep "console" "$stack_log" || true

npm test
