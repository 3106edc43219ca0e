"""Building blocks of suppliers.feeds.sample (vocabulary, catalog, writers, images)."""
