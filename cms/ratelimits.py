"""Limits on cheap writes, per client address and per account, on the shared cache.

Every write that costs the portal a row, a PDF or an e-mail is bounded: a form
anyone can post is otherwise a way to fill the database, skew the public figures or
send official-looking mail. Rates live in ``settings.RATE_LIMITS`` (``"count/period"``
in django-ratelimit's notation); counters live in the default cache, which in
production is Redis (atomic INCR), so every web process shares them. A request over
a limit gets a 429 page in the visitor's language and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django_ratelimit.core import is_ratelimited

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .clientip import client_ip

View = Callable[..., HttpResponse]


def _ip_key(group: str, request: HttpRequest) -> str:
    return client_ip(request)


def _account_key(group: str, request: HttpRequest) -> str:
    """The signed-in account, or else the assessment the URL is about (its token)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    return f"token:{kwargs['token']}" if "token" in kwargs else f"ip:{client_ip(request)}"


def _email_key(group: str, request: HttpRequest) -> str:
    """The address a mail would go to, so one inbox cannot be flooded from many places."""
    return request.POST.get("email", "").strip().lower()


KEYS = {"ip": _ip_key, "account": _account_key, "email": _email_key}


def over_limit(request: HttpRequest, group: str) -> bool:
    """Count this request against ``group``'s limits; True when one of them is exceeded."""
    rates = settings.RATE_LIMITS.get(group, {})
    hit = False
    for kind, key in KEYS.items():
        rate = rates.get(kind)
        if rate and is_ratelimited(
            request,
            group=f"{group}:{kind}",
            key=key,
            rate=rate,
            method=is_ratelimited.ALL,
            increment=True,
        ):
            hit = True
    return hit


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return render(request, "429.html", status=429)


def rate_limited(group: str, methods: tuple[str, ...] = ("POST",)) -> Callable[[View], View]:
    """Refuse ``methods`` requests past ``settings.RATE_LIMITS[group]`` with a 429 page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in methods and over_limit(request, group):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
