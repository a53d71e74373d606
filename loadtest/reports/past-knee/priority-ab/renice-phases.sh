#!/bin/bash
# Live A/B of CPU priorities during one hold run: waits for the simulation to start, then changes
# nice values of every thread of the chosen processes at fixed offsets and logs epoch ms per phase.
log=$1; out=$2
until grep -q "Simulation com.velure.loadtest.VelureJourneySimulation started" "$log" 2>/dev/null; do sleep 1; done
t0=$(date +%s%3N); echo "start $t0" > "$out"
setnice() { # nice pids...
  n=$1; shift
  for p in "$@"; do for t in /proc/$p/task/*; do renice -n "$n" -p "$(basename $t)" >/dev/null 2>&1; done; done
}
services() { pgrep -f "payara-micro.jar" | tr '\n' ' '; }
ingress() { pgrep -f "local-stack.jar" | tr '\n' ' '; }
gatling() { for p in $(pgrep -f "java"); do grep -qa "gatling\|plexus-classworlds" /proc/$p/cmdline && echo -n "$p "; done; }
echo "services $(services) ingress $(ingress) gatling $(gatling)" >> "$out"
phase() { echo "$1 $(date +%s%3N)" >> "$out"; }
sleep 240; phase services+10; setnice 10 $(services)
sleep 120; setnice 0 $(services); phase ingress-10; setnice -10 $(ingress)
sleep 120; setnice 0 $(ingress); phase gatling-10; setnice -10 $(gatling)
sleep 120; setnice 0 $(gatling); phase baseline2
sleep 100; phase end
