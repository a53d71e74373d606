#!/usr/bin/env python3
"""thread-table.py THREADS.CSV REQUESTS.CSV [WINDOW_S]: per window, CPU (cores) by thread group of the three services, and ms per completed journey."""
import csv, sys, collections
win = float(sys.argv[3]) if len(sys.argv) > 3 else 60
snaps = collections.defaultdict(dict)  # epoch -> {(svc,group): cpu}
for r in csv.DictReader(open(sys.argv[1])):
    snaps[float(r['epoch_s'])][(r['service'], r['group'])] = float(r['cpu_s'])
times = sorted(snaps)
orders = sorted(int(r['end_epoch_ms'])/1000 for r in csv.DictReader(open(sys.argv[2])) if r['step']=='create-order' and r['ok']=='true')
import bisect
def cls(g):
    if 'C2 Compiler' in g or 'C1 Compiler' in g or 'Compiler' in g: return 'JIT'
    if g.startswith('G1') or 'GC' in g or g.startswith('VM Thread'): return 'GC/VM'
    if g.startswith('http-'): return 'http'
    if g.startswith('java'): return 'main'
    return 'other'
# windows of ~win seconds
prev = times[0]; rows=[]
for t in times[1:]:
    if t - prev < win - 1 and t != times[-1]: continue
    a, b = snaps[prev], snaps[t]; dt = t - prev
    by = collections.Counter(); byg = collections.Counter()
    for k, v in b.items():
        d = v - a.get(k, 0)
        if d < 0: d = v
        by[cls(k[1])] += d / dt; byg[k] += d / dt
    j = (bisect.bisect_right(orders, t) - bisect.bisect_right(orders, prev)) / dt
    tot = sum(by.values())
    top = ', '.join(f'{s}:{g} {c:.2f}' for (s, g), c in byg.most_common(4))
    print(f'{(prev-times[0])/60:5.1f}-{(t-times[0])/60:5.1f} min j/s {j:5.1f} cores {tot:.2f} ' + ' '.join(f'{k} {by[k]:.2f}' for k in ('http','JIT','GC/VM','main','other')) + (f' ms/j {1000*tot/j:.1f} excl.JIT {1000*(tot-by["JIT"])/j:.1f}' if j else '') + f' | {top}')
    prev = t
