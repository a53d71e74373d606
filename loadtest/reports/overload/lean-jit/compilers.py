#!/usr/bin/env python3
"""What each JVM of a load-test run spent, and how much of it its JIT compiler threads took.

    python3 compilers.py sample OUT.csv          every 5 s until stopped: each java process's CPU
                                                 ticks (1/100 s) in all its threads and in its C1/C2
                                                 compiler threads, from /proc; one process, no forks
    python3 compilers.py table RUN_DIR OUT.csv   cores per JVM (all threads / compiler threads) in
                                                 20-s windows from the load's first answer, beside the
                                                 refusals (503) per second from RUN_DIR/requests.csv

The JVMs are told apart by their command lines: the services' WARs, the launcher (local-stack.jar,
which is the ingress), the console's Payara Micro and the load generator (Gatling). A JVM's CPU is
the sum over the threads it has when sampled: a thread that ended takes its ticks with it, so a
window in which many ended (the console's once it has booted) can show less than nothing.
"""
import collections
import csv
import os
import sys
import time

ROLES = [('io.gatling', 'generator'), ('local-stack.jar', 'launcher'), ('auth-war', 'auth'), ('catalog-war', 'catalog'),
         ('order-war', 'order'), ('console-web', 'console'), ('plexus-classworlds', 'maven')]
SHOWN = ['auth', 'catalog', 'order', 'launcher', 'generator', 'console']


def sample(out_path):
    out = open(out_path, 'w', buffering=1)
    out.write('epoch,role,pid,compiler_ticks,total_ticks\n')
    while True:
        now = int(time.time())
        for pid in filter(str.isdigit, os.listdir('/proc')):
            try:
                if open(f'/proc/{pid}/comm').read().strip() != 'java':
                    continue
                cmd = open(f'/proc/{pid}/cmdline').read().replace('\0', ' ')
                role = next((r for k, r in ROLES if k in cmd), 'other')
                compiler = total = 0
                for tid in os.listdir(f'/proc/{pid}/task'):
                    try:
                        stat = open(f'/proc/{pid}/task/{tid}/stat').read()
                    except OSError:
                        continue  # the thread ended meanwhile
                    name = stat[stat.index('(') + 1:stat.rindex(')')]
                    fields = stat[stat.rindex(')') + 2:].split()
                    ticks = int(fields[11]) + int(fields[12])  # utime + stime
                    total += ticks
                    if name.startswith(('C1 Comp', 'C2 Comp')):
                        compiler += ticks
                out.write(f'{now},{role},{pid},{compiler},{total}\n')
            except (OSError, ValueError):
                continue  # the process ended meanwhile
        time.sleep(5)


def table(run, samples):
    requests = list(csv.DictReader(open(os.path.join(run, 'requests.csv'))))
    start = min(int(r['end_epoch_ms']) for r in requests) // 1000
    refused = collections.Counter((int(r['end_epoch_ms']) // 1000 - start) // 20 for r in requests if r['status'] == '503')
    series = collections.defaultdict(list)
    for r in csv.DictReader(open(samples)):
        series[r['role']].append((int(r['epoch']), int(r['compiler_ticks']), int(r['total_ticks'])))

    def at(points, t):
        """Cumulative (compiler, total) ticks at t, interpolated between samples; None outside them."""
        before = None
        for epoch, compiler, total in points:
            if epoch >= t:
                if before is None:
                    return None
                e0, c0, t0 = before
                f = (t - e0) / (epoch - e0) if epoch > e0 else 1
                return c0 + f * (compiler - c0), t0 + f * (total - t0)
            before = (epoch, compiler, total)
        return None

    roles = [r for r in SHOWN if r in series]
    print('| seconds of load | refused / s | ' + ' | '.join(f'{r}: all / compiler' for r in roles) + ' |')
    print('|---' * (2 + len(roles)) + '|')
    for w in range(-3, 8):
        cells = []
        for role in roles:
            a, b = at(series[role], start + 20 * w), at(series[role], start + 20 * (w + 1))
            cells.append('–' if a is None or b is None else f'{(b[1] - a[1]) / 2000:.2f} / {(b[0] - a[0]) / 2000:.2f}')
        print(f'| {20 * w} to {20 * (w + 1)} | {refused[w] / 20:.1f} | ' + ' | '.join(cells) + ' |')


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == 'sample':
        sample(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == 'table':
        table(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
