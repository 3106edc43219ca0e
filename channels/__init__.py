"""Channels out: the catalog as feeds for marketplaces and shopping engines (Prom.ua, Rozetka,
Google Merchant), each channel with its own price rule, selection and listing states."""
