#!/usr/bin/env python3
"""thread-cpu.py OUT INTERVAL: every INTERVAL s, per-thread-group CPU seconds of the auth/catalog/order JVMs."""
import os, re, sys, time
out, interval = sys.argv[1], float(sys.argv[2])
HZ = os.sysconf('SC_CLK_TCK')
def jvms():
    found = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit(): continue
        try: cmd = open(f'/proc/{pid}/cmdline','rb').read().replace(b'\0',b' ').decode()
        except Exception: continue
        if 'java' not in cmd.split(' ')[0]: continue
        for svc in ('auth','catalog','order'):
            if re.search(rf'{svc}-war|velure-{svc}|/{svc}\.war', cmd) and 'console' not in cmd:
                found[svc] = pid
    return found
def group(name):
    name = re.sub(r'\d+', '#', name.strip())
    return name
with open(out, 'w') as f:
    f.write('epoch_s,service,group,cpu_s\n')
    while True:
        now = time.time()
        for svc, pid in jvms().items():
            tot = {}
            try: tasks = os.listdir(f'/proc/{pid}/task')
            except Exception: continue
            for t in tasks:
                try:
                    s = open(f'/proc/{pid}/task/{t}/stat').read()
                    comm = s[s.index('(')+1:s.rindex(')')]
                    fields = s[s.rindex(')')+2:].split()
                    cpu = (int(fields[11]) + int(fields[12])) / HZ
                except Exception: continue
                g = group(comm); tot[g] = tot.get(g, 0) + cpu
            for g, c in tot.items(): f.write(f'{now:.1f},{svc},{g},{c:.2f}\n')
        f.flush()
        time.sleep(interval)
