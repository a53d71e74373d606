#!/bin/bash
# Reads auth's hashing queue and pool from its /metrics every 15 s, each line prefixed with the UTC
# time, until stopped: `auth-queue.sh auth.txt &` beside a load run, then `auth-queue.py auth.txt`.
out=$1 url=${2:-http://127.0.0.1:8081/metrics?scope=application}
while :; do
  t=$(date -u +%H:%M:%S)
  curl -s -m 5 "$url" | grep -E "^auth_hashing|^db_pool_(wait|in_use|waiting)" | sed "s/^/$t /" >> "$out"
  sleep 15
done
