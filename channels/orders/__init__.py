"""Marketplace orders in: import from Prom.ua and Rozetka, status mapping, pushes back, editing."""
