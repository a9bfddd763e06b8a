"""The address of the person at the other end, behind the proxies we trust.

Behind a TLS proxy every request arrives from the proxy's address, so throttles
keyed on ``REMOTE_ADDR`` would put every visitor in one bucket: anyone could lock
anyone out. ``X-Forwarded-For`` is believed only as far as it was written by a
proxy listed in ``PORTAL_TRUSTED_PROXIES``: the list is read right to left and the
first address not a trusted proxy is the client. Without trusted proxies the header
is ignored (anyone can send it). Used by django-axes (``AXES_CLIENT_IP_CALLABLE``)
and by the rate limits (``RATELIMIT_IP_META_KEY``), so both see the same client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """Return the client's address as the nearest trusted proxy saw it."""
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 (a key, not a bind)
    networks = _networks(tuple(settings.PORTAL_TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a garbled header: fall back to the proxy, never trust it
    return remote
