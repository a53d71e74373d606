#!/bin/bash
# Held past the knee from a cold stack (--profile hold --users 540 --hold-seconds 720): every
# thread of the launcher's JVM (the ingress) switched between nice 0 and nice -10 (root only)
# every 70 s from 300 s into the simulation; each switch's epoch ms is logged for phases.py.
log=$1; out=$2
until grep -q "Simulation com.velure.loadtest.VelureJourneySimulation started" "$log" 2>/dev/null; do sleep 1; done
echo "start $(date +%s%3N)" > "$out"
ingress_nice() { for p in $(pgrep -f "local-stack.jar"); do for t in /proc/$p/task/*; do renice -n "$1" -p "${t##*/}" >/dev/null 2>&1; done; done; }
sleep 300
for round in 1 2 3; do
  ingress_nice 0; echo "ingress0-$round $(date +%s%3N)" >> "$out"; sleep 70
  ingress_nice -10; echo "ingress-10-$round $(date +%s%3N)" >> "$out"; sleep 70
done
ingress_nice 0; echo "end $(date +%s%3N)" >> "$out"
