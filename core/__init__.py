"""Infrastructure every app may use: HTML sanitizing, client addresses and rate limits,
pages in the shopper's language. No models, no domain: nothing here imports another app."""
