#!/usr/bin/env python3
"""A bounded load test against a local Crisis Tracker (stdlib only: threads + http.client).

    scripts/loadtest.py --scenario timeline --clients 8 --duration 30 --crisis synthetic-1
    scripts/loadtest.py --scenario mixed --clients 8 --duration 30 --crisis synthetic-1

Talks to 127.0.0.1 only. Logs in as the demo analyst through the admin login form (`--user`/`--password`),
or with `--anonymous` browses a server started with PUBLIC_TIMELINE=1. Each client keeps one HTTP
connection, as a browser does. Bounded twice: by `--duration` seconds and by `--max-requests` in all.

Scenarios: `timeline` (the first page of the crisis timeline, over and over) and `mixed` (browse and
filter 80%, search 15%, CSV export 1%, event detail 4%, picked by a seeded random generator).
Prints requests/s, errors and p50/p95/p99 latency per kind of request.
"""

import argparse
import http.client
import random
import re
import statistics
import threading
import time
import urllib.parse

HOST = "127.0.0.1"
TERMS = ["reported", "police", "ceasefire", "amnesty", "capital", "election", "corruption", "curfew"]
TYPES = ["protest", "riot", "battle", "arrest", "statement", "election", "legislation", "sanctions"]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


class Session:
    """One keep-alive connection with a cookie jar of one session."""

    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=timeout)

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                # The server closed a kept-alive connection (a worker restarting): reconnect once.
                self.connection.close()
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def login(self, user: str, password: str) -> None:
        status, page = self.request("GET", "/admin/login/?next=/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise SystemExit(f"Could not load the admin login form (HTTP {status}).")
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token[1].decode(), "username": user, "password": password, "next": "/"}
        )
        headers = {"Referer": f"http://{HOST}:{self.port}/admin/login/", "Origin": f"http://{HOST}:{self.port}"}
        status, _ = self.request("POST", "/admin/login/?next=/", body=form, headers=headers)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Log-in as {user!r} failed (HTTP {status}); run `manage.py demo` for the demo users.")


def pick(scenario: str, rng: random.Random, crisis: str, event_ids: list[int]) -> tuple[str, str, dict]:
    base = f"/crises/{crisis}/"
    if scenario == "timeline":
        return "timeline", base, {}
    roll = rng.random()
    if roll < 0.80:
        choice = rng.random()
        if choice < 0.4:
            return "browse", base, {}
        if choice < 0.7:
            return "filter", f"{base}?type={rng.choice(TYPES)}", {"HX-Request": "true"}
        return "filter", f"{base}?type={rng.choice(TYPES)}&date_from=2015-01-01&date_to=2016-12-31", {}
    if roll < 0.95:
        return "search", f"{base}?q={rng.choice(TERMS)}", {"HX-Request": "true"}
    if roll < 0.96:
        return "export", f"{base}events.csv?type={rng.choice(TYPES)}", {}
    if event_ids:
        return "detail", f"/events/{rng.choice(event_ids)}/", {}
    return "browse", base, {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--scenario", choices=["timeline", "mixed"], default="timeline")
    parser.add_argument("--crisis", default="synthetic-1")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of measured load (at most 600)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured load first")
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--user", default="analyst")
    parser.add_argument("--password", default="demo-analyst-pass")
    parser.add_argument("--anonymous", action="store_true", help="no log-in (server has PUBLIC_TIMELINE=1)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    duration = min(max(args.duration, 1.0), 600.0)

    first = Session(args.port, args.timeout)
    if not args.anonymous:
        first.login(args.user, args.password)
    status, page = first.request("GET", f"/crises/{args.crisis}/")
    if status != 200:
        raise SystemExit(f"/crises/{args.crisis}/ answered HTTP {status}.")
    event_ids = sorted({int(n) for n in re.findall(rb'href="/events/(\d+)/"', page)})

    lock = threading.Lock()
    results: list[tuple[str, float, bool]] = []
    budget = [args.max_requests]
    start_at = time.monotonic() + args.warmup
    stop_at = start_at + duration

    def client(number: int) -> None:
        rng = random.Random(args.seed * 1000 + number)
        session = Session(args.port, args.timeout)
        session.cookies = dict(first.cookies)
        while (now := time.monotonic()) < stop_at:
            kind, path, headers = pick(args.scenario, rng, args.crisis, event_ids)
            began = time.perf_counter()
            try:
                status, _ = session.request("GET", path, headers=headers)
                ok = status == 200
            except (http.client.HTTPException, OSError):
                ok = False
            elapsed = 1000 * (time.perf_counter() - began)
            if now >= start_at:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                    results.append((kind, elapsed, ok))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + args.warmup + args.timeout + 5)
    measured = min(time.monotonic(), stop_at) - start_at

    errors = sum(1 for _, _, ok in results if not ok)
    print(
        f"scenario {args.scenario}: {args.clients} clients, {measured:.1f} s, {len(results)} requests, "
        f"{len(results) / measured:.1f} req/s, {errors} errors"
    )
    print(f"{'kind':10} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in sorted({k for k, _, _ in results}):
        times = [t for k, t, _ in results if k == kind]
        print(
            f"{kind:10} {len(times):6} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f} "
            f"{percentile(times, 0.99):8.1f}"
        )
    times = [t for _, t, _ in results]
    if times:
        print(
            f"{'all':10} {len(times):6} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f} "
            f"{percentile(times, 0.99):8.1f}"
        )


if __name__ == "__main__":
    main()
