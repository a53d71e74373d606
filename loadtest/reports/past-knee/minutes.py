"""Minute by minute from a run directory's requests.csv: served latency by step and how fast the
refusals came. The report gives these for the whole run only; past the knee the minutes differ.

    python3 loadtest/reports/past-knee/minutes.py loadtest/target/loadtest/<run> > minutes.md

Minutes count from the first request of the load (the warm-up's journeys are not in requests.csv).
"""
import collections
import csv
import sys


def pct(values, q):
    if not values:
        return '–'
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main(run_dir):
    rows = list(csv.DictReader(open(run_dir + '/requests.csv')))
    start = min(int(r['end_epoch_ms']) - int(r['elapsed_ms']) for r in rows)
    served = collections.defaultdict(lambda: collections.defaultdict(list))
    refused = collections.defaultdict(list)
    for r in rows:
        minute = (int(r['end_epoch_ms']) - start) // 60000 + 1
        if r['ok'] == 'true':
            served[minute][r['step']].append(int(r['elapsed_ms']))
            served[minute]['all'].append(int(r['elapsed_ms']))
        elif r['status'] == '503':
            refused[minute].append(int(r['elapsed_ms']))
    print('| minute | served | served p95 ms | register p50 / p95 | login p50 / p95 | products p95 | create-order p95 '
          '| refused (503) | refused within 100 ms |')
    print('|---|---|---|---|---|---|---|---|---|')
    for minute in sorted(set(served) | set(refused)):
        s, f = served[minute], refused[minute]
        within = f'{100 * sum(1 for x in f if x <= 100) / len(f):.1f} %' if f else '–'
        print(f"| {minute} | {len(s['all'])} | {pct(s['all'], .95)} | {pct(s['register'], .5)} / {pct(s['register'], .95)} "
              f"| {pct(s['login'], .5)} / {pct(s['login'], .95)} | {pct(s['products'], .95)} | {pct(s['create-order'], .95)} "
              f"| {len(f)} | {within} |")


if __name__ == '__main__':
    main(sys.argv[1])
