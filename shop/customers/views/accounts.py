"""Sign-up, sign-in (rate-limited), sign-out, e-mail verification and the profile page."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from .. import ratelimit, verification
from ..accounts import EmailTaken, create_account, profile_for
from ..forms import ProfileForm, SignInForm, SignUpForm

BACKEND = "shop.customers.backends.EmailBackend"
SIGNED_UP = "customers.signed_up"  # session key: the address just signed up with, and where to go next


def next_url(request, default):
    """Where to go after a form: the `next` parameter if it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return next_url_value(request, target) or default


def next_url_value(request, target):
    """`target` if it is a URL on this site, else ''."""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


@sensitive_post_parameters("password")
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("customers:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            user = create_account(email=email, password=form.cleaned_data["password"],
                                  first_name=form.cleaned_data["first_name"])
        except EmailTaken:
            # The same answer, the same mail count and about the same work as a new account, so
            # nobody learns from this form whether an address has an account here.
            make_password(form.cleaned_data["password"])
            verification.send_account_exists(request, email)
        else:
            verification.send_verification(request, user)
        request.session[SIGNED_UP] = {"email": email, "next": next_url(request, "")}
        return redirect("customers:sign_up_sent")
    return render(request, "customers/sign_up.html", {"form": form, "next": next_url(request, "")})


def sign_up_sent(request):
    """'Open the letter we sent': the account is signed in from the link in it."""
    signed_up = request.session.get(SIGNED_UP)
    if not signed_up:
        return redirect("customers:sign_up")
    return render(request, "customers/sign_up_sent.html", {"email": signed_up["email"]})


def _wait_message(seconds):
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Too many failed sign-in attempts. Try again in %(n)d minute or reset your password.",
        "Too many failed sign-in attempts. Try again in %(n)d minutes or reset your password.",
        minutes) % {"n": minutes}


@sensitive_post_parameters("password")
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(next_url(request, reverse("customers:account")))
    form = SignInForm(request, request.POST or None)
    status = 200
    if request.method == "POST":
        email = request.POST.get("email", "")[:254]
        wait = ratelimit.retry_after(request, email)
        if wait:
            # Refused before any password is checked, so guessing gains nothing.
            form = SignInForm(request, initial={"email": email})
            response = render(request, "customers/sign_in.html", {
                "form": form, "blocked": _wait_message(wait), "next": next_url(request, "")}, status=429)
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():  # failures are counted, and forgotten, by shop.customers.receivers
            login(request, form.get_user(), backend=BACKEND)
            return redirect(next_url(request, reverse("customers:account")))
        status = 400
    return render(request, "customers/sign_in.html", {"form": form, "next": next_url(request, "")},
                  status=status)


def verify_email(request, token):
    try:
        user, first_use = verification.verify(token)
    except verification.BadLink:
        return render(request, "customers/verify_email.html", {"ok": False}, status=400)
    if first_use and not request.user.is_authenticated:
        # The link proves the address; its first use finishes the sign-up by signing in (the
        # visitor's cart and lists join the account, as at any sign-in).
        login(request, user, backend=BACKEND)
        signed_up = request.session.pop(SIGNED_UP, None) or {}
        messages.success(request, _("Welcome! %(email)s is confirmed.") % {"email": user.email})
        return redirect(next_url_value(request, signed_up.get("next")) or reverse("customers:account"))
    return render(request, "customers/verify_email.html", {"ok": True, "verified_email": user.email})


@login_required
@require_POST
def resend_verification(request):
    if profile_for(request.user).email_verified:
        messages.info(request, _("Your e-mail is already confirmed."))
    else:
        verification.send_verification(request, request.user)
        messages.success(request, _("We sent a new link to %(email)s.") % {"email": request.user.email})
    return redirect("customers:account")


@login_required
def account(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"first_name": user.first_name,
                                                      "last_name": user.last_name})
    if request.method == "POST" and form.is_valid():
        user.first_name = form.cleaned_data["first_name"]
        user.last_name = form.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        messages.success(request, _("Saved."))
        return redirect("customers:account")
    return render(request, "customers/account.html", {
        "form": form, "profile": profile_for(user), "section": "profile",
    })
