"""Per phase of a run whose processes' CPU priority changed live (renice-phases.sh, batch-phases.sh):
served requests, refusals and how fast they came, from the run directory's requests.csv. Each
phase leaves out its first 20 s; the first phase its first 140 s (the ramp and the cold JVMs).

    python3 phases.py <run dir> <phases file> > phases.md
"""
import csv, sys
run, phases = sys.argv[1], sys.argv[2]
marks = []
for line in open(phases):
    k, v = line.split()[0], line.split()[-1]
    if k == 'services' : continue
    marks.append((k, int(v)))
# windows: from each mark to the next, skipping the first 20 s after a change
wins = []
for i in range(len(marks) - 1):
    wins.append((marks[i][0], marks[i][1] + 20000, marks[i + 1][1]))
rows = list(csv.DictReader(open(run + '/requests.csv')))
def pct(v, q):
    v = sorted(v); return v[min(len(v) - 1, int(q * len(v)))] if v else '-'
print('| phase | s | served/s | served p95 ms | refused/s | refused p50 ms | p90 ms | refused within 100 ms |')
print('|---|---|---|---|---|---|---|---|')
for name, a, b in wins:
    if name == 'start': a += 120000  # warm-up and ramp
    s, f = [], []
    for r in rows:
        e = int(r['end_epoch_ms'])
        if a <= e < b:
            (s if r['ok'] == 'true' else f if r['status'] == '503' else []).append(int(r['elapsed_ms']))
    secs = (b - a) / 1000
    within = 100 * sum(1 for x in f if x <= 100) / len(f) if f else 0
    print(f"| {name} | {secs:.0f} | {len(s)/secs:.0f} | {pct(s,.95)} | {len(f)/secs:.0f} | {pct(f,.5)} | {pct(f,.9)} | {within:.1f} % |")
