"""Where a ramp's knee is, counted two ways from a run directory (requests.csv, users.csv,
journeys.csv, cpu.csv).

Until 2026-12-07 the load test's report took the knee where the 30-second p95 of all requests first
reached 1 s. Since the ingress refuses the excess within 100 ms, refusals pull that p95 down: past
the cores' limit it stayed under 1 s while most requests were refused, and the report now takes the
served requests' p95. This prints, every 30 s, the p95 of the served requests beside that of all,
the refusals, the journeys completed and the cores each process used; then where each p95 first
reached 1 s, computed as the report computes its knee, and the first 30 s with more than 1 %
refused: for runs saved before the change as well.

    python3 loadtest/reports/past-knee/knee.py <run dir> > knee.md
"""
import bisect
import collections
import csv
import sys

WINDOW_MS = 30_000
LIMIT_MS = 1000
# cpu.csv's groups, in cores of the machine's two
PROCESSES = ('auth', 'catalog', 'order', 'postgres', 'launcher + ingress', 'load generator', 'machine (all processes)')


def pct_rank(values, percent):
    """The report's percentile (Percentiles.at): the value at rank ceil(percent % of n)."""
    if not values:
        return None
    values = sorted(values)
    return values[max(0, min(len(values) - 1, -(-percent * len(values) // 100) - 1))]


def main(run_dir):
    rows = list(csv.DictReader(open(run_dir + '/requests.csv')))
    start = min(int(r['end_epoch_ms']) - int(r['elapsed_ms']) for r in rows)
    users = [(int(r['epoch_ms']), int(r['active_users'])) for r in csv.DictReader(open(run_dir + '/users.csv'))]
    user_times = [t for t, _ in users]

    def users_at(t):
        i = bisect.bisect_right(user_times, t) - 1
        return users[i][1] if i >= 0 else 0

    served = collections.defaultdict(list)
    every = collections.defaultdict(list)
    refused = collections.Counter()
    by_second = collections.defaultdict(lambda: ([], []))  # second → (all times, served times)
    for r in rows:
        second = (int(r['end_epoch_ms']) - start) // 1000
        by_second[second][0].append(int(r['elapsed_ms']))
        if r['ok'] == 'true':
            by_second[second][1].append(int(r['elapsed_ms']))
        w = (int(r['end_epoch_ms']) - start) // WINDOW_MS
        every[w].append(int(r['elapsed_ms']))
        if r['ok'] == 'true':
            served[w].append(int(r['elapsed_ms']))
        elif r['status'] == '503':
            refused[w] += 1
    journeys = collections.Counter((int(r['end_epoch_ms']) - start) // WINDOW_MS
                                   for r in csv.DictReader(open(run_dir + '/journeys.csv')))
    cores = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in csv.DictReader(open(run_dir + '/cpu.csv')):
        cores[(int(r['epoch_ms']) - start) // WINDOW_MS][r['process']].append(float(r['cores']))

    def mean_cores(w, process):
        readings = cores[w][process]
        return f'{sum(readings) / len(readings):.2f}' if readings else '–'

    print('| from | users | served p95 ms | all p95 ms | refused | refused % | journeys/s | '
          + ' | '.join(PROCESSES) + ' |')
    print('|---' * (7 + len(PROCESSES)) + '|')
    firsts = {}
    for w in sorted(every):
        n = len(every[w])
        sp, ap = pct_rank(served[w], 95), pct_rank(every[w], 95)
        u = users_at(start + (w + 1) * WINDOW_MS)
        share = 100.0 * refused[w] / n
        print(f'| {w * WINDOW_MS / 60000:.1f} min | {u} | {sp if sp is not None else "–"} | {ap} | {refused[w]} '
              f'| {share:.1f} | {journeys[w] * 1000 / WINDOW_MS:.1f} | '
              + ' | '.join(mean_cores(w, p) for p in PROCESSES) + ' |')
        if share > 1 and 'refused' not in firsts:
            firsts['refused'] = (w * WINDOW_MS / 60000, u)
    print()
    # The knee as the report finds it: every second, the p95 of the requests that ended in the 30 s
    # before it (from the 15th second on), and the users active at that second.
    for name, column in (('served', 1), ('all', 0)):
        for second in range(15, max(by_second) + 1):
            window = [t for s_ in range(second - 29, second + 1) for t in by_second[s_][column]] \
                if second in by_second else []
            p95 = pct_rank(window, 95)
            if p95 is not None and p95 >= LIMIT_MS:
                print(f'- the 30-s p95 of {name} requests first reached 1 s at {second / 60:.1f} min, '
                      f'{users_at(start + second * 1000)} users active ({p95} ms)')
                break
        else:
            print(f'- the 30-s p95 of {name} requests never reached 1 s')
    at = firsts.get('refused')
    print('- first 30 s with more than 1 % refused: ' + (f'from {at[0]:.1f} min, {at[1]} users at its end' if at else 'never'))
    top = max(journeys.values())
    print(f'- most journeys in 30 s: {top} ({top * 1000 / WINDOW_MS:.1f}/s)')


if __name__ == '__main__':
    main(sys.argv[1])
