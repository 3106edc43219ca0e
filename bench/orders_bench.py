"""`make bench-orders`: orders per second through gunicorn on PostgreSQL, and the cart page's latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kramnytsia_ordersbench python bench/orders_bench.py

The database is dropped, created, migrated and seeded: bench/seed.py's site
tree, then 200 active products x 5 sizes with 10,000 pairs of each size in our
own warehouse. gunicorn serves the store with deploy/gunicorn.conf.py (gthread,
2 threads a worker; 4 workers unless --workers) and bench settings (DEBUG
off, per-process memory cache, django-q2 in sync mode, so the order e-mails
are rendered and "sent" to the memory backend inside the checkout request),
on 127.0.0.1 and a free port. Clients talk real HTTP (`requests`).

1. Orders per second: 8 client threads (10 s warm-up, then a 30 s window),
   then 1 (3 s, 15 s). Each order is a new guest (a fresh cookie session):
   GET the product page (it sets the CSRF cookie), POST /cart/add/ for 1-2
   distinct random sizes (quantity 1-2), following each redirect to /cart/;
   GET /checkout/; POST it (Nova Poshta branch, cash on delivery); GET the
   /orders/<token>/ it redirects to, which must be the confirmation. Orders
   whose checkout POST ends inside the window count: orders/s = count / window,
   and their steps give each step's p50/p95 (the checkout POST alone is the
   placement). Any unexpected answer is an error. Also reported: CPU per order
   of gunicorn's workers, their PostgreSQL backends and the client threads,
   and how busy the whole shared machine was. Afterwards the database must
   hold exactly one Order per successful checkout, and every stock record must
   be down by exactly what was ordered.
2. The cart page: one shopper with 3 lines, GET /cart/ 5 times, then 50 timed.

Query counts of the cart page and of one checkout POST come from Django's test
client in this process. Output: a Markdown table, bench/out/orders.json.
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import _read, load_average, machine, percentile, recreate_database  # noqa: E402

OUT = ROOT / "bench" / "out"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/kramnytsia_ordersbench"
PRODUCTS, SIZES, STOCK = 200, 5, 10_000
KEY_RE = re.compile(r'name="idempotency_key" value="([^"]+)"')
CONFIRMATION_MARK = 'class="container order-confirmation"'


def main():
    args = parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    load_at_start = load_average()
    print(f"load average at start: {load_at_start}", flush=True)
    recreate_database(os.environ["DATABASE_URL"])
    (OUT / "static").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    from shop.orders.models import DeliveryMethod, PaymentMethod

    call_command("migrate", verbosity=0, interactive=False)
    about = machine()
    variants = seed_catalog()
    print(f"seeded {PRODUCTS} products x {SIZES} sizes, {STOCK:,} pairs each; machine: {about}", flush=True)
    METHODS.update(delivery_method=DeliveryMethod.objects.get(code="nova-poshta-branch").pk,
                   payment_method=PaymentMethod.objects.get(code="cash-on-delivery").pk)

    server, base = start_gunicorn(args.workers)
    ledger = {"placed": 0, "ordered": Counter()}
    try:
        wait_until_up(server, base)
        phases = [place_orders(base, variants, clients, warmup, seconds, server, ledger)
                  for clients, warmup, seconds in ((args.clients, args.warmup, args.seconds), (1, 3, 15))]
        print(f"load average after the orders: {load_average()}", flush=True)
        verified = verify(ledger)
        cart = time_cart_page(base, variants)
    finally:
        stop(server)
    report = {"date": date.today().isoformat(), "command": "make bench-orders", "machine": about,
              "load_average_start": load_at_start,
              "data": {"products": PRODUCTS, "sizes": SIZES, "stock_per_size": STOCK},
              "gunicorn": {"workers": args.workers, "worker_class": "gthread", "threads": 2},
              "orders": phases, "verified": verified, "cart_page": cart, "queries": count_queries(variants),
              "load_average_end": load_average()}
    print_table(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.json}; load average at end: {report['load_average_end']}")
    return 1 if any(phase["errors"] for phase in phases) else 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent shoppers (default 8)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    # Each worker compiles templates and fills its own memory cache on its first requests.
    parser.add_argument("--warmup", type=float, default=10, help="untimed seconds first (default 10)")
    parser.add_argument("--seconds", type=float, default=30, help="timed window (default 30)")
    parser.add_argument("--json", type=Path, default=OUT / "orders.json")
    return parser.parse_args()


# --- data -------------------------------------------------------------------
def seed_catalog():
    """The site tree of bench/seed.py, then PRODUCTS buyable products; returns [(variant pk, slug)]."""
    from django.utils import timezone

    from bench import seed
    from shop.models import Variant

    ctx = seed.seed_site()
    rng = random.Random(5)
    leaf_weights = list(range(1, len(ctx["leaves"]) + 1))  # cumulative: every leaf equally likely
    plans = []
    for n in range(PRODUCTS):
        product, options, image, sizes, _ = seed.plan_product(rng, n, ctx, leaf_weights, timezone.now())
        sizes = [str(int(sizes[0]) + i) for i in range(SIZES)]
        product.status, product.live = "active", True
        product.total_stock, product.in_stock = SIZES * STOCK, True
        plans.append((product, options, image, sizes, [(s, ctx["own"], STOCK) for s in sizes]))
    with seed.keep_given_created_at():
        seed.write_batch(plans)
    seed.analyze()
    return list(Variant.objects.order_by("pk").values_list("pk", "product__slug"))


# --- gunicorn ---------------------------------------------------------------
def start_gunicorn(workers):
    with socket.socket() as probe:  # a free port; the tiny race with other programs is acceptable here
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The web process enqueues e-mails and reindexing for the cluster, as in production.
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
           "BENCH_QUEUE_TASKS": "1"}
    log = open(OUT / "orders-gunicorn.log", "w")  # noqa: SIM115 - the server writes to it until stop()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                               "--no-control-socket", "config.wsgi:application"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server.log = log
    print(f"gunicorn pid {server.pid}: {workers} workers x 2 threads, port {port}", flush=True)
    return server, f"http://127.0.0.1:{port}"


def wait_until_up(server, base, timeout=120):
    """Until a worker answers: booting 4 workers at once on a small machine takes a while."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see bench/out/orders-gunicorn.log")
        try:
            if requests.get(f"{base}/cart/", timeout=30).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer in time")


def stop(server):
    """SIGTERM lets the master finish its workers gracefully; kill only if that hangs."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    server.log.close()
    print(f"gunicorn stopped (exit code {server.returncode})", flush=True)


# --- the shopper ------------------------------------------------------------
class Shopper:
    """One guest with its own cookies; every step's duration goes into `timings`."""

    def __init__(self, base, timings):
        self.base, self.timings, self.http = base, timings, requests.Session()

    def step(self, name, method, path, expect=200, **kwargs):
        started = time.perf_counter()
        response = self.http.request(method, self.base + path, timeout=60, **kwargs)
        self.timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        if response.status_code != expect:
            raise AssertionError(f"{name}: {method} {path} answered {response.status_code}")
        return response

    def add(self, variant, quantity, lines_expected):
        cart = self.step("add to cart (+ cart page)", "POST", "/cart/add/", data={
            "csrfmiddlewaretoken": self.http.cookies["csrftoken"], "variant": variant, "quantity": quantity})
        if cart.text.count('data-line="') != lines_expected:
            raise AssertionError(f"the cart should have {lines_expected} line(s) after adding {variant}")

    def buy(self, lines, slug):
        """One order from the product page to the confirmation; the checkout POST's end time."""
        self.step("product page", "GET", f"/product/{slug}/")
        for n, (variant, quantity) in enumerate(lines, start=1):
            self.add(variant, quantity, n)
        key = KEY_RE.search(self.step("checkout form", "GET", "/checkout/").text)  # no key: a 409 below
        form = checkout_form(self.http.cookies["csrftoken"], key[1] if key else "")
        placed = self.step("checkout POST (placement)", "POST", "/checkout/", expect=302,
                           allow_redirects=False, data=form)
        finished = time.perf_counter()
        location = placed.headers.get("Location", "")
        if not location.startswith("/orders/"):
            raise AssertionError(f"the checkout redirected to {location!r}")
        if CONFIRMATION_MARK not in self.step("confirmation page", "GET", location).text:
            raise AssertionError("the confirmation page is not an order confirmation")
        return finished


METHODS = {}  # filled by main() from the database: the form posts ids


def checkout_form(csrf, key):
    return {"csrfmiddlewaretoken": csrf, "idempotency_key": key, "name": "Олена Бенчмарк", "city": "Київ",
            "phone": "+380 67 123 45 67", "email": "bench@example.com", "branch": "12", **METHODS}


def place_orders(base, variants, clients, warmup, seconds, server, ledger):
    """`clients` shoppers through warm-up and timed window; the phase's numbers. `ledger` sums all phases."""
    slugs, lock, finished, errors, steps = dict(variants), threading.Lock(), [], [], {}
    start_at = time.perf_counter() + warmup
    stop_at = start_at + seconds

    def client(number):
        rng = random.Random(number * 7919 + clients)
        while time.perf_counter() < stop_at:
            lines = [(pk, rng.randint(1, 2)) for pk in rng.sample(list(slugs), rng.randint(1, 2))]
            timings = {}
            shopper = Shopper(base, timings)
            try:
                done = shopper.buy(lines, slugs[lines[0][0]])
            except Exception as error:  # noqa: BLE001 - every failure is counted and reported
                with lock:
                    errors.append(f"{type(error).__name__}: {error}")
                continue
            finally:
                shopper.http.close()  # the guest leaves: its keep-alive connection closes
            with lock:
                finished.append(done)
                ledger["placed"] += 1
                ledger["ordered"].update(dict(lines))
                for name, values in timings.items() if start_at <= done <= stop_at else ():
                    steps.setdefault(name, []).extend(values)  # the steps of orders that count

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start_at - time.perf_counter()))
    before = cpu_seconds(server)
    time.sleep(max(0.0, stop_at - time.perf_counter()))
    after = cpu_seconds(server)
    for thread in threads:
        thread.join()
    in_window = sum(start_at <= t <= stop_at for t in finished)
    return {"clients": clients, "warmup_s": warmup, "window_s": seconds, "in_window": in_window,
            "per_second": round(in_window / seconds, 2), "placed": len(finished), "errors": len(errors),
            "error_kinds": dict(Counter(errors).most_common(5)),
            "cpu_ms_per_order": {who: round((after[who] - before[who]) * 1000 / max(in_window, 1))
                                 for who in after},
            "machine_busy": f"{(after['machine'] - before['machine']) / seconds / os.cpu_count():.0%}",
            "steps": {name: spread(values) for name, values in steps.items()}}


def cpu_seconds(server):
    """CPU used so far by gunicorn's workers, their PostgreSQL backends, this process, and the machine.

    The machine's figure counts every process, other people's included: on a
    shared machine it shows how much of the cores the store actually got.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        backends = [row[0] for row in cursor.fetchall()]
    workers = _read(f"/proc/{server.pid}/task/{server.pid}/children").split()
    busy = [int(n) for n in _read("/proc/stat").split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    return {"gunicorn": sum(_process_cpu(pid) for pid in workers),
            "postgresql": sum(_process_cpu(pid) for pid in backends),
            "clients": time.process_time(), "machine": (sum(busy) - busy[3] - busy[4]) / ticks}


def _process_cpu(pid):
    fields = _read(f"/proc/{pid}/stat").rsplit(")", 1)[-1].split()  # utime, stime: fields 14, 15
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if len(fields) > 12 else 0.0


def verify(ledger):
    """One Order per success, and stock down by exactly what was ordered; SystemExit otherwise."""
    from django.db.models import Sum

    from shop.models import StockRecord
    from shop.orders.models import Order, OrderLine

    orders, placed = Order.objects.count(), ledger["placed"]
    if orders != placed:
        raise SystemExit(f"{orders} orders in the database, but {placed} checkouts succeeded")
    taken = OrderLine.objects.values("variant_id").annotate(n=Sum("quantity")).values_list("variant_id", "n")
    if dict(taken) != dict(ledger["ordered"]):
        raise SystemExit("the order lines differ from what the clients ordered")
    wrong = [(variant, left) for variant, left in StockRecord.objects.values_list("variant_id", "quantity")
             if left != STOCK - ledger["ordered"].get(variant, 0)]
    if wrong:
        raise SystemExit(f"stock is off for {len(wrong)} sizes, e.g. (variant, left) {wrong[:3]}")
    verified = (f"{orders} orders = {placed} successes; {sum(ledger['ordered'].values())} pairs "
                f"taken from {len(ledger['ordered'])} sizes, every stock record exact")
    print(f"verified: {verified}", flush=True)
    return verified


def time_cart_page(base, variants, warmup=5, timed=50):
    shopper = Shopper(base, {})
    shopper.step("product page", "GET", f"/product/{variants[0][1]}/")
    for n, (variant, _) in enumerate(variants[:3 * SIZES:SIZES], start=1):  # 3 different products
        shopper.add(variant, 1, n)
    for _ in range(warmup):
        shopper.step("warm-up", "GET", "/cart/")
    for _ in range(timed):
        shopper.step("cart", "GET", "/cart/")
    return {"lines": 3, "warmup": warmup, "requests": timed, **spread(shopper.timings["cart"])}


def count_queries(variants):
    """Queries of a 3-line cart page and of its checkout POST, in-process; the second of two rounds,
    so that per-process caches (site, content types) are warm as in a running worker."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for first in (0, 1):
        client = Client()
        for variant, _ in variants[first:first + 3 * SIZES:SIZES]:
            client.post("/cart/add/", {"variant": variant, "quantity": 1})
        with CaptureQueriesContext(connection) as cart:
            client.get("/cart/")
        key = KEY_RE.search(client.get("/checkout/").content.decode())[1]
        with CaptureQueriesContext(connection) as placing:
            if client.post("/checkout/", checkout_form("", key)).status_code != 302:
                raise SystemExit("the in-process checkout did not place its order")
    return {"cart_page": len(cart), "checkout_post": len(placing)}


# --- reporting --------------------------------------------------------------
def spread(values):
    return {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(percentile(values, 95), 1),
            "count": len(values)}


def print_table(report):
    phases, cart, queries = report["orders"], report["cart_page"], report["queries"]
    rows = [("orders/s (orders in the window)", [f"{p['per_second']} ({p['in_window']})" for p in phases]),
            ("errors", [p["errors"] for p in phases]),
            ("machine busy (all processes)", [p["machine_busy"] for p in phases])]
    rows += [(f"CPU ms per order: {who}", [p["cpu_ms_per_order"][who] for p in phases])
             for who in phases[0]["cpu_ms_per_order"]]
    rows += [(f"{step}: p50 / p95 ms", [f"{p['steps'][step]['p50_ms']} / {p['steps'][step]['p95_ms']}"
                                        for p in phases]) for step in phases[0]["steps"]]
    print(f"\ngunicorn: {report['gunicorn']['workers']} workers x 2 threads\n")
    print("| measure | " + " | ".join(f"{p['clients']} client(s)" for p in phases) + " |")
    print("| --- |" + " ---: |" * len(phases))
    for name, values in rows:
        print(f"| {name} | " + " | ".join(str(v) for v in values) + " |")
    print(f"\ncart page, 3 lines, 1 client: p50 {cart['p50_ms']} ms, p95 {cart['p95_ms']} ms "
          f"({cart['requests']} requests after {cart['warmup']})")
    print(f"queries: cart page {queries['cart_page']}, checkout POST {queries['checkout_post']}")
    print(f"verified: {report['verified']}")
    for phase in phases:
        for kind, count in phase["error_kinds"].items():
            print(f"error x{count} ({phase['clients']} clients): {kind}")


if __name__ == "__main__":
    sys.exit(main())
