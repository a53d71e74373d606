#!/bin/bash
# Live A/B: service JVMs' threads SCHED_BATCH vs SCHED_OTHER, alternating, logging epoch ms per phase.
log=$1; out=$2
until grep -q "Simulation com.velure.loadtest.VelureJourneySimulation started" "$log" 2>/dev/null; do sleep 1; done
t0=$(date +%s%3N); echo "start $t0" > "$out"
services() { pgrep -f "payara-micro.jar" | tr '\n' ' '; }
pol() { for p in $(services); do chrt -a "$1" -p 0 "$p" >/dev/null 2>&1; done; }
phase() { echo "$1 $(date +%s%3N)" >> "$out"; }
sleep 240; phase other1
sleep 110; pol -b; phase batch1
sleep 110; pol -o; phase other2
sleep 110; pol -b; phase batch2
sleep 110; pol -o; phase other3
sleep 80; phase end
