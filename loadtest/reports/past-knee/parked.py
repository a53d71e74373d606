"""Where the users go past the knee, and what keeping the refused ones waiting costs the machine.

    python3 loadtest/reports/past-knee/parked.py RUN_DIR USERS [FIRST_MINUTE LAST_MINUTE]   # held minutes, default 21 23

RUN_DIR is a run directory with requests.csv, journeys.csv, users.csv and cpu.csv; USERS is what the
profile holds (Gatling's count; the simulation's own, in users.csv, leaves out the users between a
refused journey and the next, which the generator has yet to start). Minutes count from
the first request, as in minutes.py. By Little's law the users in admitted journeys are the
journeys/s times a journey's time (its 5 s of pauses and its four served requests' mean times); the
rest of the users held are "parked": each is refused, starts again at once and is refused again,
so a parked user's cycle is parked ÷ refusals/s. What a refusal costs the load generator and the
door (launcher + ingress) is their CPU above what the same run's refusal-free minutes of 30 or more
journeys/s cost per journey, divided by the refusals. From these: the share of the two cores the
refusals take, and the least it could be with every refusal answered within 100 ms: each at the
full 100 ms, and the time from a refusal to the next try as measured. Against it, what holding 90 %
of the top minute's journeys leaves them: their share in that minute and a tenth of the machine
(a first-order bound: it takes the journeys' own cost per journey as unchanged past the knee).
"""
import collections
import csv
import sys

PAUSES_S = 5.0  # the journey's pauses: 1 + 1 + 2 + 1 s
STEPS = ('register', 'login', 'products', 'create-order')
CORES = 2


def main(run_dir, users, first, last):
    rows = list(csv.DictReader(open(run_dir + '/requests.csv')))
    start = min(int(r['end_epoch_ms']) - int(r['elapsed_ms']) for r in rows)
    minute = lambda epoch_ms: (int(epoch_ms) - start) // 60000 + 1
    held = range(first, last + 1)
    seconds = 60.0 * len(held)

    served = collections.defaultdict(list)
    refused = []
    refused_by_minute = collections.Counter()
    for r in rows:
        m = minute(r['end_epoch_ms'])
        if r['status'] == '503':
            refused_by_minute[m] += 1
            if m in held:
                refused.append(int(r['elapsed_ms']))
        elif r['ok'] == 'true' and m in held:
            served[r['step']].append(int(r['elapsed_ms']))
    journeys_by_minute = collections.Counter(minute(r['end_epoch_ms']) for r in csv.DictReader(open(run_dir + '/journeys.csv')))
    active = [int(r['active_users']) for r in csv.DictReader(open(run_dir + '/users.csv')) if minute(r['epoch_ms']) in held]
    in_simulation = sum(active) / len(active)

    journeys = sum(journeys_by_minute[m] for m in held) / seconds
    journey_s = PAUSES_S + sum(sum(served[s]) / len(served[s]) / 1000 for s in STEPS)
    in_journeys = journeys * journey_s
    parked = users - in_journeys
    if not refused:
        sys.exit(f'{run_dir}: no refusals in minutes {first}–{last}: no one is parked, nothing to count')
    refusals = len(refused) / seconds
    refusal_mean = sum(refused) / len(refused) / 1000
    within = sum(1 for x in refused if x <= 100) / len(refused)
    cycle = parked / refusals

    cores = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in csv.DictReader(open(run_dir + '/cpu.csv')):
        cores[minute(r['epoch_ms'])][r['process']].append(float(r['cores']))
    mean = lambda m, p: sum(cores[m][p]) / len(cores[m][p]) if cores[m][p] else 0.0
    sides = {'load generator': ['load generator'], 'door': [p for p in next(iter(cores.values())) if p.startswith('launcher')]}
    free = [m for m in journeys_by_minute if refused_by_minute[m] == 0 and journeys_by_minute[m] >= 30 * 60 and m in cores]
    if not free:
        # The CPU a journey costs without refusals is the baseline every refusal's cost is counted above.
        sys.exit(f'{run_dir}: no refusal-free minute of 30 or more journeys/s to measure a journey\'s CPU on')
    per_refusal = {}
    for side, procs in sides.items():
        per_journey = sum(sum(mean(m, p) for p in procs) * 60 / journeys_by_minute[m] for m in free) / len(free)
        busy = sum(sum(mean(m, p) for p in procs) for m in held) / len(held)
        per_refusal[side] = (busy - per_journey * journeys) / refusals
    cost = sum(per_refusal.values())

    print(f'{run_dir}: minutes {first}–{last}, {users} users held ({in_simulation:.0f} in a journey on average by the simulation\'s count)')
    print(f'  journeys/s {journeys:.1f}; a journey {journey_s:.2f} s (5 s of pauses, its four served requests); '
          f'users in admitted journeys {in_journeys:.0f}, parked {parked:.0f}')
    print(f'  refusals/s {refusals:.0f}, mean {1000 * refusal_mean:.0f} ms, {100 * within:.0f} % within 100 ms; '
          f'a parked user\'s cycle {1000 * cycle:.0f} ms ({1000 * (cycle - refusal_mean):.0f} ms between a refusal and the next try)')
    print(f'  CPU per refusal: load generator {1e6 * per_refusal["load generator"]:.0f} µs, door {1e6 * per_refusal["door"]:.0f} µs '
          f'(from refusal-free minutes {sorted(free)})')
    at_goal = parked / (0.1 + cycle - refusal_mean)
    top = max(journeys_by_minute, key=journeys_by_minute.get)
    top_share = refused_by_minute[top] / 60 * cost / CORES
    print(f'  the refusals take {refusals * cost:.2f} cores, {100 * refusals * cost / CORES:.0f} % of the machine; '
          f'all within 100 ms, at least {at_goal:.0f}/s would take {at_goal * cost:.2f} cores, {100 * at_goal * cost / CORES:.0f} %')
    print(f'  the top minute ({top}, {journeys_by_minute[top] / 60:.1f} journeys/s, held {100 * journeys * 60 / journeys_by_minute[top]:.1f} % of it): '
          f'{refused_by_minute[top] / 60:.0f} refusals/s, {100 * top_share:.0f} % of the machine; holding 90 % of its journeys leaves the '
          f'refusals about {100 * top_share + 10:.0f} %')


if __name__ == '__main__':
    args = sys.argv[1:]
    main(args[0], int(args[1]), int(args[2]) if len(args) > 2 else 21, int(args[3]) if len(args) > 3 else 23)
