#!/usr/bin/env python3
"""One load-test run's first minutes in windows, two tables.

Sign-ups and sign-ins in 5-second windows: how many were served, how long the served ones took
(p50, p95, max) and how many were refused. Shows whether a run's refusals came while the admitted
requests waited near auth's maximum (a real slump) or while they were served fast (an estimate
that overshot).

The cores each process took in 20-second windows, beside the refusals per second: where a storm
of refusals takes its CPU from.

    python3 windows.py RUN_DIR [SECONDS]     RUN_DIR holds requests.csv and cpu.csv; default 120 s
"""
import csv
import sys

PROCESSES = ['auth', 'catalog', 'order', 'postgres', 'launcher + ingress', 'load generator', 'machine (all processes)']


def quantile(values, q):
    values = sorted(values)
    return values[int(q * (len(values) - 1))] if values else -1


def main():
    run = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    rows = list(csv.DictReader(open(run + '/requests.csv')))
    start = min(int(r['end_epoch_ms']) for r in rows)
    steps(rows, start, seconds)
    print()
    cores(run, rows, start, seconds)


def steps(rows, start, seconds):
    windows = {}
    for r in rows:
        if r['step'] not in ('register', 'login'):
            continue
        w = windows.setdefault((int(r['end_epoch_ms']) - start) // 5000, {'register': ([], [0]), 'login': ([], [0])})
        served, refused = w[r['step']]
        if r['ok'] == 'true':
            served.append(int(r['elapsed_ms']))
        else:
            refused[0] += 1
    print('| s | register served | p50 / p95 / max ms | refused | login served | p50 / p95 / max ms | refused |')
    print('|---|---|---|---|---|---|---|')
    for k in sorted(windows):
        if k * 5 >= seconds:
            break
        cells = []
        for step in ('register', 'login'):
            served, refused = windows[k][step]
            cells += [str(len(served)), '%d / %d / %d' % (quantile(served, .5), quantile(served, .95), quantile(served, 1)),
                      str(refused[0])]
        print('| %d | %s |' % (k * 5, ' | '.join(cells)))



def cores(run, rows, start, seconds):
    taken = {}
    for r in csv.DictReader(open(run + '/cpu.csv')):
        taken.setdefault((int(r['epoch_ms']) - start) // 20000, {}).setdefault(r['process'], []).append(float(r['cores']))
    refused = {}
    for r in rows:
        if r['ok'] != 'true':
            k = (int(r['end_epoch_ms']) - start) // 20000
            refused[k] = refused.get(k, 0) + 1
    print('| s | ' + ' | '.join(PROCESSES) + ' | refused per s |')
    print('|---' * (len(PROCESSES) + 2) + '|')
    for k in sorted(taken):
        if 0 <= k * 20 < seconds:
            cells = ['%.2f' % (sum(taken[k].get(p, [0])) / max(1, len(taken[k].get(p, [0])))) for p in PROCESSES]
            print('| %d–%d | %s | %d |' % (k * 20, k * 20 + 20, ' | '.join(cells), round(refused.get(k, 0) / 20)))


if __name__ == '__main__':
    main()
