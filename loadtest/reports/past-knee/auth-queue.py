"""auth-queue.sh's readings as a table: how long the 0.7 ms (reduced) hash held its slot on the
clock, how many requests waited, and the p95 of their wait (auth_hashing_wait_seconds, which
Payara's exporter gives in nanoseconds here despite the name)."""
import collections
import re
import sys

readings = collections.OrderedDict()
for line in open(sys.argv[1]):
    time, rest = line.split(' ', 1)
    m = re.match(r'(\w+)\{([^}]*)\} (\S+)', rest)
    if not m:
        continue
    name, labels, value = m.groups()
    priority = re.search(r'priority="(\w+)"', labels)
    quantile = re.search(r'quantile="([\d.]+)"', labels)
    key = name + (':' + priority.group(1) if priority else '') + (':' + quantile.group(1) if quantile else '')
    readings.setdefault(time, {})[key] = float(value)

print('| UTC | hash slot hold, mean ms | waiting sign-ins / sign-ups | wait p95 sign-ins / sign-ups, s | sign-ups refused by auth (total) |')
print('|---|---|---|---|---|')
for time, r in readings.items():
    if 'auth_hashing_seconds_average' not in r:
        continue
    get = lambda key: r.get(key, float('nan'))
    print(f"| {time} | {1000 * get('auth_hashing_seconds_average'):.1f} "
          f"| {get('auth_hashing_waiting:sign_in'):.0f} / {get('auth_hashing_waiting:sign_up'):.0f} "
          f"| {get('auth_hashing_wait_seconds:sign_in:0.95') / 1e9:.2f} / {get('auth_hashing_wait_seconds:sign_up:0.95') / 1e9:.2f} "
          f"| {get('auth_hashing_refused_total:sign_up'):.0f} |")
