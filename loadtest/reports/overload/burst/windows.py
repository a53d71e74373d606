#!/usr/bin/env python3
"""Sign-ups and sign-ins of one load-test run in 5-second windows: how many were served, how long
the served ones took (p50, p95, max) and how many were refused. Shows whether a run's refusals came
while the admitted requests waited near auth's maximum (a real slump) or while they were served
fast (an estimate that overshot).

    python3 windows.py RUN_DIR [SECONDS]     RUN_DIR holds the run's requests.csv; default 120 s
"""
import csv
import sys


def quantile(values, q):
    values = sorted(values)
    return values[int(q * (len(values) - 1))] if values else -1


def main():
    run = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    rows = list(csv.DictReader(open(run + '/requests.csv')))
    start = min(int(r['end_epoch_ms']) for r in rows)
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


if __name__ == '__main__':
    main()
