#!/bin/bash
# Held past the knee (--profile knee --users 540 --hold-seconds 600): the service JVMs' threads
# switched between SCHED_OTHER and SCHED_BATCH every 100 s from 740 s into the simulation, when
# the 540 users are all running; each switch's epoch ms is logged for phases.py.
log=$1; out=$2
until grep -q "Simulation com.velure.loadtest.VelureJourneySimulation started" "$log" 2>/dev/null; do sleep 1; done
echo "start $(date +%s%3N)" > "$out"
services() { pgrep -f "payara-micro.jar --deploy .*-war.war" | tr '\n' ' '; }
policy() { for p in $(services); do chrt -a "$1" -p 0 "$p" >/dev/null 2>&1; done; }
sleep 740
for round in 1 2 3; do
  policy -o; echo "normal$round $(date +%s%3N)" >> "$out"; sleep 100
  policy -b; echo "batch$round $(date +%s%3N)" >> "$out"; sleep 100
done
echo "end $(date +%s%3N)" >> "$out"
