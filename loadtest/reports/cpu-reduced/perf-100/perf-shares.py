#!/usr/bin/env python3
"""Shares of a perf profile by service JVM: which threads, which frames (issue 15).

JFR samples only threads running Java code; perf samples every CPU tick, the JVM's own code, the
kernel and native libraries included. This reads `perf script` output from stdin and prints, for
each JVM named, the share of its samples by thread class, the share whose stack holds a frame
matching each pattern (inclusive), and the innermost frames that took most (self).

How the profile was taken (as root; the services started with -XX:+PreserveFramePointer through
VELURE_SERVICE_JVM_OPTS so that perf can walk compiled Java frames):

    perf record -e cpu-clock -F 499 -a -g -o perf.data -- sleep 60
    jcmd <pid> Compiler.perfmap            # for each service: /tmp/perf-<pid>.map names the JIT's code
    perf script -i perf.data -F comm,pid,tid,ip,sym,dso > script.txt
    perf-shares.py 11985:auth 11987:catalog 11990:order -- 'JaspicRealm|RealmAdapter' 'libargon2' < script.txt
"""
import collections
import re
import sys


def read(lines, pids):
    """{pid: [(thread name, [frame, ... leaf first])]} for the pids asked for."""
    samples, current = collections.defaultdict(list), None
    for line in lines:
        line = line.rstrip("\n")
        if not line:
            current = None
        elif not line.startswith((" ", "\t")):
            header = re.match(r"\s*(.*?)\s+(\d+)/(\d+)", line)
            current = (header.group(1), []) if header and header.group(2) in pids else None
            if current:
                samples[header.group(2)].append(current)
        elif current is not None:
            frame = line.strip().split(" ", 1)
            current[1].append(frame[-1])
    return samples


def main(argv):
    cut = argv.index("--")
    pids = dict(arg.split(":", 1) for arg in argv[:cut])
    patterns = [re.compile(p) for p in argv[cut + 1:]]
    samples = read(sys.stdin, pids)
    for pid, name in pids.items():
        taken = samples[pid]
        total = len(taken) or 1
        print(f"## {name} (pid {pid}): {len(taken)} samples")
        threads = collections.Counter(re.sub(r"[\d#-]+$", "", thread) for thread, _ in taken)
        print("threads: " + ", ".join(f"{t} {100 * k / total:.1f} %" for t, k in threads.most_common(8)))
        for pattern in patterns:
            hits = sum(1 for _, frames in taken if any(pattern.search(f) for f in frames))
            print(f"  {100 * hits / total:5.1f} %  {pattern.pattern}")
        leaves = collections.Counter(re.sub(r"\+0x[0-9a-f]+", "", frames[0]) if frames else "?" for _, frames in taken)
        print("  most self:")
        for leaf, k in leaves.most_common(12):
            print(f"    {100 * k / total:5.1f} %  {leaf[:140]}")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
