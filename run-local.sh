#!/usr/bin/env bash
# Builds what the local stack needs (tests skipped) and starts it: embedded PostgreSQL, the three
# services in Payara Micro and the ingress on http://localhost:8080. See README.md, "Local run".
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -DskipTests -pl local-stack -am package
exec java -jar "$PWD/local-stack/target/local-stack.jar" "$@"
