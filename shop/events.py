"""Catalog events: what the rest of the shop hears about changes to products and stock.

They are defined here, where the catalog lives, so that apps above `shop` send and
listen to them without knowing each other: the supplier sync sends `products_synced`;
search, back-in-stock and (later) channels listen.
"""

from django.dispatch import Signal

# Sent with product_ids=[...] when products go out of stock or come back (search reindexes them).
stock_crossed_zero = Signal()

# Sent with product_ids=[...] after every manual recount, whether totals moved or not: a single
# size can come back while the product as a whole stayed in stock (back-in-stock listens).
# A bulk writer (a supplier sync) recounts itself and sends products_synced instead.
stock_refreshed = Signal()

# Sent once per completed bulk change of the catalog that sent no model signals, such as a
# supplier sync run: sender=the source's class, supplier=the source (or None),
# product_ids=set[int] created, updated, unpublished or with changed stock, run=the run record.
# Receivers run while the writer's lock is held: keep them quick or queue a django-q2 task.
products_synced = Signal()

# Sent by shop.orders.services.states.transition() inside its transaction, after the order moved:
# sender=Order, order=the order, from_state, to_state, user (or None), note. Receivers that must
# talk to the outside world record what to do in the same transaction and act after commit
# (channels push our confirmations, shipments and cancellations back to the marketplaces).
order_state_changed = Signal()

# Sent when an editor gives fields they had taken over back to the feed (shop/admin/ownership.py):
# sender=Product, product_ids=[...], fields=[field names]. The supplier sync forgets what it
# remembers of those products, so its next run writes the feed's values again.
feed_fields_released = Signal()

# Shopper actions, for whoever keeps statistics (analytics listens; shop never asks who does).
# Each is sent once per action by the view or service that owns it, with request=the request
# (None when there is none: a marketplace order, a provider's payment callback). Receivers
# must stay cheap: they run inside the shopper's request.

# A product page was shown: product=the Product.
product_viewed = Signal()

# A category or catalog listing was shown: category=the CategoryPage (None for the catalog root).
listing_viewed = Signal()

# A search ran: query=the normalised text, results=how many products it found.
searched = Signal()

# A size went into a cart: variant=the Variant, quantity=int.
added_to_cart = Signal()

# The checkout page was opened with a cart in it: checkout=the Checkout, amount=Decimal cart total.
checkout_started = Signal()

# An order was placed, on our site or taken from a marketplace: order=the Order, sent after commit.
order_placed = Signal()

# A payment provider's verified callback marked an order paid: order=the Order, sent after commit.
payment_received = Signal()
