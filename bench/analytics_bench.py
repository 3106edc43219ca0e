"""The analytics part of `make bench`: what recording costs a storefront request, and how long the
daily aggregation takes for one day of 100,000 events.

Recording: the same pages are requested with recording on and off in turn (so both sides see
the same machine load), with a browser's user agent (a request without one counts as a bot and
records nothing). The buffer's bulk insert is inside the timed requests that trigger it, so the
mean shows its share; the p50 shows the per-request cost.
"""

import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
AGGREGATE_EVENTS = 100_000


def recording_cost(urls: dict, requests: int, warmup: int) -> dict:
    """page -> p50 and mean ms with and without recording, and the difference."""
    from django.conf import settings
    from django.test import Client

    from analytics import recorder
    from analytics.models import Event

    client = Client(HTTP_HOST="localhost", HTTP_USER_AGENT=BROWSER)
    results = {}
    for name, page_urls in urls.items():
        for i in range(warmup):
            client.get(page_urls[i % len(page_urls)])
        timings = {True: [], False: []}
        before = Event.objects.count()
        for i in range(requests * 2):
            settings.ANALYTICS_RECORDING = on = i % 2 == 0
            started = time.perf_counter()
            response = client.get(page_urls[(i // 2) % len(page_urls)])
            timings[on].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (page_urls[0], response.status_code)
        settings.ANALYTICS_RECORDING = True
        recorder.flush()
        with_, without = timings[True], timings[False]
        results[name] = {
            "url": page_urls[0],
            "p50_with_ms": round(statistics.median(with_), 2),
            "p50_without_ms": round(statistics.median(without), 2),
            "p50_change_ms": round(statistics.median(with_) - statistics.median(without), 2),
            "mean_with_ms": round(statistics.mean(with_), 2),
            "mean_without_ms": round(statistics.mean(without), 2),
            "events_written": Event.objects.count() - before,
        }
    return results


def per_event_cost(sends: int = 20_000) -> dict:
    """Microseconds one product_viewed costs the request, bulk inserts included (their share):
    immune to the machine's load, which makes page p50s on a shared machine noisy."""
    from django.conf import settings
    from django.test import RequestFactory

    from analytics import recorder
    from shop.events import product_viewed
    from shop.models import Product

    product = Product.objects.visible().first()
    request = RequestFactory().get(f"/product/{product.slug}/", HTTP_USER_AGENT=BROWSER)
    request.LANGUAGE_CODE = "uk"
    settings.ANALYTICS_RECORDING = True
    recorder.flush()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(sends):
        product_viewed.send(sender=Product, request=request, product=product)
    recorder.flush()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"sends": sends, "buffer_size": settings.ANALYTICS_BUFFER_SIZE,
            "wall_us_per_event": round(wall * 1e6 / sends, 1),
            "cpu_us_per_event": round(cpu * 1e6 / sends, 1)}


def aggregation_time(events: int = AGGREGATE_EVENTS, seed: int = 18) -> dict:
    """Write `events` made-up events on one day (a realistic mix), then time build_day for it."""
    from django.utils import timezone

    from analytics import aggregate
    from analytics.models import Event

    Kind = Event.Kind
    rng = random.Random(seed)
    day = timezone.localdate() - timedelta(days=1)
    at = timezone.now() - timedelta(days=1)
    Event.objects.filter(day=day).delete()
    mix = [Kind.PRODUCT_VIEW] * 50 + [Kind.LISTING_VIEW] * 25 + [Kind.SEARCH] * 12 + [Kind.CART_ADD] * 6 + \
        [Kind.CHECKOUT] * 3 + [Kind.ORDER] * 2 + [Kind.PURCHASE] * 2
    rows = []
    for n in range(events):
        kind = rng.choice(mix)
        product = rng.randint(1, 5000)
        rows.append(Event(
            kind=kind, day=day, at=at, visitor=f"{rng.randint(1, events // 8):016x}", language="uk",
            channel="web" if rng.random() < 0.9 else "prom:1", product_id=product,
            category_id=product % 60,
            supplier_id=product % 5, order_id=n if kind in (Kind.ORDER, Kind.PURCHASE) else None,
            query=f"запит {rng.randint(1, 3000)}" if kind == Kind.SEARCH else "",
            results=rng.choice([0, 3, 12, 40]) if kind == Kind.SEARCH else None,
            quantity=1 if kind in (Kind.CART_ADD, Kind.PURCHASE) else 0,
            value=(Decimal(rng.randint(500, 5000)) if kind in (Kind.ORDER, Kind.PURCHASE, Kind.CHECKOUT)
                   else None)))
    Event.objects.bulk_create(rows, batch_size=5000)
    _analyze()
    started = time.perf_counter()
    aggregate.build_day(day)
    seconds = time.perf_counter() - started
    Event.objects.filter(day=day).delete()
    return {"events": events, "seconds": round(seconds, 2)}


def _analyze():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE analytics_event")


def print_recording(size, rows):
    print(f"\nrecording cost at {size:,} products (interleaved, recording on/off)")
    print(f"{'page':<12}{'p50 with':>10}{'p50 without':>13}{'change':>8}{'mean with':>11}"
          f"{'mean without':>14}")
    for name, row in rows.items():
        print(f"{name:<12}{row['p50_with_ms']:>10}{row['p50_without_ms']:>13}{row['p50_change_ms']:>8}"
              f"{row['mean_with_ms']:>11}{row['mean_without_ms']:>14}  ({row['events_written']} events)",
              flush=True)
