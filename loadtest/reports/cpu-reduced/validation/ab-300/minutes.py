"""Per minute of a load-test run: completed journeys/s and each process's ms of CPU per journey.

Usage: python3 minutes.py RUN_DIR (a run directory with requests.csv, journeys.csv and cpu.csv). Minutes
count from the first request; "services" is auth + catalog + order."""
import csv, collections, sys
d = sys.argv[1]
req = list(csv.DictReader(open(d + '/requests.csv')))
start = min(int(r['end_epoch_ms']) - int(r['elapsed_ms']) for r in req)
j = collections.Counter((int(r['end_epoch_ms']) - start) // 60000 + 1 for r in csv.DictReader(open(d + '/journeys.csv')))
acc = collections.defaultdict(lambda: collections.defaultdict(list)); procs = []
for r in csv.DictReader(open(d + '/cpu.csv')):
    m = (int(r['epoch_ms']) - start) // 60000 + 1
    if r['process'] not in procs: procs.append(r['process'])
    acc[m][r['process']].append(float(r['cores']))
svc = [p for p in procs if p.split('-')[0] in ('auth', 'catalog', 'order')]
print('| minute | j/s | ' + ' | '.join(procs) + ' | services |')
for m in sorted(acc):
    if not j[m]: continue
    ms = {p: (sum(acc[m][p]) / len(acc[m][p])) * 60000 / j[m] for p in procs if acc[m][p]}
    print(f'| {m} | {j[m]/60:.1f} | ' + ' | '.join(f"{ms.get(p, 0):.1f}" for p in procs) + f' | {sum(ms.get(p,0) for p in svc):.1f} |')
