#!/usr/bin/env python3
"""Cores each process of one load-test run took in 20-second windows, beside the refusals per
second in the same window: where a storm of refusals takes its CPU from.

    python3 cpu-windows.py RUN_DIR [SECONDS]     RUN_DIR holds cpu.csv and requests.csv; default 120 s
"""
import csv
import sys

PROCESSES = ['auth', 'catalog', 'order', 'postgres', 'launcher + ingress', 'load generator', 'machine (all processes)']


def main():
    run = sys.argv[1]
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    requests = list(csv.DictReader(open(run + '/requests.csv')))
    start = min(int(r['end_epoch_ms']) for r in requests)
    cores = {}
    for r in csv.DictReader(open(run + '/cpu.csv')):
        cores.setdefault((int(r['epoch_ms']) - start) // 20000, {}).setdefault(r['process'], []).append(float(r['cores']))
    refused = {}
    for r in requests:
        if r['ok'] != 'true':
            k = (int(r['end_epoch_ms']) - start) // 20000
            refused[k] = refused.get(k, 0) + 1
    print('| s | ' + ' | '.join(PROCESSES) + ' | refused per s |')
    print('|---' * (len(PROCESSES) + 2) + '|')
    for k in sorted(cores):
        if 0 <= k * 20 < seconds:
            cells = ['%.2f' % (sum(cores[k].get(p, [0])) / max(1, len(cores[k].get(p, [0])))) for p in PROCESSES]
            print('| %d–%d | %s | %d |' % (k * 20, k * 20 + 20, ' | '.join(cells), round(refused.get(k, 0) / 20)))


if __name__ == '__main__':
    main()
