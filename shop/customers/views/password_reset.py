"""Password reset requests, limited per e-mail and per client address.

Each request mails a stranger's inbox if an attacker types their address, so it is capped
(PASSWORD_RESET_RATE_LIMITS, per hour). Over the cap the shopper sees the same "sent" page
as always, so the limit reveals nothing about the address, but no mail goes out.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from core.ratelimit import client_address, retry_after_window

DEFAULTS = {"email": (3, 3600), "address": (10, 3600)}


def over_limit(request, email: str) -> bool:
    limits = {**DEFAULTS, **getattr(settings, "PASSWORD_RESET_RATE_LIMITS", {})}
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    counted = [retry_after_window(f"reset:email:{digest}", *limits["email"]),
               retry_after_window(f"reset:address:{client_address(request)}", *limits["address"])]
    return any(counted)


class LimitedPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        if over_limit(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
