#!/usr/bin/env python3
"""Share of a JFR recording's execution samples whose stack holds a frame matching each pattern.

    jfr-share.py FILE.jfr [pattern...]

A frame is "class.method"; a pattern matches a sample if it is a substring of any frame of its
stack (200 frames deep). Reads the recording with JDK 25's `jfr` (`jfr print --json`). The
recordings here: `jcmd <catalog pid> JFR.start settings=profile duration=60s` after 120 s of
`request-cost.py --rate 30 products` on a fresh stack, reduced hashing.
"""
import json, subprocess, sys
f = sys.argv[1]; pats = sys.argv[2:] or ['opentelemetry', 'OpenTelemetryRequestEventListener', 'OpenTracingHelper', 'fish.payara.microprofile.telemetry']
data = json.loads(subprocess.run(['/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr', 'print', '--json', '--stack-depth', '200', '--events', 'jdk.ExecutionSample', f], capture_output=True, text=True).stdout)
events = data['recording']['events']
n = len(events); hits = {p: 0 for p in pats}
for e in events:
    names = [ (fr['method']['type']['name'] + '.' + fr['method']['name']) for fr in e['values']['stackTrace']['frames'] ]
    s = ' '.join(names)
    for p in pats:
        if p in s: hits[p] += 1
print(f'{f}: {n} samples; ' + '; '.join(f'{p} {hits[p]} ({100*hits[p]/max(n,1):.1f} %)' for p in pats))
