#!/usr/bin/env python3
"""CPU per request, by kind of request, of a running local stack (issue 15).

The load test gives the three services' CPU per journey; this says which request it went to. For
each kind named it sends that one request at a fixed rate (an open model: one start every
1/rate s, whatever the answers take) straight to the service's own port, first for --warm seconds
so that the JIT compiles what the request runs, then for --measure seconds while it reads each
service's and PostgreSQL's CPU time from /proc. It prints one Markdown row per kind: the
requests completed in the measured window, their statuses and latency, and the milliseconds of
CPU each process spent per request, and the services' CPU by thread: request threads, the order
worker's, the JIT compiler's, the garbage collector's, the rest (with threads that ended).

    loadtest/request-cost.py [--rate 20] [--warm 120] [--measure 90] kind...

kinds:
  live      GET  auth /health/live   Payara's own health servlet: HTTP and the web container without
            the application's filters, JAX-RS and CDI
  jwks      GET  auth /api/auth/.well-known/jwks.json   Payara's request path with nothing behind it
  products  GET  catalog /api/product/products?page=1&limit=20   the journey's listing
  register  POST auth /api/auth/register, a new account each time (hashes a password, signs a token)
  login     POST auth /api/auth/login over accounts registered beforehand (hashes, signs)
  order     POST order /api/order/create-order, two lines, as signed-in users; counts the order's
            processing (the worker, its stock reservation in catalog) when it ends in the window
  lookup    POST catalog /internal/products/lookup, order's call at order time
  reserve   PUT  catalog /internal/stock/reservations/{new id}, the worker's call
  idle      nothing: the services' own background, per second instead of per request

Run it against `./run-local.sh` (started with the load test's reduced hashing for register and
login: AUTH_VELURE_AUTH_ARGON2_MEMORY_KIB=1024 AUTH_VELURE_AUTH_ARGON2_ITERATIONS=1
AUTH_VELURE_AUTH_ARGON2_PARALLELISM=1) with nothing else running: every process on the machine
shares the two cores, and the services' own background (order's outbox poll, the schedulers)
is counted too (about 0.025 cores for the three here), which the `idle` kind measures. Environment: VELURE_HOME
(./.velure: the process ids and the service token), AUTH_PORT, CATALOG_PORT, ORDER_PORT.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import pathlib
import re
import statistics
import threading
import time
import uuid

HOME = pathlib.Path(os.environ.get("VELURE_HOME", pathlib.Path(__file__).resolve().parent.parent / ".velure"))
PORTS = {"auth": int(os.environ.get("AUTH_PORT", 8081)), "catalog": int(os.environ.get("CATALOG_PORT", 8082)),
         "order": int(os.environ.get("ORDER_PORT", 8083))}
TICK = os.sysconf("SC_CLK_TCK")
PASSWORD = "request-cost-" + uuid.uuid4().hex[:12]
local = threading.local()


def call(service, method, path, body=None, headers=None, retry=True):
    """One request on this thread's kept-alive connection: (status, parsed JSON or None); status 0 when it failed."""
    connections = local.__dict__.setdefault("connections", {})
    connection = connections.get(service)
    reused = connection is not None
    if connection is None:
        connection = connections[service] = http.client.HTTPConnection("127.0.0.1", PORTS[service], timeout=30)
    data = None if body is None else json.dumps(body).encode()
    try:
        connection.request(method, path, data, {"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        payload = response.read()
    except (OSError, http.client.HTTPException):
        connection.close()
        connections.pop(service)
        # the server closes a connection left idle; that is no answer about this request
        return call(service, method, path, body, headers, False) if reused and retry else (0, None)
    try:
        return response.status, json.loads(payload) if payload else None
    except ValueError:
        return response.status, None


def register(name):
    email = f"{name}-{uuid.uuid4().hex[:16]}@request-cost.example"
    status, body = call("auth", "POST", "/api/auth/register", {"name": name, "email": email, "password": PASSWORD})
    return status, email, (body or {}).get("accessToken")


def accounts(count):
    made = [register("request-cost") for _ in range(count)]
    bad = [status for status, _, _ in made if status != 201]
    if bad:
        raise SystemExit(f"registering the benchmark's accounts failed: {bad[:5]}")
    return [(email, token) for _, email, token in made]


def product_ids():
    """Products with stock to spare: the order and reserve kinds take one from stock per request."""
    status, page = call("catalog", "GET", "/api/product/products?page=1&limit=100")
    if status != 200:
        raise SystemExit(f"listing products failed: {status}")
    ids = [p["_id"] for p in page["products"] if p.get("quantity", 0) > 10_000]
    if not ids:
        raise SystemExit("no product has more than 10 000 in stock, which the order and reserve kinds would run out of; "
                         "give some more (PUT /api/product/{id} as the admin)")
    return ids


def two_lines(ids, i):
    """Two products, one of each: the journey's orders have one to three lines."""
    return [{"product_id": ids[i % len(ids)], "quantity": 1}, {"product_id": ids[(i + 1) % len(ids)], "quantity": 1}]


def kinds():
    """Each kind: a setup run once, returning the function that sends one request."""
    def service_token():
        return {"X-Service-Token": (HOME / "secrets" / "service-token").read_text().strip()}

    def live():
        return lambda i: call("auth", "GET", "/health/live")[0]

    def jwks():
        return lambda i: call("auth", "GET", "/api/auth/.well-known/jwks.json")[0]

    def products():
        return lambda i: call("catalog", "GET", "/api/product/products?page=1&limit=20")[0]

    def register_():
        return lambda i: register("request-cost")[0]

    def login():
        users = accounts(50)
        return lambda i: call("auth", "POST", "/api/auth/login", {"email": users[i % len(users)][0], "password": PASSWORD})[0]

    def order():
        users, ids = accounts(50), product_ids()
        return lambda i: call("order", "POST", "/api/order/create-order",
                              {"items": two_lines(ids, i)}, {"Authorization": "Bearer " + users[i % len(users)][1]})[0]

    def lookup():
        ids, token = product_ids(), service_token()
        return lambda i: call("catalog", "POST", "/internal/products/lookup",
                              {"ids": [line["product_id"] for line in two_lines(ids, i)]}, token)[0]

    def reserve():
        ids, token = product_ids(), service_token()
        return lambda i: call("catalog", "PUT", f"/internal/stock/reservations/request-cost-{uuid.uuid4()}",
                              {"items": two_lines(ids, i)}, token)[0]

    def idle():
        return None

    return {"live": live, "jwks": jwks, "products": products, "register": register_, "login": login, "order": order,
            "lookup": lookup, "reserve": reserve, "idle": idle}


# What a service JVM's threads do, by their (15-character) names: Grizzly's request threads and
# selectors, the order worker's (the container's managed threads), the JIT, the collector.
THREAD_CLASSES = [("requests", re.compile(r"http-")), ("workers", re.compile(r"concurrent/")),
                  ("compiler", re.compile(r"C[12] CompilerThre")), ("GC", re.compile(r"GC Thread|G1 "))]


def stat(path):
    """The fields of a /proc stat file after the command name; [1] is the parent, [11:15] the CPU ticks."""
    return pathlib.Path(path).read_text().rsplit(")", 1)[1].split()


def ticks(fields, children=False):
    return sum(int(f) for f in fields[11:15 if children else 13]) / TICK


def cpu_seconds():
    """CPU time so far of each service (its Payara Micro process), of its threads by class (summed over
    the three), and of PostgreSQL: every live process of it, plus what the postmaster's ended
    children (connections closed by a pool) had used."""
    seconds, threads = {}, {}
    for name in ("auth", "catalog", "order"):
        pid = (HOME / "payara" / f"{name}.pid").read_text().strip()
        seconds[name] = ticks(stat(f"/proc/{pid}/stat"))
        for task in pathlib.Path(f"/proc/{pid}/task").iterdir():
            try:
                thread = (task / "comm").read_text().strip()
                used = ticks(stat(task / "stat"))
            except OSError:
                continue  # the thread ended meanwhile
            kind = next((k for k, pattern in THREAD_CLASSES if pattern.match(thread)), "other")
            threads[f"{pid}/{task.name}"] = (kind, used)
    seconds["threads"] = threads
    processes = {}
    for proc in pathlib.Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and (proc / "comm").read_text().strip() in ("postgres", "postmaster"):
                processes[proc.name] = stat(proc / "stat")
        except OSError:
            pass
    # the postmaster is the one whose parent is not PostgreSQL; it reaps the backends
    seconds["postgres"] = sum(ticks(fields, children=fields[1] not in processes) for fields in processes.values())
    return seconds


def by_class(before, after, services, count):
    """Each thread class's CPU in the window, per request, from the threads alive at its end (a thread
    born inside counts whole). A thread that ended inside took its ticks with it (the JVM adds and
    removes compiler threads as it needs them), so "other" is what the processes used less what the
    classes hold: the rest, and the threads that ended."""
    classes = dict.fromkeys([name for name, _ in THREAD_CLASSES], 0.0)
    for tid, (kind, used) in after.items():
        if kind in classes:
            classes[kind] += (used - before.get(tid, (kind, 0.0))[1]) * 1000 / count
    classes["other"] = services - sum(classes.values())
    return classes


def run(kind, send, rate, warm, measure):
    results, lock = [], threading.Lock()
    started = time.monotonic()

    def one(i, scheduled):
        t0 = time.monotonic()
        status = send(i)
        with lock:
            results.append((scheduled, status, time.monotonic() - t0))

    if send is not None:
        with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
            i = 0
            begin = end = None
            while True:
                now = time.monotonic() - started
                if begin is None and now >= warm:
                    begin = (cpu_seconds(), time.monotonic())
                if now >= warm + measure:
                    break
                pool.submit(one, i, now)
                i += 1
                time.sleep(max(0.0, started + i / rate - time.monotonic()))
            end = (cpu_seconds(), time.monotonic())
    else:
        time.sleep(warm)
        begin = (cpu_seconds(), time.monotonic())
        time.sleep(measure)
        end = (cpu_seconds(), time.monotonic())
    window = end[1] - begin[1]
    measured = [(s, l) for t, s, l in results if warm <= t < warm + measure]
    count = len(measured) or window  # idle: per second instead of per request
    statuses = {}
    for s, _ in measured:
        statuses[s] = statuses.get(s, 0) + 1
    latencies = sorted(l for _, l in measured)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else 0
    p50 = statistics.median(latencies) * 1000 if latencies else 0
    per = {name: (end[0][name] - begin[0][name]) * 1000 / count for name in end[0] if name != "threads"}
    per.update(by_class(begin[0]["threads"], end[0]["threads"], per["auth"] + per["catalog"] + per["order"], count))
    services = per["auth"] + per["catalog"] + per["order"]
    status_text = " ".join(f"{s}×{n}" for s, n in sorted(statuses.items())) or "–"
    threads = " / ".join(f"{per[name]:.2f}" for name in [name for name, _ in THREAD_CLASSES] + ["other"])
    print(f"| {kind} | {len(measured) / window:.1f} | {status_text} | {p50:.0f} / {p95:.0f} | {per['auth']:.2f} | "
          f"{per['catalog']:.2f} | {per['order']:.2f} | **{services:.2f}** | {threads} | {per['postgres']:.2f} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=20, help="requests started per second (default 20)")
    parser.add_argument("--warm", type=float, default=120, help="seconds of the same requests before measuring (default 120)")
    parser.add_argument("--measure", type=float, default=90, help="seconds measured (default 90)")
    setups = kinds()
    parser.add_argument("kind", nargs="+", choices=list(setups))
    args = parser.parse_args()
    try:
        cpu_seconds()
    except OSError:
        raise SystemExit(f"no local stack runs with its state in {HOME} (start ./run-local.sh, or set VELURE_HOME)")
    print(f"rate {args.rate:g}/s, warm-up {args.warm:g} s, measured {args.measure:g} s; ms of CPU per request "
          f"(idle: per second)\n")
    print("| kind | requests/s | statuses | latency p50 / p95, ms | auth | catalog | order | three services "
          "| of which threads: requests / workers / compiler / GC / other | PostgreSQL |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for kind in args.kind:
        run(kind, setups[kind](), args.rate, args.warm, args.measure)


if __name__ == "__main__":
    main()
