#!/usr/bin/env python3
"""ms of CPU per completed journey, per process, over minutes A to B of the load (issue 15).

    cpu-per-journey.py RUN_DIR [A B]     (default minutes 4 to 6, counted from the first request)

RUN_DIR is a load test's run directory (LOADTEST_RUN_DIR): a process's mean cores in `cpu.csv` over
the window times its length, divided by the journeys `journeys.csv` saw end in it.
"""
import collections, csv, sys
run = sys.argv[1]; a = int(sys.argv[2]) if len(sys.argv) > 2 else 4; b = int(sys.argv[3]) if len(sys.argv) > 3 else 6
reqs = [int(r['end_epoch_ms']) - int(r['elapsed_ms']) for r in csv.DictReader(open(f'{run}/requests.csv'))]
t0 = min(reqs); lo, hi = t0 + (a - 1) * 60000, t0 + b * 60000
j = sum(1 for r in csv.DictReader(open(f'{run}/journeys.csv')) if lo <= int(r['end_epoch_ms']) < hi)
samples = collections.defaultdict(list)
for r in csv.DictReader(open(f'{run}/cpu.csv')):
    t = int(r['epoch_ms'])
    if lo <= t < hi: samples[r['process']].append(float(r['cores']))
secs = (hi - lo) / 1000
out = {p: sum(v) / len(v) * secs * 1000 / j for p, v in samples.items()}
svc = out['auth'] + out['catalog'] + out['order']
print(f"{run.split('/')[-1]}: minutes {a}-{b}: {j/secs:.1f} journeys/s; services {svc:.1f} ms (auth {out['auth']:.1f}, catalog {out['catalog']:.1f}, order {out['order']:.1f}); postgres {out['postgres']:.1f}; load generator {out['load generator']:.1f}; machine {out['machine (all processes)']:.1f}")
