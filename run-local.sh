#!/usr/bin/env bash
# Builds what the local stack needs (tests skipped) and starts it: embedded PostgreSQL, the three
# services in Payara Micro and the ingress on http://localhost:8080. See README.md, "Local run".
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -DskipTests -pl local-stack -am package
# The launcher is the ingress, on the services' cores: it compiles as lightly as they do.
exec java @"$PWD/server-config/jvm.options" -jar "$PWD/local-stack/target/local-stack.jar" "$@"
