"""Signals the customers app sends for the rest of the shop."""

from django.dispatch import Signal

# Sent with user=..., email=... once a shopper proves they own the address (the link in the
# sign-up or verification e-mail). Guest orders placed with that e-mail attach to the
# account only then, never on sign-up alone.
email_verified = Signal()
